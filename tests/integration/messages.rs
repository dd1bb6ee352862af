//! The messages a learner meets, each checked as a new user would see it: a wrong function
//! name, compile errors that point at the candidate's file, tracebacks without the harness's
//! frames, empty strings, hints, `show` and `doctor` columns, usage errors (also in the machine
//! formats) and the SQL errors' suggestions.

use crate::{Env, assert_exit};
use std::path::PathBuf;

/// Writes `text` as `name` in `dir`, a folder apart from the grader's TMPDIR (which must be
/// empty at the end, see `Env::assert_clean`).
fn answer(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// `grader run PROBLEM FILE ARGS...` on a shipped problem: the exit code, stdout and stderr.
fn run(env: &Env, problem: &str, file: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = env
        .grader()
        .arg("run")
        .arg(problem)
        .arg(file)
        .args(args)
        .output()
        .expect("run grader");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_python_syntax_error_starts_at_the_candidates_file() {
    let (env, dir) = (Env::new(), tempfile::tempdir().unwrap());
    let file = answer(&dir, "syn.py", "def longest_substring(s)\n    return s\n");
    let (code, out, _) = run(&env, "longest-substring", &file, &[]);
    assert_eq!(code, 1, "{out}");
    let ce = out.split("CE compile error\n").nth(1).expect("a CE block");
    assert!(
        ce.trim_start().starts_with("File \"syn.py\", line 1"),
        "{out}"
    );
    assert!(ce.contains("SyntaxError: expected ':'"), "{out}");
    assert!(
        !out.contains("<string>") && !out.contains("Traceback"),
        "{out}"
    );
    env.assert_clean();
}

#[test]
fn the_empty_string_is_two_quotes() {
    let (env, dir) = (Env::new(), tempfile::tempdir().unwrap());
    let file = answer(
        &dir,
        "e.py",
        "def longest_substring(s):\n    return s or \"x\"\n",
    );
    let (code, out, _) = run(&env, "longest-substring", &file, &["--tests", "empty"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("expected \"\", got \"x\""), "{out}");
    assert!(!out.contains('∅'), "{out}");
}
