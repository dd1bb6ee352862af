//! The judged results: one [`TestResult`] per test, the [`Report`] of a whole submission, and the
//! [`Event`]s that carry them to reporters. These are what `--format json` prints.

use super::verdict::{Effective, TleKind, Verdict};
use crate::compare::Mismatch;
use crate::problem::Visibility;
use crate::problem::spec::ScoreRule;
use crate::sandbox::{Killer, SandboxInfo};
use serde::{Serialize, Serializer};
use std::time::Duration;

pub fn secs<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((d.as_secs_f64() * 1e6).round() / 1e6)
}

/// What the report may show about a failed test.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Details {
    /// First difference, both sides and the diff (WA on visible tests).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mismatch: Option<Mismatch>,
    /// The start of the input and its size (visible tests).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// The start of stderr (failed tests).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stderr: Option<String>,
    /// What the function printed during the call (function answers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub printed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// SQLite VM steps the query took (SQL answers): the deterministic cost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub steps: Option<u64>,
    /// SQL answers: the engine whose result the verdict comes from (`sqlite`, `postgres`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engine: Option<&'static str>,
    /// What the answer produced, for tools that compare two answers (`stress`): a function
    /// answer's returned value as JSON text, a stdio answer's stdout on a WA; at most
    /// [`OBTAINED_MAX`] bytes (larger: `None`). Never in a report.
    #[serde(skip)]
    pub obtained: Option<String>,
}

/// The largest output kept in [`Details::obtained`].
pub const OBTAINED_MAX: usize = 64 << 10;

#[derive(Debug, Clone, Serialize)]
pub struct TestResult {
    #[serde(skip)]
    pub index: usize,
    pub name: String,
    pub group: Option<String>,
    pub verdict: Verdict,
    /// CPU time.
    #[serde(rename = "time_s", serialize_with = "secs")]
    pub time: Duration,
    #[serde(rename = "wall_s", serialize_with = "secs")]
    pub wall: Duration,
    #[serde(rename = "memory_bytes")]
    pub memory: u64,
    pub output_bytes: u64,
    pub exit_code: Option<i32>,
    pub signal: Option<i32>,
    pub killed_by: Option<Killer>,
    pub tle: Option<TleKind>,
    pub points: u32,
    pub max_points: u32,
    /// The share of its points an accepted case earned by its validator's score file
    /// (`score.txt`, `score_multiplier.txt`); absent: all of them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score_fraction: Option<f64>,
    /// One line: the evidence of a non-AC verdict, or the first difference of a WA.
    pub message: String,
    pub visibility: Visibility,
    #[serde(serialize_with = "limits_json")]
    pub limits: Effective,
    /// The test was re-run alone because it timed out close to its limit under parallel load.
    pub rerun_alone: bool,
    pub details: Details,
}

fn limits_json<S: Serializer>(l: &Effective, s: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct L {
        time_s: f64,
        wall_s: f64,
        memory_bytes: u64,
        output_bytes: u64,
    }
    L {
        time_s: l.cpu.as_secs_f64(),
        wall_s: l.wall.as_secs_f64(),
        memory_bytes: l.memory,
        output_bytes: l.output,
    }
    .serialize(s)
}

impl TestResult {
    /// A test that was not run.
    pub fn skipped(
        test: &crate::problem::Test,
        group: Option<String>,
        limits: Effective,
        why: String,
    ) -> Self {
        TestResult {
            index: test.index,
            name: test.name.clone(),
            group,
            verdict: Verdict::SK,
            time: Duration::ZERO,
            wall: Duration::ZERO,
            memory: 0,
            output_bytes: 0,
            exit_code: None,
            signal: None,
            killed_by: None,
            tle: None,
            points: 0,
            max_points: test.points,
            score_fraction: None,
            message: why,
            visibility: test.visibility,
            limits,
            rerun_alone: false,
            details: Details::default(),
        }
    }
}

/// What running a unit of work gave for one of its tests.
#[derive(Debug, Clone)]
#[expect(
    clippy::large_enum_variant,
    reason = "nearly every value is a result; boxing each would cost more than it saves"
)]
pub enum Ran {
    /// The test's final result.
    Judged(TestResult),
    /// No result: the process that ran several tests (a function answer's harness) ended before
    /// it reached this test (by its index), which runs again in a process of its own.
    RunAlone(usize),
}

impl Ran {
    pub fn judged(&self) -> Option<&TestResult> {
        match self {
            Ran::Judged(r) => Some(r),
            Ran::RunAlone(_) => None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupScore {
    pub name: String,
    pub score: f64,
    pub max_score: f64,
    pub rule: ScoreRule,
    pub passed: usize,
    pub tests: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct LanguageInfo {
    pub id: String,
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CompileInfo {
    pub cached: bool,
    #[serde(rename = "time_s", serialize_with = "secs")]
    pub time: Duration,
    /// Compiler output: the errors of a CE, or warnings.
    pub message: String,
}

/// What a run starts with, for the report header.
#[derive(Debug, Clone, Serialize)]
pub struct Header {
    pub problem: String,
    pub title: String,
    pub submission: String,
    pub language: Option<LanguageInfo>,
    pub sandbox: SandboxInfo,
    /// The problem-wide limits for this language.
    #[serde(serialize_with = "limits_json")]
    pub limits: Effective,
    /// The CPU limit before the language's factor, and the factor, for display.
    #[serde(skip)]
    pub scaling: String,
    pub test_count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub format_version: u32,
    #[serde(flatten)]
    pub header: Header,
    pub verdict: Verdict,
    pub score: f64,
    pub max_score: f64,
    /// The first test that was not accepted (the overall verdict's test).
    pub first_failure: Option<String>,
    pub compile: Option<CompileInfo>,
    /// A judge error or compile error of the whole submission.
    pub message: Option<String>,
    /// Things worth knowing that are not verdicts (prints at import, selected tests, ...).
    pub notes: Vec<String>,
    pub groups: Vec<GroupScore>,
    pub tests: Vec<TestResult>,
    #[serde(rename = "wall_s", serialize_with = "secs")]
    pub wall: Duration,
    pub grader: GraderInfo,
}

/// The grader itself: its version and its own peak memory (not the submission's).
#[derive(Debug, Clone, Serialize)]
pub struct GraderInfo {
    pub version: &'static str,
    pub peak_rss_bytes: u64,
}

impl GraderInfo {
    pub fn now() -> GraderInfo {
        let peak = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                    l.split_whitespace()
                        .nth(1)
                        .and_then(|n| n.parse::<u64>().ok())
                })
            })
            .unwrap_or(0);
        GraderInfo {
            version: env!("CARGO_PKG_VERSION"),
            peak_rss_bytes: peak * 1024,
        }
    }
}

/// What a run tells its reporters, in order: `Start`, maybe `Compiled`, `Test` per test in test
/// order, then `Done`.
pub enum Event<'a> {
    Start(&'a Header),
    Compiled(&'a CompileInfo),
    Test(&'a TestResult),
    Done(&'a Report),
}

/// A consumer of run events (human output, JSON, ...).
pub trait Reporter {
    fn event(&mut self, event: &Event);
}

/// A reporter that ignores everything (used by `check`).
pub struct Silent;

impl Reporter for Silent {
    fn event(&mut self, _: &Event) {}
}
