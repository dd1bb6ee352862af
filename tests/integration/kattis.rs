//! ICPC/Kattis packages read as they are: `grader run` and `show` on a package folder, the
//! default output validator's flags from the argument files, custom validators (C++ with the
//! header it ships, Python) with their judge messages, the time limit inferred from the
//! accepted submissions, refused problem types, and `grader verify` agreeing with the jury on
//! problemtools' `hello` and `different` and on this project's own packages; `export` checked by
//! problemtools' `verifyproblem`. Scoring packages are in `kattis_scoring.rs`.

use super::{Env, parse_report, test, verdicts};
use serde_json::Value;
use std::path::Path;

pub(crate) fn pkg(name: &str) -> String {
    format!("tests/fixtures/kattis/{name}")
}

pub(crate) fn sub(package: &str, path: &str) -> String {
    format!("tests/fixtures/kattis/{package}/submissions/{path}")
}

pub(crate) fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `grader run PACKAGE SUBMISSION --format json ARGS...` on a fixture package: the exit code
/// and the report.
pub(crate) fn run_package(
    env: &Env,
    package: &str,
    submission: &str,
    args: &[&str],
) -> (i32, Value) {
    run_json(env, &pkg(package), &sub(package, submission), args)
}

/// `grader run PACKAGE SUBMISSION --format json ARGS...`: the exit code and the report.
fn run_json(env: &Env, package: &str, submission: &str, args: &[&str]) -> (i32, Value) {
    let out = env
        .grader()
        .args(["run", package, submission])
        .args(["--format", "json"])
        .args(args)
        .output()
        .unwrap();
    parse_report(&out)
}

/// A legacy package echoing a number under a 1 s time limit, with `echo.py` accepted and `subs`.
fn write_echo_package(dir: &Path, subs: &[(&str, &str)]) {
    write_echo_package_as(dir, "name: Echo\nlimits:\n  time_limit: 1\n", subs);
}

/// [`write_echo_package`] with its own `problem.yaml`.
fn write_echo_package_as(dir: &Path, problem_yaml: &str, subs: &[(&str, &str)]) {
    let mut files = vec![
        ("problem.yaml", problem_yaml),
        ("data/secret/1.in", "7\n"),
        ("data/secret/1.ans", "7\n"),
        ("submissions/accepted/echo.py", "print(input())\n"),
    ];
    files.extend_from_slice(subs);
    write_package(dir, &files);
}

/// A Python submission that echoes its input line after `secs` seconds of CPU time.
fn echo_after_cpu(secs: &str) -> String {
    format!("import time\nx = input()\nwhile time.process_time() < {secs}:\n    pass\nprint(x)\n")
}

/// `grader ARGS...`: its stdout, after asserting the exit code.
pub(crate) fn grader_stdout(env: &Env, args: &[&str], code: i32) -> String {
    let out = env.grader().args(args).output().unwrap();
    let text = stdout(&out);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

/// `grader verify PACKAGE ARGS...`: its stdout, after asserting the exit code.
pub(crate) fn verify(env: &Env, package: &str, args: &[&str], code: i32) -> String {
    grader_stdout(env, &[&["verify", package], args].concat(), code)
}

/// Writes a small package into `dir`.
pub(crate) fn write_package(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

#[test]
fn verify_agrees_with_the_jury_on_problemtools_different() {
    let env = Env::new();
    let text = verify(&env, &pkg("different"), &[], 0);
    // No time limit in the package: inferred from the accepted submissions (legacy
    // time_multiplier 5), at least one time_resolution. Haskell runs where GHC is installed.
    let ghc = super::langs::on_path("ghc");
    let inferred = if ghc { 7 } else { 6 };
    assert!(
        text.contains(&format!("inferred from {inferred} accepted submission(s)")),
        "{text}"
    );
    for row in [
        "AC       AC       ok",
        "accepted/Different.java",
        "accepted/different_py3.py",
        "TLE      TLE      ok",
        "WA       WA       ok",
    ] {
        assert!(text.contains(row), "missing `{row}` in\n{text}");
    }
    // Python 2 (and Haskell without GHC) are skips, never compile errors.
    let hs = text
        .lines()
        .find(|l| l.contains("accepted/different.hs"))
        .unwrap_or("");
    if ghc {
        assert!(hs.starts_with("AC       AC       ok"), "{text}");
    } else {
        assert!(hs.ends_with("accepted/different.hs: language not available: ghc not found on PATH (needed for Haskell (GHC)): install GHC (Debian: apt-get install ghc)"), "{text}");
    }
    assert!(
        text.contains("accepted/different_py2.py: Python 2: language not available"),
        "{text}"
    );
    let agreement = if ghc {
        "agreement 10/10 (100 %), 1 skipped"
    } else {
        "agreement 9/9 (100 %), 2 skipped"
    };
    assert!(text.contains(agreement), "{text}");
    env.assert_clean();
}

#[test]
fn verify_agrees_on_hello_and_on_our_own_packages() {
    let env = Env::new();
    // circle-area's Kotlin submission runs where Kotlin is installed, and is a skip elsewhere.
    let circle = if super::langs::on_path("kotlinc") {
        "agreement 8/8 (100 %)"
    } else {
        "agreement 7/7 (100 %), 1 skipped"
    };
    for (name, agreement) in [
        ("hello", "agreement 2/2 (100 %)"),
        ("circle-area", circle),
        ("two-parts", "agreement 12/12 (100 %)"),
    ] {
        let text = verify(&env, &pkg(name), &[], 0);
        assert!(text.contains(agreement), "{name}: {text}");
        // Multi-file submissions (folders): a C++ source with its header, two Java classes,
        // two C++ sources compiled together, a Python main found by its `__main__` test with
        // the module it imports, a JavaScript main.js with the module it requires; a Java
        // class in a package; a stack buffer overflow caught as the judge hosts' gcc catches
        // it (RTE); a Java file without a main class (CE, as Kattis and DOMjudge judge it).
        let rows: &[(&str, &str)] = match name {
            "circle-area" => &[("accepted/with_header", "AC       AC       ok")],
            "two-parts" => &[
                ("accepted/multi_java", "AC       AC       ok"),
                ("accepted/multi_cpp", "AC       AC       ok"),
                ("accepted/multi_py", "AC       AC       ok"),
                ("accepted/multi_js", "AC       AC       ok"),
                ("accepted/Packaged.java", "AC       AC       ok"),
                ("run_time_error/smash.c", "RTE      RTE      ok"),
                ("rejected/NoMain.java", "CE@      CE       ok"),
            ],
            _ => &[],
        };
        for (file, want) in rows {
            let row = text.lines().find(|l| l.ends_with(file)).unwrap_or("");
            assert!(row.starts_with(want), "{name}: {file}: {text}");
        }
    }
    env.assert_clean();
}

#[test]
fn verify_exits_1_on_a_disagreement_and_says_where() {
    let env = Env::new();
    let dir = env.tmp.path().join("pkg");
    write_package(
        &dir,
        &[
            ("problem.yaml", "name: Echo\nlimits:\n  time_limit: 2\n"),
            ("data/sample/1.in", "5\n"),
            ("data/sample/1.ans", "5\n"),
            ("data/secret/1.in", "7\n"),
            ("data/secret/1.ans", "7\n"),
            ("submissions/accepted/echo.py", "print(input())\n"),
            // Filed as accepted, but wrong on the secret case.
            ("submissions/accepted/five.py", "input()\nprint(5)\n"),
            (
                "submissions/rejected/header.py",
                "# @EXPECTED_RESULTS@: WRONG-ANSWER, RUN-ERROR\nraise SystemExit(1)\n",
            ),
        ],
    );
    let text = verify(&env, dir.to_str().unwrap(), &["-j", "1"], 1);
    assert!(
        text.contains("AC       WA       DIFF") && text.contains("accepted/five.py"),
        "{text}"
    );
    assert!(text.contains("WA on secret/1"), "{text}");
    // Outside the format's verdict folders the header says what is expected: a run-time error
    // agrees.
    assert!(text.contains("WA|RTE@"), "{text}");
    assert!(text.contains("agreement 2/3 (67 %)"), "{text}");
    // `--submissions` judges the matching ones only (a substring, or a glob over the path).
    let only = |pattern: &str, code| {
        verify(
            &env,
            dir.to_str().unwrap(),
            &["--submissions", pattern],
            code,
        )
    };
    let text = only("accepted/echo", 0);
    assert!(
        text.contains("agreement 1/1 (100 %)") && !text.contains("five.py"),
        "{text}"
    );
    let text = only("{*/five.py,rejected/*}", 1);
    assert!(
        text.contains("agreement 1/2 (50 %)") && !text.contains("echo.py"),
        "{text}"
    );
    let out = env
        .grader()
        .args(["verify", dir.to_str().unwrap(), "--submissions", "a["])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--submissions `a[`"));
    std::fs::remove_dir_all(&dir).unwrap();
    env.assert_clean();
}

#[test]
fn an_output_validator_recursing_deep_runs_on_an_unlimited_stack_as_problemtools_gives() {
    // NWERC 2023's `higherarithmetic` validator recurses through the answer's expression: on an
    // 8 MiB stack it crashed (a judge error on every accepted submission).
    let env = Env::new();
    let dir = env.tmp.path().join("deep");
    // About 60 MB of stack: each frame keeps 256 bytes alive across the call.
    let validator = "#include <stdio.h>\n\
        static long depth(long n) { volatile long pad[32]; if (n == 0) return 0;\n\
          pad[0] = depth(n - 1); return pad[0] + 1; }\n\
        int main(int argc, char **argv) { long x = 0;\n\
          if (scanf(\"%ld\", &x) != 1) return 43;\n\
          return depth(200000) == 200000 && x == 7 ? 42 : 43; }\n";
    write_package(
        &dir,
        &[
            (
                "problem.yaml",
                "name: Deep\nvalidation: custom\nlimits:\n  time_limit: 2\n",
            ),
            ("data/secret/1.in", "7\n"),
            ("data/secret/1.ans", "7\n"),
            ("output_validators/deep/deep.c", validator),
            ("submissions/accepted/seven.py", "print(7)\n"),
            ("submissions/wrong_answer/six.py", "print(6)\n"),
        ],
    );
    let text = verify(&env, dir.to_str().unwrap(), &["-j", "1"], 0);
    assert!(text.contains("agreement 2/2 (100 %)"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
    env.assert_clean();
}

#[test]
fn run_on_a_package_with_the_default_validator_and_its_flags() {
    let env = Env::new();
    let (code, report) = run_package(&env, "circle-area", "accepted/area_exp.c", &[]);
    assert_eq!(code, 0, "{report:#}");
    // Samples first, then the secret groups, each in lexicographic order.
    let names: Vec<&str> = report["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "sample/1",
            "sample/2",
            "secret/large/01",
            "secret/large/02",
            "secret/small/01",
            "secret/small/02"
        ]
    );
    // Single precision passes the absolute-or-relative 1e-6 groups, not the large group's
    // relative 1e-9 (set by its test_group.yaml).
    let (code, report) = run_package(&env, "circle-area", "wrong_answer/float_single.c", &[]);
    assert_eq!(code, 1);
    assert_eq!(verdicts(&report), ["AC", "AC", "WA", "WA", "AC", "AC"]);
    let m = test(&report, "secret/large/01")["message"]
        .as_str()
        .unwrap();
    assert!(m.contains("too large a difference"), "{m}");
    assert!(m.contains("relative tolerance 1e-9"), "{m}");
    env.assert_clean();
}

#[test]
fn custom_validators_cpp_with_its_header_and_python_show_the_judge_message() {
    let env = Env::new();
    let (code, report) = run_package(&env, "different", "wrong_answer/different_no_abs.cc", &[]);
    assert_eq!(code, 1, "{report:#}");
    let m = test(&report, "sample/1")["message"].as_str().unwrap();
    assert!(
        m.contains("judge answer = 2 but submission output = -2"),
        "{m}"
    );
    let out = env
        .grader()
        .args([
            "run",
            &pkg("two-parts"),
            &sub("two-parts", "wrong_answer/zero_and_all.py"),
        ])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("both parts must be positive, got 0 and 10"),
        "{text}"
    );
    env.assert_clean();
}

#[test]
fn run_infers_the_time_limit_and_says_so() {
    let env = Env::new();
    let out = env
        .grader()
        .args(["run", &pkg("hello"), &sub("hello", "accepted/hello.cc")])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("time limit 1 s inferred from 1 accepted submission(s)"),
        "{err}"
    );
    // The 512 MiB allocation of problemtools' run_time_error submission fails under the
    // package's 512 MiB limit.
    let (code, report) = run_package(&env, "hello", "run_time_error/memory_limit.cc", &[]);
    assert_eq!(code, 1);
    assert!(
        ["RE", "MLE"].contains(&report["verdict"].as_str().unwrap()),
        "{report:#}"
    );
    env.assert_clean();
}

#[test]
fn space_change_sensitive_and_case_sensitive_from_per_test_yaml() {
    let env = Env::new();
    let dir = env.tmp.path().join("ws");
    write_package(
        &dir,
        &[
            (
                "problem.yaml",
                "problem_format_version: 2025-09\nlimits:\n  time_limit: 2\n",
            ),
            ("data/secret/a.in", ""),
            ("data/secret/a.ans", "Yes\n"),
            ("data/secret/b.in", ""),
            ("data/secret/b.ans", "Yes\n"),
            (
                "data/secret/b.yaml",
                "output_validator_args: [space_change_sensitive]\n",
            ),
            ("data/secret/c.in", ""),
            ("data/secret/c.ans", "Yes\n"),
            (
                "data/secret/c.yaml",
                "output_validator_args: [case_sensitive]\n",
            ),
        ],
    );
    let prog = env.tmp.path().join("yes.py");
    std::fs::write(&prog, "print('YES ')\n").unwrap();
    let out = env
        .grader()
        .args(["run", dir.to_str().unwrap(), prog.to_str().unwrap()])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let (code, report) = parse_report(&out);
    assert_eq!(code, 1);
    // Case-insensitive by default; a trailing space fails only the space-change-sensitive case.
    assert_eq!(verdicts(&report), ["AC", "WA", "WA"]);
    let b = test(&report, "secret/b")["message"].as_str().unwrap();
    assert!(b.contains("space change error"), "{b}");
    let c = test(&report, "secret/c")["message"].as_str().unwrap();
    assert!(
        c.contains("tokens differ: answer `Yes`, output `YES`"),
        "{c}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_file(&prog).unwrap();
    env.assert_clean();
}

#[test]
fn submit_answer_and_validator_less_interactive_packages_are_refused_naming_the_need() {
    let env = Env::new();
    for (yaml, feature) in [
        ("type: interactive\n", "needs its own output validator"),
        (
            "problem_format_version: 2025-09\ntype: [pass-fail, multi-pass]\n",
            "needs its own output validator",
        ),
        ("type: submit-answer\n", "are not supported yet"),
    ] {
        let dir = env.tmp.path().join("refused");
        write_package(
            &dir,
            &[
                ("problem.yaml", yaml),
                ("data/secret/1.in", ""),
                ("data/secret/1.ans", ""),
            ],
        );
        let out = env
            .grader()
            .args([
                "run",
                dir.to_str().unwrap(),
                &sub("hello", "accepted/hello.cc"),
            ])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(feature), "{err}");
        assert!(err.contains("problem.yaml"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
    env.assert_clean();
}

#[test]
fn show_and_list_take_packages() {
    let env = Env::new();
    let out = env
        .grader()
        .args(["show", &pkg("circle-area")])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("Circle Area"), "{text}");
    assert!(
        text.contains("ICPC/Kattis package (format 2025-09)"),
        "{text}"
    );
    assert!(text.contains("secret/large"), "{text}");
    let out = env
        .grader()
        .current_dir(super::root().join("tests/fixtures/kattis"))
        .arg("list")
        .output()
        .unwrap();
    let text = stdout(&out);
    for name in ["circle-area", "different", "hello", "two-parts"] {
        assert!(text.contains(name), "{text}");
    }
    env.assert_clean();
}

#[test]
fn run_reports_python_2_and_unknown_languages_as_not_available() {
    let env = Env::new();
    // Swift is the one language of the jury sets that Debian does not package.
    let dir = tempfile::tempdir().unwrap();
    let swift = dir.path().join("different.swift");
    std::fs::write(&swift, "print(1)\n").unwrap();
    for (file, said) in [
        (sub("different", "accepted/different_py2.py"), "is Python 2"),
        (
            swift.display().to_string(),
            "language not available (.swift)",
        ),
    ] {
        let out = env
            .grader()
            .args(["run", &pkg("different"), &file])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(said), "{err}");
        // Refused before anything ran: no compile error, no time-limit inference.
        assert!(!err.contains("inferred"), "{err}");
        assert!(out.stdout.is_empty());
    }
    env.assert_clean();
}

#[test]
fn check_verifies_a_package_by_its_jury_submissions() {
    let env = Env::new();
    let text = grader_stdout(&env, &["check", &pkg("two-parts")], 0);
    assert!(text.contains("agreement 12/12 (100 %)"), "{text}");
    assert!(text.contains("12 passed, 0 failed"), "{text}");
    env.assert_clean();
}

#[test]
fn import_writes_a_problem_toml_folder_that_checks_like_the_package_verifies() {
    let env = Env::new();
    let out_root = tempfile::tempdir().unwrap();
    // The Kotlin submission is imported where Kotlin is installed.
    let kotlin = super::langs::on_path("kotlinc");
    let circle = if kotlin {
        "8 passed, 0 failed"
    } else {
        "7 passed, 0 failed"
    };
    // Folders (multi-file submissions) are references graded whole: circle-area's
    // with_header/, two-parts' four.
    for (name, passed) in [
        ("circle-area", circle),
        ("two-parts", "12 passed, 0 failed"),
    ] {
        let dest = out_root.path().join(name);
        let out = env
            .grader()
            .args(["import", &pkg(name), dest.to_str().unwrap()])
            .output()
            .unwrap();
        let text = stdout(&out);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(text.contains("imported"), "{text}");
        let spec = std::fs::read_to_string(dest.join("problem.toml")).unwrap();
        assert!(!dest.join("problem.yaml").exists());
        let out = env
            .grader()
            .args(["check", dest.to_str().unwrap()])
            .output()
            .unwrap();
        let text = stdout(&out);
        assert_eq!(out.status.code(), Some(0), "{spec}\n{text}");
        assert!(text.contains(passed), "{text}");
        if name == "circle-area" {
            // The default validator and each group's own flags, in the package's order.
            assert!(
                spec.contains(
                    "name = \"secret-large\"\nscore = \"all\"\ncompare = { mode = \"kattis\", kattis_args = [\"float_relative_tolerance\", \"1e-9\"] }"
                ),
                "{spec}"
            );
            assert!(dest.join("tests/secret-large/01.ans").is_file());
            assert_eq!(
                dest.join("reference/area.kt").exists(),
                kotlin,
                "Kotlin is imported where it runs"
            );
        } else {
            assert!(spec.contains("protocol = \"kattis\""), "{spec}");
            assert!(dest.join("reference/multi_cpp/split.h").is_file());
            for folder in ["multi_cpp", "multi_java", "multi_js", "multi_py"] {
                assert!(text.contains(&format!("reference/{folder}")), "{text}");
            }
            assert!(
                dest.join("output_validators/sum_check/validate.py")
                    .is_file()
            );
        }
    }
    // An existing, non-empty destination is refused.
    let dest = out_root.path().join("two-parts");
    let out = env
        .grader()
        .args(["import", &pkg("two-parts"), dest.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    env.assert_clean();
}

#[test]
fn kattis_args_in_problem_toml_need_the_kattis_mode() {
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    write_package(
        dir.path(),
        &[(
            "problem.toml",
            "format_version = 1\ntitle = \"t\"\n[compare]\nmode = \"tokens\"\nkattis_args = [\"case_sensitive\"]\n[[tests]]\ninput = \"\"\noutput = \"x\\n\"\n",
        )],
    );
    let out = env
        .grader()
        .args(["show", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("kattis_args"), "{err}");
    env.assert_clean();
}

#[test]
fn a_package_gives_every_language_its_one_time_limit_as_juries_do() {
    // problemtools, Kattis and BAPCtools have no per-language time factor: a Python submission
    // that needs 1.5 s of CPU is too slow under a package's 1 s limit (it was accepted under
    // Python's factor of 2).
    let env = Env::new();
    let dir = env.tmp.path().join("onelimit");
    let slow = echo_after_cpu("1.5");
    write_echo_package(&dir, &[("submissions/time_limit_exceeded/slow.py", &slow)]);
    let package = dir.to_str().unwrap();
    let text = verify(&env, package, &["-j", "1"], 0);
    assert!(text.contains("agreement 2/2 (100 %)"), "{text}");
    // The report's limits: the package's 1 s for Python, with no scaling shown.
    let submission = dir.join("submissions/accepted/echo.py");
    let (code, report) = run_json(&env, package, submission.to_str().unwrap(), &[]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["limits"]["time_s"], 1.0, "{report:#}");
    let human = grader_stdout(&env, &["run", package, submission.to_str().unwrap()], 0);
    assert!(!human.contains("× 2"), "{human}");
    // Imported, the problem keeps the jury's rule.
    let imported = env.tmp.path().join("onelimit-imported");
    grader_stdout(&env, &["import", package, imported.to_str().unwrap()], 0);
    let toml = std::fs::read_to_string(imported.join("problem.toml")).unwrap();
    assert!(toml.contains("time_factors = false"), "{toml}");
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&imported).unwrap();
    env.assert_clean();
}

#[test]
fn a_legacy_package_without_a_memory_limit_gets_problemtools_1024_mib() {
    // The legacy format leaves the memory limit to the judge system: problemtools gives 1024 MiB
    // (its config/problem.yaml), so a 1.5 GiB allocation fails at once (the GCPC 2021 and 2022
    // juries' RTE).
    // The 2025-09 format's own default is 2048 MiB, under which the same allocation succeeds.
    let env = Env::new();
    let big = "#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  int x;\n  \
               if (scanf(\"%d\", &x) != 1 || !malloc(1536u << 20)) return 3;\n  \
               printf(\"%d\\n\", x);\n  return 0;\n}\n";
    let legacy = env.tmp.path().join("legacy-memory");
    write_echo_package(&legacy, &[("submissions/run_time_error/big.c", big)]);
    let text = verify(&env, legacy.to_str().unwrap(), &["-j", "1"], 0);
    assert!(text.contains("agreement 2/2 (100 %)"), "{text}");
    let (code, report) = run_json(
        &env,
        legacy.to_str().unwrap(),
        legacy
            .join("submissions/accepted/echo.py")
            .to_str()
            .unwrap(),
        &[],
    );
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(
        report["limits"]["memory_bytes"],
        1024u64 << 20,
        "{report:#}"
    );
    let current = env.tmp.path().join("current-memory");
    write_echo_package_as(
        &current,
        "problem_format_version: 2025-09\nname: Echo\nlimits:\n  time_limit: 1\n",
        &[("submissions/accepted/big.c", big)],
    );
    let text = verify(&env, current.to_str().unwrap(), &["-j", "1"], 0);
    assert!(text.contains("agreement 2/2 (100 %)"), "{text}");
    std::fs::remove_dir_all(&legacy).unwrap();
    std::fs::remove_dir_all(&current).unwrap();
    env.assert_clean();
}

#[test]
fn a_jury_verdict_reached_only_with_extra_time_agrees_as_problemtools_says() {
    // problemtools' `verifyproblem` also judges each submission under the time limit ×
    // `time_limit_to_tle` (legacy: `time_safety_margin`, 2) and accepts the jury's verdict there
    // ("OK with extra time"): an accepted submission needing 1.3 s under a 1 s limit set on a
    // faster machine. One that is too slow under both limits still disagrees.
    let env = Env::new();
    let dir = env.tmp.path().join("extratime");
    write_echo_package(
        &dir,
        &[
            ("submissions/accepted/slower.py", &echo_after_cpu("1.3")),
            ("submissions/accepted/slowest.py", &echo_after_cpu("2.5")),
        ],
    );
    let text = verify(&env, dir.to_str().unwrap(), &["-j", "1"], 1);
    assert!(
        text.contains("agreement 2/3 (67 %), 1 of them only with extra time"),
        "{text}"
    );
    let row = text
        .lines()
        .find(|l| l.contains("accepted/slower.py"))
        .unwrap();
    assert!(
        row.starts_with("AC       AC       ok")
            && row.contains("agrees only with extra time (problemtools' rule): TLE under the 1 s limit, AC under 2 s"),
        "{row}"
    );
    let row = text
        .lines()
        .find(|l| l.contains("accepted/slowest.py"))
        .unwrap();
    assert!(row.starts_with("AC       TLE      DIFF"), "{row}");
    std::fs::remove_dir_all(&dir).unwrap();
    env.assert_clean();
}

#[test]
fn python_submissions_of_packages_run_on_pypy_when_installed() {
    let env = Env::new();
    // Installed: a `pypy3` on PATH (what the grader's toolchain lookup finds).
    let pypy = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|d| d.join("pypy3").is_file()));
    let language = |extra: &[&str]| {
        let (code, report) = run_package(&env, "two-parts", "accepted/one_and_rest.py", extra);
        assert_eq!(code, 0, "{report:#}");
        report["language"]["id"].as_str().unwrap().to_string()
    };
    assert_eq!(language(&[]), if pypy { "pypy3" } else { "python3" });
    assert_eq!(language(&["--python", "cpython"]), "python3");
    if pypy {
        assert_eq!(language(&["--python", "pypy"]), "pypy3");
    } else {
        let out = env
            .grader()
            .args([
                "run",
                &pkg("two-parts"),
                &sub("two-parts", "accepted/one_and_rest.py"),
                "--python",
                "pypy",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("--python pypy"));
    }
    // A problem.toml problem keeps CPython.
    let out = env
        .grader()
        .args([
            "run",
            &super::fixture_problem("even"),
            &super::fixture_submission("even_ac.py"),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let (_, report) = parse_report(&out);
    assert_eq!(report["language"]["id"], "python3", "{report:#}");
    env.assert_clean();
}

#[test]
fn export_writes_a_package_that_verify_agrees_with() {
    let env = Env::new();
    let out_root = tempfile::tempdir().unwrap();
    // A Kattis-protocol checker becomes the package's custom output validator.
    let dest = out_root.path().join("even");
    let out = env
        .grader()
        .args([
            "export",
            "--kattis",
            &super::fixture_problem("even"),
            dest.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let yaml = std::fs::read_to_string(dest.join("problem.yaml")).unwrap();
    assert!(yaml.contains("validation: custom"), "{yaml}");
    assert!(dest.join("output_validators/checker/checker.py").is_file());
    assert_eq!(
        std::fs::read_to_string(dest.join(".timelimit")).unwrap(),
        "1\n"
    );
    let text = verify(&env, dest.to_str().unwrap(), &[], 0);
    assert!(text.contains("agreement 1/1 (100 %)"), "{text}");
    // Imported back, the package becomes a problem.toml folder again, and checks.
    let back = out_root.path().join("even-back");
    let out = env
        .grader()
        .args(["import", dest.to_str().unwrap(), back.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = env
        .grader()
        .args(["check", back.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // What a package cannot express is refused, naming why.
    for (problem, why) in [
        (
            super::fixture_problem("mixed-checker"),
            "judged in different ways",
        ),
        (super::fixture_problem("divisor"), "function problem"),
        (super::fixture_problem("even-testlib"), "testlib checker"),
    ] {
        let out = env
            .grader()
            .args([
                "export",
                "--kattis",
                &problem,
                out_root.path().join("refused").to_str().unwrap(),
            ])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(why), "{err}");
    }
    env.assert_clean();
}

/// problemtools' `verifyproblem`, from the folder `GRADER_PROBLEMTOOLS` names (the bin folder of
/// a virtualenv with `pip install problemtools`); CI (`GRADER_REQUIRE_PROBLEMTOOLS=1`) insists
/// on it.
fn verifyproblem() -> Option<std::path::PathBuf> {
    let found = std::env::var_os("GRADER_PROBLEMTOOLS")
        .map(|dir| Path::new(&dir).join("verifyproblem"))
        .filter(|p| p.is_file());
    if found.is_none() {
        assert!(
            std::env::var("GRADER_REQUIRE_PROBLEMTOOLS").as_deref() != Ok("1"),
            "GRADER_REQUIRE_PROBLEMTOOLS=1 but no verifyproblem in GRADER_PROBLEMTOOLS (python3 -m venv DIR && DIR/bin/pip install problemtools; GRADER_PROBLEMTOOLS=DIR/bin)"
        );
        crate::skipped(
            "GRADER_PROBLEMTOOLS names no folder with verifyproblem; exported packages were not checked with problemtools",
        );
    }
    found
}

/// Runs `verifyproblem` on `packages`: its exit code, its output, and per package (by folder
/// name) the errors and warnings it counted.
#[expect(
    clippy::disallowed_methods,
    reason = "the test runs problemtools' verifyproblem on exported packages"
)]
fn run_verifyproblem(
    tool: &Path,
    packages: &[&Path],
    args: &[&str],
) -> (
    Option<i32>,
    String,
    std::collections::BTreeMap<String, (u32, u32)>,
) {
    // problemtools' default languages.yaml compiles Java with `-source 21`; this project's Java
    // is JDK 17 (Debian 12), so the host's configuration says so, as problemtools intends
    // (`$XDG_CONFIG_HOME/problemtools/languages.yaml`). Everything it writes stays in `scratch`.
    let scratch = tempfile::tempdir().unwrap();
    let config = scratch.path().join("config/problemtools");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("languages.yaml"),
        "java:\n    compile: 'javac --release 17 -encoding UTF-8 -sourcepath {path} -d {path} {files}'\n",
    )
    .unwrap();
    let tmp = scratch.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    // The packages first: `-p` takes every argument after it.
    let out = std::process::Command::new(tool)
        .args(packages)
        .args(args)
        .env("XDG_CONFIG_HOME", scratch.path().join("config"))
        .env("TMPDIR", &tmp)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().flatten().collect();
    assert!(left.is_empty(), "verifyproblem left {left:?}\n{text}");
    // `NAME tested: 0 errors, 3 warnings` closes each package's report.
    let tested = regex::Regex::new(r"(?m)^(\S+) tested: (\d+) errors?, (\d+) warnings?$").unwrap();
    let counts = tested
        .captures_iter(&text)
        .map(|c| {
            (
                c[1].to_string(),
                (c[2].parse().unwrap(), c[3].parse().unwrap()),
            )
        })
        .collect();
    (out.status.code(), text, counts)
}

#[test]
fn exported_packages_pass_problemtools_verifyproblem() {
    let Some(tool) = verifyproblem() else { return };
    let env = Env::new();
    let out_root = tempfile::tempdir().unwrap();
    // A shipped problem (groups, C/C++/Rust/Java/Python answers, WA, TLE and RE submissions),
    // a small one with a statement and a 64 MiB limit, and one judged by a custom validator.
    // And one with a 1 GiB limit, where Node.js starts under problemtools' limit: its JavaScript
    // answer is kept.
    let big = out_root.path().join("src-double");
    write_package(
        &big,
        &[
            (
                "problem.toml",
                "format_version = 1\ntitle = \"Double it\"\nkind = \"stdio\"\n\n[limits]\ntime = \"1s\"\nmemory = \"1GiB\"\n\n[[tests]]\nname = \"one\"\ninput = \"21\\n\"\noutput = \"42\\n\"\nvisibility = \"sample\"\n\n[[tests]]\nname = \"two\"\ninput = \"-4\\n\"\noutput = \"-8\\n\"\n",
            ),
            (
                "reference/double.js",
                "const n = Number(require(\"fs\").readFileSync(0, \"utf8\").trim());\nconsole.log(2 * n);\n",
            ),
            ("reference/double.py", "print(2 * int(input()))\n"),
        ],
    );
    // Package folders are named as problemtools wants short names: [a-z0-9]+.
    let problems = [
        (
            "longestsubstringlength",
            "problems/longest-substring-length".to_string(),
        ),
        ("sum", super::fixture_problem("sum")),
        ("even", super::fixture_problem("even")),
        ("doubleit", big.display().to_string()),
    ];
    let mut exported = Vec::new();
    for (name, problem) in &problems {
        let dest = out_root.path().join(name);
        let out = env
            .grader()
            .args(["export", "--kattis", problem, dest.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(dest.join("problem_statement/problem.en.tex").is_file());
        assert!(dest.join("input_validators/validate.py").is_file());
        exported.push((name, dest, stdout(&out)));
    }
    let out = env
        .grader()
        .args(["export", "--kattis", &super::fixture_problem("sum")])
        .arg(out_root.path().join("sum-2"))
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("problemtools wants as [a-z0-9]+ (`sum`, not `sum-2`)"),
        "{}",
        stdout(&out)
    );
    // Runtimes that cannot start under problemtools' address-space limit are left out, saying so.
    let (_, lsl, said) = &exported[0];
    assert!(
        said.contains("left out `sol.js`") && said.contains("where Node.js cannot start"),
        "{said}"
    );
    assert!(!lsl.join("submissions/accepted/sol.js").exists());
    let (_, sum, said) = &exported[1];
    assert!(said.contains("left out `sum.py`"), "{said}");
    assert!(sum.join("submissions/accepted/sum.c").is_file());

    let packages: Vec<&Path> = exported.iter().map(|(_, d, _)| d.as_path()).collect();
    let (code, text, counts) = run_verifyproblem(&tool, &packages, &[]);
    for (name, _) in &problems {
        let (errors, _) = counts.get(*name).copied().unwrap_or((u32::MAX, 0));
        assert_eq!(errors, 0, "{name}: verifyproblem errors\n{text}");
    }
    assert_eq!(code, Some(0), "{text}");
    // Every submission got the verdict of the folder it was exported into.
    for row in [
        "accepted/sol.c (C) OK: AC",
        "accepted/sol.cpp (C++) OK: AC",
        "accepted/sol.rs (Rust) OK: AC",
        "accepted/Sol.java (Java) OK: AC",
        "accepted/sol.py (Python 3 (w/PyPy3)) OK: AC",
        "wrong_answer/wa.c (C) OK: WA",
        "wrong_answer/off_by_one.py (Python 3 (w/PyPy3)) OK: WA",
        "time_limit_exceeded/cubic.py (Python 3 (w/PyPy3)) OK: TLE",
        "run_time_error/crash.py (Python 3 (w/PyPy3)) OK: RTE",
        "run_time_error/LowercaseOnly.java (Java) OK: RTE",
        "run_time_error/exit137.c (C) OK: RTE",
        "accepted/sum.c (C) OK: AC",
        "accepted/even.py (Python 3 (w/PyPy3)) OK: AC",
        "accepted/double.js (JavaScript) OK: AC",
        "accepted/double.py (Python 3 (w/PyPy3)) OK: AC",
        "Checking 208 test cases in 5 test data groups",
    ] {
        assert!(text.contains(row), "missing `{row}` in\n{text}");
    }
    // The statement compiled, and the inferred input validator rejects problemtools' junk:
    // of its warnings, only the digit edits inside longest-substring-length's free-form
    // strings (which the problem allows) remain.
    let warnings: Vec<&str> = text.lines().filter(|l| l.starts_with("WARNING")).collect();
    for w in &warnings {
        assert!(
            [
                "WARNING License is 'unknown'",
                "WARNING No sample data provided",
                "WARNING No validator rejects leading zeros added to integers",
                "WARNING No validator rejects trailing zeros added to real number decimal portion",
            ]
            .contains(w),
            "unexpected warning `{w}`\n{text}"
        );
    }
    assert_eq!(counts["sum"], (0, 1), "{text}");

    // The validator is no formality: a malformed case added to the package is an error.
    std::fs::write(sum.join("data/secret/999-bad.in"), "1 2 3\n").unwrap();
    std::fs::write(sum.join("data/secret/999-bad.ans"), "6\n").unwrap();
    let (code, text, counts) = run_verifyproblem(&tool, &[sum], &["-p", "data"]);
    assert_ne!(code, Some(0), "{text}");
    assert!(counts["sum"].0 >= 1, "{text}");
    assert!(
        text.contains("did not accept input") && text.contains("999-bad.in"),
        "{text}"
    );
    env.assert_clean();
}
