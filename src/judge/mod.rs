//! Judging: verdict rules, the function-answer harnesses, the SQL kind, the results model and the
//! engine that runs it all. Comparing outputs and values is the `compare` layer's, below.

mod engine;
mod function;
mod harness;
mod outcome;
pub mod sql;
mod verdict;
pub mod versus;

pub use crate::compare::value::{conforms, show as value_text};
pub use engine::{RunOptions, borderline, effective, grade, killer_text, matches};
pub use harness::function_name;
pub use outcome::*;
pub use verdict::{Effective, TleKind, Verdict, signal_meaning};
