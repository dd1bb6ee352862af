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
            "60s",
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
/// the other down. The budget leaves each program room for a second round of measurement
/// (taken only when the first pass's fit is unclear, as on a busy CI machine).
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

/// The growth fixture with a large test (20,000 elements) and a 1 s limit, in a temporary
/// folder: the quadratic answer passes the small tests and times out on the large one.
fn with_a_large_test(dir: &std::path::Path) -> String {
    let problem = dir.join("growth-sum");
    crate::copy_tree(
        std::path::Path::new(&fixture_problem("growth-sum")),
        &problem,
    );
    let toml = std::fs::read_to_string(problem.join("problem.toml")).unwrap();
    let large: Vec<String> = (0..20_000).map(|i| (i % 10).to_string()).collect();
    // Σ (i mod 10)² over 20,000 elements is 2,000 · 285 = 570,000 ≡ 1 (mod 7).
    let toml = toml.replace("time = \"4s\"", "time = \"1s\"").replace(
        "[generator]",
        &format!(
            "[[tests]]\nname = \"large\"\nargs = [[{}]]\nexpected = 1\n\n[generator]",
            large.join(",")
        ),
    );
    std::fs::write(problem.join("problem.toml"), toml).unwrap();
    problem.display().to_string()
}

fn run_human(env: &Env, problem: &str, answer: &str) -> String {
    let out = env
        .grader()
        .args(["run", problem, answer])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// On a TLE, the report ends with a quick look at how the answer's time grows (the answer
/// alone), not only with the command that measures it.
#[test]
fn a_timeout_ends_the_report_with_how_the_time_grows() {
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    let problem = with_a_large_test(dir.path());
    let stdout = run_human(&env, &problem, &fixture_submission("total_quadratic.py"));
    assert!(stdout.contains("TLE"), "{stdout}");
    let line = stdout
        .lines()
        .find(|l| {
            l.starts_with("your answer grows like n^")
                || l.starts_with("your answer's growth is unclear")
        })
        .unwrap_or_else(|| panic!("no growth line: {stdout}"));
    assert!(
        line.ends_with(&format!(
            "(a quick look; `grader growth {problem} {}` measures it against the reference)",
            fixture_submission("total_quadratic.py")
        )),
        "{line}"
    );
    assert!(!line.contains("the reference like"), "{line}");

    // An answer that never ends is not measured: it times out on the smallest test too.
    let endless = dir.path().join("endless.py");
    std::fs::write(&endless, "def total(a):\n    while True:\n        pass\n").unwrap();
    let stdout = run_human(&env, &problem, &endless.display().to_string());
    assert!(
        stdout.contains("it timed out on every test it ran, the smallest included: look for a loop that never ends"),
        "{stdout}"
    );
    assert!(!stdout.contains("your answer grows"), "{stdout}");
    env.assert_clean();
}
