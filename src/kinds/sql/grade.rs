//! Grading an SQL answer, step by step: the engines it runs on, the answer and the reference
//! read, the answer checked once on the first dataset (CE for the whole submission when it
//! cannot prepare), its named parameters, PostgreSQL's cluster and preparation, then every
//! dataset in waves.

use super::db::{self, MAX_SQL_LENGTH};
use super::{
    Engine, Images, PgPolicy, dialect_hint, effective, name_hint, params, pg, pg_dataset, pg_hint,
    run_dataset, seeds, session, version,
};
use crate::error::{Error, Result};
use crate::exec::{CompileInfo, Effective, LanguageInfo, Ran, TestResult, Verdict};
use crate::kinds::{Answer as KindAnswer, AnswerKind, Prepared, Schedule, Stop, Units};
use crate::lang::Language;
use crate::problem::units::human_size;
use crate::problem::{Problem, SqlSpec, Test, TestLimits};
use crate::sandbox::Sandbox;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The whole submission's verdict, when the answer never reaches the datasets: CE (the
/// compile step's message is the same) or JE.
struct Whole {
    verdict: Verdict,
    message: String,
}

impl Whole {
    fn ce(message: String) -> Whole {
        Whole {
            verdict: Verdict::CE,
            message,
        }
    }

    fn je(message: String) -> Whole {
        Whole {
            verdict: Verdict::JE,
            message,
        }
    }
}

type Step<T> = std::result::Result<T, Whole>;

/// What the steps after reading the answer use.
struct Answer<'a> {
    problem: &'a Problem,
    images: Arc<Images>,
    spec: &'a SqlSpec,
    selected: &'a [&'a Test],
    sql: String,
    reference: String,
    /// `--engine`: only this one.
    engine: Option<Engine>,
    sqlite: bool,
    postgres: bool,
    /// PostgreSQL's verdicts are notes only.
    advisory: bool,
}

/// The named parameters the answer and the reference use.
type Placeholders = (Vec<String>, Vec<String>);

/// An SQL answer: one query, run in the grader's process on each engine the problem enables.
pub struct Sql<'a> {
    answer: KindAnswer<'a>,
    engines: Vec<Engine>,
    /// The PostgreSQL cluster, started by `describe` so that the header names its version.
    pg_ready: Option<std::result::Result<(), String>>,
    /// The query read and prepared, with the named parameters it and the reference use.
    ready: Option<(Answer<'a>, Placeholders)>,
    /// An advisory PostgreSQL's failures.
    pg_notes: Mutex<Vec<String>>,
    images: Arc<Images>,
}

impl<'a> Sql<'a> {
    pub fn new(answer: KindAnswer<'a>) -> Self {
        let engines = match (answer.engine, answer.problem.sql.as_ref()) {
            (Some(e), _) => vec![e],
            (None, Some(spec)) => spec.engines.clone(),
            (None, None) => vec![Engine::Sqlite],
        };
        Sql {
            answer,
            engines,
            pg_ready: None,
            ready: None,
            pg_notes: Mutex::new(Vec::new()),
            images: Arc::default(),
        }
    }

    /// Reads the answer and prepares it on every engine in use.
    fn read_and_prepare(&mut self, notes: &mut Vec<String>) -> Result<Step<CompileInfo>> {
        let k = &self.answer;
        let (problem, selected) = (k.problem, k.selected);
        let (spec, sql, reference) = match read_answer(problem, k.lang, k.file)? {
            Ok(read) => read,
            Err(whole) => return Ok(Err(whole)),
        };
        let sqlite = self.engines.contains(&Engine::Sqlite);
        let mut answer = Answer {
            problem,
            images: Arc::clone(&self.images),
            spec,
            selected,
            sql,
            reference,
            engine: k.engine,
            sqlite,
            postgres: self.engines.contains(&Engine::Postgres),
            // PostgreSQL's verdicts are notes only on an advisory problem (unless asked for alone).
            advisory: spec.postgres_policy == PgPolicy::Advisory && sqlite,
        };
        if sqlite {
            db::set_heap_limit(problem.limits.memory);
            notes.push(format!(
                "SQLite {} · per query: at most {} VM steps, {} rows, {} of SQLite heap",
                version(),
                spec.max_steps,
                spec.max_rows,
                human_size(problem.limits.memory)
            ));
        }
        let prepared = Instant::now();
        let placeholders = match prepare(&mut answer, self.pg_ready.take(), notes) {
            Ok(p) => p,
            Err(whole) => return Ok(Err(whole)),
        };
        self.ready = Some((answer, placeholders));
        Ok(Ok(CompileInfo {
            cached: false,
            time: prepared.elapsed(),
            message: String::new(),
        }))
    }
}

impl Sql<'_> {
    /// SQLite, when it is one of the engines, refuses to prepare the answer on the first
    /// selected dataset (a syntax error, an unknown table): `prepare` will say CE.
    fn sqlite_rejects(&self) -> bool {
        let k = &self.answer;
        if !self.engines.contains(&Engine::Sqlite) {
            return false;
        }
        let (Ok(Ok((spec, sql, _))), Some(t)) =
            (read_answer(k.problem, k.lang, k.file), k.selected.first())
        else {
            return false;
        };
        db::set_heap_limit(k.problem.limits.memory);
        self.images.get(k.problem, t).is_ok_and(|first| {
            session(spec, &first, true)
                .and_then(|s| s.check(&sql))
                .is_err()
        })
    }
}

impl AnswerKind for Sql<'_> {
    fn limits(&self, l: &TestLimits) -> Effective {
        effective(l)
    }

    fn describe(
        &mut self,
        _notes: &mut Vec<String>,
    ) -> Result<std::result::Result<LanguageInfo, String>> {
        let (problem, lang) = (self.answer.problem, self.answer.lang);
        check_engine(problem, self.answer.engine)?;
        let sqlite = self.engines.contains(&Engine::Sqlite);
        let mut version = format!("SQLite {}", version());
        // The cluster starts before the header goes out, so that it names PostgreSQL's version;
        // not for an answer SQLite already rejects (a CE that needs no cluster, and no wait).
        if self.engines.contains(&Engine::Postgres) && lang.id == "sql" && !self.sqlite_rejects() {
            let ready = pg::ensure();
            if ready.is_ok() {
                let (v, _) = pg::info().unwrap_or_default();
                version = if sqlite {
                    format!("{version} + PostgreSQL {v}")
                } else {
                    format!("PostgreSQL {v}")
                };
            }
            self.pg_ready = Some(ready);
        }
        Ok(Ok(LanguageInfo {
            id: lang.id.clone(),
            name: lang.name.clone(),
            version,
        }))
    }

    fn prepare(&mut self, notes: &mut Vec<String>) -> Result<Prepared> {
        Ok(match self.read_and_prepare(notes)? {
            Ok(compile) => Prepared::Ready {
                compile,
                slot: None,
            },
            Err(Whole {
                verdict: Verdict::CE,
                message,
            }) => Prepared::CompileError {
                message,
                time: Duration::ZERO,
            },
            Err(Whole { message, .. }) => Prepared::JudgeError(message),
        })
    }

    fn schedule(&self) -> Schedule {
        Schedule {
            units: Units::EachTest,
            sandboxed: false,
            rerun_borderline: false,
        }
    }

    fn run(&self, _slot: Option<&mut dyn Sandbox>, tests: &[&Test], _stop: Stop) -> Vec<Ran> {
        let Some((answer, placeholders)) = &self.ready else {
            return tests
                .iter()
                .map(|t| Ran::Judged(crate::kinds::stdio::not_ready(self, t)))
                .collect();
        };
        let mut pg_notes = Vec::new();
        let results = tests
            .iter()
            .map(|t| Ran::Judged(run_one(answer, t, placeholders, &mut pg_notes)))
            .collect();
        self.pg_notes.lock().expect("notes lock").extend(pg_notes);
        results
    }

    fn notes(&self) -> Vec<String> {
        self.pg_notes.lock().expect("notes lock").clone()
    }
}

/// `--engine` must be one the problem enables (a usage error otherwise).
fn check_engine(problem: &Problem, engine: Option<Engine>) -> Result<()> {
    if let (Some(e), Some(spec)) = (engine, problem.sql.as_ref())
        && !spec.engines.contains(&e)
    {
        return Err(Error::usage(format!(
            "--engine {}: `{}` runs on [{}] (its [sql] engines)",
            e.as_str(),
            problem.id,
            spec.engines
                .iter()
                .map(|e| e.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(())
}

/// The problem's `[sql]` table, the answer and the reference query: JE when the answer and the
/// problem do not match or the reference cannot be read, CE when the answer is too long or not
/// text; an unreadable answer is a usage error.
fn read_answer<'a>(
    problem: &'a Problem,
    lang: &Language,
    file: &Path,
) -> Result<Step<(&'a SqlSpec, String, String)>> {
    if problem.kind != crate::problem::Kind::Sql || lang.id != "sql" {
        let m = if lang.id == "sql" {
            format!(
                "`{}` is a {:?} problem: a .sql file answers only kind = \"sql\" problems",
                problem.id, problem.kind
            )
        } else {
            format!(
                "`{}` is an SQL problem: the answer is one query in a .sql file, not {}",
                problem.id, lang.name
            )
        };
        return Ok(Err(Whole::je(m)));
    }
    let Some(spec) = problem.sql.as_ref() else {
        return Ok(Err(Whole::je("the problem has no [sql] table".into())));
    };
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    if size > MAX_SQL_LENGTH as u64 {
        return Ok(Err(Whole::ce(format!(
            "the answer is {size} bytes; an SQL answer is at most {MAX_SQL_LENGTH} bytes"
        ))));
    }
    let bytes = std::fs::read(file)
        .map_err(|e| Error::usage(format!("cannot read submission `{}`: {e}", file.display())))?;
    let Ok(sql) = String::from_utf8(bytes) else {
        return Ok(Err(Whole::ce("the answer is not UTF-8 text".into())));
    };
    match std::fs::read_to_string(&spec.reference) {
        Ok(reference) => Ok(Ok((spec, sql, reference))),
        Err(e) => Ok(Err(Whole::je(format!(
            "cannot read the reference query `{}`: {e}",
            spec.reference.display()
        )))),
    }
}

/// Every step before the datasets: PostgreSQL started, the answer and the reference checked
/// on SQLite, their named parameters, both prepared on PostgreSQL. Gives the parameters the
/// answer and the reference use.
fn prepare(
    a: &mut Answer,
    pg_ready: Option<std::result::Result<(), String>>,
    notes: &mut Vec<String>,
) -> Step<(Vec<String>, Vec<String>)> {
    // SQLite first: an answer it rejects is CE without starting PostgreSQL.
    let sqlite_checked = if a.sqlite {
        Some(check_sqlite(a)?)
    } else {
        None
    };
    if a.postgres {
        a.postgres = start_postgres(a, pg_ready, notes)?;
    }
    // Named parameters: the answer may use only the declared ones; a declared one it lacks (the
    // value written into the query instead) fails every dataset that binds it.
    let mut declared: Vec<String> = a
        .problem
        .tests
        .iter()
        .flat_map(|t| params(t).into_iter().map(|(n, _)| n))
        .collect();
    declared.sort();
    declared.dedup();
    let (used, reference_used) = if let Some(checked) = sqlite_checked {
        checked
    } else {
        (
            pg::numbered(&a.sql, &declared).1,
            pg::numbered(&a.reference, &declared).1,
        )
    };
    if let Some(u) = used.iter().find(|u| !declared.contains(u)) {
        return Err(Whole::ce(if declared.is_empty() {
            format!("unknown parameter :{u}: this problem binds no parameters")
        } else {
            format!(
                "unknown parameter :{u}: this problem binds {}",
                declared
                    .iter()
                    .map(|d| format!(":{d}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }));
    }
    if a.postgres {
        a.postgres = prepare_postgres(a, notes)?;
    }
    Ok((used, reference_used))
}

/// The throwaway PostgreSQL cluster, with a note saying how it is used; `false` when an
/// advisory PostgreSQL cannot be used (skipped, with a note); JE when a required one cannot.
fn start_postgres(
    a: &Answer,
    pg_ready: Option<std::result::Result<(), String>>,
    notes: &mut Vec<String>,
) -> Step<bool> {
    let spec = a.spec;
    match pg_ready.unwrap_or_else(pg::ensure) {
        Ok(()) => {
            let (v, took) = pg::info().unwrap_or_default();
            notes.push(format!(
                "PostgreSQL {v} ({}) · a throwaway cluster (started in {} ms, once per run) · \
                 the answer runs as a read-only role, at most {} rows per query",
                match spec.postgres_policy {
                    PgPolicy::Required => "required",
                    PgPolicy::Advisory if a.advisory => "advisory: its failures are notes",
                    PgPolicy::Advisory => "advisory, run alone",
                },
                took.as_millis(),
                spec.max_rows
            ));
            Ok(true)
        }
        Err(why) if a.advisory => {
            notes.push(format!(
                "PostgreSQL: {why}; the postgres engine is skipped (postgres_policy = \"advisory\")"
            ));
            Ok(false)
        }
        Err(why) => Err(Whole::je(format!(
            "PostgreSQL is needed (this problem's postgres_policy = \"required\") but cannot be used: {why}{}",
            if spec.engines.contains(&Engine::Sqlite) && a.engine.is_none() {
                "; `--engine sqlite` grades on SQLite only"
            } else {
                ""
            }
        ))),
    }
}

/// The answer and the reference prepared on SQLite on the first dataset (the schema is the same
/// on every one): CE with a dialect hint for the answer, JE for the reference. Gives the named
/// parameters each uses.
fn check_sqlite(a: &Answer) -> Step<(Vec<String>, Vec<String>)> {
    let first = a.images.get(a.problem, a.selected[0]).map_err(Whole::je)?;
    if let Err(e) = session(a.spec, &first, true).and_then(|s| s.check(&a.sql)) {
        let hint = dialect_hint(&a.sql, &e).map(str::to_string);
        return Err(Whole::ce(match hint.or_else(|| unknown_name(&first, &e)) {
            Some(h) => format!("{e}\nhint: {h}"),
            None => e,
        }));
    }
    if let Err(e) = session(a.spec, &first, false).and_then(|s| s.check(&a.reference)) {
        return Err(Whole::je(format!(
            "the reference query does not prepare: {e}"
        )));
    }
    let used = session(a.spec, &first, true)
        .and_then(|s| s.placeholders(&a.sql))
        .map_err(Whole::ce)?;
    let reference_used = session(a.spec, &first, false)
        .and_then(|s| s.placeholders(&a.reference))
        .map_err(|e| Whole::je(format!("the reference query's parameters: {e}")))?;
    Ok((used, reference_used))
}

/// For an error naming an unknown table or column, the closest name dataset `first` has.
fn unknown_name(first: &db::Image, error: &str) -> Option<String> {
    let (tables, columns) = db::Session::new(first, false).ok()?.names();
    name_hint(error, &tables, &columns)
}

/// Every dataset's PostgreSQL database built, the reference and the answer prepared on the
/// first: JE for the reference or the cluster, CE for the answer (a note when PostgreSQL is
/// advisory, and `false`: it is skipped).
fn prepare_postgres(a: &Answer, notes: &mut Vec<String>) -> Step<bool> {
    let problem = a.problem;
    // Every dataset's database first (two at a time): creating one is most of its cost.
    a.selected
        .iter()
        .map(|t| seeds(t).map(|s| (t.index, s)))
        .collect::<std::result::Result<Vec<_>, String>>()
        .and_then(|all| pg::prebuild(problem, all))
        .map_err(|e| Whole::je(format!("(postgres) {e}")))?;
    let t0 = a.selected[0];
    let seeds0 = || seeds(t0);
    match pg::prepare(problem, t0.index, &seeds0, &a.reference, false) {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            return Err(Whole::je(format!(
                "the reference query does not prepare on PostgreSQL: {e}"
            )));
        }
        Err(e) => return Err(Whole::je(e)),
    }
    match pg::prepare(problem, t0.index, &seeds0, &a.sql, true) {
        Ok(Ok(())) => Ok(true),
        Ok(Err(e)) => {
            let hint = pg_hint(&a.sql, &e).map(str::to_string).or_else(|| {
                a.images
                    .get(problem, t0)
                    .ok()
                    .and_then(|first| unknown_name(&first, &e))
            });
            let m = match hint {
                Some(h) => format!("(postgres) {e}\nhint: {h}"),
                None => format!("(postgres) {e}"),
            };
            if !a.advisory {
                return Err(Whole::ce(m));
            }
            notes.push(format!(
                "PostgreSQL (advisory) rejects the answer: {}",
                m.trim_start_matches("(postgres) ")
            ));
            Ok(false)
        }
        Err(e) => Err(Whole::je(e)),
    }
}

/// One dataset on every engine in use: SQLite decides first; PostgreSQL's failure replaces an
/// accepted result, or is a note when it is advisory.
fn run_one(
    a: &Answer,
    t: &Test,
    (used, reference_used): &(Vec<String>, Vec<String>),
    pg_notes: &mut Vec<String>,
) -> TestResult {
    let placeholders = (used.as_slice(), reference_used.as_slice());
    let (problem, sql, reference) = (a.problem, a.sql.as_str(), a.reference.as_str());
    let mut r = if a.sqlite {
        run_dataset(problem, t, sql, reference, placeholders, &a.images)
    } else {
        pg_dataset(problem, t, sql, reference, placeholders)
    };
    if a.sqlite && a.postgres && r.verdict != Verdict::AC {
        r.details.engine = Some(Engine::Sqlite.as_str());
    } else if a.sqlite && a.postgres {
        let p = pg_dataset(problem, t, sql, reference, placeholders);
        if p.verdict != Verdict::AC {
            if a.advisory {
                pg_notes.push(format!(
                    "dataset {} (postgres, advisory): {} {}",
                    t.name,
                    p.verdict,
                    p.message.trim_start_matches("(postgres) ")
                ));
            } else {
                r = p;
            }
        }
    }
    r
}
