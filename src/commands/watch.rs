//! `grader watch PROBLEM FILE`: grades FILE, then again on every save, as `run` does (same
//! options): the screen is cleared (on a terminal), the report printed, and a line says what
//! changed since the last grading ("2 more tests pass", "now WA on edge-4 instead of TLE on
//! large-1"). The file's folder is watched (`notify`, debounced), so editors that save by
//! writing a new file and renaming it over the old one are seen too. A compile error is shown
//! with the compiler's message, and the next save grades again; a file missing for a moment
//! (mid-save) waits for the next event. Ctrl-C stops every process of the grading under way
//! and ends the watch.

use super::options;
use crate::error::{Error, Result};
use crate::judge::{Report, Verdict};
use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{DebounceEventResult, new_debouncer};
use std::io::IsTerminal;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

/// How long the file must be quiet before it is graded again (an editor's save is several
/// events: write, rename, chmod).
const DEBOUNCE: Duration = Duration::from_millis(150);

/// What one grading came to, for the next one's comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub passed: usize,
    pub verdict: Verdict,
    pub first_failure: Option<String>,
}

impl Outcome {
    pub fn of(report: &Report) -> Outcome {
        Outcome {
            passed: report
                .tests
                .iter()
                .filter(|t| t.verdict == Verdict::AC)
                .count(),
            verdict: report.verdict,
            first_failure: report.first_failure.clone(),
        }
    }

    fn failure(&self) -> String {
        match &self.first_failure {
            Some(t) => format!("{} on {t}", self.verdict),
            None => self.verdict.to_string(),
        }
    }
}

/// What changed from `before` to `now`, in words.
pub fn change(before: &Outcome, now: &Outcome) -> String {
    let mut parts = Vec::new();
    let tests = |n: usize| if n == 1 { "test passes" } else { "tests pass" };
    match now.passed.cmp(&before.passed) {
        std::cmp::Ordering::Greater => {
            let n = now.passed - before.passed;
            parts.push(format!("{n} more {}", tests(n)));
        }
        std::cmp::Ordering::Less => {
            let n = before.passed - now.passed;
            parts.push(format!("{n} fewer {}", tests(n)));
        }
        std::cmp::Ordering::Equal => {}
    }
    if now.verdict == Verdict::AC && before.verdict != Verdict::AC {
        parts.push("now accepted".into());
    } else if (now.verdict, &now.first_failure) != (before.verdict, &before.first_failure) {
        parts.push(format!(
            "now {} instead of {}",
            now.failure(),
            before.failure()
        ));
    }
    if parts.is_empty() {
        "no change since the last save".into()
    } else {
        format!("since the last save: {}", parts.join(", "))
    }
}

pub fn run(args: &options::Run) -> Result<u8> {
    let file = std::path::absolute(&args.file)
        .map_err(|e| Error::usage(format!("cannot watch `{}`: {e}", args.file.display())))?;
    let dir = match (file.parent(), file.file_name()) {
        (Some(d), Some(_)) if d.is_dir() => d.to_path_buf(),
        _ => {
            return Err(Error::usage(format!(
                "cannot watch `{}`: its folder does not exist",
                args.file.display()
            )));
        }
    };
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, tx)
        .map_err(|e| Error::judge(format!("cannot watch files: {e}")))?;
    debouncer
        .watcher()
        .watch(&dir, RecursiveMode::NonRecursive)
        .map_err(|e| Error::judge(format!("cannot watch `{}`: {e}", dir.display())))?;
    let clear = std::io::stdout().is_terminal();
    let mut last: Option<Outcome> = None;
    loop {
        if clear {
            crate::outln!("\x1b[2J\x1b[H");
        }
        let graded = stamp(&file);
        last = grade_once(args, last);
        crate::outln!(
            "watching {}: grading again on every save (Ctrl-C to stop)",
            args.file.display()
        );
        if !wait_for_save(&rx, &file, graded) {
            return Ok(crate::exit::JUDGE_ERROR);
        }
    }
}

/// A file's inode, size and modification time.
type Stamp = (u64, u64, std::time::SystemTime);

/// What tells a save from a read (grading opens the file too, and the watcher sees that):
/// the file's inode, size and modification time.
fn stamp(file: &Path) -> Option<Stamp> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(file).ok()?;
    Some((m.ino(), m.len(), m.modified().ok()?))
}

/// Grades once and prints what changed since `last`; gives this grading's outcome (the last
/// one again when this grading could not be done, say with the file gone mid-save).
fn grade_once(args: &options::Run, last: Option<Outcome>) -> Option<Outcome> {
    if !args.file.exists() {
        crate::outln!(
            "{} is gone (saved by renaming?): waiting",
            args.file.display()
        );
        return last;
    }
    match super::run::grade(args) {
        Ok(report) => {
            let now = Outcome::of(&report);
            if let Some(before) = &last {
                crate::outln!("{}", change(before, &now));
            }
            Some(now)
        }
        Err(e) => {
            crate::outln!("grader: error: {e}");
            last
        }
    }
}

/// Blocks until `file` is saved (written, or renamed over) since it had the stamp `graded`;
/// `false` when the watcher is gone.
fn wait_for_save(
    rx: &mpsc::Receiver<DebounceEventResult>,
    file: &Path,
    graded: Option<Stamp>,
) -> bool {
    loop {
        match rx.recv() {
            Ok(Ok(events)) if events.iter().any(|e| e.path == file) => {
                if stamp(file) != graded {
                    settle(file);
                    return true;
                }
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => crate::outln!("grader: warning: watching files: {e}"),
            Err(_) => return false,
        }
    }
}

/// Waits until a save is over: the file's stamp unchanged for [`SETTLE`], and not empty
/// unless it stays empty for [`EMPTY_WAIT`] (an editor, or `echo >`, writing in place
/// truncates the file first: graded in between, it would read as an empty answer).
fn settle(file: &Path) {
    let started = std::time::Instant::now();
    let mut seen = stamp(file);
    loop {
        std::thread::sleep(SETTLE);
        let now = stamp(file);
        let empty = now.is_some_and(|(_, len, _)| len == 0);
        if now == seen && (!empty || started.elapsed() >= EMPTY_WAIT) {
            return;
        }
        if started.elapsed() >= EMPTY_WAIT * 2 {
            return;
        }
        seen = now;
    }
}

/// How long a file's stamp must stay the same for its save to be over.
const SETTLE: Duration = Duration::from_millis(50);

/// How long an emptied file may stay empty before it is graded as it is.
const EMPTY_WAIT: Duration = Duration::from_secs(1);

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(passed: usize, verdict: Verdict, first: Option<&str>) -> Outcome {
        Outcome {
            passed,
            verdict,
            first_failure: first.map(str::to_string),
        }
    }

    #[test]
    fn the_change_line_says_what_moved() {
        let tle = outcome(6, Verdict::TLE, Some("large-1"));
        let wa = outcome(8, Verdict::WA, Some("edge-4"));
        assert_eq!(
            change(&tle, &wa),
            "since the last save: 2 more tests pass, now WA on edge-4 instead of TLE on large-1"
        );
        assert_eq!(
            change(&wa, &tle),
            "since the last save: 2 fewer tests pass, now TLE on large-1 instead of WA on edge-4"
        );
        let ac = outcome(10, Verdict::AC, None);
        assert_eq!(
            change(&wa, &ac),
            "since the last save: 2 more tests pass, now accepted"
        );
        assert_eq!(change(&wa, &wa), "no change since the last save");
        let ce = outcome(0, Verdict::CE, None);
        assert_eq!(
            change(&wa, &ce),
            "since the last save: 8 fewer tests pass, now CE instead of WA on edge-4"
        );
        let one = outcome(9, Verdict::WA, Some("edge-4"));
        assert_eq!(change(&wa, &one), "since the last save: 1 more test passes");
    }
}
