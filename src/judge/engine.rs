//! The judging engine: selects the tests, has the answer's kind describe and prepare it (build
//! it once, or prepare its query), plans the tests (groups that require others run in later
//! waves), runs them on `-j` sandbox slots (or in process, one at a time), re-runs borderline
//! timeouts alone, scores groups, and sends events to a reporter in test order.

use super::outcome::*;
use super::quick::{Mode, Quick};
use super::score::Finish;
use crate::error::{Error, Result};
use crate::exec::{CompileInfo, Ran, TestResult, Verdict, borderline, group_name};
use crate::kinds::{self, AnswerKind, Prepared, Staged, Stop, Units};
use crate::lang::{Language, Table, Toolchain};
use crate::problem::{Problem, Test};
use crate::sandbox::{Helpers, Killer, Pool, RawOutcome, Sandbox, SandboxInfo};
use std::collections::VecDeque;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Parallel test slots.
    pub jobs: usize,
    pub fail_fast: bool,
    /// Run every test to its limit whatever happens (judge semantics: `check`, `batch`,
    /// `verify`, `run --all`); otherwise the learner's quick rule (`quick.rs`).
    pub all: bool,
    /// Run the tests marked `slow = true` too (`run`/`check` skip them unless `--slow`).
    pub slow: bool,
    /// Only tests whose name matches (a glob with `*`/`?`, else a substring).
    pub filter: Option<String>,
    pub no_cache: bool,
    /// SQL answers: only this engine (default: every engine the problem enables).
    pub engine: Option<kinds::sql::Engine>,
    /// The other files of a multi-file submission (name, text), written beside the main file
    /// before it is built (headers, Java classes it uses).
    pub files: Vec<(String, String)>,
}

/// Whether a `--tests` pattern is a glob (`*`, `?`, `[0-3]`, `{a,b}`); otherwise it matches
/// the names that contain it.
fn is_glob(pattern: &str) -> bool {
    pattern.contains(['*', '?', '[', '{'])
}

/// The glob of a `--tests` pattern (`*` crosses `/`), or why it is not one.
fn glob(pattern: &str) -> std::result::Result<globset::GlobMatcher, String> {
    globset::Glob::new(pattern)
        .map(|g| g.compile_matcher())
        .map_err(|e| e.kind().to_string())
}

/// A pattern given to `flag` that is not a valid glob: a usage error saying why.
pub fn check_pattern_of(flag: &str, pattern: &str) -> Result<()> {
    if is_glob(pattern) {
        glob(pattern).map_err(|why| {
            Error::usage(format!(
                "{flag} `{pattern}`: {why}; a glob takes `*`, `?`, `[0-3]` and `{{a,b}}`"
            ))
        })?;
    }
    Ok(())
}

/// Matches a test name against a `--tests` pattern: a glob (the whole name), else a substring.
pub fn matches(pattern: &str, name: &str) -> bool {
    if !is_glob(pattern) {
        return name.contains(pattern);
    }
    glob(pattern).is_ok_and(|g| g.is_match(name))
}

/// Everything a worker needs to run tests of one submission.
struct Shared<'a> {
    /// Where the slots come from.
    pool: &'a dyn Pool,
    problem: &'a Problem,
    /// The submission's grading in its kind, ready to run tests.
    kind: &'a dyn AnswerKind,
    /// With --fail-fast: the index of the first failing test seen so far; later tests are skipped.
    stop_at: AtomicUsize,
    fail_fast: bool,
    /// The learner's quick rule, unless every test runs to its limit.
    quick: Option<Quick>,
}

impl Shared<'_> {
    /// A test that is not run, with `why`.
    fn skipped(&self, t: &Test, why: String) -> TestResult {
        let lim = self.kind.limits(&t.limits);
        TestResult::skipped(t, group_name(self.problem, t), lim, why)
    }

    /// How the tests about to start run (to their limit, unless the quick rule says otherwise).
    fn mode(&self) -> Mode {
        self.quick.as_ref().map_or(Mode::Full, Quick::mode)
    }

    /// `t` as it runs in `mode`.
    fn test<'t>(&'t self, t: &'t Test, mode: &Mode) -> &'t Test {
        self.quick.as_ref().map_or(t, |q| q.test(t, mode))
    }

    /// When a unit stops early on purpose.
    fn stop(&self) -> Stop {
        Stop {
            at_failure: self.fail_fast,
            at_timeout: self.quick.is_some(),
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
        expected: kinds::Expected::Tests,
    };
    grade_in(&pool, problem, submission, table, options, reporter)
}

/// What is graded: a file in a language, and the toolchain that builds and runs it.
pub struct Submission<'a> {
    pub file: &'a Path,
    pub lang: &'a Language,
    /// Found on the host when `None` (a missing one is a judge error).
    pub toolchain: Option<Toolchain>,
    /// What its tests are graded against (`stress`'s reference is the oracle).
    pub expected: kinds::Expected,
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
        expected,
    } = submission;
    let started = Instant::now();
    let selected = select(problem, file, options)?;
    let kind = kinds::of(kinds::Answer {
        problem,
        file,
        lang,
        table,
        pool,
        selected: &selected,
        toolchain,
        no_cache: options.no_cache,
        files: options.files.clone(),
        engine: options.engine,
        expected,
    });
    let run = Run::start(pool, problem, file, &selected, options, &*kind, started);
    drive(run, pool, kind, options, reporter)
}

/// Grades the selected tests of `run` through the steps of `kind`: describe (the header goes
/// out), prepare (CE, JE, or ready), then every test.
pub(super) fn drive(
    mut run: Run,
    pool: &dyn Pool,
    mut kind: Box<dyn AnswerKind + '_>,
    options: &RunOptions,
    reporter: &mut dyn Reporter,
) -> Result<Report> {
    match kind.describe(&mut run.notes)? {
        Ok(language) => run.header.language = Some(language),
        Err(message) => {
            reporter.event(&Event::Start(&run.header));
            return Ok(run.judge_error(message, reporter));
        }
    }
    reporter.event(&Event::Start(&run.header));
    match kind.prepare(&mut run.notes)? {
        Prepared::Ready { compile, slot } => {
            reporter.event(&Event::Compiled(&compile));
            let quick = !options.all && kind.schedule().sandboxed;
            let shared = Shared {
                pool,
                problem: run.problem,
                kind: &*kind,
                stop_at: AtomicUsize::new(usize::MAX),
                fail_fast: options.fail_fast,
                quick: quick.then(|| Quick::new(run.selected)),
            };
            Ok(run.judge(&shared, slot, compile, reporter))
        }
        Prepared::CompileError { message, time } => Ok(run.compile_error(message, time, reporter)),
        Prepared::JudgeError(message) => Ok(run.judge_error(message, reporter)),
    }
}

/// The tests `--tests` selects, after checking the submission can be read; a usage error
/// otherwise.
pub(super) fn select<'a>(
    problem: &'a Problem,
    file: &Path,
    options: &RunOptions,
) -> Result<Vec<&'a Test>> {
    if !file.is_file() {
        return Err(Error::usage(format!(
            "cannot read submission `{}`: no such file",
            file.display()
        )));
    }
    std::fs::File::open(file)
        .map_err(|e| Error::usage(format!("cannot read submission `{}`: {e}", file.display())))?;
    if let Some(p) = options.filter.as_deref() {
        check_pattern_of("--tests", p)?;
    }
    let matching: Vec<&Test> = problem
        .tests
        .iter()
        .filter(|t| {
            options
                .filter
                .as_deref()
                .is_none_or(|p| matches(p, &t.name))
        })
        .collect();
    let selected: Vec<&Test> = matching
        .iter()
        .copied()
        .filter(|t| options.slow || !t.slow)
        .collect();
    if selected.is_empty() && !matching.is_empty() {
        return Err(Error::usage(format!(
            "every test of `{}` that matches is slow (`slow = true`); --slow runs them",
            problem.id
        )));
    }
    if selected.is_empty() {
        return Err(Error::usage(format!(
            "no test of `{}` matches --tests `{}`",
            problem.id,
            options.filter.as_deref().unwrap_or("")
        )));
    }
    Ok(selected)
}

/// One submission's run through [`grade_in`]'s steps: what they read, and the notes they add.
pub(super) struct Run<'a> {
    problem: &'a Problem,
    jobs: usize,
    selected: &'a [&'a Test],
    header: Header,
    notes: Vec<String>,
    started: Instant,
}

impl<'a> Run<'a> {
    /// The run of `selected`, with its header (its language and limits filled in later).
    pub(super) fn start(
        pool: &dyn Pool,
        problem: &'a Problem,
        file: &Path,
        selected: &'a [&'a Test],
        options: &RunOptions,
        kind: &dyn AnswerKind,
        started: Instant,
    ) -> Run<'a> {
        let header = Header {
            problem: problem.id.clone(),
            title: problem.title.clone(),
            submission: file.display().to_string(),
            language: None,
            sandbox: pool.info().clone(),
            limits: kind.limits(&problem.limits),
            scaling: kind.scaling(),
            test_count: selected.len(),
            name_width: (selected.iter().map(|t| t.name.chars().count()).max()).unwrap_or(0),
        };
        let mut notes = Vec::new();
        let slow = if options.slow {
            0
        } else {
            problem.tests.iter().filter(|t| t.slow).count()
        };
        if selected.len() + slow < problem.tests.len() {
            notes.push(format!(
                "{} of {} tests selected by --tests",
                selected.len(),
                problem.tests.len()
            ));
        }
        if slow > 0 {
            notes.push(format!(
                "{slow} slow test(s) not run (`slow = true`); --slow runs them"
            ));
        }
        Run {
            problem,
            jobs: options.jobs.max(1),
            selected,
            header,
            notes,
            started,
        }
    }

    /// Runs the selected tests of the built submission on `slot` (and more slots of the pool
    /// with `-j`), and ends with the report.
    fn judge(
        mut self,
        shared: &Shared,
        slot: Option<Box<dyn Sandbox>>,
        compile: CompileInfo,
        reporter: &mut dyn Reporter,
    ) -> Report {
        let mut results = run_all(
            shared,
            self.selected,
            self.jobs,
            slot,
            reporter,
            &mut self.notes,
        );
        self.notes.extend(shared.kind.notes());
        self.notes
            .extend(shared.quick.as_ref().and_then(Quick::note));
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
        let report = add(Finish::new(problem, selected, header, started).notes(notes)).report();
        reporter.event(&Event::Done(&report));
        report
    }
}

/// A unit of work for a slot: one test, or a batch of tests in one process.
enum Unit {
    One(usize),
    Batch(Vec<usize>),
}

impl Unit {
    fn len(&self) -> usize {
        match self {
            Unit::One(_) => 1,
            Unit::Batch(tests) => tests.len(),
        }
    }
}

/// Runs every selected test and streams results to the reporter in test order.
fn run_all(
    shared: &Shared,
    selected: &[&Test],
    jobs: usize,
    first_slot: Option<Box<dyn Sandbox>>,
    reporter: &mut dyn Reporter,
    notes: &mut Vec<String>,
) -> Vec<TestResult> {
    let problem = shared.problem;
    let schedule = shared.kind.schedule();
    // A kind that runs in the grader's process runs one unit at a time.
    let jobs = if schedule.sandboxed { jobs } else { 1 };
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
    let slots: Mutex<Vec<Box<dyn Sandbox>>> = Mutex::new(first_slot.into_iter().collect());
    let one_process = schedule.units == Units::OneProcess;
    let wave_of = |t: &Test| t.group.map_or(0, |g| problem.wave_of_group(g));
    let waves: Vec<usize> = if one_process {
        vec![0]
    } else {
        let mut w: Vec<usize> = selected.iter().map(|t| wave_of(t)).collect();
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
            for t in selected
                .iter()
                .filter(|t| one_process || wave_of(t) == *wave)
            {
                if let Some(why) = unmet_requirement(problem, t, &done) {
                    done[t.index] = Some(shared.skipped(t, why));
                } else if one_process {
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
            let mut pending: usize = units.iter().map(Unit::len).sum();
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
                let (mut alone, mut later) = (Vec::new(), Vec::new());
                for ran in results {
                    match ran {
                        Ran::RunAlone(i) => alone.push(i),
                        Ran::Later(i) => later.push(i),
                        Ran::Judged(r) => {
                            let i = r.index;
                            done[i] = Some(r);
                        }
                    }
                }
                if !alone.is_empty() || !later.is_empty() {
                    // The batch process died: the tests it did not finish run one per process;
                    // it stopped on purpose: they run again together.
                    pending += alone.len() + later.len();
                    let mut q = queue.lock().expect("queue lock");
                    q.extend(alone.into_iter().map(|i| Unit::Batch(vec![i])));
                    if !later.is_empty() {
                        q.push_back(Unit::Batch(later));
                    }
                    drop(q);
                    let workers = jobs.min(pending);
                    spawn_workers(scope, workers, shared, &queue, &tx, &slots, selected);
                }
                if one_process {
                    apply_requirements(shared, selected, &mut done);
                } else {
                    emit(&done, &mut emitted, reporter);
                }
            }
        }
    });
    if one_process {
        apply_requirements(shared, selected, &mut done);
        if shared.fail_fast {
            fail_fast_after(shared, selected, &mut done);
        }
    }
    if concurrent && schedule.rerun_borderline {
        rerun_borderline(shared, selected, &mut done, &slots, notes);
    }
    emit(&done, &mut emitted, reporter);
    done.into_iter().flatten().collect()
}

/// Timeouts that ended within the grace period while other tests ran in parallel are re-run
/// alone before they are final: a busy machine must not cost the candidate a test.
fn rerun_borderline(
    shared: &Shared,
    selected: &[&Test],
    done: &mut [Option<TestResult>],
    slots: &Mutex<Vec<Box<dyn Sandbox>>>,
    notes: &mut Vec<String>,
) {
    let borderline: Vec<&Test> = selected
        .iter()
        .copied()
        .filter(|t| done[t.index].as_ref().is_some_and(borderline))
        .collect();
    if borderline.is_empty() {
        return;
    }
    let mut slot = slots
        .lock()
        .expect("slots lock")
        .pop()
        .map_or_else(|| shared.pool.slot(), Ok);
    for t in &borderline {
        if let Ok(slot) = &mut slot {
            let again = shared.kind.run(Some(&mut **slot), &[t], Stop::default());
            if let Some(Ran::Judged(mut r)) = again.into_iter().next() {
                r.rerun_alone = true;
                done[t.index] = Some(r);
            }
        }
    }
    notes.push(format!(
        "{} test(s) timed out close to the limit under parallel load and were re-run alone",
        borderline.len()
    ));
}

/// A test that ran and waits to be judged: it is judged while the next test runs, so the
/// grader's own work overlaps the programs' (two lanes of files).
type InFlight<'t> = (&'t Test, Staged, std::io::Result<RawOutcome>);

/// Starts `n` workers that take units from `queue` until it is empty, each on a sandbox slot
/// (reused from `slots` when one is free) when the kind is sandboxed.
fn spawn_workers<'scope, 'env>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    n: usize,
    shared: &'env Shared<'env>,
    queue: &Arc<Mutex<VecDeque<Unit>>>,
    tx: &mpsc::Sender<Vec<Ran>>,
    slots: &'env Mutex<Vec<Box<dyn Sandbox>>>,
    selected: &'env [&'env Test],
) {
    let sandboxed = shared.kind.schedule().sandboxed;
    for _ in 0..n {
        let queue = Arc::clone(queue);
        let tx = tx.clone();
        scope.spawn(move || {
            let mut slot = match slots.lock().expect("slots lock").pop() {
                Some(s) => Ok(Some(s)),
                None if sandboxed => shared.pool.slot().map(Some),
                None => Ok(None),
            };
            let mut in_flight: Option<InFlight> = None;
            let mut lane = 0;
            loop {
                let unit = queue.lock().expect("queue lock").pop_front();
                let results = match &mut slot {
                    Ok(slot) => {
                        let slot = slot.as_mut().map(|s| &mut **s as &mut dyn Sandbox);
                        work(
                            shared,
                            slot,
                            unit.as_ref(),
                            selected,
                            &mut in_flight,
                            &mut lane,
                        )
                    }
                    Err(e) => unit.as_ref().map_or_else(Vec::new, |u| {
                        let message = format!("cannot start the sandbox helper: {e}");
                        unit_error(shared, u, selected, message)
                    }),
                };
                let mut results = results;
                if let Some(q) = &shared.quick {
                    q.settle(&mut results, shared.kind, selected);
                }
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
            if let Ok(Some(s)) = slot {
                slots.lock().expect("slots lock").push(s);
            }
        });
    }
}

/// One step of a worker: stages `unit`'s test and judges the one in flight when the kind stages
/// its tests (and --fail-fast does not need each verdict before the next test starts), else
/// judges the one in flight and runs `unit` whole. `None`: the queue is empty.
fn work<'t>(
    shared: &'t Shared<'t>,
    slot: Option<&mut dyn Sandbox>,
    unit: Option<&Unit>,
    selected: &'t [&'t Test],
    in_flight: &mut Option<InFlight<'t>>,
    lane: &mut usize,
) -> Vec<Ran> {
    let kind = shared.kind;
    if let (Some(q), Some((t, _, Ok(raw)))) = (&shared.quick, in_flight.as_ref())
        && matches!(raw.killed_by, Some(Killer::CpuLimit | Killer::WallLimit))
    {
        q.killed(t);
    }
    let mode = shared.mode();
    let staged = match (unit, &slot, &mode) {
        (_, _, Mode::Hopeless(_)) => None,
        (Some(Unit::One(i)), Some(_), _) if !shared.fail_fast => selected
            .iter()
            .find(|t| t.index == *i)
            .map(|t| shared.test(t, &mode))
            .and_then(|t| kind.stage(t, *lane).map(|s| (t, s))),
        _ => None,
    };
    let mut done = Vec::new();
    match (staged, slot, unit) {
        (Some((t, Ok(staged))), Some(slot), _) => {
            let sent = slot.submit(&staged.job);
            if let Some((pt, ps, praw)) = in_flight.take() {
                done.push(Ran::Judged(kind.judge_staged(slot, pt, ps, praw)));
            }
            let raw = sent.and_then(|()| slot.receive());
            *in_flight = Some((t, staged, raw));
            *lane ^= 1;
        }
        (other, mut slot, unit) => {
            if let (Some((pt, ps, praw)), Some(slot)) = (in_flight.take(), slot.as_deref_mut()) {
                done.push(Ran::Judged(kind.judge_staged(slot, pt, ps, praw)));
            }
            match (other, unit) {
                (Some((_, Err(result))), _) => done.push(Ran::Judged(*result)),
                (_, Some(unit)) => done.extend(run_unit(shared, slot, unit, selected, &mode)),
                (_, None) => {}
            }
        }
    }
    done
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

/// For kinds that run every test in one process, tests whose required groups failed become SK
/// afterwards.
fn apply_requirements(shared: &Shared, selected: &[&Test], done: &mut [Option<TestResult>]) {
    for t in selected {
        if done[t.index].is_none() {
            continue;
        }
        if let Some(why) = unmet_requirement(shared.problem, t, done) {
            done[t.index] = Some(shared.skipped(t, why));
        }
    }
}

/// With --fail-fast, for kinds that run every test in one process (which cannot stop at a
/// wrong answer: only the grader compares), the tests after the first failure become SK, as
/// they are for kinds that run a process per test.
fn fail_fast_after(shared: &Shared, selected: &[&Test], done: &mut [Option<TestResult>]) {
    let first = selected.iter().map(|t| t.index).find(|&i| {
        done[i]
            .as_ref()
            .is_some_and(|r| !matches!(r.verdict, Verdict::AC | Verdict::SK))
    });
    let Some(first) = first else { return };
    for t in selected.iter().filter(|t| t.index > first) {
        if done[t.index]
            .as_ref()
            .is_some_and(|r| r.verdict != Verdict::SK)
        {
            let why = "skipped: --fail-fast after an earlier failure".to_string();
            done[t.index] = Some(shared.skipped(t, why));
        }
    }
}

/// The tests of `unit`, in its order.
fn unit_tests<'t>(unit: &Unit, selected: &[&'t Test]) -> Vec<&'t Test> {
    let indices = match unit {
        Unit::One(i) => std::slice::from_ref(i),
        Unit::Batch(v) => v.as_slice(),
    };
    indices
        .iter()
        .filter_map(|i| selected.iter().find(|t| t.index == *i).copied())
        .collect()
}

fn unit_error(shared: &Shared, unit: &Unit, selected: &[&Test], message: String) -> Vec<Ran> {
    unit_tests(unit, selected)
        .into_iter()
        .map(|t| {
            let mut r = shared.skipped(t, message.clone());
            r.verdict = Verdict::JE;
            Ran::Judged(r)
        })
        .collect()
}

fn run_unit(
    shared: &Shared,
    slot: Option<&mut dyn Sandbox>,
    unit: &Unit,
    selected: &[&Test],
    mode: &Mode,
) -> Vec<Ran> {
    let tests = unit_tests(unit, selected);
    let stop_at = shared.stop_at.load(Ordering::SeqCst);
    let not_run = match mode {
        _ if tests.iter().all(|t| t.index > stop_at) => {
            Some("skipped: --fail-fast after an earlier failure".to_string())
        }
        Mode::Hopeless(why) => {
            if let Some(q) = &shared.quick {
                q.not_run(tests.len());
            }
            Some(why.clone())
        }
        Mode::Full | Mode::Probe => None,
    };
    if let Some(why) = not_run {
        return tests
            .iter()
            .map(|t| Ran::Judged(shared.skipped(t, why.clone())))
            .collect();
    }
    let tests: Vec<&Test> = tests.into_iter().map(|t| shared.test(t, mode)).collect();
    shared.kind.run(slot, &tests, shared.stop())
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
mod tests {
    use super::*;

    #[test]
    fn test_patterns() {
        assert!(matches("large", "large/big-1"));
        assert!(matches("large/*", "large/big-1"));
        assert!(!matches("large/*", "small/big-1"));
        assert!(matches("*-?", "edge-1"));
        assert!(!matches("*-?", "edge-10"));
        // Character classes and brace lists (an author's `case-0[123]`).
        assert!(matches("case-0[123]", "case-02"));
        assert!(!matches("case-0[123]", "case-04"));
        assert!(matches("{samples,edge}/*", "edge/e-1"));
        assert!(!matches("{samples,edge}/*", "large/l-1"));
        assert!(check_pattern_of("--tests", "case-[12").is_err());
        assert!(check_pattern_of("--tests", "plain text").is_ok());
    }
}
