//! SQL answers (`kind = "sql"`): verdicts and feedback on the `sql-emp` fixture, one test per
//! threat of the safety recipe (research/sql-grading.md §3.1), and the shipped SQL problems.

use crate::{Env, test, verdicts};
use serde_json::Value;

/// Runs `sql` (written to a file of its own) against fixture `problem` on SQLite (shipped
/// problems may enable PostgreSQL too: `sql_pg` tests that engine): exit code and report.
fn run_sql(env: &Env, problem: &str, sql: &str) -> (i32, Value) {
    let dir = tempfile::tempdir().expect("answer dir");
    let file = dir.path().join("answer.sql");
    std::fs::write(&file, sql).expect("write answer");
    let (code, report) = env.run_json(
        problem,
        &file.display().to_string(),
        &["--engine", "sqlite"],
    );
    env.assert_clean();
    (code, report)
}

fn message(r: &Value) -> String {
    r["message"].as_str().unwrap_or("").to_string()
}

/// A compile error for the whole answer, whose message contains `want`.
fn assert_ce(sql: &str, want: &str) {
    let env = Env::new();
    let (code, r) = run_sql(&env, "sql-emp", sql);
    assert_eq!(code, 1, "{r:#}");
    assert_eq!(r["verdict"], "CE", "{sql}: {r:#}");
    assert!(message(&r).contains(want), "{sql}: {}", message(&r));
    assert!(r["tests"].as_array().unwrap().is_empty());
}

/// A runtime error on every dataset: "not allowed: `want`" on the visible one, nothing more on
/// the hidden ones.
fn assert_refused_when_run(sql: &str, want: &str) {
    let env = Env::new();
    let (_, r) = run_sql(&env, "sql-emp", sql);
    assert_eq!(verdicts(&r), ["RE", "RE", "RE"], "{sql}: {r:#}");
    let m = test(&r, "visible")["message"].as_str().unwrap().to_string();
    assert_eq!(m, format!("SQL error: not allowed: {want}"), "{sql}");
    assert_eq!(
        test(&r, "hidden")["message"],
        "SQL error on a hidden dataset"
    );
}

const LEFT_JOIN: &str =
    "SELECT e.name, d.dept_name FROM Employees e LEFT JOIN Departments d ON d.id = e.dept_id";

#[test]
fn the_reference_is_accepted_with_its_step_count() {
    let env = Env::new();
    let (code, r) = run_sql(&env, "sql-emp", &format!("{LEFT_JOIN};\n-- done\n"));
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(r["verdict"], "AC");
    assert_eq!(r["score"], 3.0);
    assert_eq!(r["language"]["id"], "sql");
    assert!(
        r["language"]["version"]
            .as_str()
            .unwrap()
            .starts_with("SQLite 3.")
    );
    for t in r["tests"].as_array().unwrap() {
        assert!(t["details"]["steps"].as_u64().unwrap() > 0, "{t:#}");
    }
}

#[test]
fn math_functions_are_available() {
    let env = Env::new();
    let sql = "SELECT e.name, d.dept_name FROM Employees e LEFT JOIN Departments d \
               ON d.id = e.dept_id \
               WHERE sqrt(4.0) = 2.0 AND floor(2.5) = 2 AND power(2, 3) = 8 AND mod(7, 3) = 1";
    let (code, r) = run_sql(&env, "sql-emp", sql);
    assert_eq!(code, 0, "{r:#}");
}

#[test]
fn wrong_answer_on_a_visible_dataset_shows_the_row_diff_and_the_tables() {
    let env = Env::new();
    let (code, r) = run_sql(
        &env,
        "sql-emp",
        "SELECT e.name, COALESCE(d.dept_name, 'No Department') FROM Employees e \
         LEFT JOIN Departments d ON d.id = e.dept_id",
    );
    assert_eq!(code, 1);
    assert_eq!(r["verdict"], "WA");
    let t = test(&r, "visible");
    let m = t["message"].as_str().unwrap();
    assert!(
        m.starts_with("expected NULL, got 'No Department' in column 2 (dept_name)"),
        "{m}"
    );
    let mm = &t["details"]["mismatch"];
    assert_eq!(mm["expected"], "NULL");
    assert_eq!(mm["actual"], "'No Department'");
    let diff = mm["diff"].as_str().unwrap();
    assert!(diff.contains("- 'Carol' | NULL"), "{diff}");
    assert!(diff.contains("+ 'Carol' | 'No Department'"), "{diff}");
    assert!(diff.contains("  'Alice' | 'Engineering'"), "{diff}");
    let input = t["details"]["input"].as_str().unwrap();
    assert!(
        input.contains("Employees (3 row(s))") && input.contains("'Carol' | NULL"),
        "{input}"
    );
    assert_eq!(t["details"]["hint"], "Carol has no department");
}

#[test]
fn a_hidden_dataset_shows_only_its_hint() {
    let env = Env::new();
    let (_, r) = run_sql(
        &env,
        "sql-emp",
        "SELECT e.name, d.dept_name FROM Employees e JOIN Departments d ON d.id = e.dept_id",
    );
    let t = test(&r, "hidden");
    assert_eq!(t["verdict"], "WA");
    assert_eq!(t["message"], "wrong answer on a hidden dataset");
    assert!(t["details"]["mismatch"].is_null(), "{t:#}");
    assert!(t["details"]["input"].is_null(), "{t:#}");
    assert_eq!(
        t["details"]["hint"],
        "an employee points at a department that does not exist"
    );
    let text = r.to_string();
    assert!(
        !text.contains("Jack") && !text.contains("Research"),
        "hidden data leaked"
    );
}

#[test]
fn column_count_and_swapped_columns() {
    let env = Env::new();
    let (_, r) = run_sql(
        &env,
        "sql-emp",
        "SELECT e.name, d.dept_name, e.id FROM Employees e LEFT JOIN Departments d ON d.id = e.dept_id",
    );
    assert_eq!(verdicts(&r), ["WA", "WA", "WA"]);
    // Structure says nothing of the data: shown on hidden datasets too.
    for name in ["visible", "hidden"] {
        let m = test(&r, name)["message"].as_str().unwrap().to_string();
        assert!(m.starts_with("3 columns, expected 2"), "{m}");
    }
    let (_, r) = run_sql(
        &env,
        "sql-emp",
        "SELECT d.dept_name, e.name FROM Employees e LEFT JOIN Departments d ON d.id = e.dept_id",
    );
    let m = test(&r, "visible")["message"].as_str().unwrap().to_string();
    assert!(m.starts_with("columns look swapped"), "{m}");
}

#[test]
fn dialect_habits_get_hints() {
    for (sql, hint) in [
        (
            &*format!("{LEFT_JOIN} WHERE e.name ILIKE 'a%'"),
            "SQLite has no ILIKE",
        ),
        (
            "SELECT e.name, d.id::text FROM Employees e LEFT JOIN Departments d ON d.id = e.dept_id",
            "CAST(x AS INTEGER)",
        ),
        (
            "SELECT e.name, DATE_TRUNC('month', '2024-05-06') FROM Employees e",
            "strftime('%Y-%m-01', d)",
        ),
        (
            &*format!("{LEFT_JOIN} WHERE e.name = \"Alice\""),
            "strings take single quotes",
        ),
        (
            &*format!("{LEFT_JOIN} WHERE e.name = `Alice`"),
            "backticks quote names",
        ),
    ] {
        assert_ce(sql, hint);
    }
}

// ---- the safety recipe: one test per threat row (research/sql-grading.md §3.1) ----

#[test]
fn threat_several_statements() {
    assert_ce(
        &format!("{LEFT_JOIN}; DROP TABLE Employees;"),
        "only one statement is allowed",
    );
    assert_ce(
        &format!("{LEFT_JOIN}; SELECT 1, 2"),
        "only one statement is allowed",
    );
}

#[test]
fn threat_ddl_dml_pragma_attach_and_transactions() {
    for (sql, want) in [
        ("DROP TABLE Employees", "changing the schema"),
        ("DELETE FROM Employees", "DELETE from `Employees`"),
        (
            "INSERT INTO Employees VALUES (9, 'Eve', 1)",
            "INSERT into `Employees`",
        ),
        ("UPDATE Employees SET name = 'x'", "UPDATE of `Employees`"),
        ("CREATE TEMP TABLE t(x)", "changing the schema"),
        ("CREATE TEMP VIEW v AS SELECT 1", "changing the schema"),
        ("ATTACH DATABASE '/etc/passwd' AS p", "ATTACH"),
        ("VACUUM INTO '/tmp/grader-vacuum-into.db'", "not a query"),
        ("PRAGMA foreign_keys = OFF", "PRAGMA foreign_keys"),
        ("PRAGMA table_info(Employees)", "PRAGMA table_info"),
        ("BEGIN", "transactions"),
        ("SAVEPOINT s", "transactions"),
        ("ANALYZE", "not allowed"),
        ("REINDEX", "not a query"),
        ("EXPLAIN SELECT 1, 2", "EXPLAIN is not an answer"),
    ] {
        assert_ce(sql, want);
    }
    assert!(!std::path::Path::new("/tmp/grader-vacuum-into.db").exists());
}

#[test]
fn threat_load_extension() {
    assert_ce(
        "SELECT load_extension('/tmp/evil.so'), 1",
        "not allowed: the function load_extension()",
    );
}

#[test]
fn threat_writable_schema() {
    assert_ce("PRAGMA writable_schema = ON", "PRAGMA writable_schema");
    assert_refused_when_run(
        "SELECT * FROM pragma_writable_schema",
        "PRAGMA writable_schema",
    );
}

#[test]
fn threat_runaway_recursive_cte_hits_the_step_budget() {
    let env = Env::new();
    let (code, r) = run_sql(
        &env,
        "sql-emp",
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*), 1 FROM n",
    );
    assert_eq!(code, 1);
    for t in r["tests"].as_array().unwrap() {
        assert_eq!(t["verdict"], "TLE", "{t:#}");
        assert_eq!(t["tle"], "cpu");
        let m = t["message"].as_str().unwrap();
        assert!(
            m.starts_with("step budget exhausted: more than 5000000"),
            "{m}"
        );
    }
}

#[test]
fn threat_a_huge_cross_join_hits_the_step_budget() {
    let env = Env::new();
    let (_, r) = run_sql(
        &env,
        "sql-emp",
        "SELECT a.name, count(*) FROM Employees a, Employees b, Employees c GROUP BY a.name",
    );
    assert_eq!(test(&r, "big")["verdict"], "TLE", "{r:#}");
}

#[test]
fn threat_the_wall_clock_safety_net() {
    let env = Env::new();
    // sql-limits has no step budget to speak of and a 300 ms safety net.
    let started = std::time::Instant::now();
    let (_, r) = run_sql(
        &env,
        "sql-limits",
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n",
    );
    let t = test(&r, "three");
    assert_eq!(t["verdict"], "TLE", "{t:#}");
    assert_eq!(t["tle"], "wall");
    assert!(
        t["message"]
            .as_str()
            .unwrap()
            .contains("wall-clock safety net")
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn threat_infinite_rows_hit_the_row_cap() {
    let env = Env::new();
    let (_, r) = run_sql(
        &env,
        "sql-emp",
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x, x FROM n",
    );
    let t = test(&r, "visible");
    assert_eq!(t["verdict"], "OLE", "{t:#}");
    assert_eq!(t["message"], "more than 1000 rows returned");
}

#[test]
fn threat_giant_strings_and_blobs() {
    let env = Env::new();
    for sql in [
        "SELECT printf('%.*c', 2000000, 'x'), 1",
        "SELECT zeroblob(2000000), 1",
        "WITH RECURSIVE s(v) AS (SELECT 'x' UNION ALL SELECT v || v FROM s) SELECT v, 1 FROM s",
    ] {
        let (_, r) = run_sql(&env, "sql-emp", sql);
        let t = test(&r, "visible");
        assert_eq!(t["verdict"], "RE", "{sql}: {t:#}");
        assert!(
            t["message"]
                .as_str()
                .unwrap()
                .contains("string or blob too big"),
            "{t:#}"
        );
        assert_eq!(
            test(&r, "hidden")["message"],
            "SQL error on a hidden dataset"
        );
    }
}

#[test]
fn threat_huge_sql_text() {
    let mut sql = String::from("SELECT 1, 2 WHERE 1 = 1");
    while sql.len() < 120_000 {
        sql.push_str(" AND 1 = 1");
    }
    assert_ce(&sql, "at most 100000 bytes");
}

#[test]
fn threat_memory_blow_up_hits_the_heap_limit() {
    let env = Env::new();
    // sql-limits gives SQLite an 8 MiB heap; a DISTINCT over 1,000 blobs of 100 kB needs 100 MB.
    let (_, r) = run_sql(
        &env,
        "sql-limits",
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1000) \
         SELECT count(*) FROM (SELECT DISTINCT x, zeroblob(100000) || x FROM n)",
    );
    let t = test(&r, "three");
    assert_eq!(t["verdict"], "MLE", "{t:#}");
    assert!(t["message"].as_str().unwrap().contains("8 MiB heap limit"));
}

#[test]
fn threat_reading_the_schema_tables() {
    assert_ce(
        "SELECT name, sql FROM sqlite_schema",
        "reading `sqlite_master`",
    );
    assert_ce(
        "SELECT name, sql FROM sqlite_temp_schema",
        "reading `sqlite_temp_master`",
    );
    // Table-valued pragmas and dbstat are refused when they run.
    assert_refused_when_run(
        "SELECT name, type FROM pragma_table_info('Employees')",
        "PRAGMA table_info",
    );
    assert_refused_when_run("SELECT name, 1 FROM dbstat", "reading `sqlite_master`");
}

#[test]
fn threat_reading_the_answer_key() {
    // The reference never enters the answer's database, and no file can be reached.
    assert_ce("SELECT * FROM reference", "no such table: reference");
    assert_ce(
        "ATTACH 'tests/fixtures/problems/sql-emp/reference/answer.sql' AS k",
        "ATTACH",
    );
    assert_ce(
        "SELECT readfile('tests/fixtures/problems/sql-emp/reference/answer.sql'), 1",
        "no such function: readfile",
    );
    assert_refused_when_run(
        "SELECT name, file FROM pragma_database_list",
        "PRAGMA database_list",
    );
}

#[test]
fn nondeterministic_functions_are_refused() {
    assert_ce("SELECT random(), 1", "not allowed: the function random()");
    assert_ce(
        "SELECT randomblob(4), 1",
        "not allowed: the function randomblob()",
    );
}

// ---- wiring ----

#[test]
fn a_sql_file_for_another_kind_and_python_for_sql_are_judge_errors() {
    let env = Env::new();
    let (code, r) = run_sql(&env, "sum", LEFT_JOIN);
    assert_eq!(code, 3, "{r:#}");
    assert_eq!(r["verdict"], "JE");
    assert!(
        message(&r).contains("only kind = \"sql\" problems"),
        "{r:#}"
    );
    let (code, r) = env.run_json("sql-emp", "ac.py", &[]);
    assert_eq!(code, 3, "{r:#}");
    assert!(message(&r).contains("is an SQL problem"), "{r:#}");
}

#[test]
fn show_prints_the_schema_and_sample_tables_with_the_expected_result() {
    let env = Env::new();
    let out = env
        .grader()
        .args(["show", "problems/sql-left-join"])
        .output()
        .expect("show");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("CREATE TABLE Employees"), "{text}");
    assert!(text.contains("expected result:"), "{text}");
    assert!(text.contains("'Carol' | NULL"), "{text}");
}

#[test]
fn the_human_report_of_a_wrong_answer() {
    let env = Env::new();
    let out = env
        .grader()
        .args([
            "run",
            "problems/sql-left-join",
            "problems/sql-left-join/wrong/coalesce.sql",
        ])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("expected NULL, got 'No Department'"),
        "{text}"
    );
    assert!(text.contains("- 'Carol' | NULL"), "{text}");
    assert!(text.contains("hint: Carol has no department"), "{text}");
    assert!(text.contains("wrong answer on a hidden dataset"), "{text}");
}

#[test]
fn check_passes_on_the_shipped_sql_problems() {
    let env = Env::new();
    let ids: Vec<String> = std::fs::read_dir(crate::root().join("problems"))
        .expect("problems")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("sql-"))
        .collect();
    assert!(ids.len() >= 6, "{ids:?}");
    let out = env
        .grader()
        .arg("check")
        .args(&ids)
        .output()
        .expect("check");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains(" 0 failed"), "{text}");
}

#[test]
fn results_that_depend_on_scan_order_are_caught() {
    let env = Env::new();
    let dir = tempfile::tempdir().expect("problem dir");
    let p = dir.path().join("first-row");
    std::fs::create_dir_all(p.join("reference")).unwrap();
    std::fs::write(
        p.join("problem.toml"),
        "format_version = 1\ntitle = \"f\"\nkind = \"sql\"\n[sql]\nreference = \"reference/a.sql\"\n\
         schema = \"CREATE TABLE T (x INTEGER);\"\n[[tests]]\nseed = \"INSERT INTO T VALUES (1), (2), (3);\"\n",
    )
    .unwrap();
    let run = |reference: &str, answer: &str| {
        std::fs::write(p.join("reference/a.sql"), reference).unwrap();
        let file = dir.path().join("answer.sql");
        std::fs::write(&file, answer).unwrap();
        let out = env
            .grader()
            .args(["run", p.to_str().unwrap(), file.to_str().unwrap()])
            .args(["--format", "json"])
            .output()
            .expect("run");
        serde_json::from_slice::<Value>(&out.stdout).expect("json")
    };
    // The answer is right only while SQLite happens to scan T in insertion order.
    let r = run("SELECT min(x) FROM T", "SELECT x FROM T LIMIT 1");
    let t = &r["tests"][0];
    assert_eq!(t["verdict"], "WA", "{r:#}");
    assert!(
        t["message"]
            .as_str()
            .unwrap()
            .starts_with("your result depends on the order SQLite happens to scan rows in"),
        "{t:#}"
    );
    // A reference like that is the problem's fault.
    let r = run("SELECT x FROM T LIMIT 1", "SELECT min(x) FROM T");
    assert_eq!(r["verdict"], "JE", "{r:#}");
    assert!(
        r["tests"][0]["message"]
            .as_str()
            .unwrap()
            .contains("the reference query's result depends on the order"),
        "{r:#}"
    );
    env.assert_clean();
}

/// The absolute folder of a shipped problem (`run_sql` takes fixture names or paths).
fn shipped(id: &str) -> String {
    crate::root()
        .join("problems")
        .join(id)
        .display()
        .to_string()
}

#[test]
fn plan_rules_accept_the_index_and_show_the_plan_of_a_full_scan() {
    let env = Env::new();
    let p = shipped("sql-use-index");
    let (code, r) = run_sql(
        &env,
        &p,
        "SELECT o.id, o.amount FROM Orders o WHERE o.user_id = 42",
    );
    assert_eq!(code, 0, "{r:#}");
    // Right rows, but abs() hides the column from the index: WA on the large dataset only.
    let (_, r) = run_sql(
        &env,
        &p,
        "SELECT id, amount FROM Orders WHERE abs(user_id) = 42",
    );
    assert_eq!(verdicts(&r), ["AC", "AC", "WA"], "{r:#}");
    let m = test(&r, "large")["message"].as_str().unwrap().to_string();
    assert!(m.contains("the result is right"), "{m}");
    assert!(
        m.contains("required: a plan line matching `USING (COVERING )?INDEX idx_orders_user"),
        "{m}"
    );
    assert!(
        m.contains("forbidden: `^SCAN ` (the plan has `SCAN Orders`)"),
        "{m}"
    );
    assert!(
        m.contains("full-scan steps: 19999 (at most 0 allowed"),
        "{m}"
    );
    assert!(m.contains("× the reference's"), "{m}");
    assert!(
        m.contains("your plan (EXPLAIN QUERY PLAN):\n  SCAN Orders"),
        "{m}"
    );
    assert!(
        m.contains("feedback: Compare the indexed column itself"),
        "{m}"
    );
}

#[test]
fn plan_rules_count_steps_against_the_reference() {
    // Only a VM-step ratio: an index search passes; a correlated subquery per row does not.
    let env = Env::new();
    let dir = tempfile::tempdir().expect("problem dir");
    let p = dir.path().join("ratio");
    std::fs::create_dir_all(p.join("reference")).unwrap();
    std::fs::write(p.join("reference/a.sql"), "SELECT id FROM T WHERE k = 7").unwrap();
    std::fs::write(
        p.join("problem.toml"),
        "format_version = 1\ntitle = \"r\"\nkind = \"sql\"\n[sql]\nreference = \"reference/a.sql\"\n\
         schema = \"CREATE TABLE T (id INTEGER PRIMARY KEY, k INTEGER); CREATE INDEX t_k ON T(k);\"\n\
         [sql.plan]\ndatasets = [\"big\"]\nmax_vm_steps_ratio = 3.0\n\
         [[tests]]\nname = \"big\"\nseed = \"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO T SELECT i, i % 100 FROM n;\"\n",
    )
    .unwrap();
    let p = p.display().to_string();
    let (code, r) = run_sql(&env, &p, "SELECT id FROM T WHERE k = 7");
    assert_eq!(code, 0, "{r:#}");
    let (_, r) = run_sql(&env, &p, "SELECT id FROM T WHERE k + 0 = 7");
    assert_eq!(verdicts(&r), ["WA"], "{r:#}");
    let m = message(test(&r, "big"));
    assert!(m.contains("VM steps: "), "{m}");
    assert!(m.contains("(at most 3× allowed)"), "{m}");
    assert!(m.contains("SCAN T"), "{m}");
}

#[test]
fn parameters_are_bound_per_dataset_and_an_inlined_value_fails_with_a_hint() {
    let env = Env::new();
    let p = shipped("sql-raw-params");
    for q in [":min_age", "@min_age", "$min_age"] {
        let sql = format!("SELECT id, name FROM Users WHERE is_active = 1 AND age >= {q}");
        let (code, r) = run_sql(&env, &p, &sql);
        assert_eq!(code, 0, "{q}: {r:#}");
    }
    // The sample's value written in: every dataset fails, saying which value it binds.
    let (_, r) = run_sql(
        &env,
        &p,
        "SELECT id, name FROM Users WHERE is_active = 1 AND age >= 30",
    );
    assert_eq!(verdicts(&r), ["WA", "WA", "WA"], "{r:#}");
    let m = message(test(&r, "sample"));
    assert!(
        m.starts_with("the query has no placeholder :min_age: this dataset binds :min_age = 30"),
        "{m}"
    );
    // On a hidden dataset the value is data: only the name is given.
    let m = message(test(&r, "adults"));
    assert!(
        m.starts_with("the query has no placeholder :min_age: this dataset binds :min_age (values not shown: a hidden dataset)"),
        "{m}"
    );
    // A placeholder, but the wrong comparison: the message names the bound value.
    let (_, r) = run_sql(
        &env,
        &p,
        "SELECT id, name FROM Users WHERE is_active = 1 AND age > :min_age",
    );
    assert_eq!(verdicts(&r), ["WA", "WA", "AC"], "{r:#}");
    assert!(
        message(test(&r, "sample")).ends_with("(on this dataset :min_age = 30)"),
        "{r:#}"
    );
    // Parameters the problem does not bind, and positional ones, are compile errors.
    let (_, r) = run_sql(&env, &p, "SELECT id, name FROM Users WHERE age >= :age");
    assert_eq!(r["verdict"], "CE");
    assert_eq!(
        message(&r),
        "unknown parameter :age: this problem binds :min_age"
    );
    let (_, r) = run_sql(&env, &p, "SELECT id, name FROM Users WHERE age >= ?");
    assert_eq!(r["verdict"], "CE");
    assert!(message(&r).contains("positional parameters"), "{r:#}");
    // A problem without parameters: a placeholder is refused, not bound to NULL.
    let (_, r) = run_sql(&env, "sql-emp", "SELECT name, :x FROM Employees");
    assert_eq!(r["verdict"], "CE");
    assert!(message(&r).contains("binds no parameters"), "{r:#}");
}

#[test]
fn dml_answers_run_on_a_copy_and_are_graded_by_the_check_query() {
    let env = Env::new();
    let p = shipped("sql-update-raise");
    let (code, r) = run_sql(
        &env,
        &p,
        "UPDATE Employees SET salary = salary + 500 WHERE dept = 'Sales'",
    );
    assert_eq!(code, 0, "{r:#}");
    // Forgets the WHERE: the wrong final state, shown through the check query.
    let (_, r) = run_sql(&env, &p, "UPDATE Employees SET salary = salary + 500");
    assert_eq!(verdicts(&r), ["WA", "WA", "AC"], "{r:#}");
    let m = message(test(&r, "sample"));
    assert!(
        m.starts_with("after your statement the check query `SELECT id, name, dept, salary FROM Employees` gives: expected 4000, got 4500"),
        "{m}"
    );
    assert!(
        message(test(&r, "no-sales"))
            .starts_with("after your statement the tables differ from the expected ones"),
        "{r:#}"
    );
    // Writes that are not allowed are refused before anything runs.
    for (sql, want) in [
        (
            "DELETE FROM Employees WHERE dept <> 'Sales'",
            "not allowed: DELETE from `Employees` (this problem allows only UPDATE on `Employees`)",
        ),
        (
            "INSERT INTO Employees VALUES (9, 'X', 'Sales', 1)",
            "not allowed: INSERT into `Employees`",
        ),
        (
            "DROP TABLE Employees",
            "not allowed: changing the schema (CREATE, DROP, ALTER)",
        ),
        (
            "SELECT * FROM Employees",
            "not a write: the answer must be one UPDATE statement",
        ),
        (
            "UPDATE Employees SET salary = 1; DROP TABLE Employees",
            "only one statement is allowed",
        ),
    ] {
        let (_, r) = run_sql(&env, &p, sql);
        assert_eq!(r["verdict"], "CE", "{sql}: {r:#}");
        assert!(message(&r).contains(want), "{sql}: {}", message(&r));
    }
}

#[test]
fn dml_writes_only_the_allowed_tables_and_the_copy_can_grow() {
    let env = Env::new();
    let dir = tempfile::tempdir().expect("problem dir");
    let p = dir.path().join("log");
    std::fs::create_dir_all(p.join("reference")).unwrap();
    std::fs::write(
        p.join("reference/a.sql"),
        "INSERT INTO Log (msg) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) SELECT 'line ' || i FROM n",
    )
    .unwrap();
    std::fs::write(
        p.join("problem.toml"),
        "format_version = 1\ntitle = \"l\"\nkind = \"sql\"\n[sql]\nreference = \"reference/a.sql\"\n\
         schema = \"CREATE TABLE Log (id INTEGER PRIMARY KEY, msg TEXT); CREATE TABLE Secret (x TEXT);\"\n\
         [sql.dml]\nallow = [\"insert\"]\ntables = [\"Log\"]\ncheck = \"SELECT count(*), max(msg) FROM Log\"\n\
         [[tests]]\nname = \"one\"\nseed = \"INSERT INTO Secret VALUES ('s');\"\n",
    )
    .unwrap();
    let p = p.display().to_string();
    let reference = std::fs::read_to_string(dir.path().join("log/reference/a.sql")).unwrap();
    let (code, r) = run_sql(&env, &p, &reference);
    assert_eq!(code, 0, "{r:#}");
    let (_, r) = run_sql(&env, &p, "INSERT INTO Secret VALUES ('t')");
    assert_eq!(r["verdict"], "CE", "{r:#}");
    assert_eq!(
        message(&r),
        "not allowed: INSERT into `Secret` (this problem allows only INSERT on `Log`)"
    );
    let (_, r) = run_sql(&env, &p, "INSERT INTO Log (msg) VALUES ('one')");
    assert_eq!(verdicts(&r), ["WA"], "{r:#}");
}

#[test]
fn show_tells_the_plan_rules_the_parameters_and_the_writes() {
    let env = Env::new();
    let show = |id: &str| {
        let out = env
            .grader()
            .args(["show", &format!("problems/{id}")])
            .output()
            .expect("show");
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let text = show("sql-use-index");
    assert!(
        text.contains("plan rules on large: plan must match"),
        "{text}"
    );
    assert!(
        text.contains("at most 2× the reference's VM steps"),
        "{text}"
    );
    let text = show("sql-raw-params");
    assert!(text.contains("sample: parameters :min_age = 30"), "{text}");
    let text = show("sql-update-raise");
    assert!(
        text.contains("one write statement (UPDATE on Employees)"),
        "{text}"
    );
}

#[test]
fn a_reference_without_the_placeholder_is_a_judge_error() {
    let env = Env::new();
    let dir = tempfile::tempdir().expect("problem dir");
    let p = dir.path().join("p");
    std::fs::create_dir_all(p.join("reference")).unwrap();
    std::fs::write(p.join("reference/a.sql"), "SELECT x FROM T WHERE x > 1").unwrap();
    std::fs::write(
        p.join("problem.toml"),
        "format_version = 1\ntitle = \"p\"\nkind = \"sql\"\n[sql]\nreference = \"reference/a.sql\"\n\
         schema = \"CREATE TABLE T (x INTEGER);\"\n\
         [[tests]]\nname = \"one\"\nparams = { lo = 1 }\nseed = \"INSERT INTO T VALUES (1), (2);\"\n",
    )
    .unwrap();
    let (code, r) = run_sql(
        &env,
        &p.display().to_string(),
        "SELECT x FROM T WHERE x > :lo",
    );
    assert_eq!(code, 3, "{r:#}");
    assert_eq!(verdicts(&r), ["JE"], "{r:#}");
    assert_eq!(
        message(test(&r, "one")),
        "the reference query has no placeholder :lo, which this dataset binds"
    );
}

#[test]
fn plan_rules_count_sorts() {
    let env = Env::new();
    let dir = tempfile::tempdir().expect("problem dir");
    let p = dir.path().join("sorts");
    std::fs::create_dir_all(p.join("reference")).unwrap();
    std::fs::write(
        p.join("reference/a.sql"),
        "SELECT A.id, B.id FROM A JOIN B ON B.s = A.s ORDER BY A.s",
    )
    .unwrap();
    std::fs::write(
        p.join("problem.toml"),
        "format_version = 1\ntitle = \"s\"\nkind = \"sql\"\n[sql]\nreference = \"reference/a.sql\"\n\
         schema = \"CREATE TABLE A (id INTEGER PRIMARY KEY, s INTEGER); CREATE INDEX a_s ON A(s); \
         CREATE TABLE B (id INTEGER PRIMARY KEY, s INTEGER); CREATE INDEX b_s ON B(s);\"\n\
         [sql.plan]\ndatasets = [\"d\"]\nmax_sorts = 0\nforbid = ['AUTOMATIC']\n\
         [[tests]]\nname = \"d\"\nseed = \"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) \
         INSERT INTO A SELECT i, i % 50 FROM n; INSERT INTO B SELECT id, s FROM A;\"\n",
    )
    .unwrap();
    let p = p.display().to_string();
    let reference = "SELECT A.id, B.id FROM A JOIN B ON B.s = A.s ORDER BY A.s";
    let (code, r) = run_sql(&env, &p, reference);
    assert_eq!(code, 0, "{r:#}");
    // `+ 0` hides A's index (a sort); a subquery has no index, so SQLite builds an automatic one
    // for the join (caught by a plan pattern).
    let (_, r) = run_sql(
        &env,
        &p,
        "SELECT A.id, B.id FROM A JOIN (SELECT id, s FROM B LIMIT -1) B ON B.s = A.s + 0 ORDER BY A.s + 0",
    );
    assert_eq!(verdicts(&r), ["WA"], "{r:#}");
    let m = message(test(&r, "d"));
    assert!(m.contains("sorts: 1 (at most 0 allowed"), "{m}");
    assert!(
        m.contains(
            "forbidden: `AUTOMATIC` (the plan has `SEARCH B USING AUTOMATIC COVERING INDEX (s=?)`)"
        ),
        "{m}"
    );
}

#[test]
fn a_null_parameter_is_spelled_at_null() {
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("reference")).unwrap();
    std::fs::write(
        dir.path().join("reference/answer.sql"),
        "SELECT COALESCE(:p, 'none') AS v",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("problem.toml"),
        "format_version = 1\ntitle = \"Null\"\nkind = \"sql\"\n[sql]\nreference = \"reference/answer.sql\"\n\
         schema = \"CREATE TABLE T (x INTEGER);\"\n\
         [[tests]]\nname = \"null\"\nseed = \"\"\nparams = { p = \"@null\" }\n\
         [[tests]]\nname = \"text\"\nseed = \"\"\nparams = { p = \"@@null\" }\n",
    )
    .unwrap();
    let p = dir.path().display().to_string();
    // NULL in the first dataset, the text `@null` in the second.
    let (_, r) = run_sql(
        &env,
        &p,
        "SELECT CASE WHEN :p IS NULL THEN 'none' ELSE 'x' END AS v",
    );
    assert_eq!(verdicts(&r), ["AC", "WA"], "{r:#}");
    let (_, r) = run_sql(&env, &p, "SELECT COALESCE(:p, 'none') AS v");
    assert_eq!(verdicts(&r), ["AC", "AC"], "{r:#}");
}
