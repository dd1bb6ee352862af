//! Finding the submissions of a batch: a folder of files (`alice.py`), a folder of folders (one
//! per student, entry file detected), or a CSV manifest (`student,file`). A submission that
//! cannot be used (no source file, several candidates, a missing file) is still listed, with the
//! reason, so it gets a row of its own in every output.

use crate::error::{Error, Result};
use crate::lang::Table;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One student's submission, or why there is none to grade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub student: String,
    /// The file to grade (for a folder: the detected entry file).
    pub file: Option<PathBuf>,
    /// Why the submission cannot be graded (the student's problem, not the grader's).
    pub error: Option<String>,
}

/// The submissions under `source`: a `.csv` manifest or a folder. Sorted by student.
pub fn discover(source: &Path, table: &Table) -> Result<Vec<Submission>> {
    let subs = if source.is_file() {
        if source
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            manifest(source)?
        } else {
            return Err(Error::usage(format!(
                "`{}` is a file: give a folder of submissions or a CSV manifest (`student,file`)",
                source.display()
            )));
        }
    } else if source.is_dir() {
        folder(source, table)?
    } else {
        return Err(Error::usage(format!(
            "cannot read submissions `{}`: no such folder or manifest",
            source.display()
        )));
    };
    if subs.is_empty() {
        return Err(Error::usage(format!(
            "no submissions in `{}`",
            source.display()
        )));
    }
    Ok(subs)
}

fn visible_entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::usage(format!("cannot list `{}`: {e}", dir.display())))?
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    out.sort();
    Ok(out)
}

/// A folder: each file is a submission named by its stem; each sub-folder is a student.
fn folder(dir: &Path, table: &Table) -> Result<Vec<Submission>> {
    let mut by_student: BTreeMap<String, Vec<Submission>> = BTreeMap::new();
    for path in visible_entries(dir)? {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let sub = if path.is_dir() {
            let (file, error) = match entry_file(&path, table) {
                Ok(f) => (Some(f), None),
                Err(why) => (None, Some(why)),
            };
            Submission {
                student: name,
                file,
                error,
            }
        } else {
            let stem = path
                .file_stem()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or(name);
            Submission {
                student: stem,
                file: Some(path),
                error: None,
            }
        };
        by_student.entry(sub.student.clone()).or_default().push(sub);
    }
    let mut subs = Vec::new();
    for (_, mut group) in by_student {
        if group.len() == 1 {
            subs.append(&mut group);
            continue;
        }
        // Two entries with one stem (`alice.py` and `alice.js`): each keeps its file name.
        for mut s in group {
            if let Some(f) = &s.file
                && let Some(n) = f.file_name()
            {
                s.student = n.to_string_lossy().into_owned();
            }
            subs.push(s);
        }
    }
    subs.sort_by(|a, b| a.student.cmp(&b.student));
    Ok(subs)
}

/// The entry file of a student's folder: the only source file of a known language at its top
/// level; else the only one named `main.*` or `solution.*` (any case).
pub fn entry_file(dir: &Path, table: &Table) -> Result<PathBuf, String> {
    let sources: Vec<PathBuf> = visible_entries(dir)
        .map_err(|e| e.message)?
        .into_iter()
        .filter(|p| p.is_file() && table.detect(p, None).is_ok())
        .collect();
    match sources.len() {
        0 => return Err("no source file of a known language in the folder".into()),
        1 => return Ok(sources[0].clone()),
        _ => {}
    }
    let named: Vec<&PathBuf> = sources
        .iter()
        .filter(|p| {
            p.file_stem().is_some_and(|s| {
                let s = s.to_string_lossy().to_ascii_lowercase();
                s == "main" || s == "solution"
            })
        })
        .collect();
    if named.len() == 1 {
        return Ok(named[0].clone());
    }
    let names: Vec<String> = sources
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    Err(format!(
        "several source files ({}): name the one to grade main.* or solution.*",
        names.join(", ")
    ))
}

/// A CSV manifest with a header `student,file`; files are relative to the manifest's folder.
fn manifest(path: &Path) -> Result<Vec<Submission>> {
    let bad = |why: String| Error::usage(format!("manifest `{}`: {why}", path.display()));
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|e| bad(e.to_string()))?;
    let headers = reader.headers().map_err(|e| bad(e.to_string()))?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                bad(format!(
                    "no `{name}` column; the header must be `student,file`"
                ))
            })
    };
    let (student_col, file_col) = (col("student")?, col("file")?);
    let base = path.parent().unwrap_or(Path::new("."));
    let mut subs = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| bad(e.to_string()))?;
        let line = i + 2;
        let student = record.get(student_col).unwrap_or("").to_string();
        let file = record.get(file_col).unwrap_or("").to_string();
        if student.is_empty() {
            return Err(bad(format!("line {line}: empty student")));
        }
        if !seen.insert(student.clone()) {
            return Err(bad(format!(
                "line {line}: student `{student}` is listed twice; give each student one row"
            )));
        }
        let (file, error) = if file.is_empty() {
            (None, Some("no file in the manifest".to_string()))
        } else {
            (Some(base.join(file)), None)
        };
        subs.push(Submission {
            student,
            file,
            error,
        });
    }
    subs.sort_by(|a, b| a.student.cmp(&b.student));
    Ok(subs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(p: &Path) {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, "x").unwrap();
    }

    #[test]
    fn files_folders_and_entry_rules() {
        let table = Table::load().unwrap();
        let d = tempfile::tempdir().unwrap();
        let r = d.path();
        touch(&r.join("alice.py"));
        touch(&r.join("bob/solution.py"));
        touch(&r.join("bob/helper.py"));
        touch(&r.join("carol/notes.txt"));
        touch(&r.join("carol/answer.js"));
        touch(&r.join("dave/a.py"));
        touch(&r.join("dave/b.py"));
        touch(&r.join("erin/README.md"));
        touch(&r.join("fred.py"));
        touch(&r.join("fred.js"));
        touch(&r.join(".hidden.py"));
        let subs = discover(r, &table).unwrap();
        let names: Vec<&str> = subs.iter().map(|s| s.student.as_str()).collect();
        assert_eq!(
            names,
            [
                "alice", "bob", "carol", "dave", "erin", "fred.js", "fred.py"
            ]
        );
        assert_eq!(
            subs[1].file.as_deref(),
            Some(r.join("bob/solution.py").as_path())
        );
        assert_eq!(
            subs[2].file.as_deref(),
            Some(r.join("carol/answer.js").as_path())
        );
        assert!(subs[3].error.as_deref().unwrap().contains("a.py, b.py"));
        assert!(subs[4].error.as_deref().unwrap().contains("no source file"));
    }

    #[test]
    fn manifest_rows_are_relative_to_the_manifest() {
        let d = tempfile::tempdir().unwrap();
        let m = d.path().join("m.csv");
        std::fs::write(&m, "student,file\nzed, z/zed.py\namy,\n").unwrap();
        let table = Table::load().unwrap();
        let subs = discover(&m, &table).unwrap();
        assert_eq!(subs[0].student, "amy");
        assert!(subs[0].error.is_some());
        assert_eq!(
            subs[1].file.as_deref(),
            Some(d.path().join("z/zed.py").as_path())
        );
        std::fs::write(&m, "student,file\na,x.py\na,y.py\n").unwrap();
        let e = discover(&m, &table).unwrap_err();
        assert!(
            e.message.contains("line 3") && e.message.contains("twice"),
            "{e}"
        );
        std::fs::write(&m, "name,path\na,x.py\n").unwrap();
        assert!(
            discover(&m, &table)
                .unwrap_err()
                .message
                .contains("`student`")
        );
    }
}
