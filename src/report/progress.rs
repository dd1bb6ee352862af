//! The progress line of a `run` or `check` that takes more than a second: an `indicatif` line
//! on stderr ("12/38 tests · 3.4s"), only when stdout and stderr are both a terminal and the
//! format is human (never in a machine format, never when piped). While it is shown, whatever
//! the command prints on stdout goes through [`suspend`], so the line never garbles the report.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

/// The line on show, if any: `outln!` and the human reporter print through [`suspend`].
static CURRENT: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// How long a command runs before its progress line appears.
const AFTER: Duration = Duration::from_secs(1);

/// Whether a progress line may be shown: human output, to a terminal, with stderr a terminal.
pub fn wanted(human: bool) -> bool {
    human && std::io::stdout().is_terminal() && std::io::stderr().is_terminal()
}

/// A progress line that appears after a second, counting `total` `unit`s.
pub struct Line {
    bar: ProgressBar,
}

impl Line {
    /// Starts counting; the line stays hidden for the first second.
    pub fn start(total: u64, unit: &str) -> Line {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
        let template = format!("{{spinner}} {{pos}}/{{len}} {unit} · {{elapsed}} {{wide_msg}}");
        bar.set_style(
            ProgressStyle::with_template(&template)
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        *CURRENT.lock().expect("progress lock") = Some(bar.clone());
        let later = bar.clone();
        // Shown only if the work is still going after a second.
        let _ = std::thread::Builder::new()
            .name("progress".into())
            .spawn(move || {
                std::thread::sleep(AFTER);
                if !later.is_finished() {
                    later.set_draw_target(ProgressDrawTarget::stderr());
                    later.enable_steady_tick(Duration::from_millis(120));
                }
            });
        Line { bar }
    }

    /// One more unit done.
    pub fn inc(&self) {
        self.bar.inc(1);
    }

    /// What is being worked on (a problem's id, a file).
    pub fn message(&self, text: String) {
        self.bar.set_message(text);
    }
}

impl Drop for Line {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
        *CURRENT.lock().expect("progress lock") = None;
    }
}

/// Runs `print` with the progress line (if one is on show) cleared, then draws it again.
pub fn suspend<T>(print: impl FnOnce() -> T) -> T {
    let bar = CURRENT.lock().ok().and_then(|c| c.clone());
    match bar {
        Some(bar) => bar.suspend(print),
        None => print(),
    }
}
