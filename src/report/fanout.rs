//! Reporters fan out: one format on stdout (`--format`) and any number of files (`--json PATH`,
//! `--junit PATH`, ...), all made from the same results of one run, `check` or `batch`. A
//! command hands its finished results to [`Outputs::emit`] (a `run` through [`RunReporter`],
//! which also streams the human report); a file that cannot be written is a judge error naming
//! its path, returned after stdout's report.

use super::cases::{self, Suite};
use super::{Format, Human, github, junit, platforms, tap};
use crate::error::{Error, Result};
use crate::judge::{Event, Report, Reporter};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A finished command's results, in the forms every machine format is made from.
pub trait Results {
    /// The JSON document (`--format json`).
    fn json(&self) -> String;
    /// The results as test suites (JUnit, TAP, GitHub).
    fn suites(&self) -> Vec<Suite>;
    /// The title of the GitHub job summary.
    fn title(&self) -> String;
    /// A platform's document of one submission (Gradescope, Exercism); none for a list.
    fn platform(&self, _format: Format) -> Option<serde_json::Value> {
        None
    }
}

/// The text of `results` in a machine format, ending in one newline: what stdout and a file
/// get alike. `None` for the human format (the command prints it) and a format without a
/// document for these results.
pub fn render(format: Format, results: &dyn Results) -> Option<String> {
    let text = match format {
        Format::Human => return None,
        Format::Json => results.json(),
        Format::Junit => junit::junit(&results.suites()),
        Format::Tap => tap::tap(&results.suites()),
        Format::Github => github::annotations(&results.suites()),
        Format::Gradescope | Format::Exercism => {
            serde_json::to_string_pretty(&results.platform(format)?).unwrap_or_default()
        }
    };
    Some(format!("{}\n", text.trim_end()))
}

/// Where a command's report goes: one format on stdout, and files in machine formats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outputs {
    pub stdout: Format,
    /// In the order given by `cli`; never the human format.
    pub files: Vec<(Format, PathBuf)>,
}

impl Outputs {
    /// Only stdout, in `format`.
    pub fn stdout(format: Format) -> Self {
        Outputs {
            stdout: format,
            files: Vec::new(),
        }
    }

    /// Prints `results` on stdout in a machine `--format` (the human report is the command's
    /// own), writes every file, and appends the GitHub job summary once when some output is
    /// `github`. `Err`: the first file that could not be written (the others are written).
    pub fn emit(&self, results: &dyn Results) -> Result<()> {
        if let Some(text) = render(self.stdout, results) {
            crate::outln!("{}", text.trim_end_matches('\n'));
        }
        let mut failed = None;
        for (format, path) in &self.files {
            if let Some(text) = render(*format, results)
                && let Err(e) = write_file(path, text.as_bytes())
            {
                failed.get_or_insert(e);
            }
        }
        if self.stdout == Format::Github || self.files.iter().any(|(f, _)| *f == Format::Github) {
            github::append_summary(&results.title(), &results.suites());
        }
        failed.map_or(Ok(()), Err)
    }
}

/// Writes `bytes` to `path` whole or not at all (a temporary file beside it, renamed).
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let fail = |e: std::io::Error| {
        Error::judge(format!(
            "cannot write `{}`: {e}; give a path in an existing folder the grader may write to",
            path.display()
        ))
    };
    let name = path.file_name().ok_or_else(|| {
        Error::usage(format!(
            "`{}` is not a file name; give the report file's path",
            path.display()
        ))
    })?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    let written = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes))
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(())
}

/// A graded submission's results.
impl Results for Report {
    fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
    fn suites(&self) -> Vec<Suite> {
        vec![cases::of_report(self)]
    }
    fn title(&self) -> String {
        format!(
            "grader run {} {}",
            self.header.problem, self.header.submission
        )
    }
    fn platform(&self, format: Format) -> Option<serde_json::Value> {
        match format {
            Format::Gradescope => Some(platforms::gradescope(self)),
            Format::Exercism => Some(platforms::exercism(self)),
            _ => None,
        }
    }
}

/// The reporter of `run`: the human report streams every event to stdout; when the run is
/// done, the outputs are made from its report. After a Ctrl-C no machine output is written
/// (the runs were killed on purpose; their results mean nothing).
pub struct RunReporter<W: Write> {
    human: Option<Human<W>>,
    outputs: Outputs,
    failed: Option<Error>,
    /// The progress line, on a terminal, from the run's start to its end.
    progress: Option<super::progress::Line>,
    show_progress: bool,
}

impl<W: Write> RunReporter<W> {
    /// `out` is stdout (a parameter for tests); `verbose`: every failure in full.
    pub fn new(outputs: Outputs, out: W, verbose: bool) -> Self {
        let human = (outputs.stdout == Format::Human).then(|| {
            let mut h = Human::new(out);
            h.verbose = verbose;
            h
        });
        let show_progress = super::progress::wanted(human.is_some());
        RunReporter {
            human,
            outputs,
            failed: None,
            progress: None,
            show_progress,
        }
    }

    /// Whether every file was written.
    pub fn finish(self) -> Result<()> {
        self.failed.map_or(Ok(()), Err)
    }
}

impl<W: Write> Reporter for RunReporter<W> {
    fn event(&mut self, event: &Event) {
        match event {
            Event::Start(header) if self.show_progress => {
                let total = header.test_count as u64;
                self.progress = Some(super::progress::Line::start(total, "tests"));
            }
            Event::Test(_) => {
                if let Some(p) = &self.progress {
                    p.inc();
                }
            }
            // The line goes before the summary is printed.
            Event::Done(_) => self.progress = None,
            _ => {}
        }
        if let Some(h) = &mut self.human {
            super::progress::suspend(|| h.event(event));
        }
        if let Event::Done(report) = event
            && crate::sandbox::interrupted().is_none()
        {
            self.failed = self.outputs.emit(*report).err();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Two;
    impl Results for Two {
        fn json(&self) -> String {
            "{\"n\": 2}\n\n".into()
        }
        fn suites(&self) -> Vec<Suite> {
            Vec::new()
        }
        fn title(&self) -> String {
            "two".into()
        }
    }

    #[test]
    fn every_output_gets_the_same_text_and_a_bad_path_is_a_judge_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("b.json");
        let bad = dir.path().join("missing/a.json");
        let outputs = Outputs {
            stdout: Format::Human,
            files: vec![(Format::Json, bad.clone()), (Format::Json, good.clone())],
        };
        let e = outputs.emit(&Two).unwrap_err();
        assert_eq!(e.kind, crate::error::ErrorKind::Judge);
        assert!(
            e.message
                .starts_with(&format!("cannot write `{}`: ", bad.display())),
            "{}",
            e.message
        );
        // The file after the bad one is still written, with what stdout would print.
        assert_eq!(std::fs::read_to_string(&good).unwrap(), "{\"n\": 2}\n");
        assert_eq!(render(Format::Json, &Two).as_deref(), Some("{\"n\": 2}\n"));
        assert_eq!(render(Format::Human, &Two), None);
        assert_eq!(render(Format::Gradescope, &Two), None);
    }
}
