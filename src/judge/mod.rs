//! Judging: comparison of outputs (`compare`) and values (`value`), custom checkers, verdict
//! rules, the function-answer harnesses, the results model and the engine that runs it all.

mod checker;
pub mod compare;
mod engine;
mod exec;
mod function;
mod harness;
pub mod kattis;
mod outcome;
mod score;
#[cfg(test)]
mod scripted;
pub mod sql;
mod stdio;
mod value;
mod verdict;
pub mod versus;

pub use engine::{RunOptions, Submission, borderline, grade, grade_in, killer_text, matches};
pub use exec::effective;
pub use harness::function_name;
pub use outcome::*;
pub use value::{conforms, show as value_text};
pub use verdict::{Effective, TleKind, Verdict, signal_meaning};
