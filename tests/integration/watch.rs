//! `grader watch`: grades on every save (an editor's write, or a rename over the file), says what
//! changed, shows a compile error and waits, and leaves nothing running after Ctrl-C; and the
//! progress line of a long `run`, on a terminal only.

use crate::{Env, fixture_problem};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `grader watch` whose stdout lines arrive on a channel.
struct Watch {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Watch {
    #[expect(
        clippy::disallowed_methods,
        reason = "the test starts `grader watch` itself, to save files under it and stop it with Ctrl-C"
    )]
    fn start(env: &Env, problem: &str, file: &Path) -> Watch {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("grader"))
            .current_dir(crate::root())
            .env("GRADER_CACHE_DIR", env.cache.path())
            .env("TMPDIR", env.tmp.path())
            .env("GRADER_STATE_DIR", env.state.path())
            .env("NO_COLOR", "1")
            .args(["watch", &fixture_problem(problem)])
            .arg(file)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start grader watch");
        let out = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::Builder::new()
            .name("watch-stdout".into())
            .spawn(move || {
                for line in BufReader::new(out).lines().map_while(Result::ok) {
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            })
            .expect("a thread to read the watch's stdout");
        Watch {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// The lines up to the next "watching" line (one grading's output).
    fn next_grading(&mut self) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut got = Vec::new();
        while Instant::now() < deadline {
            match self.lines.recv_timeout(Duration::from_millis(200)) {
                Ok(l) if l.starts_with("watching ") => {
                    self.seen.extend(got.clone());
                    return got;
                }
                Ok(l) => got.push(l),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        panic!(
            "no grading within a minute; got {got:#?} after {:#?}",
            self.seen
        );
    }

    /// Ctrl-C, as a terminal sends it; gives the exit code.
    fn interrupt(mut self) -> Option<i32> {
        // SAFETY: kill with a pid of our own child and a valid signal number.
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGINT) };
        self.child.wait().unwrap().code()
    }
}

fn has(lines: &[String], text: &str) -> bool {
    lines.iter().any(|l| l.contains(text))
}

/// Saves `text` to `file` as an editor that writes a new file and renames it over does.
fn save_by_rename(file: &Path, text: &str) {
    let tmp = file.with_extension("swp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, file).unwrap();
}

#[test]
fn every_save_is_graded_with_what_changed_and_ctrl_c_leaves_nothing() {
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("answer.py");
    std::fs::write(&file, "def double(x):\n    return x\n").unwrap();
    let mut w = Watch::start(&env, "double", &file);
    let first = w.next_grading();
    assert!(has(&first, "score 0/3 · WA on test one"), "{first:#?}");
    // No save, no grading: reading the file to grade it is not a save.
    std::thread::sleep(Duration::from_millis(800));
    assert!(w.lines.try_recv().is_err(), "graded again without a save");

    save_by_rename(&file, "def double(x):\n    return 2 * x\n");
    let second = w.next_grading();
    assert!(has(&second, "score 3/3 · all tests passed"), "{second:#?}");
    assert!(
        has(
            &second,
            "since the last save: 3 more tests pass, now accepted"
        ),
        "{second:#?}"
    );

    // A syntax error shows the compiler's message, and the next save grades again.
    std::fs::write(&file, "def double(x)\n    return 2 * x\n").unwrap();
    let third = w.next_grading();
    assert!(has(&third, "CE"), "{third:#?}");
    assert!(has(&third, "SyntaxError"), "{third:#?}");
    assert!(has(&third, "now CE instead of AC"), "{third:#?}");
    std::fs::write(&file, "def double(x):\n    return x + x\n").unwrap();
    let fourth = w.next_grading();
    assert!(has(&fourth, "score 3/3"), "{fourth:#?}");

    assert_eq!(w.interrupt(), Some(130));
    env.assert_clean();
}

#[test]
fn an_sql_answer_is_watched_too() {
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("answer.sql");
    std::fs::write(&file, "SELECT e.name, NULL FROM Employees e;\n").unwrap();
    let mut w = Watch::start(&env, "sql-emp", &file);
    let first = w.next_grading();
    assert!(has(&first, "WA"), "{first:#?}");
    save_by_rename(
        &file,
        "SELECT e.name, d.dept_name FROM Employees e LEFT JOIN Departments d ON d.id = e.dept_id;\n",
    );
    let second = w.next_grading();
    assert!(has(&second, "all tests passed"), "{second:#?}");
    assert!(has(&second, "now accepted"), "{second:#?}");
    assert_eq!(w.interrupt(), Some(130));
    env.assert_clean();
}

/// `grader run` under `script`, which gives it a terminal for stdout and stderr.
#[expect(
    clippy::disallowed_methods,
    reason = "runs the grader under `script`, for a terminal"
)]
fn run_on_a_terminal(env: &Env, problem: &str, submission: &str) -> String {
    let command = format!(
        "{} run {} {} --all",
        assert_cmd::cargo::cargo_bin("grader").display(),
        fixture_problem(problem),
        crate::fixture_submission(submission)
    );
    let out = std::process::Command::new("script")
        .current_dir(crate::root())
        .env("GRADER_CACHE_DIR", env.cache.path())
        .env("TMPDIR", env.tmp.path())
        .env("GRADER_STATE_DIR", env.state.path())
        .env("NO_COLOR", "1")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .expect("script (util-linux) runs the grader on a terminal");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[expect(clippy::disallowed_methods, reason = "asks `script` for its version")]
fn a_run_over_a_second_shows_a_progress_line_on_a_terminal_only() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        panic!("`script` (util-linux) is needed to give the grader a terminal");
    }
    let env = Env::new();
    // Six tests that each run to a 0.5 s limit with --all: well over a second.
    let shown = run_on_a_terminal(&env, "double-six", "double_forever.py");
    assert!(
        shown.contains("tests ·"),
        "no progress line on a terminal:\n{shown}"
    );
    // Piped: never.
    let out = env
        .grader()
        .args([
            "run",
            &fixture_problem("double-six"),
            &crate::fixture_submission("double_forever.py"),
        ])
        .output()
        .unwrap();
    let piped = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!piped.contains("tests ·"), "{piped}");
    env.assert_clean();
}
