//! SQL answers on PostgreSQL, the second engine (fixture `sql-pg`): verdicts per engine, the
//! safety recipe of research/sql-grading.md §3.3 (one test per threat), and the throwaway
//! cluster: nothing created on the host, no postgres process and no folder left after a run,
//! Ctrl-C included. Without PostgreSQL installed these tests skip visibly, unless
//! `GRADER_REQUIRE_POSTGRES=1` (CI), where they fail.

use crate::{Env, fixture_problem, parse_report, test, verdicts};
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant};

/// PostgreSQL tests run one at a time: each starts a cluster, and several at once on two cores
/// would starve the timing-sensitive tests running beside them.
static ONE_CLUSTER: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Whether PostgreSQL's server programs are installed (panics in CI when they are not), and the
/// lock that keeps the PostgreSQL tests one at a time.
pub(crate) fn postgres_here() -> Option<std::sync::MutexGuard<'static, ()>> {
    let complete = |d: &Path| {
        ["initdb", "pg_ctl", "postgres"]
            .iter()
            .all(|b| d.join(b).is_file())
    };
    let found = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .any(|e| complete(&e.path().join("bin")));
    if !found {
        assert!(
            std::env::var_os("GRADER_REQUIRE_POSTGRES").is_none_or(|v| v != "1"),
            "GRADER_REQUIRE_POSTGRES=1 but PostgreSQL is not installed (apt-get install postgresql)"
        );
        crate::skipped("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin)");
        return None;
    }
    Some(ONE_CLUSTER.lock().unwrap_or_else(|e| e.into_inner()))
}

/// A test environment whose TMPDIR the cluster's user (`postgres`, when tests run as root) can
/// reach, so the cluster's folder lands there and `assert_clean` sees anything left of it.
pub(crate) fn pg_env() -> Env {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    std::fs::set_permissions(env.tmp.path(), std::fs::Permissions::from_mode(0o755))
        .expect("chmod tmp");
    env
}

/// Runs `sql` on the `sql-pg` fixture with `args`: exit code and report; checks that nothing of
/// the cluster is left (no process, no folder in TMPDIR).
fn run_pg(env: &Env, sql: &str, args: &[&str]) -> (i32, Value) {
    let dir = tempfile::tempdir().expect("answer dir");
    let file = dir.path().join("answer.sql");
    std::fs::write(&file, sql).expect("write answer");
    let out = env
        .grader()
        .args([
            "run",
            &fixture_problem("sql-pg"),
            &file.display().to_string(),
        ])
        .args(["--format", "json"])
        .args(args)
        .output()
        .expect("run grader");
    let (code, report) = parse_report(&out);
    assert_no_cluster_left(env);
    (code, report)
}

/// No postgres process runs on a data folder of this test, and TMPDIR is empty.
fn assert_no_cluster_left(env: &Env) {
    let mark = env.tmp.path().display().to_string();
    let postgres: Vec<String> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .map(|b| String::from_utf8_lossy(&b).replace('\0', " "))
        .filter(|c| c.contains("postgres") && c.contains(&mark))
        .collect();
    assert!(postgres.is_empty(), "postgres left running: {postgres:#?}");
    env.assert_clean();
}

fn first_message(r: &Value) -> String {
    r["tests"][0]["message"].as_str().unwrap_or("").to_string()
}

const REFERENCE: &str = "SELECT e.name, d.dept_name FROM Employees e \
     LEFT JOIN Departments d ON d.id = e.dept_id ORDER BY d.dept_name, e.name";

#[test]
fn both_engines_accept_the_reference_and_a_failure_names_its_engine() {
    let Some(_one) = postgres_here() else {
        return;
    };
    let env = pg_env();
    let (code, r) = run_pg(&env, REFERENCE, &[]);
    assert_eq!(code, 0, "{r:#}");
    let version = r["language"]["version"].as_str().unwrap();
    assert!(
        version.starts_with("SQLite 3.") && version.contains("+ PostgreSQL 1"),
        "{version}"
    );
    assert!(
        r["notes"].as_array().unwrap().iter().any(|n| n
            .as_str()
            .unwrap()
            .contains("a throwaway cluster (started in")),
        "{r:#}"
    );
    // NULLS FIRST is SQLite's default order and not PostgreSQL's: right on SQLite only.
    let (code, r) = run_pg(
        &env,
        "SELECT e.name, d.dept_name FROM Employees e LEFT JOIN Departments d \
         ON d.id = e.dept_id ORDER BY d.dept_name NULLS FIRST, e.name",
        &[],
    );
    assert_eq!(code, 1);
    assert_eq!(verdicts(&r), ["WA", "WA"], "{r:#}");
    let t = test(&r, "visible");
    assert_eq!(t["details"]["engine"], "postgres");
    let m = t["message"].as_str().unwrap();
    assert!(
        m.starts_with("(postgres) the rows are right but not sorted by dept_name NULLS LAST"),
        "{m}"
    );
    assert_eq!(
        test(&r, "nulls-in-dept")["message"],
        "(postgres) wrong answer on a hidden dataset; it passes if row order were ignored"
    );
    // Wrong on SQLite too: SQLite's verdict, marked with its engine.
    let (_, r) = run_pg(
        &env,
        "SELECT e.name, d.dept_name FROM Employees e JOIN Departments d \
         ON d.id = e.dept_id ORDER BY d.dept_name, e.name",
        &[],
    );
    let t = test(&r, "visible");
    assert_eq!(t["verdict"], "WA", "{r:#}");
    assert_eq!(t["details"]["engine"], "sqlite");
    assert!(!t["message"].as_str().unwrap().starts_with("(postgres)"));
    // The same answer on SQLite alone is right.
    let (code, r) = run_pg(
        &env,
        "SELECT e.name, d.dept_name FROM Employees e LEFT JOIN Departments d \
         ON d.id = e.dept_id ORDER BY d.dept_name NULLS FIRST, e.name",
        &["--engine", "sqlite"],
    );
    assert_eq!(code, 0, "{r:#}");
}

#[test]
fn postgres_rejects_sqlite_leniency_at_compile_time_with_a_hint() {
    let Some(_one) = postgres_here() else {
        return;
    };
    let env = pg_env();
    // A bare column next to GROUP BY: SQLite picks some row's value, PostgreSQL refuses.
    let (code, r) = run_pg(
        &env,
        "SELECT e.name, d.dept_name FROM Employees e LEFT JOIN Departments d \
         ON d.id = e.dept_id GROUP BY d.dept_name ORDER BY d.dept_name, e.name",
        &["--engine", "postgres"],
    );
    assert_eq!(code, 1);
    assert_eq!(r["verdict"], "CE", "{r:#}");
    let m = r["message"].as_str().unwrap();
    assert!(
        m.contains("must appear in the GROUP BY clause") && m.contains("line 1, column 8"),
        "{m}"
    );
    assert!(
        m.contains("hint: PostgreSQL needs every selected column"),
        "{m}"
    );
}

#[test]
fn server_files_are_out_of_reach() {
    let Some(_one) = postgres_here() else {
        return;
    };
    let env = pg_env();
    for (sql, function) in [
        ("SELECT pg_read_file('/etc/passwd'), 'x'", "pg_read_file"),
        ("SELECT lo_import('/etc/passwd'), 'x'", "lo_import"),
        ("SELECT name, 'x' FROM pg_ls_dir('.') AS name", "pg_ls_dir"),
        (
            "SELECT set_config('statement_timeout', '0', false), 'x'",
            "set_config",
        ),
    ] {
        let (code, r) = run_pg(&env, sql, &["--engine", "postgres"]);
        assert_eq!(code, 1);
        assert_eq!(verdicts(&r), ["RE", "RE"], "{sql}: {r:#}");
        assert_eq!(
            test(&r, "visible")["message"],
            format!("(postgres) SQL error: permission denied for function {function}"),
            "{sql}"
        );
        assert_eq!(
            test(&r, "nulls-in-dept")["message"],
            "(postgres) SQL error on a hidden dataset"
        );
    }
}

#[test]
fn statements_that_are_not_one_query_are_refused_before_running() {
    let Some(_one) = postgres_here() else {
        return;
    };
    let env = pg_env();
    let target = env.tmp.path().join("copied.csv");
    let copy = format!("COPY (SELECT 1) TO '{}'", target.display());
    for (sql, want) in [
        (copy.as_str(), "not a query"),
        ("CREATE TABLE Stolen (x INTEGER)", "not a query"),
        ("SET ROLE grader", "not a query"),
        ("SET default_transaction_read_only = off", "not a query"),
        (
            "SELECT 1, 'x'; DROP TABLE Employees",
            "cannot insert multiple commands into a prepared statement",
        ),
    ] {
        let (code, r) = run_pg(&env, sql, &["--engine", "postgres"]);
        assert_eq!(code, 1);
        assert_eq!(r["verdict"], "CE", "{sql}: {r:#}");
        let m = r["message"].as_str().unwrap();
        assert!(
            m.starts_with("(postgres) ") && m.contains(want),
            "{sql}: {m}"
        );
        assert!(r["tests"].as_array().unwrap().is_empty());
        assert!(!target.exists(), "COPY wrote {}", target.display());
    }
}

#[test]
fn runaway_queries_stop_at_the_timeout_the_row_cap_or_the_temp_file_limit() {
    let Some(_one) = postgres_here() else {
        return;
    };
    let env = pg_env();
    let started = Instant::now();
    let (_, r) = run_pg(&env, "SELECT pg_sleep(100), 'x'", &["--engine", "postgres"]);
    assert_eq!(verdicts(&r), ["TLE", "TLE"], "{r:#}");
    assert!(
        first_message(&r).starts_with("(postgres) canceled by statement_timeout after 1."),
        "{r:#}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    // Rows streamed from the select list: the row cap (1000) stops them.
    let (_, r) = run_pg(
        &env,
        "SELECT generate_series(1, 1000000000), 'x'",
        &["--engine", "postgres"],
    );
    assert_eq!(verdicts(&r), ["OLE", "OLE"], "{r:#}");
    assert_eq!(first_message(&r), "(postgres) more than 1000 rows returned");
    // A function scan materialises its rows: temp_file_limit stops it before the first one.
    let (_, r) = run_pg(
        &env,
        "SELECT count(*), 'x' FROM generate_series(1, 10000000000) g",
        &["--engine", "postgres"],
    );
    // (Under load, writing 64 MB of temporary files can outlast the 1 s timeout.)
    for (v, t) in verdicts(&r).iter().zip(r["tests"].as_array().unwrap()) {
        let m = t["message"].as_str().unwrap();
        assert!(
            (v == "MLE" && m.contains("temp_file_limit"))
                || (v == "TLE" && m.contains("statement_timeout")),
            "{r:#}"
        );
    }
}

/// Runs `sql` on shipped problem `id` on PostgreSQL alone.
fn run_shipped_pg(env: &Env, id: &str, sql: &str) -> (i32, Value) {
    let dir = tempfile::tempdir().expect("answer dir");
    let file = dir.path().join("answer.sql");
    std::fs::write(&file, sql).expect("write answer");
    let problem = crate::root().join("problems").join(id);
    let out = env
        .grader()
        .args([
            "run",
            &problem.display().to_string(),
            &file.display().to_string(),
        ])
        .args(["--format", "json", "--engine", "postgres"])
        .output()
        .expect("run grader");
    let (code, report) = parse_report(&out);
    assert_no_cluster_left(env);
    (code, report)
}

#[test]
fn named_parameters_are_bound_as_numbered_ones_on_postgres() {
    let Some(_one) = postgres_here() else {
        return;
    };
    let env = pg_env();
    for q in [":min_age", "@min_age", "$min_age"] {
        let sql = format!("SELECT id, name FROM Users WHERE is_active = 1 AND age >= {q}");
        let (code, r) = run_shipped_pg(&env, "sql-raw-params", &sql);
        assert_eq!(code, 0, "{q}: {r:#}");
    }
    let (_, r) = run_shipped_pg(
        &env,
        "sql-raw-params",
        "SELECT id, name FROM Users WHERE is_active = 1 AND age > :min_age",
    );
    assert_eq!(verdicts(&r), ["WA", "WA", "AC"], "{r:#}");
    assert!(
        test(&r, "sample")["message"]
            .as_str()
            .unwrap()
            .ends_with("(on this dataset :min_age = 30)"),
        "{r:#}"
    );
    // The value written in: the same hint as on SQLite.
    let (_, r) = run_shipped_pg(
        &env,
        "sql-raw-params",
        "SELECT id, name FROM Users WHERE is_active = 1 AND age >= 30",
    );
    assert!(
        first_message(&r).starts_with("(postgres) the query has no placeholder :min_age"),
        "{r:#}"
    );
}

#[test]
fn dml_answers_write_only_what_the_grants_allow_and_leave_the_data_unchanged() {
    let Some(_one) = postgres_here() else {
        return;
    };
    let env = pg_env();
    // The reference's UPDATE runs first on the same database: accepted means its transaction
    // was rolled back (else the answer would raise salaries twice).
    let raise = "UPDATE Employees SET salary = salary + 500 WHERE dept = 'Sales'";
    let (code, r) = run_shipped_pg(&env, "sql-update-raise", raise);
    assert_eq!(code, 0, "{r:#}");
    let (_, r) = run_shipped_pg(
        &env,
        "sql-update-raise",
        "UPDATE Employees SET salary = salary + 500",
    );
    assert_eq!(verdicts(&r), ["WA", "WA", "AC"], "{r:#}");
    assert!(
        first_message(&r).starts_with("(postgres) after your statement the check query"),
        "{r:#}"
    );
    let (_, r) = run_shipped_pg(&env, "sql-update-raise", "DELETE FROM Employees");
    assert_eq!(r["verdict"], "CE", "{r:#}");
    assert!(
        r["message"]
            .as_str()
            .unwrap()
            .starts_with("(postgres) not allowed: DELETE"),
        "{r:#}"
    );
    // A write the kind check lets through but no GRANT allows: refused by PostgreSQL itself.
    let (_, r) = run_shipped_pg(
        &env,
        "sql-update-raise",
        "WITH raised AS (UPDATE Employees SET salary = salary WHERE false RETURNING id), \
         planted AS (INSERT INTO Employees VALUES (99, 'Mallory', 'Sales', 1) RETURNING id) \
         UPDATE Employees SET salary = salary + 500 WHERE dept = 'Sales'",
    );
    assert_eq!(verdicts(&r)[0], "RE", "{r:#}");
    assert!(
        first_message(&r).contains("permission denied for table employees"),
        "{r:#}"
    );
}

#[test]
#[expect(
    clippy::disallowed_methods,
    reason = "the test must hold the grader's pid to signal it"
)]
fn ctrl_c_stops_the_cluster_and_removes_its_folder() {
    let Some(_one) = postgres_here() else {
        return;
    };
    let env = pg_env();
    let dir = tempfile::tempdir().expect("answer dir");
    let file = dir.path().join("answer.sql");
    std::fs::write(&file, "SELECT pg_sleep(100), 'x'").expect("write answer");
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("grader"))
        .current_dir(crate::root())
        .env("TMPDIR", env.tmp.path())
        .env("GRADER_STATE_DIR", env.state.path())
        .env("GRADER_CACHE_DIR", env.cache.path())
        .args([
            "run",
            &fixture_problem("sql-pg"),
            &file.display().to_string(),
        ])
        .args(["--engine", "postgres", "--format", "json"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start grader");
    // Wait for the server to be up (its pid file), then interrupt.
    let deadline = Instant::now() + Duration::from_secs(60);
    let pid_file = || -> Option<std::path::PathBuf> {
        std::fs::read_dir(env.tmp.path())
            .ok()?
            .flatten()
            .map(|e| e.path().join("data/postmaster.pid"))
            .find(|p| p.exists())
    };
    while pid_file().is_none() {
        assert!(Instant::now() < deadline, "the cluster never started");
        std::thread::sleep(Duration::from_millis(20));
    }
    // SAFETY: SIGINT to the grader this test started.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let out = child.wait_with_output().expect("wait for grader");
    assert_eq!(out.status.code(), Some(130), "{out:?}");
    assert_no_cluster_left(&env);
}

#[test]
fn without_postgres_a_required_problem_is_a_judge_error_and_an_advisory_one_skips_it() {
    let env = Env::new();
    let dir = tempfile::tempdir().expect("answer dir");
    let file = dir.path().join("answer.sql");
    std::fs::write(&file, REFERENCE).expect("write answer");
    let run = |problem: &str| {
        let out = env
            .grader()
            .env("GRADER_PG_BINDIR", env.tmp.path().join("no-postgres-here"))
            .args(["run", problem, &file.display().to_string()])
            .args(["--format", "json"])
            .output()
            .expect("run grader");
        parse_report(&out)
    };
    let (code, r) = run(&fixture_problem("sql-pg"));
    assert_eq!(code, 3, "{r:#}");
    assert_eq!(r["verdict"], "JE");
    let m = r["message"].as_str().unwrap();
    assert!(
        m.starts_with("PostgreSQL is needed (this problem's postgres_policy = \"required\")")
            && m.contains("no-postgres-here")
            && m.contains("`--engine sqlite` grades on SQLite only"),
        "{m}"
    );
    // The same problem, advisory: SQLite's verdict, and a note saying why PostgreSQL was skipped.
    let copy = tempfile::tempdir().expect("problem copy");
    let src = crate::root().join(fixture_problem("sql-pg"));
    std::fs::create_dir_all(copy.path().join("reference")).unwrap();
    std::fs::copy(
        src.join("reference/answer.sql"),
        copy.path().join("reference/answer.sql"),
    )
    .unwrap();
    let toml = std::fs::read_to_string(src.join("problem.toml"))
        .unwrap()
        .replace(
            "postgres_policy = \"required\"",
            "postgres_policy = \"advisory\"",
        );
    std::fs::write(copy.path().join("problem.toml"), toml).unwrap();
    let (code, r) = run(&copy.path().display().to_string());
    assert_eq!(code, 0, "{r:#}");
    let notes: Vec<&str> = r["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("the postgres engine is skipped (postgres_policy = \"advisory\")")),
        "{notes:?}"
    );
    env.assert_clean();
}
