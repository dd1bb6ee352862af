//! `grader batch --roster` and `--lms`: students without a submission get a MISSING row (score
//! 0) in every output, a submission matching no student is graded and kept, the Canvas and
//! Moodle import files column by column, shards merged with a roster equal the unsharded
//! batch, and every bad roster is one line naming the file and the fix, exit 2, nothing written.

use crate::{Env, assert_exit};
use serde_json::Value;
use std::path::{Path, PathBuf};

const CLASS: &str = "tests/fixtures/batch/roster/class";
const ROSTER: &str = "tests/fixtures/batch/roster/roster.csv";
const COLUMNS: &str = "id=SIS ID,name=Student";

fn rows(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// `grader batch two-sum CLASS --roster ROSTER ... -o OUT EXTRA...`.
fn batch(env: &Env, out: &Path, extra: &[&str]) -> std::process::Output {
    env.grader()
        .args(["batch", "two-sum", CLASS, "--roster", ROSTER])
        .args(["--roster-columns", COLUMNS, "-j", "2", "-o"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn missing_students_score_zero_and_unknown_submissions_are_kept() {
    let env = Env::new();
    let out = env.cache.path().join("out");
    let r = batch(
        &env,
        &out,
        &[
            "--lms",
            "canvas",
            "--assignment",
            "Two Sum (4711)",
            "--points",
            "10",
        ],
    );
    assert_exit(&r, 0);
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert!(
        stderr.contains("roster: 4 student(s), 2 submitted, 2 missing: S003, S004"),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("1 submission(s) match no roster id, graded and kept (in_roster `no`): zed"),
        "{stderr}"
    );
    let book = rows(&out.join("gradebook.csv"));
    assert_eq!(
        book[0][..11],
        [
            "student",
            "name",
            "email",
            "in_roster",
            "file",
            "language",
            "score",
            "max",
            "verdict",
            "first_failure",
            "message"
        ]
    );
    let students: Vec<&str> = book[1..].iter().map(|r| r[0].as_str()).collect();
    // `s002.py` matched S002 ignoring case and takes the roster's spelling.
    assert_eq!(students, ["S001", "S002", "S003", "S004", "zed"]);
    let row = |id: &str| book.iter().find(|r| r[0] == id).unwrap();
    assert_eq!(row("S001")[1..4], ["Doe, Jane", "jane@uni.example", "yes"]);
    assert_eq!(
        (row("S001")[6].as_str(), row("S001")[8].as_str()),
        ("8", "AC")
    );
    assert_eq!(row("S002")[4], "s002.py");
    assert_eq!(row("S002")[8], "WA");
    for id in ["S003", "S004"] {
        assert_eq!(row(id)[3..9], ["yes", "", "", "0", "8", "MISSING"], "{id}");
        assert_eq!(row(id)[10], format!("no submission for roster id `{id}`"));
    }
    assert_eq!(row("zed")[1..4], ["", "", "no"]);
    assert_eq!(row("zed")[8], "AC", "not in the roster, still graded");

    let results: Value =
        serde_json::from_slice(&std::fs::read(out.join("results.json")).unwrap()).unwrap();
    assert_eq!(
        results["roster"]["missing"],
        serde_json::json!(["S003", "S004"])
    );
    assert_eq!(
        results["roster"]["not_in_roster"],
        serde_json::json!(["zed"])
    );
    assert_eq!(results["summary"]["verdicts"]["MISSING"], 2);
    let subs = results["submissions"].as_array().unwrap();
    assert_eq!(subs.len(), 5);
    assert_eq!(subs[2]["verdict"], "MISSING");
    assert_eq!(subs[2]["score"], 0.0);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains(r#""student":"S003""#) && html.contains("--MISSING:"));
    // The journal holds graded submissions only: a MISSING row is never "resumed".
    let journal = std::fs::read_to_string(out.join("journal.jsonl")).unwrap();
    assert_eq!(journal.lines().count(), 3);

    // Canvas: its export's columns, the Points Possible row, one row per roster student in
    // roster order, the score scaled to 10 points; `zed` has no id and is not in it.
    let canvas = rows(&out.join("canvas.csv"));
    assert_eq!(
        canvas[0],
        [
            "Student",
            "ID",
            "SIS User ID",
            "SIS Login ID",
            "Section",
            "Two Sum (4711)"
        ]
    );
    assert_eq!(canvas[1], ["    Points Possible", "", "", "", "", "10"]);
    assert_eq!(canvas[2], ["Doe, Jane", "", "S001", "jdoe", "A", "10"]);
    let bob = &canvas[3];
    assert_eq!(bob[..5], ["Bob Roe", "", "S002", "broe", "A"]);
    let wa: f64 = row("S002")[6].parse().unwrap();
    assert_eq!(bob[5], format!("{}", wa / 8.0 * 10.0));
    assert!(wa < 8.0);
    assert_eq!(canvas[4], ["Cat Poe", "", "S003", "cpoe", "B", "0"]);
    assert_eq!(canvas[5], ["Dan Moe", "", "S004", "dmoe", "B", "0"]);
    assert_eq!(canvas.len(), 6);
    env.assert_clean();
}

#[test]
fn moodle_file_and_shards_merged_with_a_roster_equal_the_unsharded_batch() {
    let env = Env::new();
    let out = |name: &str| env.cache.path().join(name);
    for (dir, extra) in [
        ("all", &[][..]),
        ("s1", &["--shard", "1/2"]),
        ("s2", &["--shard", "2/2"]),
    ] {
        let mut args = vec!["--lms", "moodle"];
        args.extend_from_slice(extra);
        let r = batch(&env, &out(dir), &args);
        assert_exit(&r, 0);
    }
    // A shard has no MISSING rows: merge adds them, once.
    for s in ["s1", "s2"] {
        let book = std::fs::read_to_string(out(s).join("gradebook.csv")).unwrap();
        assert!(!book.contains("MISSING"), "{s}: {book}");
    }
    let r = env
        .grader()
        .args(["merge", "--lms", "moodle", "-o"])
        .arg(out("merged"))
        .args([out("s2"), out("s1")])
        .output()
        .unwrap();
    assert_exit(&r, 0);
    for file in ["gradebook.csv", "moodle.csv"] {
        assert_eq!(
            std::fs::read_to_string(out("merged").join(file)).unwrap(),
            std::fs::read_to_string(out("all").join(file)).unwrap(),
            "{file}"
        );
    }
    let book = std::fs::read_to_string(out("merged").join("gradebook.csv")).unwrap();
    assert_eq!(book.matches(",MISSING,").count(), 2, "{book}");

    let moodle = rows(&out("all").join("moodle.csv"));
    assert_eq!(
        moodle[0],
        ["ID number", "Email address", "Full name", "Two Sum"]
    );
    assert_eq!(moodle[1], ["S001", "jane@uni.example", "Doe, Jane", "8"]);
    assert_eq!(moodle[2][..3], ["S002", "bob@uni.example", "Bob Roe"]);
    assert_eq!(moodle[3], ["S003", "cat@uni.example", "Cat Poe", "0"]);
    assert_eq!(moodle[4], ["S004", "dan@uni.example", "Dan Moe", "0"]);
    assert_eq!(moodle.len(), 5);

    // Shards of another roster do not merge.
    let other = env.cache.path().join("other.csv");
    std::fs::write(&other, "id\nS001\n").unwrap();
    let r = env
        .grader()
        .args(["batch", "two-sum", CLASS, "--roster"])
        .arg(&other)
        .args(["--shard", "2/2", "-o"])
        .arg(out("o2"))
        .output()
        .unwrap();
    assert_exit(&r, 0);
    let r = env
        .grader()
        .args(["merge", "-o"])
        .arg(out("bad"))
        .args([out("s1"), out("o2")])
        .output()
        .unwrap();
    assert_exit(&r, 2);
    assert!(String::from_utf8_lossy(&r.stderr).contains("another roster"));
    assert!(!out("bad").exists());
    env.assert_clean();
}

#[test]
fn bad_rosters_are_refused_with_one_line_and_nothing_written() {
    let env = Env::new();
    let dir = env.cache.path();
    let out: PathBuf = dir.join("out");
    let cases: [(&str, &[u8], &str, &[&str]); 5] = [
        (
            "dup.csv",
            b"id,name\nS001,a\nS002,b\nS001,c\n",
            "id `S001` is on lines 2 and 4; give each student one row",
            &[],
        ),
        (
            "cols.csv",
            b"Student ID,Name\nS001,a\n",
            "no column `id` for the id (found `Student ID`, `Name`); name the columns with `--roster-columns id=COLUMN`",
            &[],
        ),
        ("empty.csv", b"", "is empty; it needs a header", &[]),
        (
            "latin1.csv",
            b"id,name\nS001,Jos\xe9\n",
            "line 2 is not UTF-8 (byte offset 16); save the file as UTF-8",
            &[],
        ),
        (
            "named.csv",
            b"id,name\nS001,a\n",
            "no column `Mail` for the email (found `id`, `name`)",
            &["--roster-columns", "email=Mail"],
        ),
    ];
    for (name, bytes, message, extra) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let r = env
            .grader()
            .args(["batch", "two-sum", CLASS, "--roster"])
            .arg(&path)
            .args(extra)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        assert_exit(&r, 2);
        let stderr = String::from_utf8_lossy(&r.stderr);
        assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("roster `{}`", path.display())) && stderr.contains(message),
            "{name}: {stderr}"
        );
        assert!(!out.exists(), "{name}: nothing written");
    }
    // `--lms` needs the roster's ids.
    let r = env
        .grader()
        .args(["batch", "two-sum", CLASS, "--lms", "canvas", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_exit(&r, 2);
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert!(
        stderr.contains(
            "`--lms canvas` needs `--roster FILE.csv`: Canvas matches students by SIS User ID"
        ),
        "{stderr}"
    );
    assert!(!out.exists());
    // `--points` must be positive; `--assignment` only with `--lms`.
    for args in [
        &["--lms", "moodle", "--points", "0"][..],
        &["--assignment", "x"],
    ] {
        let r = env
            .grader()
            .args(["batch", "two-sum", CLASS, "--roster", ROSTER])
            .args(args)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        assert_exit(&r, 2);
        assert!(!out.exists());
    }
    env.assert_clean();
}
