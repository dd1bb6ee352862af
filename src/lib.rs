//! `grader`: grades answers to coding-interview questions. A problem is a folder with a
//! `problem.toml`; the submission is built once, run on every test in a sandbox with limits,
//! compared, and judged test by test.
//!
//! Layout, from the ground up (each module imports only those before it): `units`, `error`,
//! `procfs` →
//! `sandbox` (the only place processes start) → `lang` (languages as data, build cache) →
//! `problem` (spec, model, loader) → `state` (the learner's hints shown and run history) →
//! `compare` (outputs, checkers, the Kattis validator) →
//! `exec` (one test's job and verdict) → `kinds` (stdio, function, sql: the `AnswerKind` trait)
//! → `judge` (engine, scoring, events) → `report`, `batch`, `package` (ICPC/Kattis packages:
//! read, verify, import, export) → `commands` → `cli` (clap types).

/// `println!` for command output: a closed stdout (`grader list | head`) ends the grader
/// quietly, with every process of the run stopped, instead of panicking.
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        // Printed with the progress line (if one is on show) cleared for the while.
        let text = format!($($arg)*);
        if let Err(e) = $crate::report::progress::suspend(|| writeln!(std::io::stdout(), "{text}")) {
            $crate::report::stdout_failed(e);
        }
    }};
}

pub mod batch;
pub mod cli;
pub mod commands;
pub mod compare;
pub mod error;
pub mod exec;
pub mod exit;
pub mod growth;
pub mod judge;
pub mod kinds;
pub mod lang;
pub mod package;
pub mod problem;
pub mod procfs;
pub mod report;
pub mod sandbox;
pub mod similar;
pub mod state;
pub mod stress;
pub mod units;
