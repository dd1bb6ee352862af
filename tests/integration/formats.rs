//! `--format junit|tap|github|gradescope|exercism` for `run`, and `junit|tap|github|json` for
//! `check` and `batch`. JUnit is validated against `tests/fixtures/junit/junit.xsd` with
//! `xmllint --schema` (skipped, saying so, without xmllint; required in CI).

use crate::Env;
use serde_json::Value;
use std::path::Path;

const SUBS: &str = "tests/fixtures/batch/two-sum";
const XSD: &str = "tests/fixtures/junit/junit.xsd";

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn run_format(env: &Env, file: &str, format: &str) -> (i32, String) {
    let out = env
        .grader()
        .args([
            "run",
            "two-sum",
            &format!("{SUBS}/{file}"),
            "--format",
            format,
        ])
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), stdout(&out))
}

/// Validates `xml` against the vendored schema; `false` when xmllint is not installed.
#[expect(clippy::disallowed_methods, reason = "runs xmllint on the report")]
fn validate(env: &Env, xml: &str) -> bool {
    let has = std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join("xmllint").is_file()));
    if !has {
        assert!(
            std::env::var("GRADER_REQUIRE_XMLLINT").as_deref() != Ok("1"),
            "GRADER_REQUIRE_XMLLINT=1 but no xmllint (apt-get install libxml2-utils)"
        );
        crate::skipped("no xmllint on PATH; JUnit XML not validated against its schema");
        return false;
    }
    let file = env.cache.path().join("report.xml");
    std::fs::write(&file, xml).unwrap();
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(crate::root().join(XSD))
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "JUnit XML does not validate:\n{}\n{xml}",
        String::from_utf8_lossy(&out.stderr)
    );
    true
}

#[test]
fn run_junit_validates_and_counts_failures_errors_and_skips() {
    let env = Env::new();
    // bob: one WA and one SK (a required group failed).
    let (code, xml) = run_format(&env, "bob.py", "junit");
    assert_eq!(code, 1);
    assert!(
        xml.contains(r#"tests="8" failures="1" errors="0" skipped="1""#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<failure message="expected item 1"#),
        "{xml}"
    );
    assert!(xml.contains(r#"type="WA""#));
    assert!(xml.contains(r#"<property name="toolchain" value="Python 3"#));
    validate(&env, &xml);
    // carol: a compile error is one failing `compile` case.
    let (code, xml) = run_format(&env, "carol.c", "junit");
    assert_eq!(code, 1);
    assert!(
        xml.contains(r#"<testcase name="compile""#) && xml.contains(r#"type="CE""#),
        "{xml}"
    );
    validate(&env, &xml);
    // alice: everything passes.
    let (code, xml) = run_format(&env, "alice.py", "junit");
    assert_eq!(code, 0);
    assert!(xml.contains(r#"failures="0" errors="0" skipped="0""#));
    validate(&env, &xml);
    env.assert_clean();
}

#[test]
fn run_tap_has_a_plan_and_a_yaml_block_per_failure() {
    let env = Env::new();
    let (code, tap) = run_format(&env, "hana/answer.py", "tap");
    assert_eq!(code, 1);
    let lines: Vec<&str> = tap.lines().collect();
    assert_eq!(lines[0], "TAP version 14");
    assert_eq!(lines[1], "1..8");
    let not_ok = lines.iter().filter(|l| l.starts_with("not ok ")).count();
    let skips = lines.iter().filter(|l| l.contains(" # SKIP ")).count();
    assert_eq!((not_ok, skips), (7, 1), "{tap}");
    assert!(tap.contains("  verdict: \"RE\"\n  message: \"ValueError: not done yet\""));
    assert!(
        tap.contains("  line: 2\n"),
        "the traceback's line in answer.py"
    );
    env.assert_clean();
}

#[test]
fn run_github_annotates_the_line_and_writes_the_job_summary() {
    let env = Env::new();
    let summary = env.cache.path().join("summary.md");
    std::fs::write(&summary, "previous step\n").unwrap();
    let out = env
        .grader()
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args([
            "run",
            "two-sum",
            &format!("{SUBS}/carol.c"),
            "--format",
            "github",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!(
            "::error file={SUBS}/carol.c,line=5,title=two-sum%3A compile CE::"
        )),
        "{text}"
    );
    assert!(
        !text.trim_end().contains('\n'),
        "one line per annotation: {text}"
    );
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.starts_with("previous step\n## grader run two-sum"),
        "appended: {md}"
    );
    assert!(
        md.contains("### ❌ two-sum") && md.contains("| compile | CE |"),
        "{md}"
    );
    // Without GITHUB_STEP_SUMMARY: annotations only, nothing written anywhere else.
    let (code, text) = run_format(&env, "hana/answer.py", "github");
    assert_eq!(code, 1);
    assert_eq!(text.lines().count(), 7, "one per RE test: {text}");
    assert!(
        text.lines()
            .all(|l| l.starts_with("::error file=") && l.contains(",line=2,"))
    );
    env.assert_clean();
}

#[test]
fn gradescope_and_exercism_results() {
    let env = Env::new();
    let (_, text) = run_format(&env, "bob.py", "gradescope");
    let g: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(g["score"], 6.0);
    let tests = g["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 8);
    let sum: f64 = tests.iter().map(|t| t["score"].as_f64().unwrap()).sum();
    assert_eq!(sum, 6.0);
    assert_eq!(tests[1]["status"], "failed");
    assert_eq!(tests[0]["status"], "passed");
    assert_eq!(tests[0]["max_score"], 1);
    assert!(tests[1]["output"].as_str().unwrap().starts_with("WA: "));

    let (_, text) = run_format(&env, "bob.py", "exercism");
    let e: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(e["version"], 3);
    assert_eq!(e["status"], "fail");
    assert!(e.get("message").is_none());
    let tests = e["tests"].as_array().unwrap();
    assert_eq!(tests[0]["status"], "pass");
    assert_eq!(tests[1]["status"], "fail");
    assert_eq!(tests[1]["task_id"], 1, "the samples group");
    assert_eq!(tests[1]["test_code"], "args = [[3,2,4],6]");
    let (_, text) = run_format(&env, "carol.c", "exercism");
    let e: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(e["status"], "error");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("carol.c:5:5: error")
    );
    assert!(e.get("tests").is_none());
    let (code, text) = run_format(&env, "alice.py", "exercism");
    assert_eq!(code, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap()["status"],
        "pass"
    );
    env.assert_clean();
}

#[test]
fn check_and_batch_junit_validate() {
    let env = Env::new();
    let out = env
        .grader()
        .args(["check", "valid-parentheses", "--format", "junit"])
        .output()
        .unwrap();
    crate::assert_exit(&out, 0);
    let xml = stdout(&out);
    assert!(xml.contains(r#"name="valid-parentheses""#));
    assert!(
        xml.contains(r#"<testcase name="problems/valid-parentheses/reference/"#),
        "{xml}"
    );
    assert!(xml.contains(r#"failures="0" errors="0""#));
    validate(&env, &xml);

    let out = env
        .grader()
        .args(["check", "valid-parentheses", "--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["failed"], 0);
    assert!(doc["passed"].as_u64().unwrap() >= 6);

    let out_dir = env.cache.path().join("out");
    let out = env
        .grader()
        .args([
            "batch",
            "two-sum",
            "tests/fixtures/batch/manifest.csv",
            "--format",
            "junit",
            "-o",
        ])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let xml = stdout(&out);
    // A case per student: zoe's missing file is an error, bob's WA a failure.
    assert!(
        xml.contains(r#"tests="4" failures="1" errors="1""#),
        "{xml}"
    );
    assert!(xml.contains(r#"<testcase name="zoe""#));
    validate(&env, &xml);
    let out = env
        .grader()
        .args([
            "batch",
            "two-sum",
            "tests/fixtures/batch/manifest.csv",
            "--format",
            "github",
            "-o",
        ])
        .arg(&out_dir)
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("::error file=tests/fixtures/batch/two-sum/bob.py,title=two-sum%3A bob WA::WA on sample-2"),
        "{text}"
    );
    assert!(Path::new(&out_dir.join("report.html")).is_file());
    env.assert_clean();
}

#[test]
fn private_tests_from_outside_and_a_pinned_problem() {
    let env = Env::new();
    let private = "tests/fixtures/private-tests/two-sum";
    let run = |file: &str, extra: &[&str]| {
        let out = env
            .grader()
            .args([
                "run",
                "two-sum",
                &format!("{SUBS}/{file}"),
                "--format",
                "json",
            ])
            .args(extra)
            .output()
            .unwrap();
        (out.status.code().unwrap_or(-1), out)
    };
    let (code, out) = run("alice.py", &["--tests-from", private]);
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["test_count"], 10);
    let t = crate::test(&report, "private-1");
    assert_eq!(
        (t["verdict"].as_str(), t["visibility"].as_str()),
        (Some("AC"), Some("hidden"))
    );
    let t = crate::test(&report, "large/02-private-large");
    assert_eq!(
        t["group"], "large",
        "joins the problem's group of that name"
    );
    // A wrong answer on a private test: the verdict is shown, the data is not.
    let (code, out) = run("bob.py", &["--tests-from", private]);
    assert_eq!(code, 1);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let t = crate::test(&report, "private-1");
    assert_eq!(t["visibility"], "hidden");
    assert!(t["details"].get("input").is_none(), "{t:#}");

    // The fingerprint `grader show` prints pins the problem.
    let show = env.grader().args(["show", "two-sum"]).output().unwrap();
    let show = stdout(&show);
    let sha = show
        .lines()
        .find_map(|l| l.strip_prefix("sha256 "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap()
        .to_string();
    assert_eq!(sha.len(), 64);
    let (code, _) = run("alice.py", &["--expect-spec-sha256", &sha.to_uppercase()]);
    assert_eq!(code, 0);
    let wrong = format!("{}0", &sha[..63]);
    let (code, out) = run("alice.py", &["--expect-spec-sha256", &wrong]);
    assert_eq!(code, 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("its sha256 is {sha}, not {wrong}")),
        "{err}"
    );
    // Private tests are part of what is pinned.
    let (code, _) = run(
        "alice.py",
        &["--tests-from", private, "--expect-spec-sha256", &sha],
    );
    assert_eq!(code, 2);
    // A batch records the fingerprint, with the private tests.
    let out_dir = env.cache.path().join("out");
    let r = env
        .grader()
        .args([
            "batch",
            "two-sum",
            "tests/fixtures/batch/manifest.csv",
            "--tests-from",
            private,
            "-o",
        ])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(0));
    let results: Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("results.json")).unwrap()).unwrap();
    let recorded = results["spec_sha256"].as_str().unwrap();
    assert_ne!(recorded, sha);
    assert_eq!(results["tests"].as_array().unwrap().len(), 10);
    let r = env
        .grader()
        .args([
            "batch",
            "two-sum",
            "tests/fixtures/batch/manifest.csv",
            "--tests-from",
            private,
        ])
        .args(["--expect-spec-sha256", recorded, "-o"])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(0), "resumes with the pinned value");
    // A private test named like one of the problem's is refused.
    let clash = env.cache.path().join("clash");
    std::fs::create_dir(&clash).unwrap();
    std::fs::write(
        clash.join("zeros.json"),
        r#"{"args": [[0, 0], 0], "expected": [0, 1]}"#,
    )
    .unwrap();
    let (code, out) = run("alice.py", &["--tests-from", clash.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("test `zeros` has the name"));
    env.assert_clean();
}
