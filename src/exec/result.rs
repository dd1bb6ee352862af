//! One test's judged result ([`TestResult`], what `--format json` prints per test), what
//! running a unit of work gave for each of its tests ([`Ran`]), and how the answer was made
//! ready ([`CompileInfo`], [`LanguageInfo`]).

use super::verdict::{Effective, TleKind, Verdict};
use crate::compare::Mismatch;
use crate::problem::Visibility;
use crate::sandbox::Killer;
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

pub fn limits_json<S: Serializer>(l: &Effective, s: S) -> Result<S::Ok, S::Error> {
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
    /// No result: the process that ran several tests (a function answer's harness) died before
    /// it reached this test (by its index), which runs again in a process of its own.
    RunAlone(usize),
    /// No result: the process stopped on purpose before this test (by its index), as it was
    /// asked to (after a timeout, or a failure with --fail-fast); it runs again with the others
    /// not reached, in one process.
    Later(usize),
}

impl Ran {
    pub fn judged(&self) -> Option<&TestResult> {
        match self {
            Ran::Judged(r) => Some(r),
            Ran::RunAlone(_) | Ran::Later(_) => None,
        }
    }
}

/// What runs the answer, as the report's header names it.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageInfo {
    pub id: String,
    pub name: String,
    pub version: String,
}

/// How the answer was made ready (built, or its query prepared), as the report states it.
#[derive(Debug, Clone, Serialize)]
pub struct CompileInfo {
    pub cached: bool,
    #[serde(rename = "time_s", serialize_with = "secs")]
    pub time: Duration,
    /// Compiler output: the errors of a CE, or warnings.
    pub message: String,
}

/// The name of `t`'s group, if it is in one.
pub fn group_name(problem: &crate::problem::Problem, t: &crate::problem::Test) -> Option<String> {
    t.group.map(|g| problem.groups[g].name.clone())
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::problem::{Test, TestData, Visibility};

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
            hint_on: crate::problem::spec::HintVerdict::default_set(),
            slow: false,
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
            jury: false,
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
}
