//! Reporters: consumers of run events. `human` for people, `json` for machines, and the formats
//! CI systems and platforms read: `junit`, `tap`, `github` (over the shared `cases` model) and
//! `platforms` (Gradescope, Exercism).

pub mod cases;
pub mod github;
mod human;
mod json;
pub mod junit;
pub mod platforms;
pub mod tap;

pub use human::{Human, paint};
pub use json::Json;

use crate::judge::{Event, Reporter};
use cases::Suite;

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

impl Format {
    /// The machine format written once the run is done (not Human nor Json).
    pub fn machine(self) -> Option<Machine> {
        match self {
            Format::Junit => Some(Machine::Junit),
            Format::Tap => Some(Machine::Tap),
            Format::Github => Some(Machine::Github),
            Format::Gradescope => Some(Machine::Gradescope),
            Format::Exercism => Some(Machine::Exercism),
            Format::Human | Format::Json => None,
        }
    }
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

/// A machine format written once, when the run is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Machine {
    Junit,
    Tap,
    Github,
    Gradescope,
    Exercism,
}

/// Writes `suites` to stdout in `format` (JUnit, TAP or GitHub; the platform formats describe
/// one submission and are written by [`Final`]).
pub fn write_suites(format: Machine, title: &str, suites: &[Suite]) {
    match format {
        Machine::Junit => crate::outln!("{}", junit::junit(suites).trim_end()),
        Machine::Tap => crate::outln!("{}", tap::tap(suites).trim_end()),
        Machine::Github => github::emit(title, suites),
        Machine::Gradescope | Machine::Exercism => {}
    }
}

/// The reporter of `run --format junit|tap|github|gradescope|exercism`.
pub struct Final {
    pub format: Machine,
}

impl Reporter for Final {
    fn event(&mut self, event: &Event) {
        let Event::Done(report) = event else { return };
        if crate::sandbox::interrupted().is_some() {
            return;
        }
        let pretty = |v: serde_json::Value| {
            crate::outln!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        };
        match self.format {
            Machine::Gradescope => pretty(platforms::gradescope(report)),
            Machine::Exercism => pretty(platforms::exercism(report)),
            f => {
                let title = format!(
                    "grader run {} {}",
                    report.header.problem, report.header.submission
                );
                write_suites(f, &title, &[cases::of_report(report)]);
            }
        }
    }
}
