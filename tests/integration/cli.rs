//! The command line: exit codes, usage and spec errors, `check`, the build cache, checkers,
//! missing toolchains.

use crate::{Env, fixture_problem, fixture_submission, test};

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn usage_errors_exit_2_with_one_clear_line() {
    let env = Env::new();
    let out = env
        .grader()
        .args(["run", &fixture_problem("sum"), "no-such-file.py"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("cannot read submission `no-such-file.py`"));

    let kt = env.tmp.path().join("a.swift");
    std::fs::write(&kt, "print(1)").unwrap();
    let out = env
        .grader()
        .args(["run", &fixture_problem("sum"), kt.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("pass --lang ID"),
        "{}",
        stderr_of(&out)
    );
    std::fs::remove_file(&kt).unwrap();

    let out = env
        .grader()
        .args([
            "run",
            "sun",
            &fixture_submission("ac.py"),
            "--problems",
            "tests/fixtures/problems",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("did you mean `sum`?"),
        "{}",
        stderr_of(&out)
    );

    let out = env
        .grader()
        .args([
            "run",
            &fixture_problem("sum"),
            &fixture_submission("ac.py"),
            "--lang",
            "pyhton3",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("did you mean `python3`?"));
}

#[test]
fn an_invalid_spec_never_runs_and_names_the_place() {
    let env = Env::new();
    let dir = env.tmp.path().join("broken");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("problem.toml"),
        "format_version = 1\ntitle = \"x\"\n[limits]\ntim = \"1s\"\n[[tests]]\ninput = \"1\"\noutput = \"1\"\n",
    )
    .unwrap();
    let out = env
        .grader()
        .args(["run", dir.to_str().unwrap(), &fixture_submission("ac.py")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(
        err.contains("problem.toml:4:1: unknown key `tim`, did you mean `time`?"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_missing_toolchain_is_a_judge_error_with_a_fix() {
    let env = Env::new();
    let langs = env.cache.path().join("languages.toml");
    std::fs::write(
        &langs,
        r#"[[language]]
id = "zz"
name = "Zed"
extensions = ["zz"]
tool = "no-such-compiler-for-grader-tests"
version = ["{tool}", "--version"]
compile = ["{tool}", "{source}"]
run = ["{build}/main"]
install = "install zedc (apt-get install zedc)"
"#,
    )
    .unwrap();
    let src = env.cache.path().join("a.zz");
    std::fs::write(&src, "main").unwrap();
    let out = env
        .grader()
        .env("GRADER_LANGUAGES", &langs)
        .args([
            "run",
            &fixture_problem("sum"),
            src.to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["verdict"], "JE");
    let msg = r["message"].as_str().unwrap();
    assert!(
        msg.contains("not found on PATH") && msg.contains("apt-get install zedc"),
        "{msg}"
    );
}

#[test]
fn an_unchanged_file_compiles_once() {
    let env = Env::new();
    let (_, first) = env.run_json("sum", "ac.c", &[]);
    assert_eq!(first["compile"]["cached"], false);
    let (_, second) = env.run_json("sum", "ac.c", &[]);
    assert_eq!(second["compile"]["cached"], true);
    assert_eq!(second["verdict"], "AC");
    let (_, forced) = env.run_json("sum", "ac.c", &["--no-cache"]);
    assert_eq!(forced["compile"]["cached"], false);
    env.assert_clean();
}

#[test]
fn custom_checkers_in_both_protocols() {
    let env = Env::new();
    for problem in ["even", "even-testlib"] {
        let (code, r) = env.run_json(problem, "even_ac.py", &[]);
        assert_eq!(code, 0, "{problem}: {r:#}");
        let (code, r) = env.run_json(problem, "even_wa.py", &[]);
        assert_eq!(code, 1);
        let msg = test(&r, "only")["message"].as_str().unwrap().to_string();
        assert!(
            msg.contains("'7'") && msg.contains("even"),
            "{problem}: {msg}"
        );
    }
    env.assert_clean();
}

#[test]
fn tests_filter_runs_a_subset() {
    let env = Env::new();
    let (code, r) = env.run_json("sum", "wa.py", &["--tests", "neg"]);
    assert_eq!(code, 1);
    assert_eq!(r["tests"].as_array().unwrap().len(), 1);
    assert_eq!(r["max_score"], 1.0);
    let out = env
        .grader()
        .args([
            "run",
            &fixture_problem("sum"),
            &fixture_submission("wa.py"),
            "--tests",
            "nothing*",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn check_passes_on_the_fixture_bank_and_fails_on_a_wrong_expectation() {
    let env = Env::new();
    let out = env
        .grader()
        .args(["check", "--problems", "tests/fixtures/problems"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("wrong/abs.py") && text.contains("WA"),
        "{text}"
    );

    // A copy of `sum` whose expectation is wrong must fail the check.
    let copy = env.tmp.path().join("sum");
    std::fs::create_dir_all(copy.join("wrong")).unwrap();
    std::fs::copy(
        crate::root().join("tests/fixtures/submissions/wa.py"),
        copy.join("wrong/abs.py"),
    )
    .unwrap();
    std::fs::write(
        copy.join("problem.toml"),
        "format_version = 1\ntitle = \"s\"\n[[tests]]\ninput = \"-1 -1\\n\"\noutput = \"-2\\n\"\n[[expect]]\nfile = \"wrong/abs.py\"\nverdict = \"TLE\"\n",
    )
    .unwrap();
    let out = env
        .grader()
        .args(["check", copy.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("expected TLE"), "{text}");
    std::fs::remove_dir_all(&copy).unwrap();
}

/// `check --python` chooses the Python of a problem's `.py` references as `run --python` does:
/// CPython unless `pypy`, a reference folder (a multi-file submission) included (it was always
/// CPython).
#[test]
fn check_runs_python_references_as_run_does_under_python() {
    let env = Env::new();
    let problem = env.tmp.path().join("which-python");
    std::fs::create_dir_all(problem.join("reference/folder")).unwrap();
    std::fs::write(
        problem.join("problem.toml"),
        "format_version = 1\ntitle = \"which Python\"\n[[tests]]\ninput = \"\"\noutput = \"PyPy\\n\"\n",
    )
    .unwrap();
    let says = "import platform\nprint(platform.python_implementation())\n";
    std::fs::write(problem.join("reference/file.py"), says).unwrap();
    std::fs::write(problem.join("reference/folder/main.py"), says).unwrap();
    let check = |extra: &[&str]| {
        let out = env
            .grader()
            .args(["check", "--format", "json"])
            .arg(&problem)
            .args(extra)
            .output()
            .unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let got: Vec<(String, String)> = doc["problems"][0]["checks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["file"].as_str().unwrap().to_string(),
                    c["got"].to_string(),
                )
            })
            .collect();
        (out.status.code(), got)
    };
    // CPython by default, as `run` grades a problem.toml problem.
    let (code, got) = check(&[]);
    assert_eq!(code, Some(1), "{got:?}");
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().all(|(_, v)| v == "\"WA\""), "{got:?}");
    // `--python pypy`: both references, the folder too, run on PyPy (when installed: a
    // `pypy3` on PATH; else neither runs, a judge error each).
    let pypy = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|d| d.join("pypy3").is_file()));
    let (code, got) = check(&["--python", "pypy"]);
    let (want_code, want) = if pypy { (0, "\"AC\"") } else { (3, "\"JE\"") };
    assert_eq!(code, Some(want_code), "{got:?}");
    assert!(got.iter().all(|(_, v)| v == want), "{got:?}");
    std::fs::remove_dir_all(&problem).unwrap();
    env.assert_clean();
}

#[test]
fn list_show_and_doctor() {
    let env = Env::new();
    let out = env.grader().args(["list"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("longest-substring") && text.contains("longest-substring-length"));
    let out = env
        .grader()
        .args(["show", "longest-substring"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("longest_substring(s: string) -> string"),
        "{text}"
    );
    let out = env.grader().args(["doctor"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("python3") && text.contains("sandbox"),
        "{text}"
    );
}

#[test]
fn a_crashing_checker_is_a_judge_error() {
    let env = Env::new();
    let (code, r) = env.run_json("broken-checker", "even_ac.py", &[]);
    assert_eq!(code, 3, "{r:#}");
    assert_eq!(r["verdict"], "JE");
    assert!(
        test(&r, "only")["message"]
            .as_str()
            .unwrap()
            .contains("this checker is broken")
    );
    env.assert_clean();
}

#[test]
fn the_environment_is_cleared_and_no_fd_is_inherited() {
    let env = Env::new();
    let out = env
        .grader()
        .env("SECRET_TOKEN", "hunter2")
        .args([
            "run",
            &fixture_problem("sum"),
            &fixture_submission("env_clean.py"),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["verdict"], "AC", "{r:#}");
}

#[test]
fn plain_and_checker_tests_mixed_all_get_a_result() {
    // The worker overlaps judging a plain test with the next run; a checker test in between
    // makes one message carry two results. A wrong count here used to hang the grader.
    let env = Env::new();
    let out = env
        .grader()
        .args([
            "run",
            &fixture_problem("mixed-checker"),
            &fixture_submission("even_ac.py"),
            "-j",
            "1",
            "--format",
            "json",
        ])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{r:#}");
    assert_eq!(r["tests"].as_array().unwrap().len(), 3);
    env.assert_clean();
}

/// `grader show … | head -1`: the reader goes away; the grader stops quietly (no panic, no
/// "Broken pipe" message). Deterministic: the pipe's read end is closed before the grader
/// starts, so every write fails with EPIPE.
#[test]
#[expect(
    clippy::disallowed_methods,
    reason = "a grader whose stdout is a pipe nobody reads"
)]
fn a_closed_stdout_is_not_a_crash() {
    use std::os::fd::FromRawFd;
    let env = Env::new();
    for args in [
        vec!["show", "longest-substring"],
        vec!["show", "two-sum"],
        vec!["show", "lru-cache"],
        vec!["list"],
        vec!["run", "sum", "tests/fixtures/submissions/ac.py"],
    ] {
        let mut fds = [0; 2];
        // SAFETY: a valid array for pipe(2).
        assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
        // SAFETY: both fds were just created and are owned here; the read end is closed now.
        let write_end = unsafe {
            libc::close(fds[0]);
            std::os::fd::OwnedFd::from_raw_fd(fds[1])
        };
        let mut args = args.clone();
        if args[0] == "run" {
            args[1] = "tests/fixtures/problems/sum";
        }
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("grader"))
            .current_dir(crate::root())
            .env("GRADER_CACHE_DIR", env.cache.path())
            .env("TMPDIR", env.tmp.path())
            .env("GRADER_STATE_DIR", env.state.path())
            .args(&args)
            .stdout(std::process::Stdio::from(write_end))
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
        assert!(out.status.code().is_some(), "{args:?}: killed by a signal");
    }
    env.assert_clean();
}
