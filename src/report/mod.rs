//! Reporters: consumers of run events and finished results. `human` for people, JSON for
//! machines, and the formats CI systems and platforms read: `junit`, `tap`, `github` (over the
//! shared `cases` model) and `platforms` (Gradescope, Exercism). `fanout` sends one run's
//! results to stdout in one format and to files in others; `progress` is the line a long
//! `run` or `check` shows on a terminal.

pub mod cases;
pub mod error_doc;
mod fanout;
pub mod github;
mod human;
pub mod junit;
pub mod platforms;
pub mod progress;
pub mod tap;

pub use fanout::{Outputs, Results, RunReporter, render};
pub use human::{Human, paint};

/// What a report is written as (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Lines for people.
    Human,
    /// One JSON document.
    Json,
    /// JUnit XML (Ant/Jenkins layout).
    Junit,
    /// TAP version 14.
    Tap,
    /// GitHub Actions annotations, plus a Markdown job summary into $GITHUB_STEP_SUMMARY.
    Github,
    /// Gradescope autograder results.json (one submission: `run` only).
    Gradescope,
    /// Exercism test runner results.json, version 3 (one submission: `run` only).
    Exercism,
}

/// Writing command output failed: a closed pipe ends the grader quietly; anything else is
/// reported. Every process of the run is stopped first.
pub fn stdout_failed(e: std::io::Error) -> ! {
    crate::sandbox::shutdown();
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("grader: error: cannot write to stdout: {e}");
    std::process::exit(crate::exit::JUDGE_ERROR as i32);
}
