//! `grader growth`: a fixture whose work is known (a linear reference, a linear and a
//! quadratic answer, per-call CPU time of a function problem) is read as n^1 and n^2, with
//! the fit's spread, in the human summary and the JSON document.

use crate::{Env, fixture_problem, fixture_submission};
use serde_json::Value;

fn growth(env: &Env, answer: &str) -> Value {
    let out = env
        .grader()
        .args([
            "growth",
            &fixture_problem("growth-sum"),
            &fixture_submission(answer),
            "--format",
            "json",
            "--time",
            "30s",
            "--reps",
            "5",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn exponent(doc: &Value, who: &str) -> f64 {
    doc[who]["exponent"]
        .as_f64()
        .unwrap_or_else(|| panic!("{who}'s exponent is unclear: {doc:#}"))
}

/// One test, the two answers one after the other: two measurements at once would each slow
/// the other down.
#[test]
fn a_quadratic_answer_reads_as_n2_and_a_linear_one_as_the_reference() {
    let env = Env::new();
    let doc = growth(&env, "total_quadratic.py");
    let (answer, reference) = (exponent(&doc, "answer"), exponent(&doc, "reference"));
    assert!((answer - 2.0).abs() <= 0.5, "answer n^{answer}: {doc:#}");
    assert!(
        (reference - 1.0).abs() <= 0.5,
        "reference n^{reference}: {doc:#}"
    );
    assert!(doc["answer"]["spread"].as_f64().unwrap() <= 0.35);
    let sizes = doc["answer"]["sizes"].as_array().unwrap();
    assert_eq!(
        sizes.len(),
        doc["answer"]["times"].as_array().unwrap().len()
    );
    assert!(sizes.len() >= 3, "{doc:#}");
    let summary = doc["summary"].as_str().unwrap();
    let said =
        format!("your answer grows like n^{answer:.1} (the reference like n^{reference:.1})");
    assert!(summary.starts_with(&said), "{summary}");

    let doc = growth(&env, "total_linear.py");
    let (answer, reference) = (exponent(&doc, "answer"), exponent(&doc, "reference"));
    assert!((answer - 1.0).abs() <= 0.5, "{doc:#}");
    assert!((answer - reference).abs() <= 0.3, "{doc:#}");
    env.assert_clean();
}

#[test]
fn a_problem_without_a_generator_says_how_to_add_one() {
    let env = Env::new();
    let out = env
        .grader()
        .args([
            "growth",
            &fixture_problem("double"),
            &fixture_submission("double_ac.py"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("has no [generator]"), "{stderr}");
}
