//! Interactive and multi-pass problems: the guessing game (a legacy Kattis package whose output
//! validator is the interactor), problemtools' own `guess` example, and `remember` (2025-09, multi-pass) judged by `verify`, `run`
//! and, once imported, `check`; a `problem.toml` stdio problem with an `interactor`; and the
//! cases where the two processes stop talking (a deadlock, a flood, an interactor that gives up
//! first, one that crashes). Every run leaves no process and no file behind.

use super::{Env, assert_exit, parse_report, test};
use serde_json::Value;
use std::path::Path;

fn pkg(name: &str) -> String {
    format!("tests/fixtures/kattis/{name}")
}

/// `grader run PROBLEM SUBMISSION --format json`: the exit code and the report.
fn run(env: &Env, problem: &str, submission: &str) -> (i32, Value) {
    let out = env
        .grader()
        .args(["run", problem, submission, "--format", "json"])
        .output()
        .unwrap();
    parse_report(&out)
}

fn message<'a>(report: &'a Value, name: &str) -> &'a str {
    test(report, name)["message"].as_str().unwrap_or("")
}

/// `grader verify PACKAGE`: its stdout, after asserting it agreed with every submission.
fn verify(env: &Env, package: &str, rows: &[&str]) -> String {
    let out = env
        .grader()
        .args(["verify", &pkg(package)])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "{text}");
    for row in rows {
        assert!(text.contains(row), "missing `{row}` in:\n{text}");
    }
    text
}

#[test]
fn verify_judges_the_guessing_game_as_the_jury_does() {
    let env = Env::new();
    let text = verify(
        &env,
        "guess",
        &[
            "note: interactive: the output validator talks with the submission",
            "agreement 9/9 (100 %)",
        ],
    );
    for sub in [
        "accepted/binary.c",
        "accepted/binary.py",
        "run_time_error/close_stdout_crash.c",
        "run_time_error/crash.py",
        "time_limit_exceeded/close_stdout_sleep.c",
        "time_limit_exceeded/silent.py",
        "time_limit_exceeded/spin.py",
        "wrong_answer/flood.py",
        "wrong_answer/linear.py",
    ] {
        let line = text.lines().find(|l| l.ends_with(sub)).unwrap_or("");
        assert!(line.contains(" ok "), "{sub}: `{line}` in:\n{text}");
    }
    env.assert_clean();
}

#[test]
fn verify_agrees_with_the_jury_on_problemtools_guess() {
    let env = Env::new();
    let out = env
        .grader()
        .args(["verify", &pkg("guess-problemtools")])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let row = |sub: &str| {
        text.lines()
            .find(|l| l.ends_with(sub) || l.contains(&format!("{sub} ")))
    };
    // Its jury's rule: the validator's WA stands when it came first, even if the submission
    // then spun until the time limit (guess_tle.cc); a deadlock (no flush) is TLE.
    for sub in [
        "accepted/guess.cc",
        "accepted/guess.java",
        "run_time_error/guess_rte_after_correct.cc",
        "time_limit_exceeded/guess_no_flush.cc",
        "time_limit_exceeded/guess_tle_after_correct.cc",
        "wrong_answer/guess.py",
        "wrong_answer/guess_0.cc",
        "wrong_answer/guess_modulo.py",
        "wrong_answer/guess_random.cc",
        "wrong_answer/guess_tle.cc",
    ] {
        let line = row(sub).unwrap_or("");
        assert!(line.contains(" ok "), "{sub}: `{line}` in:\n{text}");
    }
    // Two near ties (both sides end within a millisecond or so of each other), decided by
    // cause (the answer cannot see the interactor's end before it is reaped), never by clocks.
    for sub in ["run_time_error/guess_rte.c", "wrong_answer/GuessCrash.java"] {
        let line = row(sub).unwrap_or("");
        assert!(line.contains(" ok "), "{sub}: `{line}` in:\n{text}");
    }
    env.assert_clean();
}

#[test]
fn each_verdict_of_an_interactive_package_says_why() {
    let env = Env::new();
    let sub = |s: &str| format!("{}/submissions/{s}", pkg("guess"));
    let (code, report) = run(&env, &pkg("guess"), &sub("accepted/binary.py"));
    assert_eq!(
        (code, report["verdict"].as_str()),
        (0, Some("AC")),
        "{report:#}"
    );
    // The interactor gives up first; the next guess goes to a closed pipe: still WA.
    let (code, report) = run(&env, &pkg("guess"), &sub("wrong_answer/linear.py"));
    assert_eq!(
        (code, report["verdict"].as_str()),
        (1, Some("WA")),
        "{report:#}"
    );
    assert_eq!(
        message(&report, "sample/1"),
        "the validator says: more than 5 guesses"
    );
    let (_, report) = run(&env, &pkg("guess"), &sub("wrong_answer/flood.py"));
    assert_eq!(test(&report, "sample/1")["verdict"], "WA", "{report:#}");
    // The submission ends first (exit 3), then the interactor reads the end of its input.
    let (_, report) = run(&env, &pkg("guess"), &sub("run_time_error/crash.py"));
    let t = test(&report, "sample/1");
    assert_eq!((&t["verdict"], &t["exit_code"]), (&"RE".into(), &3.into()));
    // Both wait for the other: the submission's wall limit ends the exchange.
    let (_, report) = run(&env, &pkg("guess"), &sub("time_limit_exceeded/silent.py"));
    let t = test(&report, "sample/1");
    assert_eq!((&t["verdict"], &t["tle"]), (&"TLE".into(), &"wall".into()));
    // BAPCtools' order: a submission that closes its stdout and then crashes or sleeps ends
    // first (the interactor sees the end of its input only once it has ended): RTE and TLE,
    // not the interactor's WA on the end of its input.
    let (_, report) = run(
        &env,
        &pkg("guess"),
        &sub("run_time_error/close_stdout_crash.c"),
    );
    let t = test(&report, "sample/1");
    assert_eq!(t["verdict"], "RE", "{report:#}");
    assert!(
        message(&report, "sample/1").contains("SIGABRT"),
        "{report:#}"
    );
    let (_, report) = run(
        &env,
        &pkg("guess"),
        &sub("time_limit_exceeded/close_stdout_sleep.c"),
    );
    let t = test(&report, "sample/1");
    assert_eq!(
        (&t["verdict"], &t["tle"]),
        (&"TLE".into(), &"wall".into()),
        "{report:#}"
    );
    env.assert_clean();
}

#[test]
fn a_multi_pass_package_runs_the_submission_again_on_nextpass_in() {
    let env = Env::new();
    verify(
        &env,
        "remember",
        &[
            "note: multi-pass (up to 2 passes)",
            "AC       AC       ok",
            "RTE      RTE      ok",
            "TLE      TLE      ok",
            "WA       WA       ok",
            "agreement 5/5 (100 %)",
        ],
    );
    let sub = format!("{}/submissions/wrong_answer/forgets.py", pkg("remember"));
    let (code, report) = run(&env, &pkg("remember"), &sub);
    assert_eq!(code, 1);
    // The second pass's input is the first pass's nextpass.in.
    assert_eq!(
        message(&report, "sample/1"),
        "pass 2: the validator says: decoded `3039`, expected `12345`"
    );
    assert!(
        test(&report, "sample/1")["details"]["input"]
            .as_str()
            .is_some_and(|i| i.contains("decode 3039")),
        "{report:#}"
    );
    env.assert_clean();
}

#[test]
fn import_keeps_an_interactive_package_interactive() {
    let env = Env::new();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("guess");
    let done = env
        .grader()
        .args(["import", &pkg("guess")])
        .arg(&out)
        .output()
        .unwrap();
    assert_exit(&done, 0);
    let spec = std::fs::read_to_string(out.join("problem.toml")).unwrap();
    assert!(
        spec.contains("interactor = \"output_validators/guess\""),
        "{spec}"
    );
    let problem = out.display().to_string();
    let sub = |s: &str| out.join(s).display().to_string();
    let (code, report) = run(&env, &problem, &sub("reference/binary.py"));
    assert_eq!(code, 0, "{report:#}");
    let (_, report) = run(&env, &problem, &sub("wrong/wrong_answer/linear.py"));
    assert_eq!(
        message(&report, "sample/1"),
        "the validator says: more than 5 guesses"
    );
    env.assert_clean();
}

#[test]
fn check_runs_a_problem_toml_interactor() {
    let env = Env::new();
    let out = env
        .grader()
        .args(["check", "tests/fixtures/problems/adder"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_exit(&out, 0);
    for row in [
        "ok reference/adder.py",
        "ok wrong/off_by_one.py                       WA on small",
        "ok wrong/stalls.py                          TLE on small",
        "ok wrong/crashes.py                          RE on small",
    ] {
        assert!(text.contains(row), "missing `{row}` in:\n{text}");
    }
    let (_, report) = run(
        &env,
        "tests/fixtures/problems/adder",
        "tests/fixtures/problems/adder/wrong/off_by_one.py",
    );
    assert_eq!(
        message(&report, "small"),
        "the validator says: question 1 (1 2): replied `4`, expected 3"
    );
    env.assert_clean();
}

/// Writes a small package into `dir`.
fn write_package(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

#[test]
fn a_crashing_interactor_is_a_judge_error_never_the_submission_s_fault() {
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    write_package(
        dir.path(),
        &[
            ("problem.yaml", "validation: custom interactive\n"),
            (".timelimit", "1\n"),
            ("data/secret/1.in", "1\n"),
            ("data/secret/1.ans", "1\n"),
            (
                "output_validators/v/v.py",
                "import sys\nprint('hello', flush=True)\nsys.exit(1)\n",
            ),
            ("submissions/accepted/a.py", "print(input())\n"),
        ],
    );
    let problem = dir.path().display().to_string();
    let sub = dir.path().join("submissions/accepted/a.py");
    let (code, report) = run(&env, &problem, &sub.display().to_string());
    assert_eq!(code, 3, "{report:#}");
    assert_eq!(test(&report, "secret/1")["verdict"], "JE");
    assert!(
        message(&report, "secret/1").starts_with(
            "the validator exited with 1, which is neither accept (42) nor reject (43)"
        ),
        "{report:#}"
    );
    env.assert_clean();
}

#[test]
fn an_interactor_that_talks_on_after_the_submission_has_gone_judges_it() {
    // BAPCtools relays and discards what the validator writes once the submission has ended;
    // here its stdin is drained. Without that, the validator's query flushed after a
    // submission that never read it, and its 200 KB after the answer, broke on the closed
    // pipe: a judge error.
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    let mut files = vec![
        (
            "problem.yaml",
            "validation: custom interactive\n".to_string(),
        ),
        (".timelimit", "1\n".to_string()),
        (
            "output_validators/v/v.py",
            "import sys\nn = int(open(sys.argv[1]).read())\nprint(n)\nans = input()\n\
             sys.stdout.write('x' * 200000 + '\\n')\nsys.stdout.flush()\n\
             sys.exit(42 if ans.strip() == str(n) else 43)\n"
                .to_string(),
        ),
        (
            "submissions/accepted/echo.py",
            "print(input())\n".to_string(),
        ),
        ("submissions/wrong_answer/deaf.py", "print(0)\n".to_string()),
        (
            "submissions/run_time_error/echo_crash.py",
            "print(input(), flush=True)\nraise SystemExit(3)\n".to_string(),
        ),
    ];
    let names: Vec<(String, String)> = (1..=8)
        .flat_map(|i| {
            [
                (format!("data/secret/{i}.in"), format!("{i}\n")),
                (format!("data/secret/{i}.ans"), format!("{i}\n")),
            ]
        })
        .collect();
    files.extend(names.iter().map(|(n, t)| (n.as_str(), t.clone())));
    let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    write_package(dir.path(), &files);
    let out = env
        .grader()
        .args(["verify", &dir.path().display().to_string()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("agreement 3/3 (100 %)"), "{text}");
    assert!(!text.contains("JE"), "{text}");
    env.assert_clean();
}

#[test]
fn a_submission_that_leaves_a_child_holding_the_pipe_ends_the_exchange_with_it() {
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    // The child keeps the pipes open and sleeps; the parent exits without a guess. The sweep
    // kills the child, the interactor reads the end of its input: WA, long before the wall.
    let file = dir.path().join("daemon.py");
    std::fs::write(
        &file,
        "import os, time\ninput()\nif os.fork() == 0:\n    time.sleep(60)\n",
    )
    .unwrap();
    let started = std::time::Instant::now();
    let (code, report) = run(&env, &pkg("guess"), &file.display().to_string());
    assert_eq!(code, 1, "{report:#}");
    let t = test(&report, "sample/1");
    assert_eq!(t["verdict"], "WA", "{report:#}");
    assert!(
        message(&report, "sample/1").contains("stopped after 0 guesses"),
        "{report:#}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    env.assert_clean();
}

#[test]
fn a_file_left_in_the_working_folder_does_not_break_the_next_test() {
    // Each test (and each pass) starts in the same folder, emptied: under namespaces the slot's
    // job root binds that folder, so a new folder in its place would not be writable there.
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scratch.py");
    std::fs::write(
        &file,
        "import os\nassert not os.path.exists('memo.txt')\nopen('memo.txt', 'w').write('x')\na, b = map(int, input().split())\nprint(a + b)\n",
    )
    .unwrap();
    let test = "[[tests]]\ninput = \"1 2\\n\"\noutput = \"3\\n\"\n";
    let problem = dir.path().join("sum4");
    write_package(
        &problem,
        &[(
            "problem.toml",
            &format!("format_version = 1\ntitle = \"t\"\n{}", test.repeat(4)),
        )],
    );
    // One worker: its two lanes' folders are each used twice.
    let out = env
        .grader()
        .args(["run", "-j", "1", "--format", "json"])
        .arg(&problem)
        .arg(&file)
        .output()
        .unwrap();
    let (code, report) = parse_report(&out);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(super::verdicts(&report), ["AC", "AC", "AC", "AC"]);
    env.assert_clean();
}

#[test]
fn an_interactive_scoring_package_scores_by_the_validator_s_score_file() {
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    write_package(
        dir.path(),
        &[
            (
                "problem.yaml",
                "problem_format_version: 2025-09\ntype: [scoring, interactive]\nlimits:\n  time_limit: 1\n",
            ),
            ("data/secret/1.in", "1\n"),
            ("data/secret/1.ans", "1\n"),
            ("data/secret/2.in", "2\n"),
            ("data/secret/2.ans", "2\n"),
            (
                "output_validator/v.py",
                "import sys\nn = open(sys.argv[1]).read().strip()\nprint(n, flush=True)\n\
                 if sys.stdin.readline().strip() != n:\n    sys.exit(43)\n\
                 open(sys.argv[3] + 'score_multiplier.txt', 'w').write('0.5' if n == '2' else '1')\n\
                 sys.exit(42)\n",
            ),
            (
                "submissions/accepted/echo.py",
                "print(input(), flush=True)\n",
            ),
        ],
    );
    let sub = dir.path().join("submissions/accepted/echo.py");
    let (code, report) = run(
        &env,
        &dir.path().display().to_string(),
        &sub.display().to_string(),
    );
    assert_eq!(code, 0, "{report:#}");
    // secret: 100 points, 50 a case; the second case is worth half.
    assert_eq!(
        (report["score"].as_f64(), report["max_score"].as_f64()),
        (Some(75.0), Some(100.0)),
        "{report:#}"
    );
    env.assert_clean();
}
