//! The learner's quick rule on real processes: a hopeless answer gets its verdict without
//! waiting out every test's limit; `run --all` and `batch` run every test to its limit, and an
//! answer that is only too slow on the largest tests gets the same score either way.

use crate::{Env, assert_exit, test, verdicts};
use serde_json::Value;

fn message(r: &Value, name: &str) -> String {
    test(r, name)["message"].as_str().unwrap_or("").to_string()
}

#[test]
fn a_hopeless_answer_stops_after_three_timeouts_and_says_why() {
    let env = Env::new();
    let (code, r) = env.run_json("double-six", "double_forever.py", &[]);
    assert_eq!(code, 1);
    assert_eq!(verdicts(&r), ["TLE", "SK", "SK", "SK", "SK", "SK"], "{r:#}");
    assert_eq!(r["first_failure"], "t1");
    assert_eq!(r["verdict"], "TLE");
    for name in ["t2", "t3"] {
        let m = message(&r, name);
        assert!(
            m.starts_with("not run to its limit: `t1` timed out, so later tests ran with a"),
            "{m}"
        );
    }
    // `t4` may start as a probe on a worker freed by `t2` before `t3` has timed out (two
    // workers: which of the two probes ends first is the scheduler's); once three tests have
    // timed out, nothing starts.
    let not_run = "not run: 3 tests timed out and none has finished yet (`grader run --all` runs every test to its limit)";
    let t4 = message(&r, "t4");
    assert!(
        t4 == not_run || t4.starts_with("not run to its limit: `t1` timed out"),
        "{t4}"
    );
    for name in ["t5", "t6"] {
        assert_eq!(message(&r, name), not_run);
    }
    let notes: Vec<&str> = r["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("quick rule: after `t1` timed out")
                && (n.contains("3 were not run") || n.contains("2 were not run"))),
        "{notes:?}"
    );
    env.assert_clean();
}

#[test]
fn with_all_every_test_runs_to_its_limit() {
    let env = Env::new();
    let (code, r) = env.run_json("double-six", "double_forever.py", &["--all", "-j", "2"]);
    assert_eq!(code, 1);
    assert_eq!(verdicts(&r), ["TLE"; 6], "{r:#}");
    let notes = r["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .all(|n| !n.as_str().unwrap().starts_with("quick rule")),
        "{notes:?}"
    );
    env.assert_clean();
}

#[test]
fn an_answer_too_slow_on_the_largest_tests_scores_as_with_all() {
    let env = Env::new();
    let (_, quick) = env.run_json("double-six", "double_slow_large.py", &[]);
    let (_, all) = env.run_json("double-six", "double_slow_large.py", &["--all"]);
    assert_eq!(
        verdicts(&quick),
        ["AC", "AC", "AC", "AC", "TLE", "SK"],
        "{quick:#}"
    );
    assert_eq!(
        verdicts(&all),
        ["AC", "AC", "AC", "AC", "TLE", "TLE"],
        "{all:#}"
    );
    assert_eq!(quick["score"], all["score"]);
    assert_eq!(quick["verdict"], all["verdict"]);
    assert_eq!(quick["first_failure"], all["first_failure"]);
    env.assert_clean();
}

#[test]
fn batch_grading_keeps_judge_semantics() {
    let env = Env::new();
    let out_dir = env.cache.path().join("out");
    let out = env
        .grader()
        .args([
            "batch",
            "tests/fixtures/problems/double-six",
            "tests/fixtures/batch/forever",
            "-o",
        ])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let results: Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("results.json")).unwrap()).unwrap();
    let tests = results["submissions"][0]["tests"]
        .as_array()
        .unwrap_or_else(|| panic!("{results:#}"));
    assert_eq!(tests.len(), 6);
    assert!(tests.iter().all(|t| t["verdict"] == "TLE"), "{tests:#?}");
    env.assert_clean();
}
