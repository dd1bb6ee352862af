//! Judging: verdict rules, the function-answer harnesses, the SQL kind, the results model and the
//! engine that runs it all (`exec` prepares one test's job, `stdio` judges one stdio test,
//! `score` assembles the report). Comparing outputs and values is the `compare` layer's, below.

mod engine;
mod function;
mod harness;
mod outcome;
mod score;
#[cfg(test)]
mod scripted;
pub mod sql;
mod stdio;

pub use crate::compare::value::{conforms, show as value_text};
pub use crate::exec::{
    Details, Effective, Ran, TestResult, TleKind, Verdict, effective, signal_meaning, versus,
};
pub use engine::{RunOptions, Submission, borderline, grade, grade_in, killer_text, matches};
pub use harness::function_name;
pub use outcome::*;
