//! The learner's loop (issue 15): hints one at a time and remembered, the "stuck?" line of a
//! failing run, the run history and `grader status` (a corrupt history included), shell
//! completions naming the bank's problems and languages, and the man page. Every grader here
//! runs with its own `GRADER_STATE_DIR` (`Env::state`), so no test touches the real state folder.

use crate::{Env, assert_exit, copy_tree, fixture_submission};
use serde_json::Value;
use std::path::Path;
use tempfile::TempDir;

const HINTS: [&str; 3] = [
    "Read both numbers first.",
    "The numbers may be negative: keep their signs.",
    "Print a + b, nothing else.",
];

/// A problems folder holding copies of the `sum` fixture (`add-two`, with [[hints]] and
/// difficulty medium) and of the `double` fixture (`double-it`, easy, no hints).
fn bank() -> TempDir {
    let bank = tempfile::tempdir().expect("bank");
    let sum = bank.path().join("add-two");
    copy_tree(&crate::root().join("tests/fixtures/problems/sum"), &sum);
    let toml = sum.join("problem.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap().replace(
        "kind = \"stdio\"",
        "kind = \"stdio\"\ndifficulty = \"medium\"",
    );
    for h in HINTS {
        text.push_str(&format!("\n[[hints]]\ntext = \"{h}\"\n"));
    }
    std::fs::write(&toml, text).unwrap();
    let double = bank.path().join("double-it");
    copy_tree(
        &crate::root().join("tests/fixtures/problems/double"),
        &double,
    );
    let toml = double.join("problem.toml");
    let text = std::fs::read_to_string(&toml).unwrap().replace(
        "kind = \"function\"",
        "kind = \"function\"\ndifficulty = \"easy\"",
    );
    std::fs::write(&toml, text).unwrap();
    bank
}

/// `grader --problems BANK ARGS...`: exit code, stdout, stderr.
fn grader(env: &Env, bank: &Path, args: &[&str]) -> (i32, String, String) {
    let out = env
        .grader()
        .arg("--problems")
        .arg(bank)
        .args(args)
        .output()
        .expect("run grader");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `grader run add-two SUBMISSION` (human format): exit code and stdout's last line.
fn run_add(env: &Env, bank: &Path, submission: &str) -> (i32, String) {
    let (code, out, err) = grader(
        env,
        bank,
        &["run", "add-two", &fixture_submission(submission)],
    );
    assert!(
        !err.contains("warning"),
        "a healthy state folder gives no warning: {err}"
    );
    (
        code,
        out.trim_end().lines().last().unwrap_or("").to_string(),
    )
}

#[test]
fn hints_come_in_order_are_remembered_per_state_folder_and_named_by_failing_runs() {
    let (env, bank) = (Env::new(), bank());
    let b = bank.path();
    let (code, last) = run_add(&env, b, "wa.py");
    assert_eq!(code, 1);
    assert_eq!(last, "stuck? `grader hint add-two` (0 of 3 shown)");
    for (i, h) in HINTS.iter().enumerate() {
        let (code, out, _) = grader(&env, b, &["hint", "add-two"]);
        assert_eq!(code, 0);
        assert_eq!(
            out,
            format!("hint {} of 3 (add-two):\n  {h}\n", i + 1),
            "hints come one at a time, in order"
        );
        if i == 0 {
            // Remembered across runs: the next failing run counts the hint shown.
            assert_eq!(
                run_add(&env, b, "wa.py").1,
                "stuck? `grader hint add-two` (1 of 3 shown)"
            );
        }
    }
    let (code, out, _) = grader(&env, b, &["hint", "add-two"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("no more hints for `add-two`: all 3 were shown"),
        "{out}"
    );
    assert_eq!(
        run_add(&env, b, "wa.py").1,
        "stuck? `grader hint add-two --all` (3 of 3 shown)"
    );
    let (_, all, _) = grader(&env, b, &["hint", "add-two", "--all"]);
    let shown: Vec<&str> = all.lines().filter_map(|l| l.strip_prefix("  ")).collect();
    assert_eq!(shown, HINTS, "--all shows every hint again, in order");
    // What was remembered is in this test's state folder, keyed by the problem's id.
    let saved: Value =
        serde_json::from_slice(&std::fs::read(env.state.path().join("hints.json")).unwrap())
            .unwrap();
    assert_eq!(saved["shown"]["add-two"], 3);

    // Another state folder knows nothing of it.
    let other = Env::new();
    assert_eq!(
        run_add(&other, b, "wa.py").1,
        "stuck? `grader hint add-two` (0 of 3 shown)"
    );

    // --reset starts over; an accepted run, or a machine format, says nothing of hints.
    let (code, out, _) = grader(&env, b, &["hint", "add-two", "--reset"]);
    assert_eq!((code, out.contains("reset")), (0, true), "{out}");
    let (_, out, _) = grader(&env, b, &["hint", "add-two"]);
    assert!(out.starts_with("hint 1 of 3 (add-two):"), "{out}");
    let (code, last) = run_add(&env, b, "ac.py");
    assert_eq!(code, 0);
    assert!(!last.contains("stuck?"), "{last}");
    let (code, out, _) = grader(
        &env,
        b,
        &[
            "run",
            "add-two",
            &fixture_submission("wa.py"),
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&out).expect("the JSON report alone on stdout");
    assert_eq!(report["verdict"], "WA");

    // A problem without hints says so, and its failing runs do not offer any.
    let (code, out, _) = grader(&env, b, &["hint", "double-it"]);
    assert_eq!((code, out.as_str()), (0, "`double-it` has no hints\n"));
}

#[test]
fn every_shipped_problem_has_three_hints_or_more() {
    let root = crate::root().join("problems");
    let mut count = 0;
    for entry in std::fs::read_dir(&root).unwrap().flatten() {
        if !entry.path().join("problem.toml").is_file() {
            continue;
        }
        let p = grader::problem::load(&entry.path()).expect("a shipped problem loads");
        assert!(p.hints.len() >= 3, "`{}` has {} hints", p.id, p.hints.len());
        let mut distinct = p.hints.clone();
        distinct.dedup();
        assert_eq!(distinct.len(), p.hints.len(), "`{}` repeats a hint", p.id);
        count += 1;
    }
    assert!(count >= 21, "only {count} problems found");
}

/// The history's records, as JSON values.
fn history(env: &Env) -> Vec<Value> {
    std::fs::read_to_string(env.state.path().join("history.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a history line is JSON"))
        .collect()
}

fn status_json(env: &Env, bank: &Path) -> (Value, String) {
    let (code, out, err) = grader(env, bank, &["status", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    (serde_json::from_str(&out).expect("status JSON"), err)
}

#[test]
fn graded_runs_go_to_the_history_and_status_shows_progress() {
    let (env, bank) = (Env::new(), bank());
    let b = bank.path();
    let (status, _) = status_json(&env, b);
    assert_eq!(status["not_started"], 2, "{status:#}");
    assert_eq!(status["next"], "double-it", "the easiest unsolved problem");
    assert!(
        !env.state.path().join("history.jsonl").exists(),
        "status writes nothing"
    );

    assert_eq!(run_add(&env, b, "wa.py").0, 1);
    assert_eq!(run_add(&env, b, "ac.py").0, 0);
    let runs = history(&env);
    assert_eq!(runs.len(), 2);
    let wa_py = std::fs::read(crate::root().join(fixture_submission("wa.py"))).unwrap();
    assert_eq!(runs[0]["file_sha256"], grader::problem::sha256_hex(&wa_py));
    assert_eq!(
        (&runs[0]["problem"], &runs[0]["lang"], &runs[0]["verdict"]),
        (
            &Value::from("add-two"),
            &Value::from("python3"),
            &Value::from("WA")
        )
    );
    assert!(runs[0]["score"].as_f64().unwrap() < runs[0]["max"].as_f64().unwrap());
    assert_eq!(runs[1]["verdict"], "AC");
    assert_eq!(runs[1]["score"], runs[1]["max"]);
    assert!(runs[1]["wall_s"].as_f64().unwrap() > 0.0);
    assert!(runs[1]["time"].as_str().unwrap().ends_with('Z'));

    let (status, _) = status_json(&env, b);
    let add = status["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "add-two")
        .unwrap();
    assert_eq!(add["state"], "solved");
    assert_eq!(add["attempts"], 2);
    assert_eq!(add["best_score"], add["max_score"]);
    assert_eq!(add["languages"], serde_json::json!(["python3"]));
    assert_eq!(
        (&status["solved"], &status["not_started"]),
        (&1.into(), &1.into())
    );
    assert_eq!(status["next"], "double-it");

    let (code, out, _) = grader(&env, b, &["status"]);
    assert_eq!(code, 0);
    let row = out
        .lines()
        .find(|l| l.starts_with("add-two "))
        .expect("a row for add-two");
    assert!(
        row.contains("medium") && row.contains("solved") && row.contains("python3"),
        "{row}"
    );
    assert!(
        out.contains("1 of 2 solved, 0 attempted, 1 not started"),
        "{out}"
    );
    assert!(out.contains("next: double-it"), "{out}");
}

#[test]
fn a_corrupt_or_unwritable_history_never_stops_grading() {
    let (env, bank) = (Env::new(), bank());
    let b = bank.path();
    let file = env.state.path().join("history.jsonl");
    // A line that is not a record, and a last line cut short by a crash.
    std::fs::write(
        &file,
        "garbage\n{\"time\":\"2025-01-01T00:00:00Z\",\"problem\":\"double-it\",\"file_sha256\":\"\",\"lang\":\"python3\",\"score\":1,\"max\":1,\"verdict\":\"AC\",\"wall_s\":0.1}\n{\"time\": \"20",
    )
    .unwrap();
    assert_eq!(run_add(&env, b, "wa.py").0, 1, "graded as usual");
    let (status, err) = status_json(&env, b);
    assert!(
        err.contains("skipped 2 line(s) that are not run records (line 1, 3)"),
        "{err}"
    );
    assert_eq!(
        (&status["solved"], &status["attempted"]),
        (&1.into(), &1.into())
    );
    assert_eq!(status["next"], "add-two");

    // A history that cannot be written (a folder in its place): a warning, the same verdict.
    std::fs::remove_file(&file).unwrap();
    std::fs::create_dir(&file).unwrap();
    let (code, out, err) = grader(&env, b, &["run", "add-two", &fixture_submission("ac.py")]);
    assert_exit_code(code, 0, &err);
    assert!(out.contains("all tests passed"), "{out}");
    assert!(err.contains("cannot add this run to the history"), "{err}");
    let (code, _, err) = grader(&env, b, &["status"]);
    assert_exit_code(code, 0, &err);
    assert!(err.contains("cannot read the history"), "{err}");
}

fn assert_exit_code(code: i32, want: i32, stderr: &str) {
    assert_eq!(code, want, "stderr: {stderr}");
}

#[test]
fn completions_name_the_banks_problems_and_languages_in_every_shell() {
    let (env, bank) = (Env::new(), bank());
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = env
            .grader()
            .arg("--problems")
            .arg(bank.path())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert_exit(&out, 0);
        let script = String::from_utf8_lossy(&out.stdout);
        for word in [
            "add-two",
            "double-it",
            "pypy3",
            "javascript",
            "hint",
            "status",
        ] {
            assert!(script.contains(word), "{shell}: `{word}` is not completed");
        }
    }
    // Read when generated: a problem added to the bank is in the next script.
    copy_tree(
        &crate::root().join("tests/fixtures/problems/twice"),
        &bank.path().join("triple-it"),
    );
    let out = env
        .grader()
        .arg("--problems")
        .arg(bank.path())
        .args(["completions", "fish"])
        .output()
        .unwrap();
    let script = String::from_utf8_lossy(&out.stdout);
    let ids = script
        .lines()
        .find(|l| l.contains("-d 'problem'"))
        .expect("the fish line of problem ids");
    assert!(ids.contains("add-two double-it triple-it"), "{ids}");
    for command in ["run", "watch", "show", "check"] {
        assert!(
            ids.contains("__fish_grader_using_subcommand ")
                && ids.split_whitespace().any(|w| w == command),
            "{ids}"
        );
    }
    let out = env.grader().args(["completions", "tcsh"]).output().unwrap();
    assert_exit(&out, 2);
}

#[test]
fn man_page_documents_every_subcommand() {
    let out = Env::new().grader().arg("man").output().unwrap();
    assert_exit(&out, 0);
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.contains(".TH grader 1"), "{page}");
    for sub in ["run", "check", "batch", "hint", "status", "completions"] {
        assert!(
            page.contains(&format!("grader\\-{sub}(1)")),
            "`{sub}` missing from the man page"
        );
    }
}
