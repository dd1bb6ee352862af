//! Test-file discovery: `tests/NAME.in` + `NAME.out|.ans` (stdio), `NAME.json` (function),
//! `NAME.jsonl` (function or stdio, one test per line) and `NAME.sql` (SQL datasets), at the top of `tests/` (or of a `--tests-from` folder) and one
//! level of group folders deep. Every file is listed through the problem's [`Folder`], so a test
//! that is a symlink out of the folder, a FIFO, or a `tests` that is a file or leaves the folder
//! is refused (see `inside`).

use super::inside::{Entry, Folder, Found, Refusal};
use super::model::*;
use super::spec::Kind;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// An error about the problem, prefixed with its `problem.toml`.
fn spec_err(spec: &Path, message: impl std::fmt::Display) -> Error {
    Error::spec(format!("{}: {message}", spec.display()))
}

/// The entries of a tests folder (`tests/` or the `--tests-from` folder): none when it does not
/// exist; `tests` that is a file, or that leads outside, is refused.
fn tests_entries(folder: &Folder, rel: &Path) -> Result<Vec<Entry>> {
    match folder.probe(rel) {
        Ok(None) => return Ok(Vec::new()),
        Ok(Some(Found::File)) => {
            return Err(Error::spec(format!(
                "{}: {}: test files go in a folder tests/ (NAME.in with NAME.out); rename or remove the file",
                folder.root().display(),
                folder.message("", rel, &Refusal::NotFolder)
            )));
        }
        Ok(Some(Found::Folder)) => {}
        Err(r) => return Err(folder.error("the tests folder", rel, &r)),
    }
    folder
        .list(rel)
        .map_err(|(p, r)| folder.error("test file", p, &r))
}

pub(super) fn test_subfolders(folder: &Folder, tests_dir: &Path) -> Result<Vec<String>> {
    let mut dirs = Vec::new();
    for e in tests_entries(folder, tests_dir)? {
        if e.found == Found::Folder && holds_tests(folder, &e.rel)? {
            dirs.push(e.name);
        }
    }
    Ok(dirs)
}

/// Whether a folder holds test files (`.in`, `.json`, `.jsonl` or `.sql`); other folders are not groups.
fn holds_tests(folder: &Folder, dir: &Path) -> Result<bool> {
    let entries = folder
        .list(dir)
        .map_err(|(p, r)| folder.error("test file", p, &r))?;
    Ok(entries.iter().any(|e| {
        e.found == Found::File
            && [Kind::Stdio, Kind::Function, Kind::Sql]
                .into_iter()
                .any(|kind| TestFile::of(kind, &e.rel).holds_tests())
    }))
}

/// What a file of a tests folder is to a problem of a kind, by its extension: the one rule of
/// `load` (through [`discover`]) and of `grader list`'s count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TestFile {
    /// `NAME.in` (stdio): one test, with `NAME.out` or `NAME.ans` beside it.
    Input,
    /// `NAME.out` or `NAME.ans` (stdio): the answer of a `NAME.in`.
    Answer,
    /// `NAME.json` (function): one test with keys of its own.
    Json,
    /// `NAME.jsonl` (function or stdio): one test per non-blank line.
    JsonLines,
    /// `NAME.sql` (SQL): one test's dataset.
    Dataset,
    /// Not a test file (notes, a file of another kind's tests).
    Other,
}

impl TestFile {
    /// The role of a file named `name` in a tests folder of a problem of `kind`.
    pub(super) fn of(kind: Kind, name: &Path) -> TestFile {
        match (
            kind,
            name.extension().and_then(|e| e.to_str()).unwrap_or(""),
        ) {
            (Kind::Stdio, "in") => TestFile::Input,
            (Kind::Stdio, "out" | "ans") => TestFile::Answer,
            (Kind::Function, "json") => TestFile::Json,
            (Kind::Function | Kind::Stdio, "jsonl") => TestFile::JsonLines,
            (Kind::Sql, "sql") => TestFile::Dataset,
            _ => TestFile::Other,
        }
    }

    /// Whether the file holds tests (an answer or another file holds none).
    pub(super) fn holds_tests(self) -> bool {
        !matches!(self, TestFile::Answer | TestFile::Other)
    }
}

/// A test found in a tests folder, or a file of tests.
pub(super) struct FileTest {
    /// The test's name (a file of tests: its stem), qualified by its group's folder.
    pub name: String,
    pub group: Option<String>,
    pub data: FileData,
}

/// What a test file holds.
pub(super) enum FileData {
    /// One test's data (`NAME.in` + `NAME.out`, `NAME.sql`).
    Test(TestData),
    /// Tests with keys of their own: a JSON file (one test, named by the file) or a JSON Lines
    /// file (one test per line); read by the loader (`load::records`).
    Records {
        file: PathBuf,
        text: String,
        lines: bool,
    },
}

/// Finds `tests/NAME.in` + `NAME.out|.ans` (stdio) or `tests/NAME.json` (function), one level of
/// group subfolders deep: files directly in `tests/` first, then each group's folder in the order
/// the groups are declared (undeclared folders last, by name), files in lexicographic order.
/// Every file is one of `folder` (see [`Folder::list`]).
pub(super) fn discover(
    spec: &Path,
    folder: &Folder,
    tests_dir: &Path,
    kind: Kind,
    group_order: &[String],
) -> Result<Vec<FileTest>> {
    let mut found = Vec::new();
    let top = tests_entries(folder, tests_dir)?;
    let mut folders: Vec<(Option<String>, Vec<Entry>)> = vec![(None, top)];
    let mut subfolders = test_subfolders(folder, tests_dir)?;
    subfolders.sort_by_key(|g| {
        group_order
            .iter()
            .position(|n| n == g)
            .unwrap_or(usize::MAX)
    });
    for g in subfolders {
        let entries = folder
            .list(tests_dir.join(&g))
            .map_err(|(p, r)| folder.error("test file", p, &r))?;
        folders.push((Some(g), entries));
    }
    for (group, entries) in folders {
        let files: Vec<PathBuf> = entries
            .iter()
            .filter(|e| e.found == Found::File)
            .map(|e| folder.path(&e.rel))
            .collect();
        let listed = |p: &PathBuf| files.contains(p);
        let qualified = |stem: &str| match &group {
            Some(g) => format!("{g}/{stem}"),
            None => stem.to_string(),
        };
        for file in &files {
            let stem = file
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("")
                .to_string();
            let role = TestFile::of(kind, file);
            match role {
                TestFile::Json | TestFile::JsonLines => {
                    let text = folder
                        .read_to_string(folder.rel(file))
                        .map_err(|r| folder.error("test file", folder.rel(file), &r))?;
                    found.push(FileTest {
                        name: qualified(&stem),
                        group: group.clone(),
                        data: FileData::Records {
                            file: file.clone(),
                            text,
                            lines: role == TestFile::JsonLines,
                        },
                    });
                }
                TestFile::Dataset => found.push(FileTest {
                    name: qualified(&stem),
                    group: group.clone(),
                    data: FileData::Test(TestData::Sql {
                        seeds: vec![SqlSeed::Sql(Data::File(file.clone()))],
                        params: Vec::new(),
                    }),
                }),
                TestFile::Input => {
                    let answer = ["out", "ans"]
                        .iter()
                        .map(|e| file.with_extension(e))
                        .find(listed)
                        .ok_or_else(|| {
                            spec_err(
                                spec,
                                format!(
                                    "test input `{}` has no `{stem}.out` or `{stem}.ans` beside it",
                                    file.display()
                                ),
                            )
                        })?;
                    found.push(FileTest {
                        name: qualified(&stem),
                        group: group.clone(),
                        data: FileData::Test(TestData::Stdio {
                            input: Data::File(file.clone()),
                            answer: Data::File(answer),
                        }),
                    });
                }
                TestFile::Answer if !listed(&file.with_extension("in")) => {
                    return Err(spec_err(
                        spec,
                        format!("answer `{}` has no `{stem}.in` beside it", file.display()),
                    ));
                }
                _ => {}
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_test_file_role_depends_on_the_kind_and_the_extension() {
        let of = |kind, name: &str| TestFile::of(kind, Path::new(name));
        assert_eq!(of(Kind::Stdio, "g/a.in"), TestFile::Input);
        assert_eq!(of(Kind::Stdio, "a.ans"), TestFile::Answer);
        assert_eq!(of(Kind::Stdio, "a.jsonl"), TestFile::JsonLines);
        assert_eq!(of(Kind::Stdio, "a.json"), TestFile::Other);
        assert_eq!(of(Kind::Function, "a.json"), TestFile::Json);
        assert_eq!(of(Kind::Function, "a.in"), TestFile::Other);
        assert_eq!(of(Kind::Sql, "a.sql"), TestFile::Dataset);
        assert_eq!(of(Kind::Sql, "a.jsonl"), TestFile::Other);
        assert_eq!(of(Kind::Stdio, "notes"), TestFile::Other);
        assert!(TestFile::Dataset.holds_tests() && TestFile::JsonLines.holds_tests());
        assert!(!TestFile::Answer.holds_tests() && !TestFile::Other.holds_tests());
    }
}
