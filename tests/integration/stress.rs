//! `grader stress`: the smallest failing input of fixture answers whose minimal case is known,
//! the JSON document and the exit codes, the reference never reported failing, hostile
//! generators turned into one clean error, `check` verifying a generator, and the hint of
//! `grader run` after a failure on a hidden test.

use crate::{Env, assert_exit, copy_tree, fixture_problem, fixture_submission, root};
use serde_json::{Value, json};
use std::path::Path;

const MAX: &str = "stress-max";

fn max_file(name: &str) -> String {
    format!("{}/{name}", fixture_problem(MAX))
}

/// `grader stress PROBLEM FILE --seed 3 --format json ARGS...`: the exit code and the document.
fn stress_json(env: &Env, problem: &str, file: &str, args: &[&str]) -> (i32, Value) {
    let out = env
        .grader()
        .args(["stress", problem, file, "--seed", "3", "--format", "json"])
        .args(args)
        .output()
        .expect("run grader");
    let code = out.status.code().unwrap_or(-1);
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}); exit {code}\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, doc)
}

#[test]
fn a_wrong_answer_shrinks_to_its_known_minimal_case() {
    let env = Env::new();
    let (code, doc) = stress_json(
        &env,
        &fixture_problem(MAX),
        &max_file("wrong/skips_last.py"),
        &[],
    );
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(doc["found"], true);
    assert_eq!(doc["verdict"], "WA");
    // The last number strictly the largest, in the fewest and smallest numbers.
    assert_eq!(doc["input"], json!([[0, 1]]));
    assert_eq!(doc["expected"], json!(1));
    assert_eq!(doc["obtained"], json!(0));
    assert_eq!(doc["seed"], 3);
    assert!(doc["tries"].as_u64().unwrap() >= 1, "{doc:#}");
    assert_eq!(doc["size"], 2);
    assert!(doc["generated_size"].as_u64().unwrap() >= 2, "{doc:#}");
    assert_eq!(doc["reference"], "reference/largest.py");
    // The generator's arguments reproduce the first failing test.
    assert_eq!(doc["generator"]["file"], "gen.py");
    assert!(doc["generator"]["seed"].as_u64().unwrap() >= 3);
    env.assert_clean();
}

#[test]
fn a_runtime_error_keeps_its_verdict_while_shrinking() {
    let env = Env::new();
    let file = max_file("wrong/crashes_on_three.py");
    let (code, doc) = stress_json(&env, &fixture_problem(MAX), &file, &[]);
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(doc["verdict"], "RE");
    assert_eq!(doc["input"], json!([[0, 0, 0]]));
    assert_eq!(doc["expected"], json!(0));
    assert_eq!(doc["obtained"], Value::Null);
    assert!(
        doc["message"].as_str().unwrap().contains("ValueError"),
        "{doc:#}"
    );
    // The same seed repeats the same search.
    let (_, again) = stress_json(&env, &fixture_problem(MAX), &file, &[]);
    assert_eq!(again["input"], doc["input"]);
    assert_eq!(again["tries"], doc["tries"]);
}

#[test]
fn a_stdio_answer_shrinks_by_lines_tokens_and_characters() {
    let env = Env::new();
    let (code, doc) = stress_json(
        &env,
        &fixture_problem("stress-stdio"),
        &fixture_submission("stress_first_line.py"),
        &[],
    );
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(doc["verdict"], "WA");
    let input = doc["input"].as_str().unwrap();
    // Two lines are needed (the answer reads the first only); the rest is cut.
    assert_eq!(input.trim_end().lines().count(), 2, "{doc:#}");
    assert!(doc["size"].as_u64().unwrap() <= 2, "{doc:#}");
    let words = input.split_whitespace().count();
    assert_eq!(doc["expected"], json!(format!("{words}\n")));
    assert_ne!(doc["obtained"], doc["expected"]);
}

#[test]
fn the_reference_is_never_reported_failing() {
    let env = Env::new();
    let (code, doc) = stress_json(
        &env,
        &fixture_problem(MAX),
        &max_file("reference/largest.py"),
        &["--count", "48", "--max-size", "30"],
    );
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["found"], false);
    assert_eq!(doc["verdict"], Value::Null);
    assert_eq!(doc["input"], Value::Null);
    assert_eq!(doc["tries"], 48);
    // A shipped problem too, its reference in another language than Python's.
    let (code, doc) = stress_json(
        &env,
        "valid-parentheses",
        "problems/valid-parentheses/reference/is_valid.js",
        &["--count", "32"],
    );
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["found"], false);
    env.assert_clean();
}

#[test]
fn the_human_report_shows_the_input_expected_obtained_and_seed() {
    let env = Env::new();
    let out = env
        .grader()
        .args([
            "stress",
            &fixture_problem(MAX),
            &max_file("wrong/skips_last.py"),
        ])
        .args(["--seed", "3"])
        .output()
        .unwrap();
    assert_exit(&out, 1);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("WA on generated test"), "{text}");
    assert!(text.contains("  nums = [0,1]\n"), "{text}");
    assert!(text.contains("expected (the reference):\n  1\n"), "{text}");
    assert!(text.contains("obtained:\n  0\n"), "{text}");
    assert!(text.contains("--seed 3"), "{text}");
}

/// A copy of the fixture problem with `gen` as its generator's source.
fn with_generator(source: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join(fixture_problem(MAX)), dir.path());
    std::fs::write(dir.path().join("gen.py"), source).unwrap();
    dir
}

/// `grader stress` on a copy with `gen`: the exit code and the one line of stderr.
fn stress_error(env: &Env, source: &str) -> (i32, String) {
    let dir = with_generator(source);
    let answer = root().join(max_file("wrong/skips_last.py"));
    let out = env
        .grader()
        .args(["stress"])
        .arg(dir.path())
        .arg(&answer)
        .args(["--seed", "3", "--format", "json"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).trim_end().to_string();
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    // `--format json`: the spec error is also the machine format's error document.
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    assert_eq!(doc["error"]["kind"], "spec", "{doc}");
    assert_eq!(
        Some(err.trim_start_matches("grader: error: ")),
        doc["error"]["message"].as_str(),
        "{doc}"
    );
    (out.status.code().unwrap_or(-1), err)
}

#[test]
fn hostile_generators_are_clean_spec_errors_naming_the_file() {
    let env = Env::new();
    let (code, err) = stress_error(&env, "while True:\n    pass\n");
    assert_eq!(code, 2, "{err}");
    // Its cpu limit, or its wall limit when two loops share a core.
    assert!(
        err.contains("the generator `gen.py` was stopped: it "),
        "{err}"
    );
    assert!(
        err.contains(" limit of 3s") || err.contains(" limit of 6s"),
        "{err}"
    );
    let (code, err) = stress_error(&env, "print('hello, world')\n");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(
            "the generator `gen.py` printed `hello, world`, not a JSON array of arguments"
        ),
        "{err}"
    );
    let (code, err) = stress_error(&env, "print('[\"a\"]')\n");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("the generator `gen.py` printed a wrong argument 1: it should be list<int>"),
        "{err}"
    );
    let (code, err) = stress_error(&env, "import sys\nsys.exit('no seed for me')\n");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("exited with 1"), "{err}");
    assert!(err.contains("no seed for me"), "{err}");
    let (code, err) = stress_error(&env, "print('[[1, 2]]', end='')\nprint('x' * 20_000_000)\n");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("was stopped: it printed more than 16 MiB"),
        "{err}"
    );
    env.assert_clean();
}

#[test]
fn a_generator_cannot_read_outside_its_folder() {
    let env = Env::new();
    let secret_dir = tempfile::tempdir().unwrap();
    let secret = secret_dir.path().join("secret.txt");
    std::fs::write(&secret, "s3cr3t-of-the-host").unwrap();
    let source = format!(
        "import json\nprint(json.dumps([[len(open({:?}).read())]]))\n",
        secret.display().to_string()
    );
    let (code, err) = stress_error(&env, &source);
    if code == 1 {
        crate::sandbox_skip("a generator's reads are confined by Landlock, not in force here");
        return;
    }
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("the generator `gen.py` exited with 1"),
        "{err}"
    );
    assert!(err.contains("Error"), "{err}");
    assert!(!err.contains("s3cr3t"), "{err}");
    env.assert_clean();
}

#[test]
fn a_problem_without_a_generator_says_how_to_add_one() {
    let env = Env::new();
    let out = env
        .grader()
        .args(["stress", &fixture_problem("sum")])
        .arg(fixture_submission("ac.py"))
        .output()
        .unwrap();
    assert_exit(&out, 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("has no [generator]"), "{err}");
    assert!(err.contains("file = \"gen.py\""), "{err}");
}

#[test]
fn check_runs_the_generator_and_reports_a_broken_one() {
    let env = Env::new();
    let out = env
        .grader()
        .args(["check", &fixture_problem(MAX)])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("ok gen.py [generator]"), "{text}");
    let dir = with_generator("print('[[]]')\n");
    let out = env.grader().arg("check").arg(dir.path()).output().unwrap();
    assert_exit(&out, 1);
    let text = String::from_utf8_lossy(&out.stdout);
    // The reference raises on an empty list: the generator's test is outside the problem.
    assert!(text.contains("FAIL gen.py [generator]"), "{text}");
    assert!(
        text.contains("the reference `reference/largest.py` fails"),
        "{text}"
    );
}

#[test]
fn a_failure_on_a_hidden_test_points_at_stress() {
    let env = Env::new();
    let file = max_file("wrong/skips_last.py");
    let out = env
        .grader()
        .args(["run", &fixture_problem(MAX), &file])
        .output()
        .unwrap();
    assert_exit(&out, 1);
    let text = String::from_utf8_lossy(&out.stdout);
    let hint = format!(
        "a smaller failing input: run `grader stress {} {file}`",
        fixture_problem(MAX)
    );
    assert_eq!(
        text.trim_end().lines().last(),
        Some(hint.as_str()),
        "{text}"
    );
    // Not in a machine format, and not for an answer that fails no hidden test.
    let (_, report) = env.run_json("sum", "ac.py", &[]);
    assert_eq!(report["verdict"], "AC");
    let out = env
        .grader()
        .args(["run", &fixture_problem(MAX), &file, "--format", "json"])
        .output()
        .unwrap();
    assert!(serde_json::from_slice::<Value>(&out.stdout).is_ok());
    let out = env
        .grader()
        .args([
            "run",
            &fixture_problem(MAX),
            &max_file("reference/largest.py"),
        ])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("grader stress"));
    // With --stress, the smallest input is shown right there.
    let out = env
        .grader()
        .args(["run", &fixture_problem(MAX), &file, "--stress"])
        .output()
        .unwrap();
    assert_exit(&out, 1);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("smallest failing input:\n  nums = [0,1]\n"),
        "{text}"
    );
    assert!(Path::new(&root().join(&file)).is_file());
    env.assert_clean();
}
