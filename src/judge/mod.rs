//! The judge: the engine that grades one submission (select the tests, have its kind describe
//! and prepare the answer, schedule the tests on sandbox slots in group waves, fail-fast,
//! re-run borderline timeouts alone), scoring (`score`: group rules, the overall verdict) and
//! the report and the events that carry it to reporters (`outcome`). How an answer of each kind
//! is built and run is `kinds`'; one test's job and verdict are `exec`'s, below.

mod engine;
mod outcome;
mod quick;
mod score;
#[cfg(test)]
mod scripted;
#[cfg(test)]
mod scripted_kind;

pub use crate::compare::value::{conforms, show as value_text};
pub use crate::exec::{
    CompileInfo, Details, Effective, LanguageInfo, Ran, TestResult, TleKind, Verdict, borderline,
    effective, signal_meaning, versus,
};
pub use crate::kinds::{Expected, function_name, record_classes, sql};
pub use engine::{RunOptions, Submission, check_pattern_of, grade, grade_in, killer_text, matches};
pub use outcome::*;
