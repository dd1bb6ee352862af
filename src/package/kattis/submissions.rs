//! The jury submissions of an ICPC/Kattis package (`submissions/<verdict>/`, a file or a folder
//! each, every file inside the package folder) with what each must get (see `expect`), and
//! making one ready to grade here: its main file and the files beside it, its language (PyPy for
//! Python when installed, as contests run it), or why it cannot run here (Python 2, a language
//! not installed).

use super::expect::{Rule, expected_of, group_glob_matches, headers, submissions_yaml};
use super::include;
use crate::error::Result;
use crate::lang::{self, Language, Table};
use crate::problem::inside::{self, Entry, Found, Refusal};
use std::path::{Path, PathBuf};

/// Which Python runs `.py` submissions of ICPC/Kattis packages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PythonChoice {
    /// PyPy when installed (the contest convention), else CPython.
    #[default]
    Auto,
    Cpython,
    Pypy,
}

/// One jury submission.
pub struct Submission {
    pub file: PathBuf,
    /// The folder name (`accepted`, ...).
    pub folder: String,
    /// The verdict classes the jury permits for the whole submission (AC, WA, TLE, RTE, CE).
    pub expected: Vec<String>,
    /// Where `expected` comes from, when not from the folder.
    pub source: Option<&'static str>,
    /// The score the jury expects, an inclusive range (`score` in `submissions.yaml`,
    /// `@EXPECTED_SCORE@`); scoring packages only.
    pub score: Option<(f64, f64)>,
    /// `submissions.yaml` rules for the cases of some test data groups.
    pub groups: Vec<Rule>,
    /// The main file of a folder submission named by `submissions.yaml` (`entrypoint`).
    pub entrypoint: Option<String>,
}

/// Whether a jury submission can run here; the reason when not.
pub fn runnable(file: &Path, table: &Table) -> std::result::Result<(), String> {
    prepare(file, table, PythonChoice::Auto).map(|_| ())
}

/// The entries of the package's `submissions/` folder `dir` (none when there is none), every
/// file of them inside the package folder (its parent).
fn jury_entries(dir: &Path) -> Result<Vec<(Entry, Vec<Entry>)>> {
    let root = dir.parent().unwrap_or(Path::new("."));
    let rel = Path::new(dir.file_name().unwrap_or_default());
    let pkg = inside::Folder::open(root, "package folder")?;
    let refuse = |(p, r): (PathBuf, Refusal)| pkg.error("jury submission", p, &r);
    if pkg.probe(rel).map_err(|r| pkg.error("", rel, &r))? != Some(Found::Folder) {
        return Ok(Vec::new());
    }
    pkg.walk(rel).map_err(refuse)?;
    pkg.probe(rel.join("submissions.yaml"))
        .map_err(|r| pkg.error("", rel.join("submissions.yaml"), &r))?;
    let mut out = Vec::new();
    for folder in pkg.list(rel).map_err(refuse)? {
        if folder.found == Found::Folder {
            let files = pkg.list(&folder.rel).map_err(refuse)?;
            out.push((folder, files));
        }
    }
    Ok(out)
}

/// The jury submissions of a `submissions/` folder with what each must get, and notes on what
/// was skipped.
pub fn jury_submissions(dir: &Path, scoring: bool) -> Result<(Vec<Submission>, Vec<String>)> {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    let root = dir.parent().unwrap_or(Path::new("."));
    for (folder, files) in jury_entries(dir)? {
        let name = folder.name;
        let Some(expected) = expected_of(&name, scoring) else {
            // DOMjudge judges a file of any folder by its own header; the 2025-09 format, every
            // submission, with what `submissions.yaml` asks of it (nothing by default).
            let any_folder = name != "partially_accepted" && dir.join("submissions.yaml").is_file();
            // Each file's headers, read once.
            let headed: Vec<_> = files
                .iter()
                .map(|f| {
                    let file = root.join(&f.rel);
                    let (expected, score) = headers(&file, scoring);
                    (file, expected.unwrap_or_default(), score)
                })
                .filter(|(_, expected, score)| {
                    any_folder || !expected.is_empty() || score.is_some()
                })
                .collect();
            let skipped = files.len() - headed.len();
            if skipped > 0 {
                notes.push(format!(
                    "submissions/{name}/ is not a verdict folder of the format: {skipped} submission(s) without an @EXPECTED_RESULTS@ header skipped"
                ));
            }
            out.extend(headed.into_iter().map(|(file, expected, score)| {
                let source = match (score.is_some(), expected.is_empty()) {
                    (true, _) => Some("@EXPECTED_SCORE@"),
                    (false, false) => Some("@EXPECTED_RESULTS@"),
                    (false, true) => None,
                };
                Submission {
                    expected: if expected.is_empty() {
                        vec!["AC".into(), "WA".into(), "TLE".into(), "RTE".into()]
                    } else {
                        expected
                    },
                    file,
                    folder: name.clone(),
                    source,
                    score: score.map(|x| (x, x)),
                    groups: Vec::new(),
                    entrypoint: None,
                }
            }));
            continue;
        };
        for file in files {
            let mut sub = Submission {
                expected: expected.iter().map(|e| e.to_string()).collect(),
                file: root.join(file.rel),
                folder: name.clone(),
                source: None,
                score: None,
                groups: Vec::new(),
                entrypoint: None,
            };
            let (results, score) = headers(&sub.file, scoring);
            if let Some(header) = results {
                // A folder of one verdict (the format's four) is the jury's verdict: a DOMjudge
                // header does not widen or replace it. problemtools reads folders only,
                // BAPCtools ignores such a header, and DOMjudge narrows the header to the
                // folder's verdict (reporting one that leaves it out). A folder of several
                // (`rejected/`, `partially_accepted/`) takes the header's.
                if expected.len() > 1 {
                    sub.expected = header;
                    sub.source = Some("@EXPECTED_RESULTS@");
                } else if !header.iter().any(|h| sub.expected.contains(h)) {
                    notes.push(format!(
                        "{}: its @EXPECTED_RESULTS@ ({}) contradicts its folder: the folder decides, as problemtools and BAPCtools read it (DOMjudge reports the contradiction at import)",
                        sub.file.strip_prefix(root).unwrap_or(&sub.file).display(),
                        header.join(", ")
                    ));
                }
            }
            if let Some(x) = score {
                sub.score = Some((x, x));
                sub.source = Some("@EXPECTED_SCORE@");
            }
            out.push(sub);
        }
    }
    let yaml = dir.join("submissions.yaml");
    if yaml.is_file() {
        match submissions_yaml(&yaml) {
            Ok(rules) => {
                for s in &mut out {
                    let rel = s
                        .file
                        .strip_prefix(dir)
                        .unwrap_or(&s.file)
                        .to_string_lossy()
                        .into_owned();
                    for rule in &rules {
                        let Rule {
                            pattern,
                            permitted,
                            required,
                            score,
                            groups,
                            entrypoint,
                        } = rule;
                        if !group_glob_matches(pattern, &rel) {
                            continue;
                        }
                        let mut set = permitted.clone().unwrap_or_else(|| s.expected.clone());
                        if let Some(req) = required {
                            set.retain(|v| req.contains(v));
                        }
                        s.expected = set;
                        s.source = Some("submissions.yaml");
                        if entrypoint.is_some() {
                            s.entrypoint.clone_from(entrypoint);
                        }
                        if scoring && score.is_some() {
                            s.score = *score;
                        }
                        s.groups.extend(
                            groups
                                .iter()
                                .filter(|g| scoring || g.score.is_none())
                                .cloned(),
                        );
                    }
                }
            }
            Err(e) => notes.push(e),
        }
    }
    Ok((out, notes))
}

/// A jury submission ready to grade: the file to build and the other files of its folder.
pub struct Ready<'t> {
    pub main: PathBuf,
    pub lang: &'t Language,
    pub files: Vec<(String, String)>,
    /// Where `main` is, when it is a copy with the package's constants substituted.
    _copy: Option<tempfile::TempDir>,
}

type Folder = (PathBuf, Vec<(String, String)>);

/// The main file of a multi-file submission (a folder), as problemtools and Kattis choose it:
/// the language with the most sources (ties: the first in the table), and its main file by
/// [`lang::entry::main_file`] (`main.*`, the problem's name, the file holding the entry point).
/// Every other text file of the folder goes beside it: the build compiles the language's
/// sources together (C, C++, Java, Go, ...) or the interpreter imports them (Python, JS, ...).
/// `entry` (`submissions.yaml`'s `entrypoint`) names the main file instead. Its files may be
/// symlinks to files elsewhere in `within` (its package folder: BAPCtools' test problems link
/// one submission's file from another's folder), never out of it.
fn folder_main(
    dir: &Path,
    within: &Path,
    table: &Table,
    entry: Option<&str>,
) -> std::result::Result<Folder, String> {
    // Its files, each inside `within` (hidden ones left out).
    let (root, rel, label) = match dir.strip_prefix(within) {
        Ok(rel) => (within, rel, "package folder"),
        Err(_) => (dir, Path::new(""), "submission folder"),
    };
    let folder = inside::Folder::open(root, label).map_err(|e| e.message)?;
    let entries: Vec<PathBuf> = folder
        .list(rel)
        .map_err(|(p, r)| folder.message("", p, &r))?
        .into_iter()
        .filter(|e| e.found == Found::File)
        .map(|e| folder.path(e.rel))
        .collect();
    let header = |p: &Path| {
        matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("h" | "hpp" | "hh" | "hxx")
        )
    };
    let mut by_lang: Vec<(String, Vec<&PathBuf>)> = Vec::new();
    for p in entries.iter().filter(|p| !header(p)) {
        if lang::is_python2(p, None) {
            return Err("Python 2: language not available (Python 3 runs here)".into());
        }
        if let Ok(l) = table.detect(p, None) {
            match by_lang.iter_mut().find(|(id, _)| *id == l.id) {
                Some((_, v)) => v.push(p),
                None => by_lang.push((l.id.clone(), vec![p])),
            }
        }
    }
    if let Some(entry) = entry {
        let Some(main) = entries
            .iter()
            .find(|p| p.file_name() == Some(entry.as_ref()))
        else {
            return Err(format!(
                "submissions.yaml's entrypoint `{entry}` is not a file of the folder"
            ));
        };
        return Ok((main.clone(), beside(&entries, main)));
    }
    let most = by_lang.iter().map(|(_, v)| v.len()).max().unwrap_or(0);
    let Some((id, sources)) = table.languages.iter().find_map(|l| {
        by_lang
            .iter()
            .find(|(id, v)| *id == l.id && v.len() == most)
    }) else {
        return Err(
            "multi-file submission with no source of a known language: language not available"
                .into(),
        );
    };
    let texts: Vec<(String, String)> = sources
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            (
                name.into_owned(),
                std::fs::read_to_string(p).unwrap_or_default(),
            )
        })
        .collect();
    // `<package>/submissions/<verdict>/<folder>`: the problem's name is the package's.
    let problem = dir
        .ancestors()
        .nth(3)
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned());
    let main = sources[lang::entry::main_file(id, &texts, problem.as_deref())].clone();
    let files = beside(&entries, &main);
    Ok((main, files))
}

/// The files of a folder submission but its main file, (name, text) each.
fn beside(entries: &[PathBuf], main: &Path) -> Vec<(String, String)> {
    entries
        .iter()
        .filter(|p| *p != main)
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            Some((p.file_name()?.to_string_lossy().into_owned(), text))
        })
        .collect()
}

/// Why a submission cannot be run here (a skip, never a verdict).
fn unavailable(file: &Path) -> std::result::Result<(), String> {
    // A `.py` file's text tells Python 2 from 3.
    let text = (file.extension().is_some_and(|e| e == "py"))
        .then(|| std::fs::read_to_string(file).unwrap_or_default());
    if lang::is_python2(file, text.as_deref()) {
        return Err("Python 2: language not available (Python 3 runs here)".into());
    }
    Ok(())
}

/// The Python that runs a package's `.py` submission: PyPy when installed (`auto`, the contest
/// convention) or asked for, else CPython. Other languages are returned as they are.
pub fn python_for<'t>(
    lang: &'t Language,
    table: &'t Table,
    choice: PythonChoice,
) -> std::result::Result<&'t Language, String> {
    if lang.id != "python3" || choice == PythonChoice::Cpython {
        return Ok(lang);
    }
    let pypy = table
        .get("pypy3")
        .map_err(|e| e.message)
        .and_then(|l| lang::toolchain(l).map(|_| l).map_err(|e| e.message));
    match (choice, pypy) {
        (_, Ok(p)) => Ok(p),
        (PythonChoice::Pypy, Err(why)) => Err(format!("--python pypy: {why}")),
        _ => Ok(lang),
    }
}

/// A jury submission (a file, or a folder of files) ready to grade, or why it cannot run here.
pub fn prepare<'t>(
    file: &Path,
    table: &'t Table,
    python: PythonChoice,
) -> std::result::Result<Ready<'t>, String> {
    prepare_entry(file, None, file, table, python)
}

/// A jury submission ready to grade, its folder's main file `entry` when `submissions.yaml`
/// names one, with its package's included files and constants.
pub fn prepare_sub<'t>(
    s: &Submission,
    pkg: Of,
    table: &'t Table,
    python: PythonChoice,
) -> std::result::Result<Ready<'t>, String> {
    prepare_in(pkg, &s.file, s.entrypoint.as_deref(), table, python)
}

/// The package a submission is prepared for: its folder and its constants.
#[derive(Clone, Copy)]
pub struct Of<'p> {
    pub dir: &'p Path,
    pub constants: &'p [(String, String)],
}

impl<'p> Of<'p> {
    /// The package of a problem loaded from one (no constants otherwise).
    pub fn problem(problem: &'p crate::problem::Problem) -> Of<'p> {
        Of {
            dir: &problem.dir,
            constants: problem
                .package
                .as_ref()
                .map_or(&[], |p| p.constants.as_slice()),
        }
    }
}

/// A submission to package `pkg` (a file, or a folder whose main file is `entry` or found as
/// the judges find it) ready to grade, with the package's included files for its language and
/// its constants substituted, as `verify` and `run` both grade it.
pub fn prepare_in<'t>(
    pkg: Of,
    file: &Path,
    entry: Option<&str>,
    table: &'t Table,
    python: PythonChoice,
) -> std::result::Result<Ready<'t>, String> {
    let mut ready = prepare_entry(file, entry, pkg.dir, table, python)?;
    with_package_files(&mut ready, pkg)?;
    Ok(ready)
}

/// Adds the package's included files to a submission and substitutes its constants in the
/// submission's files (the main one copied to a temporary folder when it changes).
fn with_package_files(ready: &mut Ready, pkg: Of) -> std::result::Result<(), String> {
    let constants = pkg.constants;
    for (_, text) in &mut ready.files {
        *text = include::substitute(text, constants);
    }
    for (name, text) in
        include::included(pkg.dir, include::language_code(&ready.lang.id), constants)
    {
        // An included file replaces the submission's of the same name.
        ready.files.retain(|(n, _)| *n != name);
        ready.files.push((name, text));
    }
    let text = std::fs::read_to_string(&ready.main).unwrap_or_default();
    let changed = include::substitute(&text, constants);
    if changed != text {
        let dir =
            tempfile::tempdir().map_err(|e| format!("cannot create a temporary folder: {e}"))?;
        let copy = dir.path().join(ready.main.file_name().unwrap_or_default());
        std::fs::write(&copy, changed)
            .map_err(|e| format!("cannot write `{}`: {e}", copy.display()))?;
        ready.main = copy;
        ready._copy = Some(dir);
    }
    Ok(())
}

/// `within`: the folder a multi-file submission's files must stay in (see [`folder_main`]).
fn prepare_entry<'t>(
    file: &Path,
    entry: Option<&str>,
    within: &Path,
    table: &'t Table,
    python: PythonChoice,
) -> std::result::Result<Ready<'t>, String> {
    let (main, files) = if file.is_dir() {
        folder_main(file, within, table, entry)?
    } else {
        (file.to_path_buf(), Vec::new())
    };
    let lang = language(&main, table, python)?;
    Ok(Ready {
        main,
        lang,
        files,
        _copy: None,
    })
}

/// The language of a jury submission's file, or why it cannot run here.
fn language<'t>(
    file: &Path,
    table: &'t Table,
    python: PythonChoice,
) -> std::result::Result<&'t Language, String> {
    unavailable(file)?;
    let ext = file
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_else(|| "no extension".into());
    let lang = table
        .detect(file, None)
        .map_err(|_| format!("language not available ({ext})"))?;
    let lang = python_for(lang, table, python)?;
    lang::toolchain(lang).map_err(|e| format!("language not available: {}", e.message))?;
    Ok(lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::kattis::expect::expand_braces;

    #[test]
    fn a_folder_s_main_file_is_chosen_as_problemtools_does() {
        let d = tempfile::tempdir().unwrap();
        let table = Table::load().unwrap();
        let folder = d.path().join("hello/submissions/accepted/multi");
        std::fs::create_dir_all(&folder).unwrap();
        // Two Python files: the one named after the problem is the main one.
        std::fs::write(folder.join("lib.py"), "X = 1\n").unwrap();
        std::fs::write(folder.join("hello.py"), "import lib\nprint(lib.X)\n").unwrap();
        let (main, files) = folder_main(&folder, &folder, &table, None).unwrap();
        assert!(main.ends_with("hello.py"), "{main:?}");
        assert_eq!(files, [("lib.py".to_string(), "X = 1\n".to_string())]);
        // Three C++ sources against two Python ones: a C++ submission, its main() file first.
        for (name, text) in [
            ("a.cpp", "int f() { return 1; }\n"),
            ("b.cpp", "int g() { return 2; }\n"),
            ("z.cc", "int main() { return 0; }\n"),
        ] {
            std::fs::write(folder.join(name), text).unwrap();
        }
        let (main, files) = folder_main(&folder, &folder, &table, None).unwrap();
        assert!(main.ends_with("z.cc"), "{main:?}");
        assert_eq!(files.len(), 4);
        // Python 2 is refused by its extension.
        std::fs::write(folder.join("old.py2"), "print 1\n").unwrap();
        let err = folder_main(&folder, &folder, &table, None).unwrap_err();
        assert!(err.starts_with("Python 2: language not available"), "{err}");
        assert!(unavailable(Path::new("x.py2")).is_err());
    }

    #[test]
    fn a_folder_s_file_may_link_inside_its_package_never_out_of_it() {
        let d = tempfile::tempdir().unwrap();
        let table = Table::load().unwrap();
        let pkg = d.path().join("pkg");
        let folder = pkg.join("submissions/match/nested");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(pkg.join("submissions/match/ac.py"), "print(1)\n").unwrap();
        std::os::unix::fs::symlink("../ac.py", folder.join("nested.py")).unwrap();
        let (main, files) = folder_main(&folder, &pkg, &table, None).unwrap();
        assert!(main.ends_with("nested/nested.py"), "{main:?}");
        assert!(files.is_empty(), "{files:?}");
        // Contained in the submission's own folder (a folder named on the command line), the
        // same link leads out of it.
        let err = folder_main(&folder, &folder, &table, None).unwrap_err();
        assert!(err.contains("nested.py"), "{err}");
        // A link out of the package is refused all the same.
        std::fs::write(d.path().join("secret.py"), "print(2)\n").unwrap();
        std::os::unix::fs::symlink("../../../../secret.py", folder.join("out.py")).unwrap();
        let err = folder_main(&folder, &pkg, &table, None).unwrap_err();
        assert!(err.contains("out.py"), "{err}");
    }

    #[test]
    fn submissions_yaml_entrypoint_names_a_folder_s_main_file() {
        let d = tempfile::tempdir().unwrap();
        let table = Table::load().unwrap();
        let folder = d.path().join("ac_or_wa/metadata");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("main.py"), "print(0)\n").unwrap();
        std::fs::write(folder.join("ac.py"), "print(1)\n").unwrap();
        let yaml = d.path().join("submissions.yaml");
        std::fs::write(
            &yaml,
            "ac_or_wa/metadata:\n  language: python3\n  entrypoint: ac.py\n",
        )
        .unwrap();
        let (subs, notes) = jury_submissions(d.path(), false).unwrap();
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(subs[0].entrypoint.as_deref(), Some("ac.py"));
        let pkg = Of {
            dir: d.path(),
            constants: &[],
        };
        let ready = prepare_sub(&subs[0], pkg, &table, PythonChoice::Cpython).unwrap();
        // Without it, main.py would run (the `main.*` rule).
        assert!(ready.main.ends_with("ac.py"), "{:?}", ready.main);
        assert_eq!(
            ready.files,
            [("main.py".to_string(), "print(0)\n".to_string())]
        );
        std::fs::write(&yaml, "ac_or_wa/metadata:\n  entrypoint: gone.py\n").unwrap();
        let (subs, _) = jury_submissions(d.path(), false).unwrap();
        let err = prepare_sub(&subs[0], pkg, &table, PythonChoice::Cpython)
            .err()
            .unwrap();
        assert!(err.contains("entrypoint `gone.py` is not a file"), "{err}");
    }

    #[test]
    fn expected_results_headers_and_submissions_yaml() {
        let d = tempfile::tempdir().unwrap();
        let sub = d.path().join("accepted");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(
            sub.join("a.py"),
            "# @EXPECTED_RESULTS@: CORRECT, TIMELIMIT\nprint(1)\n",
        )
        .unwrap();
        std::fs::write(sub.join("b.py"), "print(1)\n").unwrap();
        std::fs::write(sub.join("c.py"), "print(1)\n").unwrap();
        // A header that contradicts its verdict folder (KARWa 2025 files a program whose header
        // says CORRECT under wrong_answer/); one in a folder that is no verdict of the format.
        for (f, text) in [
            (
                "wrong_answer/d.py",
                "# @EXPECTED_RESULTS@: CORRECT\nprint(1)\n",
            ),
            (
                "rejected/e.py",
                "# @EXPECTED_RESULTS@: TIMELIMIT, WRONG_ANSWER\n",
            ),
        ] {
            let p = d.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        std::fs::write(
            d.path().join("submissions.yaml"),
            "accepted/c.py:\n  permitted: [AC, TLE]\n  required: [TLE]\n",
        )
        .unwrap();
        let (subs, notes) = jury_submissions(d.path(), false).unwrap();
        let by = |n: &str| {
            subs.iter()
                .find(|s| s.file.ends_with(n))
                .map(|s| s.expected.clone())
                .unwrap()
        };
        // In a verdict folder the folder decides: the header neither widens nor replaces it
        // (problemtools, BAPCtools; DOMjudge narrows it to the folder's verdict).
        assert_eq!(by("a.py"), ["AC"]);
        assert_eq!(by("b.py"), ["AC"]);
        assert_eq!(by("c.py"), ["TLE"]);
        assert_eq!(by("d.py"), ["WA"]);
        assert_eq!(by("e.py"), ["TLE", "WA"]);
        // Only the contradiction is reported, naming the file.
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(
            notes[0].contains("wrong_answer/d.py: its @EXPECTED_RESULTS@ (AC) contradicts"),
            "{notes:?}"
        );
    }

    #[test]
    fn expected_scores_from_submissions_yaml_and_headers() {
        let d = tempfile::tempdir().unwrap();
        for (f, text) in [
            ("accepted/a.py", "print(1)\n"),
            ("wrong_answer/b.py", "print(1)\n"),
            (
                "partially_accepted/c.py",
                "# @EXPECTED_SCORE@: 42.5\nprint(1)\n",
            ),
        ] {
            let p = d.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        std::fs::write(
            d.path().join("submissions.yaml"),
            "accepted:\n  score: 100\nwrong_answer/b.py:\n  score: [10, 20]\n",
        )
        .unwrap();
        let (subs, notes) = jury_submissions(d.path(), true).unwrap();
        assert!(notes.is_empty(), "{notes:?}");
        let by = |n: &str| subs.iter().find(|s| s.file.ends_with(n)).unwrap();
        assert_eq!(by("a.py").score, Some((100.0, 100.0)));
        assert_eq!(by("b.py").score, Some((10.0, 20.0)));
        assert_eq!(by("b.py").expected, ["WA"]);
        assert_eq!(by("c.py").score, Some((42.5, 42.5)));
        assert_eq!(by("c.py").expected, ["AC", "WA", "TLE", "RTE"]);
        // A pass-fail package has no partially_accepted folder and reads no scores.
        let (subs, notes) = jury_submissions(d.path(), false).unwrap();
        assert!(subs.iter().all(|s| s.score.is_none()));
        assert!(notes.iter().any(|n| n.contains("partially_accepted")));
        std::fs::write(
            d.path().join("submissions.yaml"),
            "accepted:\n  score: lots\n",
        )
        .unwrap();
        let (_, notes) = jury_submissions(d.path(), true).unwrap();
        assert!(
            notes.iter().any(|n| n.contains("score must be")),
            "{notes:?}"
        );
    }

    #[test]
    fn group_rules_of_submissions_yaml() {
        assert!(group_glob_matches("secret/g1", "secret/g1/01"));
        assert!(group_glob_matches("secret/g1", "secret/g1/deep/01"));
        assert!(group_glob_matches("secret/*-easy", "secret/a-easy/01"));
        assert!(!group_glob_matches("secret/*", "sample/1"));
        assert!(!group_glob_matches("secret/g1", "secret/g10/01"));
        assert!(!group_glob_matches("secret/g1/01", "secret/g1"));
        assert!(group_glob_matches("accepted/{a,b}.py", "accepted/b.py"));
        assert!(group_glob_matches(
            "{accepted,wrong_answer}",
            "wrong_answer/x.c"
        ));
        assert!(!group_glob_matches("accepted/{a,b}.py", "accepted/c.py"));
        assert!(
            !group_glob_matches("*.py", "accepted/c.py"),
            "`*` stays in one part"
        );
        assert_eq!(expand_braces("x{a,b{c,d}}y"), ["xay", "xbcy", "xbdy"]);
        assert_eq!(expand_braces("x{a"), ["x{a"]);
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("accepted/a.py");
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, "print(1)\n").unwrap();
        std::fs::write(
            d.path().join("submissions.yaml"),
            "accepted/a.py:\n  authors: me\n  secret/g1:\n    permitted: [AC]\n    score: [1, 2]\n",
        )
        .unwrap();
        let (subs, notes) = jury_submissions(d.path(), true).unwrap();
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(
            subs[0].groups,
            [Rule {
                pattern: "secret/g1".into(),
                permitted: Some(vec!["AC".into()]),
                required: None,
                score: Some((1.0, 2.0)),
                groups: Vec::new(),
                entrypoint: None,
            }]
        );
        // A pass-fail package keeps the verdict rules of its groups, never their scores.
        let (subs, _) = jury_submissions(d.path(), false).unwrap();
        assert!(subs[0].groups.is_empty());
    }
}
