//! The judged whole: the [`Report`] of a submission (its header, group scores, tests, notes),
//! and the [`Event`]s that carry results to reporters. These are what `--format json` prints;
//! one test's result is the `exec` layer's [`TestResult`].

use crate::exec::{CompileInfo, Effective, LanguageInfo, TestResult, Verdict, limits_json, secs};
use crate::problem::spec::ScoreRule;
use crate::sandbox::SandboxInfo;
use serde::Serialize;
use std::time::Duration;

#[derive(Debug, Clone, Serialize)]
pub struct GroupScore {
    pub name: String,
    pub score: f64,
    pub max_score: f64,
    pub rule: ScoreRule,
    pub passed: usize,
    pub tests: usize,
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
    /// The longest selected test name, in characters: the human report's name column fits it.
    #[serde(skip)]
    pub name_width: usize,
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
        GraderInfo {
            version: env!("CARGO_PKG_VERSION"),
            peak_rss_bytes: crate::procfs::own_peak_rss().unwrap_or(0),
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
