//! `grader`: grades answers to coding-interview questions. A problem is a folder with a
//! `problem.toml`; the submission is built once, run on every test in a sandbox with limits,
//! compared, and judged test by test.
//!
//! Layout: `cli` (clap types) → `commands` (one per subcommand) → `problem` (spec and model) →
//! `lang` (languages as data, build cache) → `sandbox` (the only place processes start) →
//! `compare` (outputs, checkers, the Kattis validator) → `judge` (verdicts, engine) → `report`
//! (human, json, junit, tap, github, platforms);
//! `batch` grades many submissions through `judge` (journal, shards, gradebook, HTML).

/// `println!` for command output: a closed stdout (`grader list | head`) ends the grader
/// quietly, with every process of the run stopped, instead of panicking.
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout(), $($arg)*) {
            $crate::report::stdout_failed(e);
        }
    }};
}

pub mod batch;
pub mod cli;
pub mod commands;
pub mod compare;
pub mod error;
pub mod exit;
pub mod judge;
pub mod lang;
pub mod problem;
pub mod report;
pub mod sandbox;
pub mod stress;
pub mod units;
