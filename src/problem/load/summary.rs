//! The light reading of a problem for `grader list`: its `problem.toml` read and parsed as
//! [`load`](super::load) does it (the same errors for a file that does not parse or has another
//! `format_version`), and its tests counted by their file names, never read (a JSON Lines file
//! is read for its line count). Everything else `load` checks is left to the commands that load
//! the problem (`grader check` validates every problem).

use super::build::{TESTS_DIR, check_version, no_tests};
use super::records::lines_of;
use super::{SpecFile, parse};
use crate::error::Result;
use crate::problem::discover::TestFile;
use crate::problem::inside::{Folder, Found, Refusal};
use crate::problem::spec::{Difficulty, Kind};
use std::path::{Path, PathBuf};

/// What `grader list` shows of a problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub title: String,
    pub kind: Kind,
    pub difficulty: Option<Difficulty>,
    /// Inline `[[tests]]` and the tests under `tests/`, as `load` finds them.
    pub tests: usize,
}

impl Summary {
    /// The summary of a problem loaded in full (an ICPC/Kattis package).
    pub fn of(p: &crate::problem::Problem) -> Summary {
        Summary {
            title: p.title.clone(),
            kind: p.kind,
            difficulty: p.difficulty,
            tests: p.tests.len(),
        }
    }
}

/// Reads what `grader list` shows of the `problem.toml` problem in `dir`.
pub fn summary(dir: &Path) -> Result<Summary> {
    let spec = SpecFile::read(dir)?;
    let ctx = spec.ctx();
    let wire = parse(&ctx)?;
    check_version(&ctx, &wire)?;
    let kind = wire.kind();
    let tests = wire.tests.len() + count_test_files(&spec.inside, kind)?;
    if tests == 0 {
        return Err(no_tests(&ctx));
    }
    Ok(Summary {
        title: wire.title,
        kind,
        difficulty: wire.difficulty,
        tests,
    })
}

/// The tests of the files under `tests/` (at its top and one level of group folders deep) by
/// the rule of `discover` ([`TestFile`]): `NAME.in` (stdio), `NAME.json` (function) and
/// `NAME.sql` (SQL) are one test each, a `NAME.jsonl` (stdio or function) one per non-blank
/// line. The folders are
/// listed, not the files opened: only a symlink is resolved (it must stay inside the problem
/// folder, as for `load`) and only a JSON Lines file is read.
fn count_test_files(inside: &Folder, kind: Kind) -> Result<usize> {
    let tests = Path::new(TESTS_DIR);
    match inside.probe(tests) {
        Ok(Some(Found::Folder)) => {}
        Ok(_) => return Ok(0),
        Err(r) => return Err(inside.error("the tests folder", tests, &r)),
    }
    let mut count = 0;
    for (rel, found) in entries(inside, tests)? {
        match found {
            Found::File => count += tests_in(inside, &rel, kind)?,
            Found::Folder => {
                for (rel, found) in entries(inside, &rel)? {
                    if found == Found::File {
                        count += tests_in(inside, &rel, kind)?;
                    }
                }
            }
        }
    }
    Ok(count)
}

/// The tests the file `rel` holds for a problem of `kind` (0 for a file that is not a test), by
/// discover's rule ([`TestFile`]).
fn tests_in(inside: &Folder, rel: &Path, kind: Kind) -> Result<usize> {
    Ok(match TestFile::of(kind, rel) {
        TestFile::JsonLines => lines_of(
            &inside
                .read_to_string(rel)
                .map_err(|r| inside.error("test file", rel, &r))?,
        )
        .count(),
        role if role.holds_tests() => 1,
        _ => 0,
    })
}

/// The entries of the folder `rel`, hidden names and dangling symlinks left out, as
/// [`Folder::list`] has them but from the listing's file types: only a symlink is looked up
/// (inside the folder; one that leads out is refused as `load` refuses it).
fn entries(inside: &Folder, rel: &Path) -> Result<Vec<(PathBuf, Found)>> {
    let host = inside.path(rel);
    let unreadable = |e: std::io::Error| inside.error("test file", rel, &Refusal::Io(e));
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&host).map_err(unreadable)? {
        let entry = entry.map_err(unreadable)?;
        let name = entry.file_name();
        if name.as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let child = rel.join(&name);
        let found = match entry.file_type().map_err(unreadable)? {
            t if t.is_dir() => Found::Folder,
            t if t.is_file() => Found::File,
            t if t.is_symlink() => match inside.find(&child) {
                Ok(found) => found,
                Err(Refusal::Missing) => continue,
                Err(r) => return Err(inside.error("test file", &child, &r)),
            },
            // A FIFO or a device: not opened here; `load` refuses it by name.
            _ => continue,
        };
        out.push((child, found));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::{SPEC_FILE, load};

    /// A problem folder with `spec` and the files `files` (path in the folder, text).
    fn problem(spec: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SPEC_FILE), spec).unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    /// The summary of `dir`, checked against what a full load finds.
    fn same_as_load(dir: &Path) -> Summary {
        let full = Summary::of(&load(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())));
        let light = summary(dir).unwrap();
        assert_eq!(light, full, "{}", dir.display());
        light
    }

    #[test]
    fn every_problem_of_the_bank_and_the_fixtures_reads_as_a_full_load() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut seen = 0;
        for bank in ["problems", "tests/fixtures/problems"] {
            for id in crate::problem::list_ids(&root.join(bank)) {
                let dir = root.join(bank).join(&id);
                if dir.join(SPEC_FILE).is_file() {
                    same_as_load(&dir);
                    seen += 1;
                }
            }
        }
        assert!(seen >= 40, "only {seen} problems found");
    }

    #[test]
    fn test_files_are_counted_as_load_finds_them() {
        let pair = |name: &str| {
            [
                (format!("tests/{name}.in"), "1\n"),
                (format!("tests/{name}.out"), "1\n"),
            ]
        };
        let mut files: Vec<(String, &str)> = ["a", "large/b", "large/c", ".hidden"]
            .iter()
            .flat_map(|n| pair(n))
            .collect();
        files.extend([
            ("tests/b.ans".to_string(), "1\n"),
            ("tests/b.in".to_string(), "1\n"),
            ("tests/notes.txt".to_string(), "not a test"),
            ("tests/more.jsonl".to_string(), "{\"input\": \"1\\n\", \"output\": \"1\\n\"}\n\n{\"input\": \"2\\n\", \"output\": \"2\\n\"}\n"),
            // Two levels down: not a group folder's test, neither for `load`.
            ("tests/large/deep/d.in".to_string(), "1\n"),
            ("tests/large/deep/d.out".to_string(), "1\n"),
            ("solution.json".to_string(), "{}"),
        ]);
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), *t)).collect();
        let spec = "format_version = 1\ntitle = \"Stdio\"\ndifficulty = \"hard\"\n[[tests]]\ninput = \"1\"\noutput = \"1\"\n";
        let dir = problem(spec, &files);
        let s = same_as_load(dir.path());
        assert_eq!(
            (s.tests, s.kind, s.title.as_str()),
            (1 + 2 + 2 + 2, Kind::Stdio, "Stdio")
        );

        let function = "format_version = 1\ntitle = \"F\"\nkind = \"function\"\n[function]\nname = \"f\"\n\
            params = [{ name = \"x\", type = \"int\" }]\nreturns = \"int\"\n";
        let one = "{\"args\": [1], \"expected\": 1}";
        let dir = problem(
            function,
            &[
                ("tests/one.json", one),
                ("tests/edge/two.json", one),
                ("tests/edge/lines.jsonl", &format!("{one}\n{one}\n{one}\n")),
                ("tests/ignored.in", "1\n"),
            ],
        );
        assert_eq!(same_as_load(dir.path()).tests, 5);
    }

    #[test]
    fn a_broken_spec_gets_the_error_load_gives() {
        let t = "[[tests]]\ninput = \"1\"\noutput = \"1\"\n";
        for spec in [
            format!("format_version = 1\ntitle = \"t\"\n[limits]\ntim = \"1s\"\n{t}"),
            format!("format_version = 1\ntitle = \"t\"\nkind = \"stdin\"\n{t}"),
            format!("format_version = 1\ntitle = \"t\"\n{t}[[tests]]\ninput = null\n"),
            format!("format_version = 1\ntitle = \"t\n{t}"),
            format!("format_version = 7\ntitle = \"t\"\n{t}"),
            "format_version = 1\ntitle = \"t\"\n".to_string(),
            format!("title = \"t\"\n{t}"),
        ] {
            let dir = problem(&spec, &[]);
            let full = load(dir.path()).unwrap_err();
            let light = summary(dir.path()).unwrap_err();
            assert_eq!(
                (light.kind, light.to_string()),
                (full.kind, full.to_string()),
                "{spec}"
            );
        }
        let dir = problem("", &[]);
        std::fs::write(dir.path().join(SPEC_FILE), b"title = \"caf\xe9\"\n").unwrap();
        let light = summary(dir.path()).unwrap_err().to_string();
        assert_eq!(light, load(dir.path()).unwrap_err().to_string());
        assert!(light.contains(":1:13: not UTF-8 text"), "{light}");
    }

    #[test]
    fn a_test_linked_out_of_the_folder_is_refused_and_a_fifo_is_not_opened() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("x.jsonl"), "{}\n").unwrap();
        let spec = "format_version = 1\ntitle = \"t\"\n[[tests]]\ninput = \"1\"\noutput = \"1\"\n";
        let dir = problem(spec, &[("tests/a.in", "1"), ("tests/a.out", "1")]);
        let fifo = dir.path().join("tests/f.jsonl");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
        // Not opened (it would block): passed over here, refused by name by `load`.
        assert_eq!(summary(dir.path()).unwrap().tests, 2);
        std::fs::remove_file(&fifo).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("x.jsonl"),
            dir.path().join("tests/x.jsonl"),
        )
        .unwrap();
        let err = summary(dir.path()).unwrap_err();
        assert_eq!(err.kind, crate::error::ErrorKind::Spec);
        assert!(
            err.to_string()
                .contains("test file `tests/x.jsonl` leads outside the problem folder"),
            "{err}"
        );
    }
}
