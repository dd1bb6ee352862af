//! `grader check [PROBLEM...]`: the problem bank's own CI. Every spec must load, every file in
//! `reference/` must be accepted, every starter in `solutions-template/<id>/` must run and not
//! be accepted, and every `[[expect]]` entry must get one of its verdicts.

use super::options::{self, PythonChoice};
use crate::error::{Error, Result};
use crate::exit;
use crate::judge::sql::Engine;
use crate::judge::{self, RunOptions, Silent, Verdict};
use crate::lang::Table;
use crate::problem::{self, Problem};
use crate::report::cases::{self, Case, Outcome, Suite};
use crate::report::{Format, Results, paint};
use crate::sandbox::SandboxInfo;
use colored::Colorize;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What a submission must get.
enum Want {
    Accepted,
    /// Runs, but is not accepted (templates): anything but AC, CE and JE.
    NotAccepted,
    /// One of these verdicts, and a score in this inclusive range when one is given.
    AnyOf(Vec<Verdict>, Option<(f64, f64)>),
    /// None of these verdicts (`verdict = "!AC"`), and the score range when one is given.
    NoneOf(Vec<Verdict>, Option<(f64, f64)>),
}

impl Want {
    fn met(&self, v: Verdict) -> bool {
        match self {
            Want::Accepted => v == Verdict::AC,
            Want::NotAccepted => !matches!(v, Verdict::AC | Verdict::CE | Verdict::JE),
            Want::AnyOf(vs, _) => vs.contains(&v),
            Want::NoneOf(vs, _) => !vs.contains(&v),
        }
    }
    /// Whether the score is the one wanted (always, when none is).
    fn score_met(&self, score: f64) -> bool {
        match self {
            Want::AnyOf(_, Some((lo, hi))) | Want::NoneOf(_, Some((lo, hi))) => {
                *lo - 1e-6 <= score && score <= *hi + 1e-6
            }
            _ => true,
        }
    }
    fn text(&self) -> String {
        match self {
            Want::Accepted => "AC".into(),
            Want::NotAccepted => "not AC (a template)".into(),
            Want::AnyOf(vs, score) | Want::NoneOf(vs, score) => {
                let not = if matches!(self, Want::NoneOf(..)) {
                    "not "
                } else {
                    ""
                };
                let verdicts = vs
                    .iter()
                    .map(|v| format!("{not}{}", v.as_str()))
                    .collect::<Vec<_>>()
                    .join("|");
                match score {
                    None => verdicts,
                    Some((lo, hi)) if lo == hi => format!("{verdicts} score {lo}"),
                    Some((lo, hi)) => format!("{verdicts} score {lo}-{hi}"),
                }
            }
        }
    }
}

/// The reference solutions of a problem (`reference/`: files, and folders that are each one
/// multi-file submission) and its starters (`solutions-template/<id>/` beside `problems/`),
/// each inside its folder.
fn files_of(p: &Problem) -> Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let references = problem::inside::entries_in(&p.dir, "reference", "problem folder", false)?;
    let templates = match p.dir.parent().and_then(Path::parent) {
        Some(repo) => {
            problem::inside::files_in(repo, &format!("solutions-template/{}", p.id), "repository")?
        }
        None => Vec::new(),
    };
    Ok((references, templates))
}

/// A submission ready to grade: its main file, its language, the files beside it.
type Ready<'t> = (PathBuf, &'t crate::lang::Language, Vec<(String, String)>);

/// The file to grade, its language and the files beside it: a folder is one multi-file
/// submission, its main file and language chosen as for a package's jury folder. A Python
/// file runs as `run` runs it under `--python` (`python`).
fn submission<'t>(
    p: &Problem,
    file: &Path,
    lang: Option<&str>,
    (table, python): (&'t Table, PythonChoice),
) -> std::result::Result<Ready<'t>, String> {
    let (main, detected, files) = if file.is_dir() {
        let ready = crate::package::kattis::prepare(file, table, PythonChoice::Cpython)?;
        let detected = match lang {
            Some(id) => table.get(id).map_err(|e| e.message)?,
            None => ready.lang,
        };
        (ready.main, detected, ready.files)
    } else {
        let detected = table.detect(file, lang).map_err(|e| e.message)?;
        (file.to_path_buf(), detected, Vec::new())
    };
    let lang = super::run::python_rule(p, detected, table, python, lang.is_some())
        .map_err(|e| e.message)?;
    Ok((main, lang, files))
}

/// Loads a problem for `check`: its references and templates must stay inside their folders.
fn load_checked(dir: &Path) -> Result<Problem> {
    let p = crate::package::load(dir, None)?;
    files_of(&p)?;
    Ok(p)
}

#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
    invalid_specs: usize,
    judge_errors: usize,
}

/// One checked submission.
#[derive(Debug, Serialize)]
struct Checked {
    /// Relative to the repository (the folder above `problems/`): where annotations point.
    file: String,
    /// Relative to the problem's folder when inside it (the human report's column).
    #[serde(skip)]
    shown: String,
    expected: String,
    /// The verdict it got (none when it could not be graded at all).
    got: Option<Verdict>,
    ok: bool,
    judge_error: bool,
    first_failure: Option<String>,
    message: String,
    time_s: f64,
}

#[derive(Debug, Serialize)]
struct ProblemChecks {
    id: String,
    /// Why the problem's spec does not load.
    invalid: Option<String>,
    checks: Vec<Checked>,
}

pub fn run(args: &options::Check) -> Result<u8> {
    let dirs = problem_dirs(args)?;
    let table = Table::load()?;
    let info = SandboxInfo::probe();
    let pool = crate::sandbox::Helpers::new(&info);
    let ctx = Ctx {
        table: &table,
        info: &info,
        jobs: args.jobs,
        human: args.outputs.stdout == Format::Human,
        engine: args.engine,
        slow: args.slow,
        python: args.python,
    };
    let mut tally = Tally::default();
    let mut problems = Vec::new();
    // Why PostgreSQL cannot be used, once found (None: not looked for yet).
    let mut pg_missing: Option<Option<String>> = None;
    let progress = crate::report::progress::wanted(ctx.human)
        .then(|| crate::report::progress::Line::start(dirs.len() as u64, "problems"));
    for dir in &dirs {
        if let (Some(line), Some(name)) = (&progress, dir.file_name()) {
            line.message(name.to_string_lossy().into_owned());
        }
        // A driver or check function that cannot take what the grader passes is a spec error.
        let loaded = load_checked(dir)
            .and_then(|p| crate::kinds::check_problem(&p, &table, &pool).map(|()| p));
        let checked = match loaded {
            Ok(p) if p.package.is_some() => check_package(p, &ctx, &mut tally),
            Ok(p) => check_references(&p, &ctx, &mut tally, &mut pg_missing),
            Err(e) => {
                tally.invalid_specs += 1;
                if ctx.human {
                    crate::outln!("{} {}\n   {e}", "invalid".red().bold(), dir.display());
                }
                ProblemChecks {
                    id: dir
                        .file_name()
                        .map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into()),
                    invalid: Some(e.message),
                    checks: Vec::new(),
                }
            }
        };
        problems.push(checked);
        if let Some(line) = &progress {
            line.inc();
        }
    }
    drop(progress);
    let summary = format!(
        "{} passed, {} failed, {} invalid spec(s), {} judge error(s)",
        tally.passed, tally.failed, tally.invalid_specs, tally.judge_errors
    );
    if ctx.human {
        crate::outln!("\n{summary}");
    }
    args.outputs.emit(&Finished {
        tally: &tally,
        problems: &problems,
        info: &info,
        summary: &summary,
    })?;
    Ok(if tally.invalid_specs > 0 {
        exit::USAGE
    } else if tally.judge_errors > 0 {
        exit::JUDGE_ERROR
    } else if tally.failed > 0 {
        exit::NOT_ACCEPTED
    } else {
        exit::ACCEPTED
    })
}

/// The problems to check: those named, or every problem of the problems folder.
fn problem_dirs(args: &options::Check) -> Result<Vec<PathBuf>> {
    let dirs: Vec<PathBuf> = if args.ids.is_empty() {
        let root = problem::problems_root(args.problems.as_deref())?;
        problem::list_ids(&root)
            .into_iter()
            .map(|id| problem::problem_dir(&root, &id))
            .collect::<Result<_>>()?
    } else {
        args.ids
            .iter()
            .map(|p| problem::resolve(p, args.problems.as_deref()))
            .collect::<Result<_>>()?
    };
    if dirs.is_empty() {
        return Err(Error::usage("no problems to check"));
    }
    Ok(dirs)
}

/// What every problem's checks share.
struct Ctx<'a> {
    table: &'a Table,
    info: &'a SandboxInfo,
    jobs: usize,
    /// Whether stdout gets the human report (printed as the checks go).
    human: bool,
    /// `--engine`.
    engine: Option<Engine>,
    /// `--slow`: the tests marked slow run too.
    slow: bool,
    /// `--python`.
    python: PythonChoice,
}

/// An ICPC/Kattis package is checked by its jury submissions (`grader verify`, which prints
/// its own table).
fn check_package(p: Problem, ctx: &Ctx, tally: &mut Tally) -> ProblemChecks {
    let id = p.id.clone();
    match super::verify::verify(p, ctx.table, (ctx.jobs, ctx.python), None) {
        Ok(t) => {
            tally.passed += t.agreed as usize;
            tally.failed += (t.judged - t.agreed) as usize;
        }
        Err(e) if e.kind == crate::error::ErrorKind::Judge => {
            tally.judge_errors += 1;
            crate::outln!("   {e}");
        }
        Err(e) => {
            tally.invalid_specs += 1;
            crate::outln!("   {e}");
        }
    }
    ProblemChecks {
        id,
        invalid: None,
        checks: Vec::new(),
    }
}

/// Checks a problem's references, templates and `[[expect]]` entries.
fn check_references(
    p: &Problem,
    ctx: &Ctx,
    tally: &mut Tally,
    pg_missing: &mut Option<Option<String>>,
) -> ProblemChecks {
    if ctx.human {
        crate::outln!(
            "{} {} ({} tests)",
            p.id.bold(),
            p.title.dimmed(),
            p.tests.len()
        );
    }
    let engine = match sql_engine(p, ctx.engine, pg_missing) {
        Ok(e) => e,
        Err(skip) => {
            if ctx.human {
                crate::outln!("  {} {skip}", "skipped".yellow());
            }
            return ProblemChecks {
                id: p.id.clone(),
                invalid: None,
                checks: Vec::new(),
            };
        }
    };
    let active: Vec<Engine> = match (engine, &p.sql) {
        (Some(e), _) => vec![e],
        (None, Some(spec)) => spec.engines.clone(),
        (None, None) => Vec::new(),
    };
    let mut checks = Vec::new();
    let mut record = |c: Checked| {
        if c.ok {
            tally.passed += 1;
        } else if c.judge_error {
            tally.judge_errors += 1;
        } else {
            tally.failed += 1;
        }
        if ctx.human {
            print_check(&c);
        }
        checks.push(c);
    };
    if p.generator.is_some() {
        record(check_generator(p, ctx));
    }
    for (file, lang, want, only) in plan(p, &active) {
        let c = check_one(p, &file, (lang.as_deref(), only.or(engine)), want, ctx);
        record(c);
    }
    ProblemChecks {
        id: p.id.clone(),
        invalid: None,
        checks,
    }
}

/// The problem's `[generator]` runs and prints a test its reference runs cleanly on.
fn check_generator(p: &Problem, ctx: &Ctx) -> Checked {
    let started = std::time::Instant::now();
    let result = crate::stress::check_generator(p, ctx.table, ctx.info);
    let name = p.generator.as_ref().map_or("", |g| g.name.as_str());
    let repo = p
        .dir
        .parent()
        .and_then(Path::parent)
        .unwrap_or(Path::new("/"));
    let file = p.dir.join(name);
    let (ok, judge_error, message) = match &result {
        Ok(_) => (true, false, String::new()),
        Err(e) => (
            false,
            e.kind == crate::error::ErrorKind::Judge,
            e.message.clone(),
        ),
    };
    Checked {
        file: file
            .strip_prefix(repo)
            .unwrap_or(&file)
            .display()
            .to_string(),
        shown: format!("{name} [generator]"),
        expected: "a test the reference runs".into(),
        got: ok.then_some(Verdict::AC),
        ok,
        judge_error,
        first_failure: None,
        message,
        time_s: started.elapsed().as_secs_f64(),
    }
}

/// The checks of every problem, as the report formats see them.
struct Finished<'a> {
    tally: &'a Tally,
    problems: &'a [ProblemChecks],
    info: &'a SandboxInfo,
    /// The counts, in one line.
    summary: &'a str,
}

impl Results for Finished<'_> {
    fn json(&self) -> String {
        let doc = serde_json::json!({
            "format_version": 1,
            "passed": self.tally.passed,
            "failed": self.tally.failed,
            "invalid_specs": self.tally.invalid_specs,
            "judge_errors": self.tally.judge_errors,
            "sandbox_level": self.info.level.to_string(),
            "grader_version": env!("CARGO_PKG_VERSION"),
            "problems": self.problems,
        });
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    }
    fn suites(&self) -> Vec<Suite> {
        self.problems.iter().map(|p| suite(p, self.info)).collect()
    }
    fn title(&self) -> String {
        format!("grader check: {}", self.summary)
    }
}

/// A problem's checks as a suite: a case per checked file (an invalid spec is one error case).
fn suite(p: &ProblemChecks, info: &SandboxInfo) -> Suite {
    let spec = format!("problems/{}/problem.toml", p.id);
    let mut cases: Vec<Case> = p
        .checks
        .iter()
        .map(|c| {
            let verdict = c.got.map_or("ERR", |v| v.as_str());
            let outcome = if c.ok {
                Outcome::Pass
            } else {
                let message = format!(
                    "expected {}, got {verdict}{}: {}",
                    c.expected,
                    c.first_failure
                        .as_deref()
                        .map(|t| format!(" on {t}"))
                        .unwrap_or_default(),
                    c.message.lines().next().unwrap_or("")
                );
                let detail = format!("{message}\n{}", c.message);
                if c.judge_error {
                    Outcome::Error {
                        kind: "JE".into(),
                        message,
                        detail,
                    }
                } else {
                    Outcome::Fail {
                        kind: verdict.into(),
                        message,
                        detail,
                    }
                }
            };
            Case {
                classname: p.id.clone(),
                name: c.file.clone(),
                time_s: c.time_s,
                line: cases::line_in(&c.message, &c.file),
                file: Some(c.file.clone()),
                outcome,
            }
        })
        .collect();
    if let Some(why) = &p.invalid {
        cases.push(Case {
            classname: p.id.clone(),
            name: "problem.toml".into(),
            time_s: 0.0,
            outcome: Outcome::Error {
                kind: "spec".into(),
                message: why.lines().next().unwrap_or("").into(),
                detail: why.clone(),
            },
            line: cases::line_in(why, "problem.toml"),
            file: Some(spec),
        });
    }
    Suite {
        name: p.id.clone(),
        time_s: p.checks.iter().map(|c| c.time_s).sum(),
        cases,
        properties: vec![
            ("grader.version".into(), env!("CARGO_PKG_VERSION").into()),
            ("sandbox.level".into(), info.level.to_string()),
        ],
    }
}

fn print_check(c: &Checked) {
    let at = c
        .first_failure
        .as_deref()
        .map(|t| format!(" on {t}"))
        .unwrap_or_default();
    let time = format!("{:.1}s", c.time_s);
    match c.got {
        Some(got) if c.ok => crate::outln!(
            "  {} {:<40} {}{at} {}",
            "ok".green(),
            c.shown,
            paint(got),
            time.dimmed()
        ),
        Some(got) => crate::outln!(
            "  {} {:<40} expected {}, got {}{at}: {}",
            "FAIL".red().bold(),
            c.shown,
            c.expected,
            paint(got),
            c.message.lines().next().unwrap_or("")
        ),
        None => crate::outln!("  {} {}: {}", "FAIL".red().bold(), c.shown, c.message),
    }
}
/// The engine to check an SQL problem on: `forced` (`--engine`), or all the problem enables;
/// without PostgreSQL installed, SQLite only, said once (unless `GRADER_REQUIRE_POSTGRES=1`,
/// as in CI, where the run then fails). `Err`: why the problem is skipped.
fn sql_engine(
    p: &Problem,
    forced: Option<Engine>,
    pg_missing: &mut Option<Option<String>>,
) -> std::result::Result<Option<Engine>, String> {
    let Some(spec) = &p.sql else {
        return Ok(None);
    };
    if let Some(e) = forced {
        return if spec.engines.contains(&e) {
            Ok(Some(e))
        } else {
            Err(format!(
                "--engine {}: this problem's engines are [{}]",
                e.as_str(),
                spec.engines
                    .iter()
                    .map(|e| e.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        };
    }
    if !spec.engines.contains(&Engine::Postgres)
        || std::env::var_os("GRADER_REQUIRE_POSTGRES").is_some_and(|v| v == "1")
    {
        return Ok(None);
    }
    let missing = pg_missing.get_or_insert_with(|| {
        let why = crate::judge::sql::pg::bindir().err();
        if let Some(w) = &why {
            crate::outln!(
                "{} {w}: PostgreSQL engines are checked on SQLite only (GRADER_REQUIRE_POSTGRES=1 makes this a failure)",
                "note:".yellow().bold()
            );
        }
        why
    });
    Ok(missing.as_ref().map(|_| Engine::Sqlite))
}

/// The submissions to check for a problem, with what each must get.
/// An `[[sql.case]]` with `engine` runs on that engine alone, and only when it is active.
type Planned = (PathBuf, Option<String>, Want, Option<Engine>);

fn plan(p: &Problem, engines: &[Engine]) -> Vec<Planned> {
    let mut plan = Vec::new();
    // Checked by `load_checked`; the folders do not change during a run.
    let (references, templates) = files_of(p).unwrap_or_default();
    for f in references {
        plan.push((f, None, Want::Accepted, None));
    }
    for f in templates {
        plan.push((f, None, Want::NotAccepted, None));
    }
    for e in &p.expect {
        if e.engine.is_some_and(|x| !engines.contains(&x)) {
            continue;
        }
        let verdicts = e
            .verdicts
            .iter()
            .filter_map(|v| Verdict::parse(v.strip_prefix('!').unwrap_or(v)))
            .collect();
        let want = if e.verdicts.iter().any(|v| v.starts_with('!')) {
            Want::NoneOf(verdicts, e.score)
        } else {
            Want::AnyOf(verdicts, e.score)
        };
        plan.push((e.file.clone(), e.lang.clone(), want, e.engine));
    }
    plan
}

/// Grades one file and says whether it got what it must.
fn check_one(
    p: &Problem,
    file: &Path,
    (lang, engine): (Option<&str>, Option<Engine>),
    want: Want,
    ctx: &Ctx,
) -> Checked {
    let (table, info, jobs, slow) = (ctx.table, ctx.info, ctx.jobs, ctx.slow);
    // Relative to the repository (the folder above problems/), as CI annotations want.
    let repo = p
        .dir
        .parent()
        .and_then(Path::parent)
        .unwrap_or(Path::new("/"));
    let in_repo = file
        .strip_prefix(repo)
        .unwrap_or(file)
        .display()
        .to_string();
    let shown = file
        .strip_prefix(&p.dir)
        .map_or_else(|_| in_repo.clone(), |f| f.display().to_string());
    let shown = match engine {
        Some(e) => format!("{shown} [{}]", e.as_str()),
        None => shown,
    };
    let unusable = |message: String| Checked {
        file: in_repo.clone(),
        shown: shown.clone(),
        expected: want.text(),
        got: None,
        ok: false,
        judge_error: false,
        first_failure: None,
        message,
        time_s: 0.0,
    };
    let (file, lang, files) = match submission(p, file, lang, (table, ctx.python)) {
        Ok(found) => found,
        Err(message) => return unusable(message),
    };
    let options = RunOptions {
        all: true,
        slow,
        jobs,
        // Stopping at the first failure keeps the overall verdict (the first failing test in
        // order), so known-wrong answers and templates need not run every test.
        fail_fast: !matches!(
            want,
            Want::Accepted | Want::AnyOf(_, Some(_)) | Want::NoneOf(_, Some(_))
        ),
        filter: None,
        no_cache: false,
        engine,
        files,
    };
    match judge::grade(p, &file, lang, table, &options, info, &mut Silent) {
        Ok(report) => {
            let got = report.verdict;
            let ok = want.met(got) && want.score_met(report.score);
            let message = if ok {
                String::new()
            } else if want.met(got) {
                format!("score {}/{}", report.score, report.max_score)
            } else {
                report
                    .message
                    .clone()
                    .or_else(|| {
                        report
                            .tests
                            .iter()
                            .find(|t| t.verdict == got)
                            .map(|t| t.message.clone())
                    })
                    .unwrap_or_default()
            };
            Checked {
                file: in_repo,
                shown,
                expected: want.text(),
                got: Some(got),
                ok,
                judge_error: !ok && got == Verdict::JE,
                first_failure: report.first_failure.clone(),
                message,
                time_s: report.wall.as_secs_f64(),
            }
        }
        Err(e) => unusable(e.message),
    }
}

#[cfg(test)]
mod want_tests {
    use super::*;

    #[test]
    fn anything_but_ac_is_met_by_every_other_verdict() {
        let w = Want::NoneOf(vec![Verdict::AC], None);
        assert!(!w.met(Verdict::AC));
        for v in [Verdict::WA, Verdict::TLE, Verdict::RE, Verdict::CE] {
            assert!(w.met(v), "{v}");
        }
        assert_eq!(w.text(), "not AC");
        let scored = Want::NoneOf(vec![Verdict::AC], Some((10.0, 20.0)));
        assert!(scored.score_met(15.0) && !scored.score_met(30.0));
    }
}
