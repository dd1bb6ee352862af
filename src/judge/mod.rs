//! Judging: verdict rules, the function-answer harnesses, the SQL kind, the results model and the
//! engine that runs it all (`exec` prepares one test's job, `stdio` judges one stdio test,
//! `score` assembles the report). Comparing outputs and values is the `compare` layer's, below.

mod engine;
mod exec;
mod function;
mod harness;
mod outcome;
mod score;
#[cfg(test)]
mod scripted;
pub mod sql;
mod stdio;
mod verdict;
pub mod versus;

pub use crate::compare::value::{conforms, show as value_text};
pub use engine::{RunOptions, Submission, borderline, grade, grade_in, killer_text, matches};
pub use exec::effective;
pub use harness::function_name;
pub use outcome::*;
pub use verdict::{Effective, TleKind, Verdict, signal_meaning};
