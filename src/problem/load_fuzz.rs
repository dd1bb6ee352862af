//! Property test of the loader: random mutations of the shipped `problem.toml` files (lines
//! deleted, duplicated or swapped, values replaced by nonsense, bytes inserted, the text cut
//! short) never panic, and every refusal is a spec or usage error (exit 2) that names the file
//! and, where the text has a place to point at, its line and column.

use super::load::load;
use crate::error::ErrorKind;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// The shipped problem folders and the fixture problems, each with its `problem.toml` text.
fn corpus() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for base in ["problems", "tests/fixtures/problems"] {
        let Ok(entries) = std::fs::read_dir(root.join(base)) else {
            continue;
        };
        let mut dirs: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        dirs.sort();
        for d in dirs {
            if let Ok(text) = std::fs::read_to_string(d.join("problem.toml")) {
                out.push((d, text));
            }
        }
    }
    out
}

/// Values that no field accepts as written, or that are out of every sane range.
const NONSENSE: &[&str] = &[
    "\"\"",
    "-1",
    "nan",
    "inf",
    "-inf",
    "1e400",
    "18446744073709551616",
    "\"18446744073s\"",
    "\"1ns\"",
    "\"1B\"",
    "\"../../../etc/shadow\"",
    "\"/etc/passwd\"",
    "\"a\\nb\"",
    "[]",
    "{}",
    "[[1]]",
    "true",
    "\"auto\"",
    "0",
    "\"0s\"",
];

#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    ReplaceValue(usize, usize),
    InsertBytes(usize, Vec<u8>),
    Truncate(usize),
    RenameKey(usize, char),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let n = 0..10_000usize;
    prop_oneof![
        n.clone().prop_map(Mutation::DeleteLine),
        n.clone().prop_map(Mutation::DuplicateLine),
        (n.clone(), n.clone()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (n.clone(), 0..NONSENSE.len()).prop_map(|(a, b)| Mutation::ReplaceValue(a, b)),
        (
            n.clone(),
            prop::collection::vec(
                prop_oneof![Just(b'['), Just(b'"'), Just(b'='), Just(b'\n'), any::<u8>()],
                1..6
            )
        )
            .prop_map(|(a, b)| Mutation::InsertBytes(a, b)),
        n.clone().prop_map(Mutation::Truncate),
        (n, prop::char::range('a', 'z')).prop_map(|(a, c)| Mutation::RenameKey(a, c)),
    ]
}

fn apply(text: &str, m: &Mutation) -> Vec<u8> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let len = lines.len().max(1);
    match m {
        Mutation::DeleteLine(i) => {
            if !lines.is_empty() {
                lines.remove(i % len);
            }
        }
        Mutation::DuplicateLine(i) => {
            if let Some(l) = lines.get(i % len).cloned() {
                lines.insert(i % len, l);
            }
        }
        Mutation::SwapLines(a, b) => {
            if !lines.is_empty() {
                lines.swap(a % len, b % len);
            }
        }
        Mutation::ReplaceValue(i, v) => {
            // The i-th `key = value` line gets a nonsense value.
            let keyed: Vec<usize> = (0..lines.len())
                .filter(|&k| lines[k].contains(" = ") && !lines[k].trim_start().starts_with('#'))
                .collect();
            if let Some(&k) = keyed.get(i % keyed.len().max(1)) {
                let key = lines[k].split(" = ").next().unwrap_or("").to_string();
                lines[k] = format!("{key} = {}", NONSENSE[*v]);
            }
        }
        Mutation::RenameKey(i, c) => {
            let keyed: Vec<usize> = (0..lines.len())
                .filter(|&k| lines[k].contains(" = "))
                .collect();
            if let Some(&k) = keyed.get(i % keyed.len().max(1)) {
                lines[k] = format!("{c}{}", lines[k].trim_start());
            }
        }
        Mutation::InsertBytes(at, bytes) => {
            let mut b = text.as_bytes().to_vec();
            let at = at % (b.len() + 1);
            b.splice(at..at, bytes.iter().copied());
            return b;
        }
        Mutation::Truncate(at) => {
            let b = text.as_bytes();
            return b[..at % (b.len() + 1)].to_vec();
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out.into_bytes()
}

/// Copies a problem folder's regular files and folders (symlinks are left out).
fn scratch_copy(dir: &Path) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp folder");
    copy_tree(dir, tmp.path());
    tmp
}

fn copy_tree(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from)
        .expect("read problem folder")
        .flatten()
    {
        let target = to.join(e.file_name());
        let ty = e.file_type().expect("file type");
        if ty.is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy_tree(&e.path(), &target);
        } else if ty.is_file() {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

/// Whether `message` points into the file: `PATH:LINE:COL: ...`.
fn has_position(message: &str, spec: &Path) -> bool {
    let Some(rest) = message.strip_prefix(&format!("{}:", spec.display())) else {
        return false;
    };
    let mut parts = rest.splitn(3, ':');
    let line = parts.next().unwrap_or("");
    let col = parts.next().unwrap_or("");
    !line.is_empty()
        && line.bytes().all(|b| b.is_ascii_digit())
        && !col.is_empty()
        && col.bytes().all(|b| b.is_ascii_digit())
}

/// The corpus copied once; each case rewrites the copies' `problem.toml`.
#[test]
fn mutated_specs_never_panic_and_are_refused_with_a_position() {
    let copies: Vec<(PathBuf, tempfile::TempDir, String)> = corpus()
        .into_iter()
        .map(|(dir, text)| {
            let copy = scratch_copy(&dir);
            (dir, copy, text)
        })
        .collect();
    assert!(
        copies.len() >= 30,
        "the shipped problems and fixtures are found"
    );
    let config = ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    let strategy = prop::collection::vec(mutation(), 1..4);
    let result = runner.run(&strategy, |muts| {
        for (dir, copy, text) in &copies {
            let spec = copy.path().join("problem.toml");
            let mut bytes = text.clone().into_bytes();
            for m in &muts {
                bytes = apply(&String::from_utf8_lossy(&bytes), m);
            }
            std::fs::write(&spec, &bytes).expect("write spec");
            let Err(e) = load(copy.path()) else { continue };
            prop_assert!(
                matches!(e.kind, ErrorKind::Spec | ErrorKind::Usage),
                "{}: a judge error for a bad spec: {}",
                dir.display(),
                e
            );
            prop_assert!(!e.message.contains('\n'), "one line: {}", e.message);
            prop_assert!(
                e.message.contains(&copy.path().display().to_string()),
                "the error names the file: {}",
                e.message
            );
            // An error about problem.toml points into it; one about another file of the
            // folder (a test file, a dataset) names that file.
            prop_assert!(
                has_position(&e.message, &spec)
                    || !e.message.starts_with(&spec.display().to_string()),
                "{}: no position: {}",
                dir.display(),
                e.message
            );
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
