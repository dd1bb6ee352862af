//! The judging engine: builds the submission once, plans the tests (groups that require others
//! run in later waves), runs them on `-j` sandbox slots, turns raw outcomes into verdicts,
//! re-runs borderline timeouts alone, scores groups, and sends events to a reporter in test order.

use super::function;
use super::harness;
use super::outcome::*;
use super::score::Finish;
use super::stdio::{Prepared, finish_stdio, prepare_stdio, run_stdio};
use crate::compare::checker::{self, ReadyChecker};
use crate::error::{Error, Result};
use crate::exec::{Ran, TestResult};
use crate::exec::{Runner, Scratch, effective};
use crate::exec::{TleKind, Verdict};
use crate::lang::{self, Build, BuildResult, Language, Table, Toolchain};
use crate::problem::units::human_secs;
use crate::problem::{Kind, Problem, Test};
use crate::sandbox::{Helpers, Killer, Pool, RawOutcome, Sandbox, SandboxInfo};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Parallel test slots.
    pub jobs: usize,
    pub fail_fast: bool,
    /// Only tests whose name matches (a glob with `*`/`?`, else a substring).
    pub filter: Option<String>,
    pub no_cache: bool,
    /// SQL answers: only this engine (default: every engine the problem enables).
    pub engine: Option<super::sql::Engine>,
    /// The other files of a multi-file submission (name, text), written beside the main file
    /// before it is built (headers, Java classes it uses).
    pub files: Vec<(String, String)>,
}

/// Matches a test name against a `--tests` pattern.
pub fn matches(pattern: &str, name: &str) -> bool {
    if !pattern.contains(['*', '?']) {
        return name.contains(pattern);
    }
    fn glob(p: &[char], n: &[char]) -> bool {
        match (p.first(), n.first()) {
            (None, None) => true,
            (Some('*'), _) => glob(&p[1..], n) || (!n.is_empty() && glob(p, &n[1..])),
            (Some('?'), Some(_)) => glob(&p[1..], &n[1..]),
            (Some(a), Some(b)) if a == b => glob(&p[1..], &n[1..]),
            _ => false,
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    glob(&p, &n)
}

pub(super) fn group_name(problem: &Problem, t: &Test) -> Option<String> {
    t.group.map(|g| problem.groups[g].name.clone())
}

/// Everything a worker needs to run tests of one submission.
pub(super) struct Shared<'a> {
    /// Where the slots come from, and the sandbox level their jobs' limits are set for.
    pub(super) pool: &'a dyn Pool,
    pub(super) problem: &'a Problem,
    pub(super) lang: &'a Language,
    pub(super) build: &'a Build,
    /// The prepared custom checkers, by program.
    pub(super) checkers: Vec<(PathBuf, ReadyChecker)>,
    /// The Python interpreter that runs the problem's check function, if it has one.
    pub(super) check_python: Option<PathBuf>,
    pub(super) scratch: PathBuf,
    /// With --fail-fast: the index of the first failing test seen so far; later tests are skipped.
    pub(super) stop_at: AtomicUsize,
    pub(super) fail_fast: bool,
}

impl Shared<'_> {
    pub(super) fn runner(&self) -> Runner<'_> {
        Runner {
            build: self.build,
            lang: self.lang,
            info: self.pool.info(),
        }
    }
}

/// Grades `file` against `problem` in the real sandbox at `sandbox_info`'s level. Usage errors
/// (unreadable file) are `Err`; a missing toolchain or a failing sandbox becomes a report with
/// verdict JE.
pub fn grade(
    problem: &Problem,
    file: &Path,
    lang: &Language,
    table: &Table,
    options: &RunOptions,
    sandbox_info: &SandboxInfo,
    reporter: &mut dyn Reporter,
) -> Result<Report> {
    let pool = Helpers::new(sandbox_info);
    let submission = Submission {
        file,
        lang,
        toolchain: None,
    };
    grade_in(&pool, problem, submission, table, options, reporter)
}

/// What is graded: a file in a language, and the toolchain that builds and runs it.
pub struct Submission<'a> {
    pub file: &'a Path,
    pub lang: &'a Language,
    /// Found on the host when `None` (a missing one is a judge error).
    pub toolchain: Option<Toolchain>,
}

/// [`grade`] with slots from `pool`: the real helpers, or a scripted fake (which, given the
/// toolchain, grades without starting a process).
pub fn grade_in(
    pool: &dyn Pool,
    problem: &Problem,
    submission: Submission,
    table: &Table,
    options: &RunOptions,
    reporter: &mut dyn Reporter,
) -> Result<Report> {
    let Submission {
        file,
        lang,
        toolchain,
    } = submission;
    let mut run = Run::start(pool, problem, file, lang, options)?;
    if problem.kind == Kind::Sql || lang.id == "sql" {
        // SQL answers run in-process on the bundled SQLite: no toolchain, no build, no sandbox.
        let sql = super::sql::SqlRun {
            problem,
            file,
            lang,
            fail_fast: options.fail_fast,
            selected: &run.selected,
            started: run.started,
            engine: options.engine,
        };
        return super::sql::grade(sql, run.header, run.notes, reporter);
    }
    let tc = match toolchain.map_or_else(|| run.toolchain(), Ok) {
        Ok(tc) => tc,
        Err(message) => {
            reporter.event(&Event::Start(&run.header));
            return Ok(run.judge_error(message, reporter));
        }
    };
    run.header.language = Some(LanguageInfo {
        id: lang.id.clone(),
        name: lang.name.clone(),
        version: tc.tool.version.clone(),
    });
    reporter.event(&Event::Start(&run.header));
    if let Some(message) = refused_function(problem, lang) {
        return Ok(run.judge_error(message, reporter));
    }
    let scratch = Scratch::new()?;
    let mut slot = match pool.slot() {
        Ok(s) => s,
        Err(e) => {
            let message = format!("cannot start the sandbox helper: {e}");
            return Ok(run.judge_error(message, reporter));
        }
    };
    let build = match run.build(&tc, &mut *slot, scratch.path())? {
        Ok(BuildResult::Ready(b)) => b,
        Ok(BuildResult::CompileError { message, time }) => {
            return Ok(run.compile_error(message, time, reporter));
        }
        Err(message) => return Ok(run.judge_error(message, reporter)),
    };
    let compile = CompileInfo {
        cached: build.cached,
        time: build.time,
        message: build.warnings.clone(),
    };
    reporter.event(&Event::Compiled(&compile));
    let tools = match run.checkers(table, &mut *slot, scratch.path()) {
        Ok(checkers) => run.check_python(table).map(|python| (checkers, python)),
        Err(message) => Err(message),
    };
    let (checkers, check_python) = match tools {
        Ok(t) => t,
        Err(message) => return Ok(run.judge_error(message, reporter)),
    };
    let shared = Shared {
        pool,
        problem,
        lang,
        build: &build,
        checkers,
        check_python,
        scratch: scratch.path().to_path_buf(),
        stop_at: AtomicUsize::new(usize::MAX),
        fail_fast: options.fail_fast,
    };
    Ok(run.judge(&shared, slot, compile, reporter))
}

/// Why a function answer in `lang` cannot be graded, if it cannot: no harness for its
/// signature in that language, or none for the language at all.
fn refused_function(problem: &Problem, lang: &Language) -> Option<String> {
    let sig = problem
        .function
        .as_ref()
        .filter(|_| problem.kind == Kind::Function)?;
    match harness::files(&lang.id, sig, "solution", "") {
        Err(why) => Some(why),
        Ok(_) if lang.function_run.is_none() => Some(format!(
            "function answers in {} are not supported yet; write the function in Python, JavaScript, Java, C++, Rust or C",
            lang.name
        )),
        Ok(_) => None,
    }
}

/// One submission's run through [`grade_in`]'s steps: what they read, and the notes they add.
struct Run<'a> {
    problem: &'a Problem,
    file: &'a Path,
    lang: &'a Language,
    options: &'a RunOptions,
    selected: Vec<&'a Test>,
    header: Header,
    notes: Vec<String>,
    started: Instant,
}

impl<'a> Run<'a> {
    /// Checks the submission can be read and selects the tests (`--tests`); a usage error
    /// otherwise.
    fn start(
        pool: &dyn Pool,
        problem: &'a Problem,
        file: &'a Path,
        lang: &'a Language,
        options: &'a RunOptions,
    ) -> Result<Run<'a>> {
        let started = Instant::now();
        if !file.is_file() {
            return Err(Error::usage(format!(
                "cannot read submission `{}`: no such file",
                file.display()
            )));
        }
        std::fs::File::open(file).map_err(|e| {
            Error::usage(format!("cannot read submission `{}`: {e}", file.display()))
        })?;
        let selected: Vec<&Test> = problem
            .tests
            .iter()
            .filter(|t| {
                options
                    .filter
                    .as_deref()
                    .is_none_or(|p| matches(p, &t.name))
            })
            .collect();
        if selected.is_empty() {
            return Err(Error::usage(format!(
                "no test of `{}` matches --tests `{}`",
                problem.id,
                options.filter.as_deref().unwrap_or("")
            )));
        }
        let header = Header {
            problem: problem.id.clone(),
            title: problem.title.clone(),
            submission: file.display().to_string(),
            language: None,
            sandbox: pool.info().clone(),
            limits: effective(&problem.limits, lang),
            scaling: scaling_text(problem, lang),
            test_count: selected.len(),
        };
        let mut notes = Vec::new();
        if selected.len() < problem.tests.len() {
            notes.push(format!(
                "{} of {} tests selected by --tests",
                selected.len(),
                problem.tests.len()
            ));
        }
        Ok(Run {
            problem,
            file,
            lang,
            options,
            selected,
            header,
            notes,
            started,
        })
    }

    /// The language's toolchain on this host; a problem with `[python] requirements` runs
    /// Python answers in its cached environment.
    fn toolchain(&mut self) -> std::result::Result<Toolchain, String> {
        let tc = lang::toolchain(self.lang).map_err(|e| e.message)?;
        let (tc, built) = python_env(self.problem, self.lang, tc).map_err(|e| e.message)?;
        if let Some(time) = built {
            self.notes.push(format!(
                "built the Python environment for {} in {:.1}s (cached for later runs)",
                self.problem.python_requirements.join(", "),
                time.as_secs_f64()
            ));
        }
        Ok(tc)
    }

    /// Builds the submission (with its harness, for a function answer; with its other files,
    /// for a multi-file one). The inner `Err` is a judge error; the outer one a usage error.
    fn build(
        &self,
        tc: &Toolchain,
        slot: &mut dyn Sandbox,
        scratch: &Path,
    ) -> Result<std::result::Result<BuildResult, String>> {
        let (problem, lang, options) = (self.problem, self.lang, self.options);
        let sig = problem
            .function
            .as_ref()
            .filter(|_| problem.kind == Kind::Function);
        let generate = |file_name: &str, source: &str| {
            sig.and_then(|sig| harness::files(&lang.id, sig, file_name, source).ok())
                .unwrap_or_default()
        };
        let with_harness: Option<lang::Harness> = sig.map(|_| &generate as lang::Harness);
        let built = if options.files.is_empty() || with_harness.is_some() {
            let no_cache = options.no_cache;
            lang::build_with(lang, tc, self.file, slot, no_cache, scratch, with_harness)
        } else {
            let files = options.files.clone();
            lang::build_with_files(lang, tc, self.file, slot, scratch, files)
        };
        match built {
            Ok(b) => Ok(Ok(b)),
            Err(e) if e.kind == crate::error::ErrorKind::Judge => Ok(Err(e.message)),
            Err(e) => Err(e),
        }
    }

    /// Every distinct checker program the selected tests use, built once.
    fn checkers(
        &self,
        table: &Table,
        slot: &mut dyn Sandbox,
        scratch: &Path,
    ) -> std::result::Result<Vec<(PathBuf, ReadyChecker)>, String> {
        let mut checkers: Vec<(PathBuf, ReadyChecker)> = Vec::new();
        for c in self.selected.iter().filter_map(|t| t.compare.checker()) {
            if checkers
                .iter()
                .any(|(p, r)| *p == c.program && r.protocol == c.protocol)
            {
                continue;
            }
            let ready = checker::prepare(&c.program, c.protocol, table, slot, scratch)
                .map_err(|e| e.message)?;
            checkers.push((c.program.clone(), ready));
        }
        Ok(checkers)
    }

    /// The Python interpreter that runs a problem-supplied check function, whatever the
    /// answer's language; `None` when the problem has none.
    fn check_python(&self, table: &Table) -> std::result::Result<Option<PathBuf>, String> {
        let problem = self.problem;
        if problem.function.as_ref().is_none_or(|f| f.check.is_none()) {
            return Ok(None);
        }
        let python = table.get("python3").and_then(|l| {
            let tc = lang::toolchain(l)?;
            python_env(problem, l, tc).map(|(tc, _)| tc)
        });
        match python {
            Ok(tc) => Ok(Some(tc.tool.path)),
            Err(e) => Err(format!(
                "the problem's check function needs Python: {}",
                e.message
            )),
        }
    }

    /// Runs the selected tests of the built submission on `slot` (and more slots of the pool
    /// with `-j`), and ends with the report.
    fn judge(
        mut self,
        shared: &Shared,
        slot: Box<dyn Sandbox>,
        compile: CompileInfo,
        reporter: &mut dyn Reporter,
    ) -> Report {
        let jobs = self.options.jobs.max(1);
        let mut results = run_all(
            shared,
            &self.selected,
            jobs,
            slot,
            reporter,
            &mut self.notes,
        );
        results.sort_by_key(|r| r.index);
        for r in &mut results {
            if r.details
                .printed
                .as_deref()
                .is_some_and(|p| p.starts_with("at import"))
                && let Some(p) = r.details.printed.take()
            {
                self.notes.push(format!("your file printed {p}"));
            }
        }
        self.end(reporter, |f| f.tests(results).compile(Some(compile)))
    }

    /// The submission does not compile: CE with the compiler's message.
    fn compile_error(self, message: String, time: Duration, reporter: &mut dyn Reporter) -> Report {
        let compile = CompileInfo {
            cached: false,
            time,
            message: message.clone(),
        };
        reporter.event(&Event::Compiled(&compile));
        self.end(reporter, |f| {
            f.compile(Some(compile)).whole(Verdict::CE, message)
        })
    }

    /// The grader could not grade the submission: JE, never the candidate's fault.
    fn judge_error(self, message: String, reporter: &mut dyn Reporter) -> Report {
        self.end(reporter, |f| f.whole(Verdict::JE, message))
    }

    /// The report, with the notes and what `add` adds, sent to the reporter.
    fn end(self, reporter: &mut dyn Reporter, add: impl FnOnce(Finish) -> Finish) -> Report {
        let Run {
            problem,
            selected,
            header,
            notes,
            started,
            ..
        } = self;
        let report = add(Finish::new(problem, &selected, header, started).notes(notes)).report();
        reporter.event(&Event::Done(&report));
        report
    }
}

/// The toolchain of `lang` for `problem`: for Python, on a problem with `[python]
/// requirements`, the interpreter of the problem's environment (built on first use).
/// Also says how long building the environment took, when this call built it.
fn python_env(
    problem: &Problem,
    lang: &Language,
    tc: Toolchain,
) -> Result<(Toolchain, Option<Duration>)> {
    if lang.id != "python3" || problem.python_requirements.is_empty() {
        return Ok((tc, None));
    }
    let env = lang::pyenv::ensure(&tc.tool, &problem.python_requirements)?;
    let tc = Toolchain {
        tool: lang::Tool {
            path: env.python,
            version: format!(
                "{} + {}",
                tc.tool.version,
                problem.python_requirements.join(", ")
            ),
        },
        run_tool: tc.run_tool,
    };
    Ok((tc, env.built))
}

fn scaling_text(problem: &Problem, lang: &Language) -> String {
    let base = human_secs(problem.limits.time);
    match (lang.time_factor != 1.0, lang.time_offset) {
        (false, None) => String::new(),
        (true, None) => format!("{base} × {}", lang.time_factor),
        (_, Some(o)) => format!("{base} × {} + {}", lang.time_factor, human_secs(o)),
    }
}

/// A unit of work for a slot: one stdio test, or a batch of function tests in one process.
enum Unit {
    One(usize),
    Batch(Vec<usize>),
}

/// Runs every selected test and streams results to the reporter in test order.
fn run_all(
    shared: &Shared,
    selected: &[&Test],
    jobs: usize,
    first_slot: Box<dyn Sandbox>,
    reporter: &mut dyn Reporter,
    notes: &mut Vec<String>,
) -> Vec<TestResult> {
    let problem = shared.problem;
    let by_index = |i: usize| selected.iter().find(|t| t.index == i).copied();
    let order: Vec<usize> = selected.iter().map(|t| t.index).collect();
    let mut done: Vec<Option<TestResult>> = vec![None; problem.tests.len()];
    let mut emitted = 0;
    let emit =
        |done: &Vec<Option<TestResult>>, emitted: &mut usize, reporter: &mut dyn Reporter| {
            while *emitted < order.len() {
                match &done[order[*emitted]] {
                    Some(r) => {
                        reporter.event(&Event::Test(r));
                        *emitted += 1;
                    }
                    None => break,
                }
            }
        };
    let queue: Arc<Mutex<VecDeque<Unit>>> = Arc::new(Mutex::new(VecDeque::new()));
    let (tx, rx) = mpsc::channel::<Vec<Ran>>();
    let slots: Mutex<Vec<Box<dyn Sandbox>>> = Mutex::new(vec![first_slot]);
    let function_kind = problem.kind == Kind::Function;
    let waves: Vec<usize> = if function_kind {
        vec![0]
    } else {
        let mut w: Vec<usize> = selected
            .iter()
            .map(|t| t.group.map_or(0, |g| problem.wave_of_group(g)))
            .collect();
        w.sort();
        w.dedup();
        w
    };
    let mut concurrent = false;
    std::thread::scope(|scope| {
        for wave in &waves {
            // Tests of this wave: skipped when a required group did not pass.
            let mut units = Vec::new();
            let mut batch = Vec::new();
            for t in selected.iter().filter(|t| {
                function_kind || t.group.map_or(0, |g| problem.wave_of_group(g)) == *wave
            }) {
                if let Some(why) = unmet_requirement(problem, t, &done) {
                    let lim = effective(&t.limits, shared.lang);
                    done[t.index] = Some(TestResult::skipped(t, group_name(problem, t), lim, why));
                } else if function_kind {
                    batch.push(t.index);
                } else {
                    units.push(Unit::One(t.index));
                }
            }
            if !batch.is_empty() {
                units.push(Unit::Batch(batch));
            }
            emit(&done, &mut emitted, reporter);
            // Counted in tests, not messages: a worker may send the results of two units at once
            // (a judged test that was in flight, and the unit after it).
            let mut pending: usize = units
                .iter()
                .map(|u| match u {
                    Unit::One(_) => 1,
                    Unit::Batch(tests) => tests.len(),
                })
                .sum();
            if pending == 0 {
                continue;
            }
            let workers = jobs.min(units.len());
            concurrent |= workers > 1;
            queue.lock().expect("queue lock").extend(units);
            spawn_workers(scope, workers, shared, &queue, &tx, &slots, selected);
            while pending > 0 {
                let Ok(results) = rx.recv() else { break };
                pending = pending.saturating_sub(results.len());
                let mut follow_up = Vec::new();
                for ran in results {
                    match ran {
                        Ran::RunAlone(i) => follow_up.push(i),
                        Ran::Judged(r) => {
                            let i = r.index;
                            done[i] = Some(r);
                        }
                    }
                }
                if !follow_up.is_empty() {
                    // The batch process died: the tests it did not finish run one per process.
                    pending += follow_up.len();
                    let mut q = queue.lock().expect("queue lock");
                    q.extend(follow_up.into_iter().map(|i| Unit::Batch(vec![i])));
                    drop(q);
                    spawn_workers(
                        scope,
                        jobs.min(pending),
                        shared,
                        &queue,
                        &tx,
                        &slots,
                        selected,
                    );
                }
                if function_kind {
                    apply_requirements(problem, selected, &mut done, shared.lang);
                } else {
                    emit(&done, &mut emitted, reporter);
                }
            }
        }
    });
    if function_kind {
        apply_requirements(problem, selected, &mut done, shared.lang);
    }
    // Timeouts that ended within the grace period while other tests ran in parallel are re-run
    // alone before they are final: a busy machine must not cost the candidate a test.
    if concurrent && !function_kind {
        let borderline: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| done[i].as_ref().is_some_and(borderline))
            .collect();
        if !borderline.is_empty() {
            let mut slot = slots
                .lock()
                .expect("slots lock")
                .pop()
                .map_or_else(|| shared.pool.slot(), Ok);
            for i in &borderline {
                if let (Ok(slot), Some(t)) = (&mut slot, by_index(*i)) {
                    let mut r = run_stdio(shared, &mut **slot, t);
                    r.rerun_alone = true;
                    done[*i] = Some(r);
                }
            }
            notes.push(format!(
                "{} test(s) timed out close to the limit under parallel load and were re-run alone",
                borderline.len()
            ));
        }
    }
    emit(&done, &mut emitted, reporter);
    done.into_iter().flatten().collect()
}

/// Starts `n` workers that take units from `queue` until it is empty, each on a sandbox slot
/// (reused from `slots` when one is free).
fn spawn_workers<'scope, 'env>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    n: usize,
    shared: &'env Shared<'env>,
    queue: &Arc<Mutex<VecDeque<Unit>>>,
    tx: &mpsc::Sender<Vec<Ran>>,
    slots: &'env Mutex<Vec<Box<dyn Sandbox>>>,
    selected: &'env [&'env Test],
) {
    for _ in 0..n {
        let queue = Arc::clone(queue);
        let tx = tx.clone();
        scope.spawn(move || {
            let mut slot = match slots.lock().expect("slots lock").pop() {
                Some(s) => Ok(s),
                None => shared.pool.slot(),
            };
            // A stdio test that ran and waits to be judged: it is judged while the next test
            // runs, so the grader's own work overlaps the programs' (two lanes of files).
            let mut in_flight: Option<(&Test, Prepared, std::io::Result<RawOutcome>)> = None;
            let mut lane = 0;
            loop {
                let unit = queue.lock().expect("queue lock").pop_front();
                let pipelined = match (&unit, &slot) {
                    (Some(Unit::One(i)), Ok(_)) => selected
                        .iter()
                        .find(|t| t.index == *i)
                        // With --fail-fast each verdict must be known before the next test
                        // starts; a checker needs the slot for itself.
                        .filter(|t| !shared.fail_fast && t.compare.checker().is_none())
                        .map(|t| (t, prepare_stdio(shared, t, lane))),
                    _ => None,
                };
                let results = match (pipelined, &mut slot) {
                    (Some((t, Ok(prepared))), Ok(slot)) => {
                        let sent = slot.submit(&prepared.job);
                        let mut done = Vec::new();
                        if let Some((pt, pp, praw)) = in_flight.take() {
                            done.push(Ran::Judged(finish_stdio(shared, &mut **slot, pt, pp, praw)));
                        }
                        let raw = sent.and_then(|()| slot.receive());
                        in_flight = Some((t, prepared, raw));
                        lane ^= 1;
                        done
                    }
                    (other, _) => {
                        let mut done = Vec::new();
                        if let (Some((pt, pp, praw)), Ok(slot)) = (in_flight.take(), &mut slot) {
                            done.push(Ran::Judged(finish_stdio(shared, &mut **slot, pt, pp, praw)));
                        }
                        match (other, &unit) {
                            (Some((_, Err(result))), _) => done.push(Ran::Judged(*result)),
                            (_, Some(unit)) => done.extend(match &mut slot {
                                Ok(slot) => run_unit(shared, &mut **slot, unit, selected),
                                Err(e) => unit_error(
                                    shared,
                                    unit,
                                    selected,
                                    format!("cannot start the sandbox helper: {e}"),
                                ),
                            }),
                            (_, None) => {}
                        }
                        done
                    }
                };
                let last = unit.is_none();
                // --fail-fast: later tests are skipped from now on (earlier ones still run, so
                // the overall verdict is the same as without it).
                if shared.fail_fast
                    && let Some(first) = results
                        .iter()
                        .filter_map(Ran::judged)
                        .filter(|r| !matches!(r.verdict, Verdict::AC | Verdict::SK))
                        .map(|r| r.index)
                        .min()
                {
                    shared.stop_at.fetch_min(first, Ordering::SeqCst);
                }
                if (!results.is_empty() && tx.send(results).is_err()) || last {
                    break;
                }
            }
            if let Ok(s) = slot {
                slots.lock().expect("slots lock").push(s);
            }
        });
    }
}

/// A timeout that may be the machine's fault rather than the program's: it ended by itself
/// within the grace period past the CPU limit (a program that never ends is killed at the end of
/// the grace period), or it hit the wall limit while computing for at least half its CPU limit.
/// A timeout that ended within the grace period: under load it is re-run alone before it is
/// final (`grader batch` re-grades such submissions alone after the parallel pass).
pub fn borderline(r: &TestResult) -> bool {
    r.verdict == Verdict::TLE
        && match r.tle {
            Some(TleKind::Cpu) => r.killed_by.is_none(),
            Some(TleKind::Wall) => r.time * 2 > r.limits.cpu,
            None => false,
        }
}

pub(super) fn unmet_requirement(
    problem: &Problem,
    t: &Test,
    done: &[Option<TestResult>],
) -> Option<String> {
    let g = t.group?;
    for &req in &problem.groups[g].require {
        let failed = problem
            .tests
            .iter()
            .filter(|o| o.group == Some(req))
            .any(|o| {
                done[o.index]
                    .as_ref()
                    .is_some_and(|r| r.verdict != Verdict::AC)
            });
        if failed {
            return Some(format!(
                "skipped: group `{}` requires group `{}`, which did not pass",
                problem.groups[g].name, problem.groups[req].name
            ));
        }
    }
    None
}

/// For function answers (all tests run in one process), tests whose required groups failed
/// become SK afterwards.
fn apply_requirements(
    problem: &Problem,
    selected: &[&Test],
    done: &mut [Option<TestResult>],
    lang: &Language,
) {
    for t in selected {
        if done[t.index].is_none() {
            continue;
        }
        if let Some(why) = unmet_requirement(problem, t, done) {
            let lim = effective(&t.limits, lang);
            done[t.index] = Some(TestResult::skipped(t, group_name(problem, t), lim, why));
        }
    }
}

fn unit_error(shared: &Shared, unit: &Unit, selected: &[&Test], message: String) -> Vec<Ran> {
    let indices = match unit {
        Unit::One(i) => vec![*i],
        Unit::Batch(v) => v.clone(),
    };
    indices
        .into_iter()
        .filter_map(|i| selected.iter().find(|t| t.index == i))
        .map(|t| {
            let mut r = TestResult::skipped(
                t,
                group_name(shared.problem, t),
                effective(&t.limits, shared.lang),
                message.clone(),
            );
            r.verdict = Verdict::JE;
            Ran::Judged(r)
        })
        .collect()
}

fn run_unit(shared: &Shared, slot: &mut dyn Sandbox, unit: &Unit, selected: &[&Test]) -> Vec<Ran> {
    let tests: Vec<&Test> = match unit {
        Unit::One(i) => selected.iter().filter(|t| t.index == *i).copied().collect(),
        Unit::Batch(v) => v
            .iter()
            .filter_map(|i| selected.iter().find(|t| t.index == *i).copied())
            .collect(),
    };
    let stop_at = shared.stop_at.load(Ordering::SeqCst);
    if tests.iter().all(|t| t.index > stop_at) {
        return tests
            .iter()
            .map(|t| {
                TestResult::skipped(
                    t,
                    group_name(shared.problem, t),
                    effective(&t.limits, shared.lang),
                    "skipped: --fail-fast after an earlier failure".into(),
                )
            })
            .map(Ran::Judged)
            .collect();
    }
    match unit {
        Unit::One(_) => tests
            .iter()
            .map(|t| Ran::Judged(run_stdio(shared, slot, t)))
            .collect(),
        Unit::Batch(_) => function::run_batch(shared_view(shared), slot, &tests, shared.fail_fast),
    }
}

/// What the function runner needs from the engine.
pub struct FunctionCtx<'a> {
    /// The sandbox level the jobs' limits are set for.
    pub info: &'a SandboxInfo,
    pub problem: &'a Problem,
    pub lang: &'a Language,
    pub build: &'a Build,
    pub scratch: &'a Path,
    pub check_python: Option<&'a Path>,
}

impl FunctionCtx<'_> {
    pub fn runner(&self) -> Runner<'_> {
        Runner {
            build: self.build,
            lang: self.lang,
            info: self.info,
        }
    }
}

fn shared_view<'a>(s: &'a Shared) -> FunctionCtx<'a> {
    FunctionCtx {
        info: s.pool.info(),
        problem: s.problem,
        lang: s.lang,
        build: s.build,
        scratch: &s.scratch,
        check_python: s.check_python.as_deref(),
    }
}

/// Who ended a process, in words.
pub fn killer_text(k: Option<Killer>) -> &'static str {
    match k {
        Some(Killer::CpuLimit) => "the grader (cpu limit)",
        Some(Killer::WallLimit) => "the grader (wall limit)",
        Some(Killer::Cancelled) => "the grader (cancelled)",
        Some(Killer::ProcessLimit) => "the grader (process limit)",
        Some(Killer::OutputLimit) => "the grader (output limit)",
        None => "itself",
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::exec::Effective;
    use crate::problem::{TestData, Visibility};

    /// A public function test with null arguments and default limits.
    pub(crate) fn function_test() -> Test {
        Test {
            index: 0,
            name: "t".into(),
            group: None,
            data: TestData::Function {
                args: serde_json::Value::Null,
                expected: serde_json::Value::Null,
            },
            visibility: Visibility::Public,
            points: 1,
            hint: None,
            limits: Default::default(),
            compare: Default::default(),
        }
    }

    #[test]
    fn borderline_timeouts_are_re_run() {
        let t = function_test();
        let lim = Effective {
            cpu: Duration::from_secs(1),
            wall: Duration::from_secs(2),
            memory: 1 << 30,
            output: 1 << 20,
            runtime_memory: 0,
            refuse_allocations: false,
        };
        let mut r = TestResult::skipped(&t, None, lim, String::new());
        r.verdict = Verdict::TLE;
        r.tle = Some(TleKind::Cpu);
        r.time = Duration::from_millis(1100);
        assert!(borderline(&r), "ended by itself just over the limit");
        r.killed_by = Some(Killer::CpuLimit);
        assert!(!borderline(&r), "killed at the end of the grace period");
        r.tle = Some(TleKind::Wall);
        r.killed_by = Some(Killer::WallLimit);
        r.time = Duration::from_millis(20);
        assert!(!borderline(&r), "a sleeper");
        r.time = Duration::from_millis(900);
        assert!(borderline(&r), "computing but starved of cpu");
        r.verdict = Verdict::WA;
        assert!(!borderline(&r));
    }

    #[test]
    fn test_patterns() {
        assert!(matches("large", "large/big-1"));
        assert!(matches("large/*", "large/big-1"));
        assert!(!matches("large/*", "small/big-1"));
        assert!(matches("*-?", "edge-1"));
        assert!(!matches("*-?", "edge-10"));
    }
}
