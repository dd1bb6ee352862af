//! `grader new`: every kind scaffolds a problem that `grader check` passes as created; an
//! existing folder, an invalid id and `--lang` with sql are refused (exit 2) and write nothing.

use crate::{Env, assert_exit};
use std::path::Path;

/// A temporary bank: `BANK/problems/` (starters go to `BANK/solutions-template/`).
fn bank(env: &Env) -> tempfile::TempDir {
    let dir = tempfile::tempdir_in(env.state.path()).expect("bank");
    std::fs::create_dir(dir.path().join("problems")).expect("problems folder");
    dir
}

fn new(env: &Env, bank: &Path, args: &[&str]) -> std::process::Output {
    env.grader()
        .arg("--problems")
        .arg(bank.join("problems"))
        .arg("new")
        .args(args)
        .output()
        .expect("run grader new")
}

fn check(env: &Env, bank: &Path, ids: &[&str]) -> std::process::Output {
    env.grader()
        .arg("--problems")
        .arg(bank.join("problems"))
        .args(["check", "-j", "2"])
        .args(ids)
        .output()
        .expect("run grader check")
}

/// Every file under `dir`, relative to it, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
                out.push(rel);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn each_kind_passes_check_as_created() {
    let env = Env::new();
    let bank = bank(&env);
    for (id, kind) in [
        ("add-two", "stdio"),
        ("sum-list", "function"),
        ("cheap", "sql"),
    ] {
        let out = new(&env, bank.path(), &[id, "--kind", kind]);
        assert_exit(&out, 0);
    }
    assert_eq!(
        files(bank.path()),
        [
            "problems/add-two/problem.toml",
            "problems/add-two/reference/solution.py",
            "problems/add-two/statement.md",
            "problems/add-two/wrong/wrong.py",
            "problems/cheap/problem.toml",
            "problems/cheap/reference/answer.sql",
            "problems/cheap/statement.md",
            "problems/cheap/wrong/wrong.sql",
            "problems/sum-list/problem.toml",
            "problems/sum-list/reference/solution.py",
            "problems/sum-list/statement.md",
            "problems/sum-list/wrong/wrong.py",
            "solutions-template/add-two/solution.py",
            "solutions-template/cheap/answer.sql",
            "solutions-template/sum-list/solution.py",
        ]
    );
    let spec = std::fs::read_to_string(bank.path().join("problems/add-two/problem.toml")).unwrap();
    assert!(spec.contains("title = \"Add Two\""), "{spec}");
    for id in ["add-two", "sum-list", "cheap"] {
        let out = check(&env, bank.path(), &[id]);
        assert_exit(&out, 0);
        // The reference is accepted, the starter and the wrong answer are not (WA).
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("3 passed, 0 failed"), "{id}: {stdout}");
        assert_eq!(stdout.matches("WA on sample").count(), 2, "{id}: {stdout}");
    }
}

#[test]
fn every_language_passes_check() {
    let env = Env::new();
    let bank = bank(&env);
    let langs = "python3,c,cpp,java,javascript,rust";
    for (id, kind) in [("add-two", "stdio"), ("sum-list", "function")] {
        assert_exit(
            &new(&env, bank.path(), &[id, "--kind", kind, "--lang", langs]),
            0,
        );
    }
    let templates = files(&bank.path().join("solutions-template/sum-list"));
    assert_eq!(
        templates,
        [
            "Solution.java",
            "solution.c",
            "solution.cpp",
            "solution.js",
            "solution.py",
            "solution.rs"
        ]
    );
    let out = check(&env, bank.path(), &[]);
    assert_exit(&out, 0);
    let stdout = String::from_utf8_lossy(&out.stdout);
    // 2 problems x 6 languages x (reference, starter, wrong answer).
    assert!(stdout.contains("36 passed, 0 failed"), "{stdout}");
}

#[test]
fn refuses_an_existing_folder_and_a_bad_id() {
    let env = Env::new();
    let bank = bank(&env);
    assert_exit(&new(&env, bank.path(), &["taken", "--kind", "stdio"]), 0);
    let spec = bank.path().join("problems/taken/problem.toml");
    std::fs::write(&spec, "edited").unwrap();
    let out = new(&env, bank.path(), &["taken", "--kind", "function"]);
    assert_exit(&out, 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("problems/taken` exists"), "{err}");
    assert_eq!(std::fs::read_to_string(&spec).unwrap(), "edited");

    // A starter folder left from an earlier problem is not overwritten either.
    let starter = bank.path().join("solutions-template/orphan");
    std::fs::create_dir_all(&starter).unwrap();
    let out = new(&env, bank.path(), &["orphan", "--kind", "stdio"]);
    assert_exit(&out, 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("solutions-template/orphan` exists"));
    assert!(!bank.path().join("problems/orphan").exists());

    let before = files(bank.path());
    for bad in ["Two_Sum", "two sum", "a/b", "dé"] {
        let out = new(&env, bank.path(), &[bad, "--kind", "stdio"]);
        assert_exit(&out, 2);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("not a valid problem id: use lowercase letters, digits and dashes"),
            "{bad}: {err}"
        );
    }
    let out = new(
        &env,
        bank.path(),
        &["query", "--kind", "sql", "--lang", "c"],
    );
    assert_exit(&out, 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("drop --lang"));
    assert_eq!(
        files(bank.path()),
        before,
        "a refused `grader new` wrote files"
    );
}
