//! `grader batch`: discovery (files, folders, manifest), one row per submission in every
//! output whatever went wrong with it, and resuming after `kill -9` from the journal.

use crate::Env;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

const FIXTURES: &str = "tests/fixtures/batch";

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// student -> verdict, from the gradebook; panics if a student appears twice.
fn gradebook(path: &Path) -> HashMap<String, Vec<String>> {
    let mut rows = HashMap::new();
    let mut reader = csv::Reader::from_path(path).unwrap();
    for r in reader.records() {
        let r = r.unwrap();
        let row: Vec<String> = r.iter().map(str::to_string).collect();
        assert!(
            rows.insert(row[0].clone(), row).is_none(),
            "student twice in the gradebook"
        );
    }
    rows
}

fn journal_students(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("every journal line is whole JSON");
            v["student"].as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn every_submission_gets_one_row_whatever_went_wrong() {
    let env = Env::new();
    let out_dir = env.cache.path().join("out");
    let out = env
        .grader()
        .args([
            "batch",
            "two-sum",
            &format!("{FIXTURES}/two-sum"),
            "-j",
            "2",
            "-o",
        ])
        .arg(&out_dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let rows = gradebook(&out_dir.join("gradebook.csv"));
    let verdict = |s: &str| rows[s][5].as_str();
    assert_eq!(verdict("alice"), "AC");
    assert_eq!(verdict("bob"), "WA");
    assert_eq!(verdict("carol"), "CE");
    assert_eq!(
        verdict("dave"),
        "AC",
        "folder with solution.py and a helper"
    );
    assert_eq!(
        verdict("erin"),
        "ERR",
        "two candidates, neither main.* nor solution.*"
    );
    assert!(rows["erin"][7].contains("a.py, b.py"));
    assert_eq!(verdict("frank"), "TLE");
    assert_eq!(verdict("gina"), "AC");
    assert_eq!(verdict("hana"), "RE", "the only source file of the folder");
    assert_eq!(verdict("ivan"), "ERR");
    assert!(rows["ivan"][7].contains("pass --lang"));
    assert_eq!(rows.len(), 9);
    // Per-test columns: bob's sample-2 is the failing one, frank's large test timed out.
    let header: Vec<String> = csv::Reader::from_path(out_dir.join("gradebook.csv"))
        .unwrap()
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows["bob"][col("sample-2")], "WA");
    assert_eq!(rows["frank"][col("large/01-pair-at-end")], "TLE");
    assert_eq!(rows["alice"][3], "8");
    assert_eq!(rows["alice"][4], "8");

    let results = read_json(&out_dir.join("results.json"));
    assert_eq!(results["problem"], "two-sum");
    assert_eq!(results["spec_sha256"].as_str().unwrap().len(), 64);
    assert_eq!(results["summary"]["submissions"], 9);
    assert_eq!(results["summary"]["verdicts"]["AC"], 3);
    assert_eq!(results["submissions"].as_array().unwrap().len(), 9);
    let mut journal = journal_students(&out_dir.join("journal.jsonl"));
    journal.sort();
    journal.dedup();
    assert_eq!(journal.len(), 9);
    env.assert_clean();
}

/// `grader batch two-sum manifest.csv -o OUT_DIR`, which must succeed.
fn batch_manifest(env: &Env, out_dir: &Path) {
    let out = env
        .grader()
        .args([
            "batch",
            "two-sum",
            &format!("{FIXTURES}/manifest.csv"),
            "-o",
        ])
        .arg(out_dir)
        .output()
        .unwrap();
    crate::assert_exit(&out, 0);
}

#[test]
fn a_manifest_lists_students_and_a_missing_file_is_a_row() {
    let env = Env::new();
    let out_dir = env.cache.path().join("out");
    batch_manifest(&env, &out_dir);
    let rows = gradebook(&out_dir.join("gradebook.csv"));
    assert_eq!(rows.len(), 4);
    assert_eq!(rows["dave"][5], "AC");
    assert_eq!(rows["zoe"][5], "ERR");
    assert!(
        rows["zoe"][7].contains("two-sum/zoe.py"),
        "{:?}",
        rows["zoe"]
    );

    // Bad usage: a missing folder is exit 2 with one line naming it.
    let out = env
        .grader()
        .args(["batch", "two-sum", "no-such-folder", "-o"])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`no-such-folder`"));
    env.assert_clean();
}

#[test]
#[expect(
    clippy::disallowed_methods,
    reason = "the test starts the grader itself to kill it with SIGKILL"
)]
fn kill_9_mid_batch_then_the_same_command_resumes() {
    // The killed grader leaves its slot cgroups to the next run to remove: other tests must
    // not look for stale cgroups meanwhile.
    let _killing = crate::KILLING.write().unwrap_or_else(|e| e.into_inner());
    let env = Env::new();
    let subs = env.cache.path().join("subs");
    std::fs::create_dir(&subs).unwrap();
    // Slow but right: each submission sleeps at import, so the batch takes a few seconds.
    let n = 8;
    for i in 0..n {
        std::fs::write(
            subs.join(format!("s{i:02}.py")),
            format!(
                "import time\ntime.sleep(0.4)  # student {i}\n\ndef two_sum(nums, target):\n    seen = {{}}\n    for i, x in enumerate(nums):\n        if target - x in seen:\n            return [seen[target - x], i]\n        seen[x] = i\n"
            ),
        )
        .unwrap();
    }
    let out_dir = env.cache.path().join("out");
    let journal = out_dir.join("journal.jsonl");
    let args = |cmd: &mut std::process::Command| {
        cmd.current_dir(crate::root())
            .env("GRADER_CACHE_DIR", env.cache.path())
            .env("TMPDIR", env.tmp.path())
            .env("NO_COLOR", "1")
            .env_remove("GRADER_PROBLEMS")
            .args(["batch", "two-sum"])
            .arg(&subs)
            .args(["-j", "2", "-o"])
            .arg(&out_dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
    };
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("grader"));
    args(&mut cmd);
    let mut child = cmd.spawn().unwrap();
    let started = Instant::now();
    let lines = |p: &Path| {
        std::fs::read_to_string(p)
            .map(|t| t.lines().count())
            .unwrap_or(0)
    };
    while lines(&journal) < 2 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no journal entry after 60 s"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the batch ended too early"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let before = journal_students(&journal);
    assert!(before.len() < n, "killed mid-batch, yet all {n} were done");
    assert!(!out_dir.join("gradebook.csv").exists());

    let out = env
        .grader()
        .args(["batch", "two-sum"])
        .arg(&subs)
        .args(["-j", "2", "-o"])
        .arg(&out_dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains(&format!("resuming: {} of {n}", before.len())),
        "{stderr}"
    );
    // The resumed run graded only the rest: each student once in the journal, in the
    // gradebook and in the JSON, all accepted.
    let after = journal_students(&journal);
    assert_eq!(after.len(), n, "{after:?}");
    assert_eq!(&after[..before.len()], &before[..]);
    let mut unique = after.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), n);
    let rows = gradebook(&out_dir.join("gradebook.csv"));
    assert_eq!(rows.len(), n);
    assert!(rows.values().all(|r| r[5] == "AC"), "{rows:?}");
    let results = read_json(&out_dir.join("results.json"));
    assert_eq!(results["submissions"].as_array().unwrap().len(), n);
    // Only the final files and the journal: no temporary left by the atomic writes.
    let mut names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "gradebook.csv",
            "journal.jsonl",
            "report.html",
            "results.json"
        ]
    );

    // A third run grades nothing again; a changed file is graded again.
    std::fs::write(
        subs.join("s03.py"),
        "def two_sum(nums, target):\n    return []\n",
    )
    .unwrap();
    let out = env
        .grader()
        .args(["batch", "two-sum"])
        .arg(&subs)
        .args(["-o"])
        .arg(&out_dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("resuming: {} of {n}", n - 1)),
        "{stderr}"
    );
    let rows = gradebook(&out_dir.join("gradebook.csv"));
    assert_eq!(rows["s03"][5], "WA");
    assert_eq!(journal_students(&journal).len(), n + 1);
    // The killed grader's scratch folders are its own leftovers; the helpers died with it.
    let procs = env.leftovers();
    assert!(procs.is_empty(), "processes left behind: {procs:#?}");
    // Its slot cgroups are removed by a later run (they may still have been busy, its helpers
    // dying, when the runs above started): any command that probes the sandbox does it.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !crate::stale_cgroups().is_empty() && Instant::now() < deadline {
        env.grader().arg("doctor").output().unwrap();
        std::thread::sleep(Duration::from_millis(100));
    }
    let stale = crate::stale_cgroups();
    assert!(
        stale.is_empty(),
        "cgroups of the killed grader left: {stale:#?}"
    );
}

/// Headless Chromium, when installed; CI (`GRADER_REQUIRE_CHROMIUM=1`) insists on it.
pub fn chromium() -> Option<std::path::PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(name))
                    .find(|p| p.is_file())
            })
        });
    if found.is_none() {
        assert!(
            std::env::var("GRADER_REQUIRE_CHROMIUM").as_deref() != Ok("1"),
            "GRADER_REQUIRE_CHROMIUM=1 but no chromium on PATH (apt-get install chromium)"
        );
        crate::skipped("no chromium on PATH; the HTML report was not rendered");
    }
    found
}

#[test]
#[expect(
    clippy::disallowed_methods,
    reason = "the test runs headless Chromium on the report"
)]
fn html_report_renders_in_headless_chromium() {
    let env = Env::new();
    let out_dir = env.cache.path().join("out");
    batch_manifest(&env, &out_dir);
    let page = out_dir.join("report.html");
    assert!(page.is_file());
    let Some(browser) = chromium() else { return };
    let profile = tempfile::tempdir().unwrap();
    let dom = std::process::Command::new("timeout")
        .arg("120")
        .arg(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .env("HOME", profile.path())
        .output()
        .unwrap();
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    // Everything below is drawn by the page's script from the embedded data.
    assert!(
        dom.contains(r#"data-rendered="yes""#),
        "the script did not finish:\n{dom}"
    );
    for s in ["alice", "bob", "dave", "zoe"] {
        assert_eq!(
            dom.matches(&format!(r#"data-student="{s}""#)).count(),
            1,
            "{s} once in the students table"
        );
    }
    // Histogram: bars whose counts add up to the class.
    let counts: u32 = dom
        .match_indices(r#"class="bar""#)
        .map(|(i, _)| {
            let rest = &dom[i..];
            let at = rest.find("data-count=\"").unwrap() + 12;
            rest[at..]
                .split('"')
                .next()
                .unwrap()
                .parse::<u32>()
                .unwrap()
        })
        .sum();
    assert_eq!(counts, 4);
    assert!(dom.contains(r#"data-verdict="AC""#) && dom.contains(r#"data-verdict="ERR""#));
    assert!(dom.contains(r#"data-test="large/01-pair-at-end""#));
    assert!(dom.contains("2 (50%)"), "AC is 2 of 4");
    drop(profile);
    let procs: Vec<String> = env.leftovers();
    assert!(procs.is_empty(), "{procs:#?}");
}

#[test]
fn shards_merge_into_the_unsharded_gradebook() {
    let env = Env::new();
    let dir = format!("{FIXTURES}/two-sum");
    let out = |name: &str| env.cache.path().join(name);
    let batch = |extra: &[&str], o: &Path| {
        let r = env
            .grader()
            .args(["batch", "two-sum", &dir, "-o"])
            .arg(o)
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(
            r.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&r.stderr)
        );
        String::from_utf8_lossy(&r.stdout).into_owned()
    };
    batch(&[], &out("all"));
    let one = batch(&["--shard", "1/2"], &out("s1"));
    assert!(one.contains("shard 1/2: 5 of 9 submission(s)"), "{one}");
    batch(&["--shard", "2/2"], &out("s2"));
    let s1 = gradebook(&out("s1").join("gradebook.csv"));
    let s2 = gradebook(&out("s2").join("gradebook.csv"));
    assert_eq!((s1.len(), s2.len()), (5, 4));
    assert!(
        s1.keys().all(|k| !s2.contains_key(k)),
        "a student in both shards"
    );

    let merge = |shards: &[&str]| {
        let mut cmd = env.grader();
        cmd.args(["merge", "-o"]).arg(out("merged"));
        for s in shards {
            cmd.arg(out(s));
        }
        cmd.output().unwrap()
    };
    // Shards in any order; the gradebook is byte for byte the unsharded one.
    let r = merge(&["s2", "s1"]);
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(out("merged").join("gradebook.csv")).unwrap(),
        std::fs::read_to_string(out("all").join("gradebook.csv")).unwrap()
    );
    let merged = read_json(&out("merged").join("results.json"));
    let all = read_json(&out("all").join("results.json"));
    assert!(merged.get("shard").is_none());
    assert_eq!(merged["summary"], all["summary"]);
    let students = |v: &Value| -> Vec<String> {
        v["submissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["student"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(students(&merged), students(&all));
    assert!(out("merged").join("report.html").is_file());

    // A missing shard, a repeated one, and a non-shard are refused with exit 2.
    let r = merge(&["s1"]);
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("missing shard(s) 2/2"));
    let r = merge(&["s1", "s1"]);
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("given twice"));
    let r = merge(&["all", "s1"]);
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("is not a shard"));
    // `--lms` without a roster is refused from the first shard, before the others are read
    // (the second folder here does not exist).
    let r = env
        .grader()
        .args(["merge", "--lms", "canvas", "-o"])
        .arg(out("merged-lms"))
        .args([out("s1"), out("no-such-shard")])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("`--lms canvas` needs `--roster FILE.csv`") && !err.contains("no-such-shard"),
        "{err}"
    );
    assert!(!out("merged-lms").exists());
    // A shard folder of another problem (the same class graded against valid-parentheses).
    let r = env
        .grader()
        .args(["batch", "valid-parentheses", &dir, "--shard", "2/2", "-o"])
        .arg(out("other"))
        .output()
        .unwrap();
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    let r = merge(&["s1", "other"]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("has problem `valid-parentheses`, but") && err.contains("has `two-sum`"),
        "{err}"
    );
    let r = env
        .grader()
        .args(["batch", "two-sum", &dir, "--shard", "3/2"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("1 <= I <= N"));
    env.assert_clean();
}

/// A submission that is not source code (a NUL byte) or is too large (50 MB) is a row of its
/// own with the reason, the rest of the class is graded, and nothing is lost.
#[test]
fn a_binary_or_huge_submission_is_a_row_with_its_reason() {
    let env = Env::new();
    let class = tempfile::tempdir().unwrap();
    std::fs::copy(
        crate::root().join("problems/two-sum/reference/two_sum.py"),
        class.path().join("ok.py"),
    )
    .unwrap();
    std::fs::write(class.path().join("bin.py"), b"def two_sum(a, t):\0\x01\x02").unwrap();
    let big = std::fs::File::create(class.path().join("big.py")).unwrap();
    big.set_len(50 << 20).unwrap();
    let out = env.cache.path().join("out");
    let r = env
        .grader()
        .args(["batch", "two-sum"])
        .arg(class.path())
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    let book = std::fs::read_to_string(out.join("gradebook.csv")).unwrap();
    let row = |who: &str| {
        book.lines()
            .find(|l| l.starts_with(&format!("{who},")))
            .unwrap_or_else(|| panic!("no row for {who}: {book}"))
            .to_string()
    };
    assert!(row("ok").contains(",AC,"), "{book}");
    let bin = row("bin");
    assert!(
        bin.contains(",ERR,") && bin.contains("is not a text file"),
        "{bin}"
    );
    let big = row("big");
    assert!(
        big.contains(",ERR,") && big.contains("is 52428800 bytes; a submission may have at most"),
        "{big}"
    );
    env.assert_clean();
}
