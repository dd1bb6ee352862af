//! ICPC/Kattis scoring packages (2025-09 and legacy): scores by group, validator score files,
//! expected scores and group rules in `verify`, the legacy grader's verdict and ranges, and
//! `import` keeping the scores; features that cannot be reproduced are refused by name.

use super::{Env, parse_report, test, verdicts};
use crate::kattis::{grader_stdout, pkg, stdout, sub, verify, write_package};
use std::path::Path;

/// `grader run PROBLEM FILE --format json` on any folder: the exit code and the report.
fn run_report(env: &Env, problem: &str, file: &str) -> (i32, serde_json::Value) {
    let out = env
        .grader()
        .args(["run", problem, file, "--format", "json"])
        .output()
        .unwrap();
    parse_report(&out)
}

#[test]
fn scoring_packages_verify_with_the_jury_scores_in_both_formats() {
    let env = Env::new();
    let text = verify(&env, &pkg("big-sum"), &[], 0);
    assert!(
        text.contains(
            "scoring problem: sample 0 (pass-fail), secret/1-small 30 (pass-fail), secret/2-large 70 (sum)"
        ),
        "{text}"
    );
    for row in [
        "AC* 100            AC 100             ok",
        "RTE* 60-70         RTE 65             ok",
        "WA* 65             WA 65              ok      ",
        "wrong_answer/int32.py  (3 group rule(s) met)",
        "wrong_answer/single.py  (2 group rule(s) met)",
        "WA* 0              WA 0               ok",
        "agreement 4/4 (100 %)",
    ] {
        assert!(text.contains(row), "missing `{row}` in\n{text}");
    }
    let text = verify(&env, &pkg("approx"), &[], 0);
    assert!(text.contains("AC* 27-28          AC 27.66"), "{text}");
    assert!(text.contains("agreement 5/5 (100 %)"), "{text}");
    let text = verify(&env, &pkg("legacy-sum"), &[], 0);
    for row in [
        "AC                 AC 100             ok",
        "AC@ 70             AC 70              ok",
        "(legacy grader's verdict; first failure WA on secret/subtask2/05)",
        "WA                 WA 0               ok",
        "agreement 3/3 (100 %)",
    ] {
        assert!(text.contains(row), "missing `{row}` in\n{text}");
    }
    env.assert_clean();
}

#[test]
fn run_on_a_scoring_package_prints_the_score_by_group() {
    let env = Env::new();
    let (code, r) = run_report(
        &env,
        &pkg("big-sum"),
        &sub("big-sum", "wrong_answer/int32.py"),
    );
    assert_eq!(code, 1);
    assert_eq!(
        (r["score"].as_f64(), r["max_score"].as_f64()),
        (Some(65.0), Some(100.0))
    );
    assert_eq!(r["verdict"], "WA");
    assert_eq!(r["first_failure"], "secret/2-large/03");
    let groups: Vec<(String, f64, f64)> = r["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["name"].as_str().unwrap().to_string(),
                g["score"].as_f64().unwrap(),
                g["max_score"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            ("sample".to_string(), 0.0, 0.0),
            ("secret/1-small".to_string(), 30.0, 30.0),
            ("secret/2-large".to_string(), 35.0, 70.0),
        ]
    );
    // The case in a folder below 1-small is part of it; 2-large requires 1-small.
    let (_, r) = run_report(
        &env,
        &pkg("big-sum"),
        &sub("big-sum", "wrong_answer/single.py"),
    );
    assert_eq!(r["score"].as_f64(), Some(0.0));
    assert_eq!(test(&r, "secret/1-small/edge/03")["verdict"], "WA");
    assert_eq!(
        verdicts(&r)[4..],
        ["SK", "SK", "SK", "SK"],
        "2-large is not run"
    );
    // Human output: the score line.
    let out = env
        .grader()
        .args([
            "run",
            &pkg("legacy-sum"),
            &sub("legacy-sum", "partially_accepted/int32.py"),
        ])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("score 70/100 · WA on test secret/subtask2/05"),
        "{text}"
    );
    env.assert_clean();
}

#[test]
fn verify_exits_1_when_a_score_disagrees_with_the_jury() {
    let env = Env::new();
    let dir = env.tmp.path().join("big-sum");
    crate::copy_tree(Path::new(&pkg("big-sum")), &dir);
    std::fs::write(
        dir.join("submissions/submissions.yaml"),
        "wrong_answer/int32.py:\n  score: [70, 100]\nwrong_answer/single.py:\n  secret/2-large:\n    required: [WA]\n",
    )
    .unwrap();
    let text = verify(&env, dir.to_str().unwrap(), &[], 1);
    assert!(
        text.contains("WA* 70-100         WA 65              DIFF"),
        "{text}"
    );
    // A test data group's rule: 2-large was not run (it requires 1-small), so no case got WA.
    assert!(
        text.contains("WA*                WA 0               DIFF"),
        "{text}"
    );
    assert!(text.contains("secret/2-large: no case got WA"), "{text}");
    assert!(text.contains("agreement 2/4 (50 %)"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
    // Legacy: a submission failing a case but passing a subtask is accepted by the default
    // grader (accept_if_any_accepted), so a jury calling it a wrong answer disagrees.
    let dir = env.tmp.path().join("legacy-sum");
    crate::copy_tree(Path::new(&pkg("legacy-sum")), &dir);
    std::fs::copy(
        dir.join("submissions/partially_accepted/int32.py"),
        dir.join("submissions/wrong_answer/int32.py"),
    )
    .unwrap();
    let text = verify(&env, dir.to_str().unwrap(), &[], 1);
    assert!(
        text.contains("WA@ 70             AC 70              DIFF"),
        "{text}"
    );
    assert!(text.contains("agreement 3/4 (75 %)"), "{text}");
    // A folder's score outside its testdata.yaml range is an error, as in problemtools.
    std::fs::remove_file(dir.join("submissions/wrong_answer/int32.py")).unwrap();
    std::fs::write(
        dir.join("data/secret/subtask2/testdata.yaml"),
        "accept_score: 10\nrange: 0 60\ngrader_flags: sum\n",
    )
    .unwrap();
    let text = verify(&env, dir.to_str().unwrap(), &[], 1);
    assert!(
        text.contains("accepted/sum.py  (secret/subtask2: score 70 outside its range 0 60)"),
        "{text}"
    );
    assert!(text.contains("agreement 2/3 (67 %)"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
    env.assert_clean();
}

#[test]
fn import_keeps_the_scores_of_scoring_packages() {
    let env = Env::new();
    let out_root = tempfile::tempdir().unwrap();
    for (name, subs) in [
        (
            "big-sum",
            &[
                "accepted/sum.py",
                "wrong_answer/int32.py",
                "wrong_answer/single.py",
                "run_time_error/overflow_crash.py",
            ][..],
        ),
        (
            "legacy-sum",
            &[
                "accepted/sum.py",
                "partially_accepted/int32.py",
                "wrong_answer/plus_one.py",
            ][..],
        ),
        (
            "approx",
            &[
                "accepted/exact.py",
                "accepted/third.py",
                "wrong_answer/mixed.py",
            ][..],
        ),
    ] {
        let dest = out_root.path().join(name);
        let out = env
            .grader()
            .args(["import", &pkg(name), dest.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let spec = std::fs::read_to_string(dest.join("problem.toml")).unwrap();
        if name == "big-sum" {
            assert!(
                spec.contains("name = \"secret-2-large\"\nscore = \"sum\"\npoints = 70\nrequire = [\"secret-1-small\"]"),
                "{spec}"
            );
            assert!(dest.join("tests/secret-1-small/edge-03.in").is_file());
        }
        let mut scores = Vec::new();
        for s in subs {
            let (code_p, from_pkg) = run_report(&env, &pkg(name), &sub(name, s));
            let (code_i, imported) = run_report(&env, dest.to_str().unwrap(), &sub(name, s));
            assert_eq!(code_p, code_i, "{name} {s}");
            for key in ["score", "max_score", "verdict"] {
                assert_eq!(from_pkg[key], imported[key], "{name} {s}: {key}\n{spec}");
            }
            // Group folders are named with `-` for `/` in the imported problem.
            let flat = |v: &serde_json::Value| v.as_str().map(|t| t.replace('/', "-"));
            assert_eq!(
                flat(&from_pkg["first_failure"]),
                flat(&imported["first_failure"]),
                "{name} {s}"
            );
            let group_scores = |r: &serde_json::Value| -> Vec<(f64, f64)> {
                r["groups"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|g| {
                        (
                            g["score"].as_f64().unwrap(),
                            g["max_score"].as_f64().unwrap(),
                        )
                    })
                    .collect()
            };
            assert_eq!(
                group_scores(&from_pkg),
                group_scores(&imported),
                "{name} {s}"
            );
            assert_eq!(verdicts(&from_pkg), verdicts(&imported), "{name} {s}");
            scores.push(from_pkg["score"].as_f64().unwrap());
        }
        let want: &[f64] = match name {
            "big-sum" => &[100.0, 65.0, 0.0, 65.0],
            "legacy-sum" => &[100.0, 70.0, 0.0],
            _ => &[100.0, 27.66, 20.0],
        };
        if name == "approx" {
            assert!(spec.contains("scores = true"), "{spec}");
            assert!(
                spec.contains(
                    "file = \"partial/accepted/third.py\"\nverdict = [\"AC\"]\nscore = [27.0, 28.0]"
                ),
                "{spec}"
            );
        }
        if name == "legacy-sum" {
            assert!(spec.contains("score = 70.0"), "{spec}");
        }
        assert_eq!(scores, want, "{name}");
        let out = env
            .grader()
            .args(["check", dest.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    }
    // check holds the imported problem to its scores: a wrong one is a failure.
    let dest = out_root.path().join("approx");
    let spec = std::fs::read_to_string(dest.join("problem.toml")).unwrap();
    std::fs::write(
        dest.join("problem.toml"),
        spec.replace("score = 20.0", "score = 25"),
    )
    .unwrap();
    let text = grader_stdout(&env, &["check", dest.to_str().unwrap()], 1);
    assert!(text.contains("expected WA score 25, got  WA"), "{text}");
    assert!(text.contains("score 20/100"), "{text}");
    env.assert_clean();
}

#[test]
fn scoring_features_that_cannot_be_reproduced_are_refused_by_name() {
    let env = Env::new();
    for (files, feature) in [
        (
            vec![
                ("problem.yaml", "type: scoring\nvalidation: custom\n"),
                ("output_validators/v/v.py", "import sys\nsys.exit(42)\n"),
            ],
            "score.txt without a `range: LOW HIGH`",
        ),
        (
            // A range, but the legacy format gives no case of a sum its own maximum.
            vec![
                ("problem.yaml", "type: scoring\nvalidation: custom\n"),
                ("output_validators/v/v.py", "import sys\nsys.exit(42)\n"),
                ("data/secret/testdata.yaml", "range: 0 100\n"),
                ("data/secret/2.in", ""),
                ("data/secret/2.ans", ""),
            ],
            "grader_flags sum over 2 cases scored by a custom output validator's score.txt",
        ),
        (
            vec![
                ("problem.yaml", "type: scoring\n"),
                ("data/secret/testdata.yaml", "grader_flags: max\n"),
            ],
            "grader_flags max is not supported",
        ),
    ] {
        let dir = env.tmp.path().join("refused");
        let mut all = vec![("data/secret/1.in", ""), ("data/secret/1.ans", "")];
        all.extend(files);
        write_package(&dir, &all);
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
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
    env.assert_clean();
}

#[test]
fn validator_score_files_give_partial_scores_and_bad_ones_are_judge_errors() {
    let env = Env::new();
    let (code, r) = run_report(&env, &pkg("approx"), &sub("approx", "accepted/third.py"));
    assert_eq!(code, 0, "every case is accepted");
    assert_eq!(r["verdict"], "AC");
    // a (sum, 40): 20 × 3/10 + 20 × 333/1000; b (min, 60): 60 × min(2/8, 16/50, 200/600).
    assert_eq!(r["score"].as_f64(), Some(27.66));
    assert_eq!(r["groups"][2]["score"].as_f64(), Some(15.0));
    assert_eq!(test(&r, "secret/a/1")["score_fraction"].as_f64(), Some(0.3));
    // A score above the case's maximum is a judge error; a multiplier scales the maximum.
    for (args, verdict, score) in [("[max, '200']", "JE", None), ("[mult]", "AC", Some(80.0))] {
        let dir = env.tmp.path().join("approx");
        crate::copy_tree(Path::new(&pkg("approx")), &dir);
        std::fs::write(
            dir.join("data/secret/a/test_group.yaml"),
            format!("max_score: 40\nscore_aggregation: sum\noutput_validator_args: {args}\n"),
        )
        .unwrap();
        std::fs::write(
            dir.join("data/secret/b/test_group.yaml"),
            "max_score: 60\nscore_aggregation: min\n",
        )
        .unwrap();
        let v = dir.join("output_validator/validate.py");
        let text = std::fs::read_to_string(&v).unwrap().replace(
            "if top is not None:",
            "if \"mult\" in args:\n    open(feedback + \"score_multiplier.txt\", \"w\").write(\"0.5\")\nelif top is not None:",
        );
        std::fs::write(&v, text).unwrap();
        let (code, r) = run_report(
            &env,
            dir.to_str().unwrap(),
            &sub("approx", "accepted/exact.py"),
        );
        assert_eq!(r["verdict"], verdict, "{args}: {r:#}");
        match score {
            Some(s) => {
                // a: half of 40 by multipliers; b: 60 in full (no score file).
                assert_eq!(r["score"].as_f64(), Some(s), "{args}");
                assert_eq!(code, 0);
            }
            None => {
                assert_eq!(code, 3);
                let m = test(&r, "secret/a/1")["message"]
                    .as_str()
                    .unwrap()
                    .to_string();
                assert!(m.contains("outside [0, 20]"), "{m}");
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
    env.assert_clean();
}
