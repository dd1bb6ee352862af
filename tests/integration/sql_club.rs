//! SQL exercises as they are published (fixture bank `tests/fixtures/club`: the club database,
//! a pg_dump with `\c`, settings and COPY blocks, shared by five problems from the bank's
//! `datasets/club/`): schema-qualified names on both engines, values compared by meaning
//! (timestamps, numeric, interval), dotted `[sql.dml]` tables and TRUNCATE, the shared
//! dataset's containment and fingerprint, and the evidence of SQL TLE and MLE verdicts.

use crate::sql_pg::{pg_env, postgres_here};
use crate::{Env, assert_exit, copy_tree, parse_report, test, verdicts};
use serde_json::Value;
use std::path::Path;

fn club(problem: &str) -> String {
    format!("tests/fixtures/club/{problem}")
}

/// Runs `sql` on problem `dir` with `args`: exit code and report (nothing left in TMPDIR).
fn run_at(env: &Env, dir: &str, sql: &str, args: &[&str]) -> (i32, Value) {
    let answer = tempfile::tempdir().expect("answer dir");
    let file = answer.path().join("answer.sql");
    std::fs::write(&file, sql).expect("write answer");
    let out = env
        .grader()
        .args(["run", dir, &file.display().to_string(), "--format", "json"])
        .args(args)
        .output()
        .expect("run grader");
    let (code, report) = parse_report(&out);
    env.assert_clean();
    (code, report)
}

/// Runs `sql` on problem `dir` with `args`, the human report on stdout: the JSON report (from
/// `--json`) and the human one.
fn run_both(env: &Env, dir: &str, sql: &str, args: &[&str]) -> (Value, String) {
    let answer = tempfile::tempdir().expect("answer dir");
    let file = answer.path().join("answer.sql");
    let json = answer.path().join("report.json");
    std::fs::write(&file, sql).expect("write answer");
    let out = env
        .grader()
        .args(["run", dir, &file.display().to_string()])
        .args(["--json", &json.display().to_string()])
        .args(args)
        .output()
        .expect("run grader");
    env.assert_clean();
    let human = String::from_utf8_lossy(&out.stdout).into_owned();
    let text = std::fs::read(&json).unwrap_or_else(|e| panic!("no JSON report ({e}): {human}"));
    (serde_json::from_slice(&text).expect("JSON"), human)
}

fn on_sqlite(env: &Env, problem: &str, sql: &str) -> (i32, Value) {
    run_at(env, &club(problem), sql, &["--engine", "sqlite"])
}

fn reference(problem: &str) -> String {
    std::fs::read_to_string(format!("{}/reference/answer.sql", club(problem))).unwrap()
}

#[test]
fn the_dump_loads_on_sqlite_its_schema_attached() {
    let env = Env::new();
    let (code, r) = on_sqlite(&env, "club-fees", &reference("club-fees"));
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(verdicts(&r), ["AC", "AC"]);
    // NUMERIC read as a number, by value.
    let (code, r) = on_sqlite(
        &env,
        "club-fees",
        "SELECT name, CAST(membercost AS double precision) FROM cd.facilities WHERE membercost > 0",
    );
    assert_eq!(code, 0, "{r:#}");
    // A wrong answer shows the dataset's tables under their schema-qualified names.
    let (_, r) = on_sqlite(
        &env,
        "club-fees",
        "SELECT name, membercost FROM cd.facilities WHERE membercost >= 0",
    );
    assert_eq!(verdicts(&r), ["WA", "WA"], "{r:#}");
    let input = test(&r, "club")["details"]["input"].as_str().unwrap();
    assert!(input.contains("cd.facilities (4 row(s))"), "{input}");
    assert!(input.contains("cd.bookings (14 row(s))"), "{input}");
    assert!(input.contains("Massage Room 1"), "{input}");
}

#[test]
fn an_answer_still_cannot_attach_or_read_the_schema_tables() {
    let env = Env::new();
    for (sql, want) in [
        ("ATTACH ':memory:' AS x", "not allowed: ATTACH"),
        (
            "SELECT name, sql FROM cd.sqlite_schema",
            "reading `sqlite_master`",
        ),
    ] {
        let (code, r) = on_sqlite(&env, "club-fees", sql);
        assert_eq!((code, r["verdict"].as_str()), (1, Some("CE")), "{r:#}");
        let m = r["message"].as_str().unwrap();
        assert!(m.contains(want), "{sql}: {m}");
    }
    // A misspelt table of the schema gets a suggestion.
    let (_, r) = on_sqlite(&env, "club-fees", "SELECT name, 1 FROM cd.facilites");
    assert_eq!(
        r["message"],
        "no such table: cd.facilites\nhint: did you mean `facilities`?"
    );
}

#[test]
fn timestamps_compare_by_value_on_sqlite() {
    let env = Env::new();
    let (code, r) = on_sqlite(&env, "club-starts", &reference("club-starts"));
    assert_eq!(code, 0, "{r:#}");
    // The same times spelt with a `T` and milliseconds.
    let (code, r) = on_sqlite(
        &env,
        "club-starts",
        "SELECT strftime('%Y-%m-%dT%H:%M:%f', starttime) FROM cd.bookings \
         WHERE memid = 1 AND starttime LIKE '2012-07-%'",
    );
    assert_eq!(code, 0, "{r:#}");
    // An hour off is another time (on the older dump's rows too).
    let (_, r) = on_sqlite(
        &env,
        "club-starts",
        "SELECT datetime(starttime, '+1 hour') FROM cd.bookings \
         WHERE memid = 1 AND starttime LIKE '2012-07-%'",
    );
    assert_eq!(verdicts(&r), ["WA", "WA"], "{r:#}");
}

#[test]
fn truncate_and_dotted_tables_in_sql_dml_on_sqlite() {
    let env = Env::new();
    let (code, r) = on_sqlite(&env, "club-clear", "truncate cd.bookings");
    assert_eq!(code, 0, "{r:#}");
    let (code, r) = on_sqlite(&env, "club-clear", "DELETE FROM cd.bookings");
    assert_eq!(code, 1);
    assert_eq!(r["verdict"], "CE");
    assert_eq!(
        r["message"],
        "not allowed: DELETE (this problem allows only TRUNCATE on `cd.bookings`)"
    );
    let (code, r) = on_sqlite(&env, "club-clear", "TRUNCATE cd.members");
    assert_eq!((code, r["verdict"].as_str()), (1, Some("CE")), "{r:#}");
    let (code, r) = on_sqlite(&env, "club-raise", &reference("club-raise"));
    assert_eq!(code, 0, "{r:#}");
    let (_, r) = on_sqlite(&env, "club-raise", "UPDATE cd.members SET zipcode = 0");
    assert_eq!(r["verdict"], "CE", "{r:#}");
    let m = r["message"].as_str().unwrap();
    assert!(m.starts_with("not allowed: UPDATE of `members`"), "{m}");
    let (_, r) = on_sqlite(
        &env,
        "club-raise",
        "UPDATE cd.facilities SET membercost = membercost + 2",
    );
    assert_eq!(verdicts(&r), ["WA"], "{r:#}");
}

#[test]
fn every_club_reference_is_accepted_on_both_engines() {
    let Some(_one) = postgres_here() else {
        return;
    };
    let env = pg_env();
    for p in [
        "club-fees",
        "club-starts",
        "club-span",
        "club-clear",
        "club-raise",
    ] {
        let (code, r) = run_at(&env, &club(p), &reference(p), &[]);
        assert_eq!(code, 0, "{p}: {r:#}");
        let version = r["language"]["version"].as_str().unwrap();
        assert!(version.contains("PostgreSQL 1"), "{p}: {version}");
    }
}

#[test]
fn interval_results_compare_by_value_on_postgres() {
    let Some(_one) = postgres_here() else {
        return;
    };
    let env = pg_env();
    // 73 days 12:00 justified into months is the same span.
    let (code, r) = run_at(
        &env,
        &club("club-span"),
        "SELECT f.name, justify_days(max(b.starttime) - min(b.starttime)) \
         FROM cd.bookings b JOIN cd.facilities f USING (facid) GROUP BY f.name",
        &[],
    );
    assert_eq!(code, 0, "{r:#}");
    // age() counts calendar months: another span, shown in canonical form.
    let (_, r) = run_at(
        &env,
        &club("club-span"),
        "SELECT f.name, age(max(b.starttime), min(b.starttime)) \
         FROM cd.bookings b JOIN cd.facilities f USING (facid) GROUP BY f.name",
        &[],
    );
    assert_eq!(verdicts(&r), ["WA"], "{r:#}");
    let m = test(&r, "club")["message"].as_str().unwrap();
    assert!(
        m.contains("expected '1 mon 29 days 21:30:00', got '1 mon 28 days 21:30:00'"),
        "{m}"
    );
    // A DELETE where only TRUNCATE is allowed.
    let (code, r) = run_at(
        &env,
        &club("club-clear"),
        "DELETE FROM cd.bookings",
        &["--engine", "postgres"],
    );
    assert_eq!((code, r["verdict"].as_str()), (1, Some("CE")), "{r:#}");
    let m = r["message"].as_str().unwrap();
    assert!(m.contains("not allowed: DELETE"), "{m}");
}

/// The fingerprint `--expect-spec-sha256` reports for problem `dir`.
fn fingerprint(env: &Env, dir: &Path) -> String {
    let out = env
        .grader()
        .args(["run", &dir.display().to_string()])
        .arg(dir.join("reference/answer.sql"))
        .args(["--engine", "sqlite", "--expect-spec-sha256", "0"])
        .output()
        .unwrap();
    assert_exit(&out, 2);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    let sha = err.split("its sha256 is ").nth(1).unwrap_or_default();
    let sha: String = sha.chars().take_while(char::is_ascii_hexdigit).collect();
    assert_eq!(sha.len(), 64, "{err}");
    sha
}

#[test]
fn a_shared_dataset_is_part_of_the_fingerprint_and_stays_in_the_bank() {
    let env = Env::new();
    let bank = tempfile::tempdir().unwrap();
    copy_tree(Path::new("tests/fixtures/club"), bank.path());
    let problem = bank.path().join("club-starts");
    let before = fingerprint(&env, &problem);
    let dump = bank.path().join("datasets/club/clubdata.sql");
    let text = std::fs::read_to_string(&dump).unwrap();
    std::fs::write(&dump, text.replace("Tennis Court 1", "Tennis Court 9")).unwrap();
    assert_ne!(before, fingerprint(&env, &problem));
    // A dataset folder that is a symlink out of the bank is refused.
    let outside = tempfile::tempdir().unwrap();
    copy_tree(&bank.path().join("datasets/club"), outside.path());
    std::fs::remove_dir_all(bank.path().join("datasets/club")).unwrap();
    std::os::unix::fs::symlink(outside.path(), bank.path().join("datasets/club")).unwrap();
    let out = env
        .grader()
        .args(["check", &problem.display().to_string()])
        .output()
        .unwrap();
    assert_exit(&out, 2);
    let err = String::from_utf8_lossy(&out.stdout);
    assert!(
        err.contains(
            "problem.toml:14:1: shared dataset `datasets/club` leads outside the bank folder"
        ),
        "{err}"
    );
    // An unknown one is named, with where it was looked for.
    std::fs::remove_file(bank.path().join("datasets/club")).unwrap();
    let out = env
        .grader()
        .args(["check", &problem.display().to_string()])
        .output()
        .unwrap();
    assert_exit(&out, 2);
    let err = String::from_utf8_lossy(&out.stdout);
    assert!(
        err.contains("shared dataset `club`: no folder `datasets/club/` in the bank"),
        "{err}"
    );
}

#[test]
fn sql_tle_and_mle_carry_their_evidence() {
    let env = Env::new();
    let problems = "tests/fixtures/problems";
    // The step budget: the steps it allowed, and the time the query ran.
    let (_, r) = run_at(
        &env,
        &format!("{problems}/sql-emp"),
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*), 1 FROM n",
        &["--engine", "sqlite"],
    );
    let t = test(&r, "visible");
    assert_eq!(t["verdict"], "TLE", "{t:#}");
    assert_eq!(t["details"]["steps"], 5_000_000, "{t:#}");
    assert!(t["time_s"].as_f64().unwrap() > 0.0, "{t:#}");
    // The wall-clock safety net (300 ms): the time, and the steps done by then (the
    // statement's own count: millions in 0.3 s, far below the budget of 10^12).
    let (r, human) = run_both(
        &env,
        &format!("{problems}/sql-limits"),
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n",
        &[],
    );
    let t = test(&r, "three");
    assert_eq!(t["verdict"], "TLE", "{t:#}");
    assert_eq!(t["tle"], "wall", "{t:#}");
    assert!(t["time_s"].as_f64().unwrap() >= 0.3, "{t:#}");
    let steps = t["details"]["steps"].as_u64().unwrap();
    assert!((10_000..1_000_000_000_000).contains(&steps), "{t:#}");
    let said = format!(") and {steps} SQLite VM steps");
    assert!(t["message"].as_str().unwrap().contains(&said), "{t:#}");
    assert!(human.contains(&said), "{human}");
    // The heap limit (8 MiB): the heap reached, and the time.
    let (r, human) = run_both(
        &env,
        &format!("{problems}/sql-limits"),
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1000) \
         SELECT count(*) FROM (SELECT DISTINCT x, zeroblob(100000) || x FROM n)",
        &[],
    );
    let t = test(&r, "three");
    assert_eq!(t["verdict"], "MLE", "{t:#}");
    assert!(t["time_s"].as_f64().unwrap() > 0.0, "{t:#}");
    assert!(t["memory_bytes"].as_u64().unwrap() > 4 << 20, "{t:#}");
    assert!(t["details"]["steps"].as_u64().unwrap() > 0, "{t:#}");
    let said = "SQLite ran out of memory at the 8 MiB heap limit (heap peak 8.0 MiB)";
    assert_eq!(t["message"], said, "{t:#}");
    assert!(human.contains(said), "{human}");
}

#[test]
fn postgres_tle_and_mle_carry_their_evidence() {
    let Some(_one) = postgres_here() else {
        return;
    };
    let env = pg_env();
    // A sort past work_mem (4 MB) spills to temporary files until temp_file_limit (64 MB):
    // the memory is the backend's peak plus those files. A 10 s timeout, so a loaded machine
    // still reaches the limit first.
    let problem = tempfile::tempdir().unwrap();
    copy_tree(Path::new("tests/fixtures/problems/sql-pg"), problem.path());
    let toml = problem.path().join("problem.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, text.replace("time = \"1s\"", "time = \"10s\"")).unwrap();
    let (r, human) = run_both(
        &env,
        &problem.path().display().to_string(),
        "SELECT count(*), 'x' FROM (SELECT DISTINCT x, repeat('a', 200) || x \
         FROM generate_series(1, 3000000) x) s",
        &["--engine", "postgres"],
    );
    let t = test(&r, "visible");
    assert_eq!(t["verdict"], "MLE", "{t:#}");
    let memory = t["memory_bytes"].as_u64().unwrap();
    assert!((64 << 20..1 << 30).contains(&memory), "{t:#}");
    assert!(t["time_s"].as_f64().unwrap() > 0.0, "{t:#}");
    let m = t["message"].as_str().unwrap();
    assert!(
        m.starts_with(
            "(postgres) a PostgreSQL resource limit was reached: temporary file size exceeds \
             temp_file_limit (65536kB); the backend: "
        ) && m.contains(" MiB of temporary files")
            && m.contains("s CPU, peak memory "),
        "{m}"
    );
    assert!(human.contains(m), "{human}");
    // statement_timeout (1 s): the time, the backend's CPU time (at most the wall time) and
    // its memory. A cross join of 3-row tables, 24 deep: CPU only, no temporary file (a
    // recursive CTE is kept in a tuplestore that can reach temp_file_limit first on a fast host).
    let joins = (0..24)
        .map(|i| format!("employees e{i}"))
        .collect::<Vec<_>>()
        .join(" CROSS JOIN ");
    let (r, human) = run_both(
        &env,
        &crate::fixture_problem("sql-pg"),
        &format!("SELECT count(*), 'x' FROM {joins}"),
        &["--engine", "postgres"],
    );
    let t = test(&r, "visible");
    assert_eq!(t["verdict"], "TLE", "{t:#}");
    let (cpu, wall) = (t["time_s"].as_f64().unwrap(), t["wall_s"].as_f64().unwrap());
    assert!(wall >= 1.0 && cpu > 0.0 && cpu <= wall + 0.05, "{t:#}");
    assert!(t["memory_bytes"].as_u64().unwrap() > 1 << 20, "{t:#}");
    let m = t["message"].as_str().unwrap();
    assert!(
        m.starts_with("(postgres) canceled by statement_timeout after 1.")
            && m.contains("s); the backend: ")
            && m.contains("s CPU, peak memory "),
        "{m}"
    );
    assert!(human.contains(m), "{human}");
}
