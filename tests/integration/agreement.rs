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
            .any(|l| l.starts_with("RTE      TLE      ok") && l.ends_with("long.c")),
        "{text}"
    );
    assert!(text.contains("agreement 5/5 (100 %)"), "{text}");
    // The scripted validator is built once, into the build cache, and found there next time.
    let built = || {
        let dirs: Vec<_> = std::fs::read_dir(env.cache.path().join("builds"))
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("scripted-")
            })
            .collect();
        assert_eq!(dirs.len(), 1, "{dirs:?}");
        std::fs::metadata(dirs[0].join("checker"))
            .unwrap()
            .modified()
            .unwrap()
    };
    let first = built();
    verify(&env, &pkg("domjudge-style"), &["-j", "1"], 0);
    assert_eq!(built(), first);
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
fn included_files_constants_multi_file_shell_and_entrypoints_agree_with_the_jury() {
    let env = Env::new();
    let text = verify(
        &env,
        &pkg("package-files"),
        &["-j", "1", "--format", "json"],
        0,
    );
    let doc: Value = serde_json::from_str(&text).unwrap();
    let row = |name: &str| {
        doc["submissions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["submission"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name}: {text}"))
            .clone()
    };
    // `import include` finds include/python3/include.py (RTE without it), whose
    // `{{offset}}` is substituted; the validator's too (a JE on every case without it).
    assert_eq!(row("accepted/uses_include.py")["obtained"], "AC", "{text}");
    // A constant in the submission itself (a syntax error unsubstituted: CE).
    assert_eq!(row("accepted/constant.py")["obtained"], "AC", "{text}");
    // `. ./add.sh` and `cat offset.txt` (include/default/) from its working folder (WA when
    // the program ran in an empty one).
    assert_eq!(row("accepted/multi-sh")["obtained"], "AC", "{text}");
    // submissions.yaml's entrypoint: ac.py runs, not main.py (WA).
    assert_eq!(row("accepted/entry")["obtained"], "AC", "{text}");
    assert_eq!(row("wrong_answer/plain.py")["obtained"], "WA", "{text}");
    assert_eq!(
        (doc["agreed"].as_u64(), doc["judged"].as_u64()),
        (Some(5), Some(5)),
        "{text}"
    );
    // `run` grades a package's submission as `verify` does: included files and constants.
    for sub in ["uses_include.py", "constant.py", "multi-sh"] {
        let file = format!("{}/submissions/accepted/{sub}", pkg("package-files"));
        let out = env
            .grader()
            .args(["run", &pkg("package-files"), &file])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{sub}: {stdout}");
        assert!(stdout.contains("all tests passed"), "{sub}: {stdout}");
    }
}

#[test]
fn draft_scoring_maps_of_the_format_s_scoring_example_are_read() {
    // The format's `scoring` example: 2025-09, but its groups' settings in the 2023-07 draft's
    // `testdata.yaml` `scoring:` map (refused before: "needs a max_score").
    let env = Env::new();
    let dir = env.tmp.path().join("scoring");
    write_package(
        &dir,
        &[
            (
                "problem.yaml",
                "problem_format_version: 2025-09\ntype: scoring\nname: s\nlimits:\n  time_limit: 2\n",
            ),
            ("data/sample/1.in", "-1\n"),
            ("data/sample/1.ans", "-1\n"),
            (
                "data/secret/testdata.yaml",
                "scoring:\n  aggregation: sum\n",
            ),
            (
                "data/secret/a/testdata.yaml",
                "scoring:\n  score: 30\n  aggregation: min\n",
            ),
            ("data/secret/a/1.in", "1\n"),
            ("data/secret/a/1.ans", "1\n"),
            (
                "data/secret/b/testdata.yaml",
                "scoring:\n  score: 70\n  aggregation: min\n",
            ),
            ("data/secret/b/1.in", "-2\n"),
            ("data/secret/b/1.ans", "-2\n"),
            ("submissions/accepted/echo.py", "print(input())\n"),
            (
                "submissions/partially_accepted/abs.py",
                "print(abs(int(input())))\n",
            ),
            ("submissions/wrong_answer/constant.py", "print(42)\n"),
        ],
    );
    let text = verify(&env, dir.to_str().unwrap(), &["-j", "1"], 0);
    assert!(
        text.contains("secret/a 30 (min), secret/b 70 (min)"),
        "{text}"
    );
    assert!(text.contains("AC 100"), "{text}");
    assert!(text.contains("WA 30"), "{text}");
    assert!(text.contains("agreement 3/3 (100 %)"), "{text}");
}

#[test]
fn domjudge_avg_and_min_over_subfolders_are_scored_as_domjudge_does() {
    // dj-largestsum's rules: `grader_flags: avg` and `min` over subfolders each scored all or
    // nothing (refused before: "only sum adds up group scores").
    let env = Env::new();
    let dir = env.tmp.path().join("avgmin");
    let echo_but = |n: u32| {
        format!(
            "# @EXPECTED_SCORE@: {}\nn = int(input())\nprint(0 if n == {n} else n)\n",
            [0, 40, 0, 0, 15][n as usize]
        )
    };
    let mut files = vec![
        (
            "problem.yaml".to_string(),
            "name: avgmin\ntype: scoring\n".to_string(),
        ),
        ("data/sample/1.in".into(), "5\n".into()),
        ("data/sample/1.ans".into(), "5\n".into()),
        (
            "data/secret/avg/testdata.yaml".into(),
            "grader_flags: avg\non_reject: continue\n".into(),
        ),
        (
            "data/secret/min/testdata.yaml".into(),
            "grader_flags: min\non_reject: continue\n".into(),
        ),
        ("data/testdata.yaml".into(), "on_reject: continue\n".into()),
        (
            "data/secret/testdata.yaml".into(),
            "on_reject: continue\n".into(),
        ),
        (
            "submissions/accepted/echo.py".into(),
            "# @EXPECTED_SCORE@: 45\nprint(input())\n".into(),
        ),
        ("submissions/partial/not1.py".into(), echo_but(1)),
        ("submissions/partial/not4.py".into(), echo_but(4)),
    ];
    for (i, (folder, score)) in [("avg/a", 10), ("avg/b", 20), ("min/c", 30), ("min/d", 30)]
        .into_iter()
        .enumerate()
    {
        let n = i + 1;
        files.push((format!("data/secret/{folder}/1.in"), format!("{n}\n")));
        files.push((format!("data/secret/{folder}/1.ans"), format!("{n}\n")));
        files.push((
            format!("data/secret/{folder}/testdata.yaml"),
            format!("accept_score: {score}\non_reject: continue\n"),
        ));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    write_package(&dir, &files);
    let text = verify(&env, dir.to_str().unwrap(), &["-j", "1"], 0);
    // avg: (10 + 20) / 2 = 15; min: 30 when both pass, else 0.
    assert!(text.contains("AC 45"), "{text}");
    assert!(text.contains("WA 40"), "{text}");
    assert!(text.contains("WA 15"), "{text}");
    assert!(text.contains("agreement 3/3 (100 %)"), "{text}");
}

#[test]
fn a_package_without_secret_data_is_judged_on_its_samples_saying_so() {
    // BAPCtools' multipass: generators.yaml's `secret: data: []`, the samples generated.
    let env = Env::new();
    let dir = env.tmp.path().join("samples-only");
    write_package(
        &dir,
        &[
            (
                "problem.yaml",
                "problem_format_version: 2025-09\nname: s\nlimits:\n  time_limit: 2\n",
            ),
            (
                "generators/generators.yaml",
                "data:\n  secret:\n    data: []\n",
            ),
            ("data/sample/1.in", "1\n"),
            ("data/sample/1.ans", "1\n"),
            ("data/secret/.gitkeep", ""),
            ("submissions/accepted/echo.py", "print(input())\n"),
            ("submissions/wrong_answer/two.py", "print(2)\n"),
        ],
    );
    let text = verify(&env, dir.to_str().unwrap(), &["-j", "1"], 0);
    assert!(
        text.contains("no secret test data: the submissions are judged on the samples only"),
        "{text}"
    );
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

/// A legacy scoring package whose output validator scores each case (`score.txt`), as
/// DOMjudge's `knapsack` example: the case's score counts up to its folder's `range` (refused
/// before: "score.txt scores without a maximum"). A folder with no testdata.yaml of its own
/// (the sample) scores nothing, as DOMjudge gives it no group. What the format leaves open is
/// refused by `kattis_scoring::scoring_features_that_cannot_be_reproduced_are_refused_by_name`.
#[test]
fn a_legacy_validator_s_score_txt_scores_its_folder_up_to_its_range() {
    let env = Env::new();
    let validator = "#!/usr/bin/env python3\nimport sys\nbest = int(open(sys.argv[2]).read())\n\
                     got = int(sys.stdin.read())\nif got > best:\n    sys.exit(43)\n\
                     open(sys.argv[3] + '/score.txt', 'w').write(str(got))\nsys.exit(42)\n";
    let dir = env.tmp.path().join("validator-scores");
    write_package(
        &dir,
        &[
            (
                "problem.yaml",
                "name: score\ntype: scoring\nvalidation: custom\n",
            ),
            ("output_validators/v/validate.py", validator),
            (
                "data/testdata.yaml",
                "on_reject: continue\ngrader_flags: sum\n",
            ),
            (
                "data/secret/testdata.yaml",
                "on_reject: continue\ngrader_flags: sum\n",
            ),
            (
                "data/secret/main/testdata.yaml",
                "range: 0 100\non_reject: continue\n",
            ),
            ("data/sample/1.in", "\n"),
            ("data/sample/1.ans", "100\n"),
            ("data/secret/main/1.in", "\n"),
            ("data/secret/main/1.ans", "100\n"),
            (
                "submissions/accepted/full.py",
                "# @EXPECTED_SCORE@: 100\nprint(100)\n",
            ),
            (
                "submissions/partial/forty.py",
                "# @EXPECTED_RESULTS@: CORRECT\n# @EXPECTED_SCORE@: 40\nprint(40)\n",
            ),
            (
                "submissions/wrong_answer/over.py",
                "# @EXPECTED_SCORE@: 0\nprint(1000)\n",
            ),
        ],
    );
    let text = verify(&env, dir.to_str().unwrap(), &["-j", "1"], 0);
    assert!(
        text.contains("sample 0 (sum), secret/main 100 (sum)"),
        "{text}"
    );
    assert!(text.contains("AC 100"), "{text}");
    assert!(text.contains("AC 40"), "{text}");
    assert!(text.contains("WA 0"), "{text}");
    assert!(text.contains("agreement 3/3 (100 %)"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
    env.assert_clean();
}
