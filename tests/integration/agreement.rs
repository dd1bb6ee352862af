//! What the agreement measurement over public jury sets (`bench/agreement.py`,
//! docs/agreement.md) made the grader do like the juries: output validators with the package
//! format's `build`/`run` scripts, an output flood filed as a TLE, files of a non-verdict folder
//! judged by their DOMjudge header, DOMjudge-scored packages (`@EXPECTED_SCORE@`), a 2023-07
//! draft package scored by its `testdata.yaml`, `submissions.yaml` rules for any folder with
//! trimmed brace alternatives, `verify --format json`, and the judge host's rules (DOMjudge's
//! judge-host tests): a refused fork fails and the program runs on, the working folder is
//! read-only.

use super::Env;
use super::kattis::{pkg, verify, write_package};
use serde_json::Value;

#[test]
fn scripted_validators_output_floods_and_headed_folders_agree_with_the_jury() {
    let env = Env::new();
    let text = verify(&env, &pkg("domjudge-style"), &["-j", "1"], 0);
    // `run` calls the checker the way it wants: without it, every case is a judge error.
    assert!(text.contains("AC       AC       ok"), "{text}");
    assert!(text.contains("WA       WA       ok"), "{text}");
    // An endless writer is a TLE, as on problemtools and DOMjudge (stopped at the output
    // limit here, at once).
    assert!(
        text.lines()
            .any(|l| l.starts_with("TLE      TLE      ok") && l.ends_with("flood.c")),
        "{text}"
    );
    // A folder of no verdict: its headed file is judged, the other left out, saying so.
    assert!(text.contains("WA@      WA       ok"), "{text}");
    assert!(text.contains("extra/headed.py"), "{text}");
    assert!(!text.contains("extra/plain.py"), "{text}");
    assert!(text.contains("1 submission(s) without an @EXPECTED_RESULTS@ header skipped"));
    // Past the output limit and then ending: DOMjudge's OUTPUT-LIMIT, an RTE; stopped at the
    // limit here, the grader cannot tell it from a flood, and either class agrees.
    assert!(
        text.lines()
            .any(|l| l.starts_with("RTE@     TLE      ok") && l.ends_with("long.c")),
        "{text}"
    );
    assert!(text.contains("agreement 5/5 (100 %)"), "{text}");
}

#[test]
fn domjudge_scored_packages_score_a_folder_once_and_take_the_first_failure() {
    let env = Env::new();
    let text = verify(
        &env,
        &pkg("domjudge-scores"),
        &["-j", "1", "--format", "json"],
        0,
    );
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        (doc["agreed"].as_u64(), doc["judged"].as_u64()),
        (Some(3), Some(3)),
        "{text}"
    );
    let row = |name: &str| {
        doc["submissions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["submission"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name}: {text}"))
            .clone()
    };
    // small 10 + large 30, not 2 × 10 + 2 × 30 + 1 for the sample (problemtools' reading).
    assert_eq!(row("addone.py")["obtained"], "AC 40");
    assert_eq!(row("small.py")["obtained"], "WA 10");
    assert_eq!(row("small.py")["expected"], "WA@ 10");
    assert_eq!(row("zero.py")["obtained"], "WA 0");
    assert!(
        doc["notes"].as_array().unwrap().iter().any(|n| n
            .as_str()
            .unwrap()
            .contains("as DOMjudge reads testdata.yaml")),
        "{text}"
    );
    assert_eq!(doc["time_limit"]["seconds"], 1.0);
}

#[test]
fn a_2023_07_draft_package_with_testdata_yaml_scores_by_the_legacy_rules() {
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("echoes");
    write_package(
        &p,
        &[
            (
                "problem.yaml",
                "problem_format_version: 2023-07-draft\ntype: scoring\nname: Echoes\n",
            ),
            (
                "data/testdata.yaml",
                "on_reject: continue\nrange: 0 100\ngrader_flags: ignore_sample\n",
            ),
            ("data/sample/1.in", "1\n"),
            ("data/sample/1.ans", "1\n"),
            (
                "data/secret/testdata.yaml",
                "on_reject: continue\nrange: 0 100\ngrader_flags: first_error accept_if_any_accepted\n",
            ),
            (
                "data/secret/a/testdata.yaml",
                "on_reject: break\naccept_score: 50\nrange: 0 50\ngrader_flags: min\n",
            ),
            ("data/secret/a/1.in", "1\n"),
            ("data/secret/a/1.ans", "1\n"),
            (
                "data/secret/b/testdata.yaml",
                "on_reject: break\naccept_score: 50\nrange: 0 50\ngrader_flags: min\n",
            ),
            ("data/secret/b/1.in", "7\n"),
            ("data/secret/b/1.ans", "7\n"),
            ("submissions/accepted/echo.py", "print(input())\n"),
            (
                "submissions/partially_accepted/one.py",
                "input()\nprint(1)\n",
            ),
        ],
    );
    let text = verify(&env, p.to_str().unwrap(), &["-j", "1"], 0);
    assert!(
        text.contains("secret/a 50 (pass-fail), secret/b 50 (pass-fail)"),
        "{text}"
    );
    assert!(text.contains("AC 100"), "{text}");
    assert!(text.contains("AC 50"), "{text}");
    assert!(text.contains("agreement 2/2 (100 %)"), "{text}");
}

#[test]
fn submissions_yaml_rules_reach_any_folder_and_infer_the_time_limit() {
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("twice");
    write_package(
        &p,
        &[
            (
                "problem.yaml",
                "problem_format_version: 2025-09\nname: Twice\n",
            ),
            ("data/sample/1.in", "2\n"),
            ("data/sample/1.ans", "4\n"),
            ("data/secret/42.in", "21\n"),
            ("data/secret/42.ans", "42\n"),
            ("data/secret/43.in", "3\n"),
            ("data/secret/43.ans", "6\n"),
            // No accepted/ folder: the time limit comes from what must be accepted.
            ("submissions/mine/good.py", "print(2 * int(input()))\n"),
            (
                "submissions/mine/only42.py",
                "n = int(input())\nprint(42 if n == 21 else 0)\n",
            ),
            (
                "submissions/submissions.yaml",
                "mine/good.py:\n  permitted: [AC]\nmine/only42.py:\n  permitted: [AC, WA]\n  \"secret/*{ 4 }{ 2 }\":\n    required: [AC]\n",
            ),
        ],
    );
    let text = verify(&env, p.to_str().unwrap(), &["-j", "1"], 0);
    assert!(
        text.contains("inferred from 1 accepted submission(s)"),
        "{text}"
    );
    assert!(text.contains("mine/good.py"), "{text}");
    assert!(text.contains("1 group rule(s) met"), "{text}");
    assert!(text.contains("agreement 2/2 (100 %)"), "{text}");
}

#[test]
fn a_package_judges_forks_and_files_as_the_judge_host_does() {
    let env = Env::new();
    let text = verify(&env, &pkg("jury-host"), &["-j", "1"], 0);
    for (row, sub) in [
        ("AC       AC       ok", "accepted/hello.c"),
        // The working folder is read-only, TMPDIR writable.
        ("AC       AC       ok", "accepted/write_tmp.c"),
        ("WA       WA       ok", "wrong_answer/write_file.c"),
        // The forks past the limit fail and the program runs on: to its wrong answer, or
        // spinning to the time limit.
        ("WA       WA       ok", "wrong_answer/fork_parent_exit.c"),
        ("TLE      TLE      ok", "time_limit_exceeded/fork_bomb.c"),
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(row) && l.ends_with(sub)),
            "{sub}: {text}"
        );
    }
    assert!(text.contains("agreement 5/5 (100 %)"), "{text}");
    // The fork bomb's evidence: its time, and the refused forks.
    let bomb = format!(
        "{}/submissions/time_limit_exceeded/fork_bomb.c",
        pkg("jury-host")
    );
    let out = env
        .grader()
        .args(["run", &pkg("jury-host"), &bomb, "--format", "json"])
        .output()
        .unwrap();
    let (_, report) = super::parse_report(&out);
    let t = super::test(&report, "sample/1");
    assert_eq!(t["verdict"], "TLE", "{report:#}");
    let message = t["message"].as_str().unwrap_or("");
    assert!(
        message
            .contains("the process limit of 64 processes refused a fork or thread, which failed"),
        "{message}"
    );
    assert!(
        message.contains("leftover process(es) killed afterwards"),
        "{message}"
    );
    env.assert_clean();
}
