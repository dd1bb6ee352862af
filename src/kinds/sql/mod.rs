//! SQL answers (`kind = "sql"`): the answer is one query, run in-process on the bundled SQLite.
//! Per dataset: build the dataset's image once, run the reference query on a fresh read-only
//! copy (expected results are never stored), run the candidate's on another copy under the
//! safety recipe (`db`), compare the two results under the problem's options (`table`), and
//! turn the outcome into a [`TestResult`].
//!
//! Verdicts: an answer SQLite cannot prepare (syntax error, unknown table or column, more than
//! one statement, anything but a read-only query) is CE for the whole submission, since the
//! schema is the same on every dataset; the engine's message comes with a dialect hint when
//! one applies. Per dataset: TLE when the step budget (deterministic) or the wall-clock safety
//! net runs out, MLE at the heap limit, OLE past the row cap, RE for an error while running,
//! WA with a row diff, AC.

mod db;
mod dump;
mod evidence;
mod grade;
mod hints;
pub mod pg;
mod table;
mod values;

pub use db::{Seed, Writes, version};
pub use grade::Sql;
pub use hints::{dialect_hint, name_hint, pg_hint};
pub use table::{CompareToml, Difference, Options, ResultSet, RowOrder, compare};

use crate::exec::{Effective, TleKind, Verdict};
use crate::exec::{TestResult, group_name};
use crate::problem::units::{Wall, human_size};
use crate::problem::{Data, Problem, SqlSeed, Test, TestData, TestLimits, Visibility};
use crate::problem::{SqlParam, SqlSpec};
use db::{Budget, Failure, Param, Ran, Session, TimeLimit};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

pub use crate::problem::sql_options::{Engine, PgPolicy};

/// The limits of one dataset: `time` is the wall-clock safety net of each query (a fixed `wall`
/// overrides it); `memory` is SQLite's heap limit.
pub fn effective(l: &TestLimits) -> Effective {
    let wall = match l.wall {
        Wall::Fixed(d) => d,
        Wall::Auto => l.time,
    };
    Effective {
        cpu: l.time,
        wall,
        memory: l.memory,
        output: 0,
        runtime_memory: 0,
        refuse_allocations: false,
        jury: false,
    }
}

fn read_data(d: &Data) -> std::io::Result<String> {
    match d {
        Data::Inline(s) => Ok(s.clone()),
        Data::File(p) => std::fs::read_to_string(p),
    }
}

/// The named parameters of dataset `t`, ready to bind.
fn params(t: &Test) -> Vec<Param> {
    let TestData::Sql { params, .. } = &t.data else {
        return Vec::new();
    };
    params
        .iter()
        .map(|(n, v)| {
            let v = match v {
                SqlParam::Null => rusqlite::types::Value::Null,
                SqlParam::Int(i) => rusqlite::types::Value::Integer(*i),
                SqlParam::Real(f) => rusqlite::types::Value::Real(*f),
                SqlParam::Text(s) => rusqlite::types::Value::Text(s.clone()),
            };
            (n.clone(), v)
        })
        .collect()
}

/// The parameters of a dataset in words; on a hidden dataset their names only (values are data).
fn param_text(p: &[Param], visible: bool) -> String {
    if !visible {
        let names: Vec<String> = p.iter().map(|(n, _)| format!(":{n}")).collect();
        return format!("{} (values not shown: a hidden dataset)", names.join(", "));
    }
    p.iter()
        .map(|(n, v)| match v {
            rusqlite::types::Value::Text(s) => format!(":{n} = '{s}'"),
            rusqlite::types::Value::Integer(i) => format!(":{n} = {i}"),
            rusqlite::types::Value::Real(f) => format!(":{n} = {f}"),
            rusqlite::types::Value::Null => format!(":{n} = NULL"),
            other => format!(":{n} = {other:?}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The writes a DML problem allows.
fn writes(spec: &SqlSpec) -> Option<Writes> {
    spec.dml.as_ref().map(|d| Writes {
        allow: d.allow.clone(),
        tables: d.tables.clone(),
    })
}

/// A session for the answer (`untrusted`) or the reference: a writable copy on a DML problem.
fn session(
    spec: &SqlSpec,
    img: &db::Image,
    untrusted: bool,
) -> std::result::Result<Session, String> {
    match writes(spec) {
        Some(w) => Session::writable(img, untrusted, &w),
        None => Session::new(img, untrusted),
    }
}

/// Runs `sql` on dataset `img` as the problem says: a query's rows, or for a DML statement the
/// rows of the check query over the tables it left (the statement's counters either way).
/// `Err(Ok(f))` is the statement's failure, `Err(Err(m))` the check query's.
fn run_on(
    spec: &SqlSpec,
    img: &db::Image,
    untrusted: bool,
    reversed: bool,
    sql: &str,
    budget: Budget,
    params: &[Param],
) -> std::result::Result<(ResultSet, Ran), std::result::Result<Failure, String>> {
    let s = match (&spec.dml, reversed) {
        (None, true) => Session::with_order(img, untrusted, true),
        _ => session(spec, img, untrusted),
    }
    .map_err(|e| Ok(Failure::Error(e)))?;
    let ran = s.run_with(sql, budget, params).map_err(Ok)?;
    let Some(dml) = &spec.dml else {
        return Ok((ran.result.clone(), ran));
    };
    let mut s = s;
    s.disarm();
    let checked = s
        .run_with(&dml.check, budget, params)
        .map_err(|f| Err(format!("the check query of [sql.dml] fails: {f:?}")))?;
    Ok((checked.result, ran))
}

/// The reference's result on dataset `img`, or why it failed, in words.
fn reference_on(
    problem: &Problem,
    img: &db::Image,
    reversed: bool,
    reference: &str,
    budget: Budget,
    params: &[Param],
) -> std::result::Result<(ResultSet, Ran), String> {
    let spec = problem
        .sql
        .as_ref()
        .ok_or("the problem has no [sql] table")?;
    run_on(spec, img, false, reversed, reference, budget, params).map_err(|e| match e {
        Ok(f) => failure_text(&f, &budget, problem),
        Err(m) => m,
    })
}

/// The seeds of a dataset, files read.
fn seeds(t: &Test) -> std::result::Result<Vec<Seed>, String> {
    let TestData::Sql { seeds, .. } = &t.data else {
        return Err(format!("test `{}` is not an SQL dataset", t.name));
    };
    seeds
        .iter()
        .map(|s| match s {
            SqlSeed::Sql(d) => read_data(d)
                .map(Seed::Sql)
                .map_err(|e| format!("cannot read the seed of `{}`: {e}", t.name)),
            SqlSeed::Csv { table, file } => Ok(Seed::Csv {
                table: table.clone(),
                file: file.clone(),
            }),
        })
        .collect()
}

/// Builds the image of dataset `t`.
pub fn image(problem: &Problem, t: &Test) -> std::result::Result<db::Image, String> {
    let spec = problem
        .sql
        .as_ref()
        .ok_or("the problem has no [sql] table")?;
    db::build_image(&spec.schema, &seeds(t)?, spec.foreign_keys)
        .map_err(|e| format!("dataset `{}`: {e}", t.name))
}

/// A dataset's image, or why it cannot be built, shared once built.
type Built = std::result::Result<Arc<db::Image>, String>;

/// The images of one submission's datasets, each built once, on first use, and kept while the
/// submission is graded: the first selected one checks the answer and matches a misspelt name
/// before it is graded on.
#[derive(Default)]
struct Images(Mutex<BTreeMap<usize, Arc<OnceLock<Built>>>>);

impl Images {
    /// [`image`] of dataset `t`, built on the first call.
    fn get(&self, problem: &Problem, t: &Test) -> Built {
        let cell = Arc::clone(
            self.0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .entry(t.index)
                .or_default(),
        );
        cell.get_or_init(|| image(problem, t).map(Arc::new)).clone()
    }
}

/// The tables of dataset `t` as text, at most `max` rows each (for `show` and failures).
pub fn dataset_text(
    problem: &Problem,
    t: &Test,
    max: usize,
) -> std::result::Result<String, String> {
    tables_text(&image(problem, t)?, max)
}

/// The tables of image `img` as text, at most `max` rows each.
fn tables_text(img: &db::Image, max: usize) -> std::result::Result<String, String> {
    let tables = db::dump(img, max)?;
    Ok(tables
        .iter()
        .map(|(name, rs, count)| {
            let mut rs = rs.clone();
            let shown = rs.rows.len();
            rs.rows.truncate(max);
            let body = table::render(&rs.columns, &rs.rows, max);
            let more = if *count > shown {
                format!("\n… {} more row(s)", count - shown)
            } else {
                String::new()
            };
            format!("{name} ({count} row(s))\n{body}{more}")
        })
        .collect::<Vec<_>>()
        .join("\n\n"))
}

/// The expected result of dataset `t` (the reference query's), as text.
pub fn expected_text(
    problem: &Problem,
    t: &Test,
    max: usize,
) -> std::result::Result<String, String> {
    let spec = problem
        .sql
        .as_ref()
        .ok_or("the problem has no [sql] table")?;
    let reference = std::fs::read_to_string(&spec.reference)
        .map_err(|e| format!("cannot read the reference query: {e}"))?;
    let img = image(problem, t)?;
    let budget = Budget {
        max_steps: spec.max_steps,
        wall: effective(&t.limits).wall,
        max_rows: spec.max_rows,
    };
    let (result, _) = reference_on(problem, &img, false, &reference, budget, &params(t))?;
    Ok(table::render(&result.columns, &result.rows, max))
}

/// Runs the reference and the answer on one dataset and judges. `used`: the named parameters
/// the answer and the reference have placeholders for; `images`: where the dataset's image is
/// built.
fn run_dataset(
    problem: &Problem,
    t: &Test,
    sql: &str,
    reference: &str,
    (used, reference_used): (&[String], &[String]),
    images: &Images,
) -> TestResult {
    let lim = effective(&t.limits);
    let mut r = TestResult::skipped(t, group_name(problem, t), lim, String::new());
    r.verdict = Verdict::AC;
    let judge_error = |mut r: TestResult, m: String| {
        r.verdict = Verdict::JE;
        r.message = m;
        r
    };
    let Some(spec) = problem.sql.as_ref() else {
        return judge_error(r, "the problem has no [sql] table".into());
    };
    let budget = Budget {
        max_steps: spec.max_steps,
        wall: lim.wall,
        max_rows: spec.max_rows,
    };
    let params = params(t);
    let visible = t.visibility != Visibility::Hidden;
    let r = match check_params(r, t, &params, (used, reference_used)) {
        Ok(r) => r,
        Err(done) => return done,
    };
    let mut r = r;
    let img = match images.get(problem, t) {
        Ok(i) => i,
        Err(e) => return judge_error(r, e),
    };
    let (expected, reference_ran) =
        match reference_on(problem, &img, false, reference, budget, &params) {
            Ok(x) => x,
            Err(e) => {
                return judge_error(r, format!("the reference query fails on this dataset: {e}"));
            }
        };
    let ncols = expected.columns.len();
    if let Some(k) = spec.compare.order_keys.iter().find(|k| k.col > ncols) {
        return judge_error(
            r,
            format!(
                "[sql.compare] order key col = {} is past the reference's {ncols} column(s)",
                k.col
            ),
        );
    }
    // A reference whose result changes with the scan order is a broken problem (LIMIT without a
    // total ORDER BY): it would fail correct answers at random.
    let mut reversed_expected = None;
    if spec.dml.is_none() {
        match reference_on(problem, &img, true, reference, budget, &params) {
            Ok((again, _)) if compare(&expected, &again, &spec.compare).is_err() => {
                return judge_error(
                    r,
                    "the reference query's result depends on the order SQLite scans rows in (LIMIT without a total ORDER BY?)".into(),
                );
            }
            Ok((again, _)) => reversed_expected = Some(again),
            Err(e) => {
                return judge_error(r, format!("the reference query fails on this dataset: {e}"));
            }
        }
    }
    db::heap_highwater_reset();
    let ran = run_on(spec, &img, true, false, sql, budget, &params);
    r.memory = db::heap_highwater_reset();
    match ran {
        Ok((result, ran)) => {
            r.time = ran.elapsed;
            r.wall = ran.elapsed;
            r.details.steps = Some(ran.steps);
            if let Err(d) = compare(&expected, &result, &spec.compare) {
                wrong(&mut r, *d, spec, &params, visible);
            } else if spec.dml.is_none()
                && !stable_when_reversed(
                    &img,
                    sql,
                    budget,
                    &params,
                    (&expected, reversed_expected.as_ref()),
                    &spec.compare,
                )
            {
                // Right by luck: the same query, with unordered scans reversed, is wrong.
                r.verdict = Verdict::WA;
                r.message = "your result depends on the order SQLite happens to scan rows in: \
                             with the scans reversed it is wrong (LIMIT without a total ORDER BY?)"
                    .into();
            } else if let Some(plan) = spec.plan.as_ref().filter(|p| p.datasets.contains(&t.name)) {
                match check_plan(plan, &img, sql, &params, &ran, &reference_ran) {
                    Ok(()) => {}
                    Err(PlanCheck::Broken(m)) => {
                        r.verdict = Verdict::WA;
                        r.message = m;
                    }
                    Err(PlanCheck::Error(e)) => return judge_error(r, e),
                }
            }
        }
        Err(Err(e)) => return judge_error(r, e),
        Err(Ok(f)) => {
            r.message = answer_failure_text(&f, &budget, problem, r.memory);
            failed(&mut r, f, visible, |e| dialect_hint(sql, e));
        }
    }
    if r.verdict != Verdict::AC {
        r.details.hint = t.hint_for(r.verdict.as_str());
        if visible {
            r.details.input = tables_text(&img, 20).ok();
        }
    } else {
        r.points = t.points;
    }
    r
}

/// The named-parameter rules of one dataset: `Err` is the dataset's final result (a JE when the
/// reference lacks a placeholder the dataset binds, a WA when the answer does).
#[expect(
    clippy::result_large_err,
    reason = "both sides are the dataset's result"
)]
fn check_params(
    mut r: TestResult,
    t: &Test,
    params: &[Param],
    (used, reference_used): (&[String], &[String]),
) -> std::result::Result<TestResult, TestResult> {
    let visible = t.visibility != Visibility::Hidden;
    if let Some((n, _)) = params.iter().find(|(n, _)| !reference_used.contains(n)) {
        r.verdict = Verdict::JE;
        r.message =
            format!("the reference query has no placeholder :{n}, which this dataset binds");
        return Err(r);
    }
    let missing: Vec<&Param> = params.iter().filter(|(n, _)| !used.contains(n)).collect();
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|(n, _)| format!(":{n}")).collect();
        r.verdict = Verdict::WA;
        r.message = format!(
            "the query has no placeholder {}: this dataset binds {}. Use the parameter instead \
             of writing its value into the query (the value changes from one dataset to another)",
            names.join(", "),
            param_text(params, visible)
        );
        r.details.hint = t.hint_for(r.verdict.as_str());
        return Err(r);
    }
    Ok(r)
}

/// Makes `r` a WA explained by `d`: the whole difference on a visible dataset (or a structural
/// one: column count), only the kind of mistake on a hidden one.
fn wrong(r: &mut TestResult, d: Difference, spec: &SqlSpec, params: &[Param], visible: bool) {
    let Difference {
        mismatch: m,
        structural,
    } = d;
    r.verdict = Verdict::WA;
    r.message = if visible || structural {
        m.summary.clone()
    } else {
        // The looser rule says what kind of mistake it is, nothing of the data.
        match &m.looser {
            Some(l) => format!("wrong answer on a hidden dataset; it {l}"),
            None => "wrong answer on a hidden dataset".into(),
        }
    };
    if let Some(dml) = &spec.dml {
        r.message = if visible || structural {
            format!(
                "after your statement the check query `{}` gives: {}",
                dml.check.trim(),
                r.message
            )
        } else {
            format!(
                "after your statement the tables differ from the expected ones: {}",
                r.message
            )
        };
    }
    if !params.is_empty() {
        r.message = format!(
            "{} (on this dataset {})",
            r.message,
            param_text(params, visible)
        );
    }
    if visible {
        r.details.mismatch = Some(m);
    }
}

/// The comparison options on PostgreSQL: an order key without `nulls` expects PostgreSQL's
/// default placement (NULLs last ascending, first descending), not SQLite's.
fn pg_options(o: &Options) -> Options {
    let mut o = o.clone();
    for k in &mut o.order_keys {
        if k.nulls.is_none() {
            k.nulls = Some(if k.desc {
                table::Nulls::First
            } else {
                table::Nulls::Last
            });
        }
    }
    o
}

/// Runs the reference and the answer on one dataset's PostgreSQL database and judges: the same
/// rules as SQLite (no plan rules, no reversed-scan check: both are SQLite's), the message
/// marked `(postgres)`.
fn pg_dataset(
    problem: &Problem,
    t: &Test,
    sql: &str,
    reference: &str,
    placeholders: (&[String], &[String]),
) -> TestResult {
    let lim = effective(&t.limits);
    let mut r = TestResult::skipped(t, group_name(problem, t), lim, String::new());
    r.verdict = Verdict::AC;
    r.details.engine = Some(Engine::Postgres.as_str());
    let Some(spec) = problem.sql.as_ref() else {
        r.verdict = Verdict::JE;
        r.message = "the problem has no [sql] table".into();
        return r;
    };
    let params = params(t);
    let visible = t.visibility != Visibility::Hidden;
    let mut r = match check_params(r, t, &params, placeholders) {
        Ok(r) => r,
        Err(mut done) => {
            done.message = format!("(postgres) {}", done.message);
            return done;
        }
    };
    let budget = Budget {
        max_steps: spec.max_steps,
        wall: lim.wall,
        max_rows: spec.max_rows,
    };
    let build = || seeds(t);
    let check = spec.dml.as_ref().map(|d| d.check.as_str());
    let query = |sql: &str, untrusted: bool| {
        pg::run_query(
            problem,
            t.index,
            &build,
            &pg::Query {
                sql,
                untrusted,
                budget,
                params: &params,
                check,
            },
        )
    };
    let expected = match query(reference, false) {
        Ok(Ok(ran)) => ran.result,
        Ok(Err(f)) => {
            r.verdict = Verdict::JE;
            r.message = format!(
                "(postgres) the reference query fails on this dataset: {}",
                pg_failure_text(&f, &budget)
            );
            return r;
        }
        Err(e) => {
            r.verdict = Verdict::JE;
            r.message = format!("(postgres) {e}");
            return r;
        }
    };
    match query(sql, true) {
        Err(e) => {
            r.verdict = Verdict::JE;
            r.message = e;
        }
        Ok(Ok(ran)) => {
            r.time = ran.work.cpu.unwrap_or(ran.elapsed);
            (r.wall, r.memory) = (ran.elapsed, ran.work.memory().unwrap_or(0));
            if let Err(d) = compare(&expected, &ran.result, &pg_options(&spec.compare)) {
                wrong(&mut r, *d, spec, &params, visible);
            }
        }
        Ok(Err(f)) => {
            r.message = pg_failure_text(&f, &budget);
            failed(&mut r, f, visible, |e| pg_hint(sql, e));
        }
    }
    if r.verdict != Verdict::AC {
        r.message = format!("(postgres) {}", r.message);
        r.details.hint = t.hint_for(r.verdict.as_str());
        if visible {
            r.details.input = dataset_text(problem, t, 20).ok();
        }
    } else {
        r.points = t.points;
    }
    r
}

fn pg_failure_text(f: &Failure, budget: &Budget) -> String {
    match f {
        Failure::Time(TimeLimit::Wall, w) => {
            let (took, _, limit) = crate::exec::versus::secs(w.elapsed, budget.wall);
            format!(
                "canceled by statement_timeout after {took} (limit {limit}){}",
                pg_work(w)
            )
        }
        Failure::Time(TimeLimit::Steps(_), _) => "stopped by the step budget".into(),
        Failure::Rows(n) => format!("more than {n} rows returned"),
        Failure::Memory(w, why) => format!(
            "a PostgreSQL resource limit was reached: {}{}",
            why.as_deref()
                .unwrap_or("temp_file_limit or memory (the server gave no message)"),
            pg_work(w)
        ),
        Failure::Error(e) => e.clone(),
    }
}

/// What the backend did, in words ("; the backend: 0.98s CPU, peak memory 14.2 MiB, 64 MiB of
/// temporary files"); empty when nothing was measured.
fn pg_work(w: &db::Work) -> String {
    let mut parts = Vec::new();
    if let Some(cpu) = w.cpu {
        parts.push(format!("{:.2}s CPU", cpu.as_secs_f64()));
    }
    if let Some(p) = w.peak {
        parts.push(format!("peak memory {}", human_size(p)));
    }
    if let Some(t) = w.temp.filter(|&t| t > 0) {
        parts.push(format!("{} of temporary files", human_size(t)));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("; the backend: {}", parts.join(", "))
    }
}

enum PlanCheck {
    /// A rule is broken: the message, with the plan.
    Broken(String),
    Error(String),
}

/// The rules of `[sql.plan]` on one dataset: plan patterns from `EXPLAIN QUERY PLAN`, and the
/// statement's deterministic counters (never time).
fn check_plan(
    plan: &crate::problem::SqlPlan,
    img: &db::Image,
    sql: &str,
    params: &[Param],
    ran: &Ran,
    reference: &Ran,
) -> std::result::Result<(), PlanCheck> {
    // Only prepared (EXPLAIN runs nothing of the answer), on a copy without the authorizer,
    // which would see EXPLAIN's own reads.
    let lines = Session::new(img, false)
        .and_then(|s| s.plan(sql, params))
        .map_err(|e| PlanCheck::Error(format!("cannot explain the answer: {e}")))?;
    let mut broken = Vec::new();
    for re in &plan.require {
        if !lines.iter().any(|l| re.is_match(l.trim_start())) {
            broken.push(format!("required: a plan line matching `{re}`"));
        }
    }
    for re in &plan.forbid {
        if let Some(l) = lines.iter().find(|l| re.is_match(l.trim_start())) {
            broken.push(format!(
                "forbidden: `{re}` (the plan has `{}`)",
                l.trim_start()
            ));
        }
    }
    if let Some(max) = plan.max_fullscan_steps
        && ran.fullscan > max
    {
        broken.push(format!(
            "full-scan steps: {} (at most {max} allowed; the reference takes {})",
            ran.fullscan, reference.fullscan
        ));
    }
    if let Some(max) = plan.max_sorts
        && ran.sorts > max
    {
        broken.push(format!(
            "sorts: {} (at most {max} allowed; the reference does {}): an index in the right order avoids the sort",
            ran.sorts, reference.sorts
        ));
    }
    if let Some(ratio) = plan.max_vm_steps_ratio {
        let base = reference.steps.max(1) as f64;
        let got = ran.steps as f64 / base;
        if got > ratio {
            broken.push(format!(
                "VM steps: {} = {got:.1}× the reference's {} (at most {ratio}× allowed)",
                ran.steps, reference.steps
            ));
        }
    }
    if broken.is_empty() {
        return Ok(());
    }
    let mut m = format!(
        "the result is right, but the query does not run the way the problem asks:\n- {}\nyour plan (EXPLAIN QUERY PLAN):\n  {}",
        broken.join("\n- "),
        lines.join("\n  ")
    );
    if let Some(f) = &plan.feedback {
        m.push_str(&format!("\nfeedback: {f}"));
    }
    Err(PlanCheck::Broken(m))
}

/// Whether the answer still matches with SQLite's unordered scans reversed (a run that fails
/// for another reason is not held against it here). `reversed_expected`: the reference's result
/// with scans reversed, a shortcut when the answer's is the same.
fn stable_when_reversed(
    img: &db::Image,
    sql: &str,
    budget: Budget,
    params: &[Param],
    (expected, reversed_expected): (&ResultSet, Option<&ResultSet>),
    options: &Options,
) -> bool {
    match Session::with_order(img, true, true).map(|s| s.run_with(sql, budget, params)) {
        // The reference's reversed result matches `expected` (checked before): the same rows in
        // the same order do too, under every option but `by_keys`.
        Ok(Ok(again))
            if options.row_order != RowOrder::ByKeys
                && reversed_expected.is_some_and(|r| *r == again.result) =>
        {
            true
        }
        Ok(Ok(again)) => compare(expected, &again.result, options).is_ok(),
        _ => true,
    }
}

/// The verdict of a query that failed (its message is already set): TLE by steps or wall, OLE,
/// MLE, or RE with the engine's error and, on a visible dataset, a dialect `hint`. A TLE or MLE
/// carries its evidence: the time the query ran (SQLite runs in-process, so its time is the
/// query's wall time; PostgreSQL's is the backend's CPU time where measured), the steps used
/// (SQLite) and the memory (PostgreSQL: the backend's peak and its temporary files; SQLite's
/// heap is measured by the caller).
fn failed(
    r: &mut TestResult,
    f: Failure,
    visible: bool,
    hint: impl Fn(&str) -> Option<&'static str>,
) {
    let evidence = |r: &mut TestResult, w: &db::Work| {
        (r.time, r.wall) = (w.cpu.unwrap_or(w.elapsed), w.elapsed);
        if let Some(steps) = w.steps {
            r.details.steps = Some(steps);
        }
        if let Some(m) = w.memory() {
            r.memory = m;
        }
    };
    match f {
        Failure::Time(limit, w) => {
            r.verdict = Verdict::TLE;
            evidence(r, &w);
            r.tle = Some(match limit {
                TimeLimit::Steps(budget) => {
                    // The budget, not the count to a grain: the step budget was exhausted.
                    r.details.steps = Some(budget);
                    TleKind::Cpu
                }
                TimeLimit::Wall => TleKind::Wall,
            });
        }
        Failure::Rows(_) => r.verdict = Verdict::OLE,
        Failure::Memory(w, _) => {
            r.verdict = Verdict::MLE;
            evidence(r, &w);
        }
        Failure::Error(e) => {
            r.verdict = Verdict::RE;
            r.message = match (visible, hint(&e)) {
                (false, _) => "SQL error on a hidden dataset".into(),
                (true, Some(h)) => format!("SQL error: {e} (hint: {h})"),
                (true, None) => format!("SQL error: {e}"),
            };
        }
    }
}

/// [`failure_text`] for the answer, whose heap peak `heap` was measured.
fn answer_failure_text(f: &Failure, budget: &Budget, problem: &Problem, heap: u64) -> String {
    let text = failure_text(f, budget, problem);
    match f {
        Failure::Memory(..) => format!("{text} (heap peak {})", human_size(heap)),
        _ => text,
    }
}

fn failure_text(f: &Failure, budget: &Budget, problem: &Problem) -> String {
    match f {
        Failure::Time(TimeLimit::Steps(n), _) => format!(
            "step budget exhausted: more than {n} SQLite VM steps (a runaway recursive CTE or a join that multiplies rows?)"
        ),
        Failure::Time(TimeLimit::Wall, w) => {
            let (took, _, limit) = crate::exec::versus::secs(w.elapsed, budget.wall);
            let steps = w
                .steps
                .map(|n| format!(" and {n} SQLite VM steps"))
                .unwrap_or_default();
            format!("stopped by the wall-clock safety net after {took} (limit {limit}){steps}")
        }
        Failure::Rows(n) => format!("more than {n} rows returned"),
        Failure::Memory(..) => format!(
            "SQLite ran out of memory at the {} heap limit",
            human_size(problem.limits.memory)
        ),
        Failure::Error(e) => e.clone(),
    }
}

#[cfg(test)]
mod images_tests {
    use super::*;

    #[test]
    fn a_dataset_image_is_built_once_and_each_dataset_has_its_own() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/problems/sql-emp");
        let problem = crate::problem::load(&dir).unwrap();
        let (a, b) = (&problem.tests[0], &problem.tests[1]);
        let images = Images::default();
        let first = images.get(&problem, a).unwrap();
        assert!(Arc::ptr_eq(&first, &images.get(&problem, a).unwrap()));
        let second = images.get(&problem, b).unwrap();
        assert!(!Arc::ptr_eq(&first, &second));
        assert_eq!(*first.main, image(&problem, a).unwrap().main);
    }
}
