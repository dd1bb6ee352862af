//! `grader`: grades answers to coding-interview questions. A problem is a folder with a
//! `problem.toml`; the submission is built once, run on every test in a sandbox with limits,
//! compared, and judged test by test.
//!
//! Layout: `cli` (clap types) → `commands` (one per subcommand) → `problem` (spec and model) →
//! `lang` (languages as data, build cache) → `sandbox` (the only place processes start) →
//! `judge` (compare, verdicts, engine) → `report` (human, json).

pub mod cli;
pub mod commands;
pub mod error;
pub mod exit;
pub mod judge;
pub mod lang;
pub mod problem;
pub mod report;
pub mod sandbox;
