//! Finding the submissions of a batch: a folder of files (`alice.py`), a folder of folders (one
//! per student, entry file detected), or a CSV manifest (`student,file`). A submission that
//! cannot be used (no source file, several candidates, a missing file) is still listed, with the
//! reason, so it gets a row of its own in every output.

use super::contain::{Class, Kind};
use crate::error::{Error, Result};
use crate::lang::Table;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One student's submission, or why there is none to grade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub student: String,
    /// The file to grade, relative to the class folder (for a folder: the detected entry file).
    pub file: Option<PathBuf>,
    /// Why the submission cannot be graded (the student's problem, not the grader's).
    pub error: Option<String>,
}

/// The submissions under `source`: a `.csv` manifest or a folder, sorted by student, and the
/// folder they are read from (the manifest's folder for a manifest).
pub fn discover(source: &Path, table: &Table) -> Result<(Class, Vec<Submission>)> {
    let (class, subs) = if source.is_file() {
        if source
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            manifest(source, table)?
        } else {
            return Err(Error::usage(format!(
                "`{}` is a file: give a folder of submissions or a CSV manifest (`student,file`)",
                source.display()
            )));
        }
    } else if source.is_dir() {
        let class = Class::open(source)?;
        let subs = folder(&class, table)?;
        (class, subs)
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
    Ok((class, subs))
}

fn lossy(name: Option<&std::ffi::OsStr>) -> String {
    name.map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A folder: each file is a submission named by its stem; each sub-folder is a student. An
/// entry that cannot be read (a symlink out of the folder, a FIFO) is a row with the reason.
fn folder(class: &Class, table: &Table) -> Result<Vec<Submission>> {
    let mut by_student: BTreeMap<String, Vec<Submission>> = BTreeMap::new();
    let entries = class
        .list(Path::new(""))
        .map_err(|e| Error::usage(format!("cannot list `{}`: {e}", class.base.display())))?;
    for path in entries {
        let name = lossy(path.file_name());
        let stem = || lossy(path.file_stem());
        let sub = match class.kind(&path) {
            Ok(Kind::Folder) => {
                let (file, error) = match entry_file(class, &path, table) {
                    Ok(f) => (Some(f), None),
                    Err((f, why)) => (f, Some(why)),
                };
                Submission {
                    student: name,
                    file,
                    error,
                }
            }
            found => Submission {
                student: stem(),
                file: Some(path.clone()),
                error: found.err().map(|e| e.why),
            },
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

/// The entry file of a student's folder `dir` (relative to the class folder): the only source
/// file of a known language at its top level; else the only one named `main.*` or
/// `solution.*` (any case; [`crate::lang::entry::named`], the rule of a package's folders). A candidate that cannot be read counts, and when it is the one
/// chosen, the error carries it with the reason.
pub fn entry_file(
    class: &Class,
    dir: &Path,
    table: &Table,
) -> std::result::Result<PathBuf, (Option<PathBuf>, String)> {
    let mut sources: Vec<(PathBuf, Option<String>)> = Vec::new();
    for p in class.list(dir).map_err(|e| (None, e.why))? {
        if table.detect(&p, None).is_err() {
            continue;
        }
        match class.kind(&p) {
            Ok(Kind::File) => sources.push((p, None)),
            Ok(Kind::Folder) => {}
            Err(e) => sources.push((p, Some(e.why))),
        }
    }
    let chosen = match sources.len() {
        0 => {
            return Err((
                None,
                "no source file of a known language in the folder".into(),
            ));
        }
        1 => sources.remove(0),
        _ => {
            let names: Vec<String> = sources.iter().map(|(p, _)| lossy(p.file_name())).collect();
            match crate::lang::entry::named(names.iter().map(String::as_str), &["main", "solution"])
            {
                Some(i) => sources.swap_remove(i),
                None => {
                    return Err((
                        None,
                        format!(
                            "several source files ({}): name the one to grade main.* or solution.*",
                            names.join(", ")
                        ),
                    ));
                }
            }
        }
    };
    match chosen {
        (p, None) => Ok(p),
        (p, Some(why)) => Err((Some(p), why)),
    }
}

/// A CSV manifest with a header `student,file`; files are relative to the manifest's folder
/// and must stay inside it (no absolute path, no `..`, no symlink out): a row that leaves is
/// refused with its `file:line`.
fn manifest(path: &Path, table: &Table) -> Result<(Class, Vec<Submission>)> {
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
    let base = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let class = Class::open(base)?;
    let mut subs = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| bad(e.to_string()))?;
        let line = i + 2;
        let at = |why: String| Error::usage(format!("{}:{line}: {why}", path.display()));
        let student = record.get(student_col).unwrap_or("").to_string();
        let file = record.get(file_col).unwrap_or("").to_string();
        if student.is_empty() {
            return Err(at("empty student".into()));
        }
        if !seen.insert(student.clone()) {
            return Err(at(format!(
                "student `{student}` is listed twice; give each student one row"
            )));
        }
        let (file, error) = if file.is_empty() {
            (None, Some("no file in the manifest".to_string()))
        } else {
            row_file(&class, Path::new(&file), table).map_err(|why| {
                at(format!(
                    "the file `{file}` {why}; a manifest names files inside its folder `{}` (copy the file there)",
                    base.display()
                ))
            })?
        };
        subs.push(Submission {
            student,
            file,
            error,
        });
    }
    subs.sort_by(|a, b| a.student.cmp(&b.student));
    Ok((class, subs))
}

/// A manifest row's file: a file or a student folder, or a row error; `Err` when the path
/// leaves the manifest's folder (said as the rest of a sentence).
type Row = (Option<PathBuf>, Option<String>);
fn row_file(class: &Class, rel: &Path, table: &Table) -> std::result::Result<Row, String> {
    if !super::contain::plain(rel) {
        return Err("is outside the manifest's folder (an absolute path or `..`)".into());
    }
    match class.kind(rel) {
        Ok(Kind::File) => Ok((Some(rel.to_path_buf()), None)),
        Ok(Kind::Folder) => Ok(match entry_file(class, rel, table) {
            Ok(f) => (Some(f), None),
            Err((f, why)) => (f, Some(why)),
        }),
        Err(e) if e.leaves => Err("leads outside the manifest's folder through a symlink".into()),
        Err(e) => Ok((Some(rel.to_path_buf()), Some(e.why))),
    }
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
        let (_, subs) = discover(r, &table).unwrap();
        let names: Vec<&str> = subs.iter().map(|s| s.student.as_str()).collect();
        assert_eq!(
            names,
            [
                "alice", "bob", "carol", "dave", "erin", "fred.js", "fred.py"
            ]
        );
        assert_eq!(subs[1].file.as_deref(), Some(Path::new("bob/solution.py")));
        assert_eq!(subs[2].file.as_deref(), Some(Path::new("carol/answer.js")));
        assert!(subs[3].error.as_deref().unwrap().contains("a.py, b.py"));
        assert!(subs[4].error.as_deref().unwrap().contains("no source file"));
    }

    #[test]
    fn manifest_rows_are_relative_to_the_manifest() {
        let d = tempfile::tempdir().unwrap();
        let m = d.path().join("m.csv");
        std::fs::write(&m, "student,file\nzed, z/zed.py\namy,\n").unwrap();
        let table = Table::load().unwrap();
        let (class, subs) = discover(&m, &table).unwrap();
        assert_eq!(class.base, d.path());
        assert_eq!(subs[0].student, "amy");
        assert!(subs[0].error.is_some());
        assert_eq!(subs[1].file.as_deref(), Some(Path::new("z/zed.py")));
        std::fs::write(&m, "student,file\na,x.py\na,y.py\n").unwrap();
        let e = discover(&m, &table).unwrap_err();
        assert!(
            e.message.contains("m.csv:3:") && e.message.contains("twice"),
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

    #[test]
    fn manifest_rows_leaving_the_folder_are_refused_with_file_and_line() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("class");
        touch(&dir.join("ok.py"));
        touch(&d.path().join("secret.py"));
        std::os::unix::fs::symlink(d.path().join("secret.py"), dir.join("out.py")).unwrap();
        let m = dir.join("m.csv");
        let table = Table::load().unwrap();
        for (row, why) in [
            ("../secret.py", "outside the manifest's folder"),
            ("/etc/passwd", "outside the manifest's folder"),
            ("out.py", "through a symlink"),
        ] {
            std::fs::write(&m, format!("student,file\na,ok.py\nb,{row}\n")).unwrap();
            let e = discover(&m, &table).unwrap_err();
            assert_eq!(e.kind, crate::error::ErrorKind::Usage);
            let text = &e.message;
            assert!(
                text.starts_with(&format!("{}:3: the file `{row}`", m.display())),
                "{text}"
            );
            assert!(
                text.contains(why) && text.contains("copy the file there"),
                "{text}"
            );
        }
    }

    #[test]
    fn refused_entries_are_rows_with_the_reason() {
        let table = Table::load().unwrap();
        let d = tempfile::tempdir().unwrap();
        let r = d.path().join("class");
        touch(&r.join("bob/solution.py"));
        touch(&d.path().join("secret/x.py"));
        std::os::unix::fs::symlink(d.path().join("secret/x.py"), r.join("alice.py")).unwrap();
        std::os::unix::fs::symlink(d.path().join("secret"), r.join("carol")).unwrap();
        std::os::unix::fs::symlink(d.path().join("secret/x.py"), r.join("bob/main.py")).unwrap();
        std::os::unix::fs::symlink("bob", r.join("dave")).unwrap();
        let (_, subs) = discover(&r, &table).unwrap();
        let row = |s: &str| subs.iter().find(|x| x.student == s).unwrap();
        assert_eq!(
            row("alice").error.as_deref(),
            Some("refused: `alice.py` is a symlink that leaves the class folder")
        );
        assert_eq!(
            row("carol").error.as_deref(),
            Some("refused: `carol` is a symlink that leaves the class folder")
        );
        assert!(
            row("bob")
                .error
                .as_deref()
                .unwrap()
                .contains("main.py, solution.py")
        );
        // A symlinked student folder that stays inside is a folder like any other.
        assert!(
            row("dave")
                .error
                .as_deref()
                .unwrap()
                .contains("main.py, solution.py")
        );
    }
}
