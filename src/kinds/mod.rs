//! The answer kinds: how an answer of each kind is made ready and how its tests run. Each kind is
//! a folder (`stdio`, `function` with its harnesses, `sql` with its engines) whose grading
//! implements [`AnswerKind`], the one trait the engine calls: `describe` (what runs the answer,
//! for the header), `prepare` (build it, or read and prepare the query: a CE or JE for the whole
//! submission, or ready), then `run` per unit of tests (and, for a kind that runs each test in
//! a process of its own, `stage`/`judge_staged`, so that one test is judged while the next one
//! runs). Adding a kind is adding a folder and a line in [`of`].
//!
//! Kinds sit above the execution layer (one test's job and verdict) and below the engine, which
//! owns scheduling, fail-fast, group requirements, scoring and events.

pub mod function;
mod sandboxed;
pub mod sql;
pub mod stdio;

use crate::error::Result;
use crate::exec::{CompileInfo, Effective, LanguageInfo, Ran, TestResult};
use crate::lang::{Language, Table, Toolchain};
use crate::problem::{Kind, Problem, Test, TestLimits};
use crate::sandbox::{Job, Pool, RawOutcome, Sandbox};
use std::path::Path;
use std::time::Duration;

pub use function::harness::{function_name, record_classes};
pub use sandboxed::Ready;

/// One submission as the kinds see it: the file, its language, the selected tests, and how to
/// build it.
pub struct Answer<'a> {
    pub problem: &'a Problem,
    pub file: &'a Path,
    pub lang: &'a Language,
    pub table: &'a Table,
    /// Where sandbox slots come from (the real helpers, or a scripted fake).
    pub pool: &'a dyn Pool,
    pub selected: &'a [&'a Test],
    /// Found on the host when `None` (a missing one is a judge error).
    pub toolchain: Option<Toolchain>,
    pub no_cache: bool,
    /// The other files of a multi-file submission (name, text).
    pub files: Vec<(String, String)>,
    /// SQL answers: only this engine (default: every engine the problem enables).
    pub engine: Option<sql::Engine>,
    /// What the tests are graded against: their expected answers, or nothing (the run is
    /// `stress`'s oracle).
    pub expected: Expected,
}

/// What a run's tests are graded against.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Expected {
    /// Each test's own expected answer (or checker): an answer's run. A function test keeps the
    /// value the answer returned only when it is not accepted (for the report and `stress`).
    #[default]
    Tests,
    /// Nothing: this run is the oracle (`stress`'s reference), and each function test keeps the
    /// value it returned, whatever its verdict, to be the expected answer of the answer's run.
    /// (A stdio oracle's tests expect an output no program prints: each is WA, its output kept.)
    ThisRun,
}

/// What `prepare` made of the answer.
pub enum Prepared {
    /// Ready to run tests; `slot` is the sandbox slot it was built on, for the first worker.
    Ready {
        compile: CompileInfo,
        slot: Option<Box<dyn Sandbox>>,
    },
    /// It does not compile (or the query cannot be prepared): CE for the whole submission.
    CompileError { message: String, time: Duration },
    /// The grader cannot grade it: JE, never the candidate's fault.
    JudgeError(String),
}

/// How the engine cuts a kind's tests into units of work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Units {
    /// One test per unit, in waves (a group that requires others runs after them).
    EachTest,
    /// Every test in one unit (one harness process); requirements are applied afterwards.
    OneProcess,
}

/// How a kind's tests are scheduled.
#[derive(Debug, Clone, Copy)]
pub struct Schedule {
    pub units: Units,
    /// Units run on sandbox slots (else in the grader's process, on one lane).
    pub sandboxed: bool,
    /// Timeouts close to the limit under parallel load are re-run alone.
    pub rerun_borderline: bool,
}

/// When a unit that runs several tests in one process stops early, on purpose: the tests it
/// did not reach come back as [`Ran::Later`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Stop {
    /// After the first failing test (`--fail-fast`).
    pub at_failure: bool,
    /// After the first test that timed out (the learner's quick rule), so that the engine can
    /// run the rest with a probe limit.
    pub at_timeout: bool,
}

/// A test staged to run in a process of its own: its job, and what judging it needs.
pub struct Staged {
    pub job: Job,
    /// The kind's own record of where the test's data and outputs are.
    pub state: Box<dyn std::any::Any + Send>,
}

/// One submission's grading in its kind, as the engine drives it.
pub trait AnswerKind: Sync {
    /// The limits one test runs under in this kind (the header's, and a skipped test's).
    fn limits(&self, l: &TestLimits) -> Effective;
    /// How the header states the time limit's scaling for the language ("1s × 2"), if it does.
    fn scaling(&self) -> String {
        String::new()
    }
    /// Finds what runs the answer (toolchain, database engines) and names it for the header.
    /// `Err` is a usage error; `Ok(Err(message))` a judge error, reported after the header.
    fn describe(
        &mut self,
        notes: &mut Vec<String>,
    ) -> Result<std::result::Result<LanguageInfo, String>>;
    /// Makes the answer ready to run tests. `Err` is a usage error.
    fn prepare(&mut self, notes: &mut Vec<String>) -> Result<Prepared>;
    /// How the engine cuts the tests into units.
    fn schedule(&self) -> Schedule;
    /// Runs one unit of tests (on `slot` when the kind is sandboxed). A test whose process died
    /// before reaching it comes back as [`Ran::RunAlone`]; one it did not reach because it
    /// stopped as `stop` asks, as [`Ran::Later`].
    fn run(&self, slot: Option<&mut dyn Sandbox>, tests: &[&Test], stop: Stop) -> Vec<Ran>;
    /// Stages `t` as a job to run and judge later, on `lane` (one of two sets of output files);
    /// `None` when the kind does not stage tests (or not this one): it then runs as a unit.
    fn stage(
        &self,
        _t: &Test,
        _lane: usize,
    ) -> Option<std::result::Result<Staged, Box<TestResult>>> {
        None
    }
    /// Judges a staged test from its run's raw outcome (`slot` serves a checker).
    fn judge_staged(
        &self,
        _slot: &mut dyn Sandbox,
        t: &Test,
        _staged: Staged,
        _raw: std::io::Result<RawOutcome>,
    ) -> TestResult {
        let why = "this kind of answer does not stage its tests".to_string();
        let mut r = TestResult::skipped(t, None, self.limits(&t.limits), why);
        r.verdict = crate::exec::Verdict::JE;
        r
    }
    /// Notes gathered while running (an advisory engine's disagreements).
    fn notes(&self) -> Vec<String> {
        Vec::new()
    }
}

/// Checks the problem's own code that the kinds call (a function problem's drivers and check
/// function), once per problem: every command that grades calls it when it has loaded the
/// problem, before any answer runs. A mismatch is a spec error (exit 2).
pub fn check_problem(problem: &Problem, table: &Table, pool: &dyn Pool) -> Result<()> {
    function::validate::problem_code(problem, table, pool)
}

/// The grading of `answer` in its problem's kind (an `.sql` file is an SQL answer).
pub fn of<'a>(answer: Answer<'a>) -> Box<dyn AnswerKind + 'a> {
    if answer.problem.kind == Kind::Sql || answer.lang.id == "sql" {
        Box::new(sql::Sql::new(answer))
    } else if answer.problem.kind == Kind::Function {
        Box::new(function::Function::new(answer))
    } else {
        Box::new(stdio::Stdio::new(answer))
    }
}
