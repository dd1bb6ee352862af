//! Function answers (Python): one process for all tests, per-test isolation when it fails,
//! results that the candidate's prints cannot forge, and the blog's code on the shipped problem.

use crate::{Env, test, verdicts};

#[test]
fn blog_code_is_accepted_on_longest_substring() {
    let env = Env::new();
    // The blog's code, pasted as a learner would (quotes fixed, stray print included).
    let blog = env.tmp.path().join("my.py");
    std::fs::copy(
        crate::root().join("problems/longest-substring/reference/blog.py"),
        &blog,
    )
    .unwrap();
    let out = env
        .grader()
        .args([
            "run",
            "longest-substring",
            blog.to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{r:#}");
    assert_eq!(r["verdict"], "AC");
    assert_eq!(r["score"], r["max_score"]);
    assert!(r["tests"].as_array().unwrap().len() >= 25);
    let notes = r["notes"].to_string();
    assert!(
        notes.contains("printed at import") && notes.contains("abc"),
        "{notes}"
    );
    std::fs::remove_file(&blog).unwrap();
    env.assert_clean();
}

#[test]
fn accepted_with_top_level_prints() {
    let env = Env::new();
    let (code, r) = env.run_json("double", "double_ac.py", &[]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(verdicts(&r), ["AC", "AC", "AC"]);
    env.assert_clean();
}

#[test]
fn an_endless_python_loop_costs_one_test_only() {
    let env = Env::new();
    let (_, r) = env.run_json("double", "double_loop.py", &[]);
    assert_eq!(verdicts(&r), ["AC", "TLE", "AC"], "{r:#}");
    assert_eq!(test(&r, "two")["tle"], "cpu");
    env.assert_clean();
}

#[test]
fn an_endless_loop_in_c_code_costs_one_test_only() {
    let env = Env::new();
    let (_, r) = env.run_json("double", "double_cloop.py", &[]);
    assert_eq!(verdicts(&r), ["AC", "TLE", "AC"], "{r:#}");
    env.assert_clean();
}

#[test]
fn exiting_in_the_middle_costs_one_test_only() {
    let env = Env::new();
    let (_, r) = env.run_json("double", "double_exit.py", &[]);
    assert_eq!(verdicts(&r), ["AC", "RE", "AC"], "{r:#}");
    env.assert_clean();
}

#[test]
fn printing_fake_results_forges_nothing() {
    let env = Env::new();
    let (_, r) = env.run_json("double", "double_forge.py", &[]);
    assert_eq!(verdicts(&r), ["AC", "WA", "WA"], "{r:#}");
    assert!(
        test(&r, "two")["message"]
            .as_str()
            .unwrap()
            .contains("expected 4, got 3")
    );
    env.assert_clean();
}
