//! Two sandboxed processes talking through pipes (an interactive problem's submission and its
//! interactor): the submission's stdout feeds the interactor's stdin and the interactor's stdout
//! the submission's stdin. Each runs as an ordinary [`Job`] on a slot of its own, with its own
//! limits and the watchdog, sweep and measures of any job; the pipes are two FIFOs in a private
//! folder, which the two sides open in opposite orders ([`PipeEnd`]) so that both are joined
//! before either program starts. Whatever happens (one side ends early, stops reading, floods,
//! both wait for each other), each side ends at the latest at its own wall limit, and both raw
//! outcomes come back, with which side ended first (decided by cause: see `partner`).

use super::api::Sandbox;
use super::job::{Job, PipeEnd, RawOutcome};
use std::fs::File;
use std::io;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

/// What happened to both sides of a pair.
#[derive(Debug, Clone)]
pub struct PairOutcome {
    pub submission: RawOutcome,
    pub interactor: RawOutcome,
    /// The interactor ended while the submission still read its input (by cause, see
    /// `partner`; by the helpers' clocks when the interactor had closed its stdout before, and
    /// by their wall times under the fake, which has neither).
    pub interactor_first: bool,
}

/// The private folder of a pair's two FIFOs, removed on drop.
struct Fifos {
    dir: PathBuf,
    /// Read by the submission, written by the interactor.
    to_submission: PathBuf,
    /// Written by the submission, read by the interactor.
    to_interactor: PathBuf,
}

impl Fifos {
    fn new() -> io::Result<Fifos> {
        let dir = tempfile::Builder::new()
            .prefix(&format!("grader-pipes-{}", super::stale::tag()))
            .tempdir()?
            .keep();
        super::pool::register_dir(dir.clone());
        let fifos = Fifos {
            to_submission: dir.join("to-submission"),
            to_interactor: dir.join("to-interactor"),
            dir,
        };
        let mode = nix::sys::stat::Mode::S_IRUSR | nix::sys::stat::Mode::S_IWUSR;
        for fifo in [&fifos.to_submission, &fifos.to_interactor] {
            nix::unistd::mkfifo(fifo, mode).map_err(io::Error::from)?;
        }
        Ok(fifos)
    }

    /// Both FIFOs opened for reading and writing without waiting: a side still waiting in its
    /// open for a partner that will never come (its job failed to start) gets one, and then
    /// waits for input until its own wall limit ends it.
    fn hold(&self) -> Vec<File> {
        use std::os::unix::fs::OpenOptionsExt;
        [&self.to_submission, &self.to_interactor]
            .into_iter()
            .filter_map(|p| {
                std::fs::OpenOptions::new()
                    .read(true)
                    .write(true)
                    .custom_flags(libc::O_NONBLOCK)
                    .open(p)
                    .ok()
            })
            .collect()
    }
}

impl Drop for Fifos {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        super::pool::unregister_dir(&self.dir);
    }
}

/// Runs `submission` on `sub_slot` and `interactor` on `int_slot`, joined by pipes (their
/// `stdin` and `stdout` are replaced), and waits for both. `Err` is a failure of the sandbox
/// itself (a judge error, the failed slot already recovered).
pub fn run_pair(
    sub_slot: &mut dyn Sandbox,
    int_slot: &mut dyn Sandbox,
    submission: &Job,
    interactor: &Job,
) -> Result<PairOutcome, String> {
    let fifos = Fifos::new().map_err(|e| format!("cannot create the pipes of the pair: {e}"))?;
    let mut sub = submission.clone();
    sub.stdin = Some(fifos.to_submission.clone());
    sub.stdout = fifos.to_interactor.clone();
    sub.pipe = Some(PipeEnd::ReadsFirst);
    let mut int = interactor.clone();
    int.stdin = Some(fifos.to_interactor.clone());
    int.stdout = fifos.to_submission.clone();
    int.pipe = Some(PipeEnd::WritesFirst);
    if let Err(e) = sub_slot.submit(&sub) {
        return Err(sub_slot.recover(&e));
    }
    if let Err(e) = int_slot.submit(&int) {
        // The submission waits in its open for the interactor: give it a partner, then wait.
        let _held = fifos.hold();
        if let Err(e) = sub_slot.receive() {
            sub_slot.recover(&e);
        }
        return Err(int_slot.recover(&e));
    }
    let held = Mutex::new(Vec::new());
    let (s, i) = std::thread::scope(|scope| {
        let s = scope.spawn(|| side(sub_slot, &fifos, &held));
        let i = side(int_slot, &fifos, &held);
        (s.join(), i)
    });
    drop(held);
    let s = s.unwrap_or_else(|_| Err(io::Error::other("the pair's thread panicked")));
    let (submission, interactor) = match (s, i) {
        (Ok(s), Ok(i)) => (s, i),
        (Err(e), _) => return Err(sub_slot.recover(&e)),
        (_, Err(e)) => return Err(int_slot.recover(&e)),
    };
    let interactor_first = first_by_cause_or_clock(&submission, &interactor);
    Ok(PairOutcome {
        submission,
        interactor,
        interactor_first,
    })
}

/// Whether the interactor ended first: by cause (`partner`), else by the helpers' clocks (the
/// interactor closed its stdout before it ended), else by wall times (the fake).
fn first_by_cause_or_clock(submission: &RawOutcome, interactor: &RawOutcome) -> bool {
    match (interactor.partner_gone, submission.ended, interactor.ended) {
        (Some(gone), _, _) => !gone,
        (None, Some(s), Some(i)) => i < s && !reacted_to_kill(submission, s, i),
        _ => interactor.wall < submission.wall,
    }
}

/// By the clocks: the interactor ended just before a submission the wall limit killed, a
/// reaction to the kill (the end of its input), seen first only because its helper noticed
/// sooner. A submission waiting on its pipes after the interactor ended would have read the end
/// of its input, or written to a closed pipe, and ended by itself; so a wall kill means the
/// interactor was there until then.
fn reacted_to_kill(submission: &RawOutcome, s: Duration, i: Duration) -> bool {
    submission.killed_by == Some(super::job::Killer::WallLimit)
        && s.saturating_sub(i) < Duration::from_secs(1)
}

/// Waits for one side; if it never started its program, holds the FIFOs open so that the other
/// side is not left waiting in its open.
fn side(slot: &mut dyn Sandbox, fifos: &Fifos, held: &Mutex<Vec<File>>) -> io::Result<RawOutcome> {
    let r = slot.receive();
    if r.as_ref().map_or(true, |o| o.setup_error.is_some())
        && let Ok(mut held) = held.lock()
    {
        held.extend(fifos.hold());
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::fake::{self, Fake, Scripted};
    use crate::sandbox::{Level, Limits, Pool};
    use std::time::Duration;

    fn job(name: &str, dir: &std::path::Path) -> Job {
        let limits = Limits {
            cpu: Duration::from_secs(1),
            wall: Duration::from_secs(2),
            data: None,
            stack: None,
            file_size: None,
            open_files: 64,
            memory: None,
            tasks: None,
            address_space: None,
        };
        Job::new(vec![format!("/{name}")], dir, limits).streams(
            dir.join(format!("{name}.out")),
            dir.join(format!("{name}.err")),
        )
    }

    #[test]
    fn a_pair_joins_the_two_jobs_by_fifos_and_returns_both_outcomes() {
        let dir = tempfile::tempdir().unwrap();
        let fake = Fake::new(fake::info(Level::Minimal), |job| {
            Ok(match job.argv[0].as_str() {
                "/sub" => Scripted::signal(libc::SIGPIPE).wall(Duration::from_millis(30)),
                _ => Scripted::exit(43).wall(Duration::from_millis(10)),
            })
        });
        let (mut a, mut b) = (fake.slot().unwrap(), fake.slot().unwrap());
        let out = run_pair(
            &mut *a,
            &mut *b,
            &job("sub", dir.path()),
            &job("int", dir.path()),
        )
        .unwrap();
        assert_eq!(out.submission.signal, Some(libc::SIGPIPE));
        assert_eq!(out.interactor.exit_code, Some(43));
        assert!(out.interactor_first);
        let jobs = fake.jobs();
        let (sub, int) = (&jobs[0], &jobs[1]);
        // Crossed: each one's stdout is the other's stdin, and each side knows its order.
        assert_eq!(sub.stdin.as_ref(), Some(&int.stdout));
        assert_eq!(int.stdin.as_ref(), Some(&sub.stdout));
        assert_eq!(sub.pipe, Some(PipeEnd::ReadsFirst));
        assert_eq!(int.pipe, Some(PipeEnd::WritesFirst));
        // The private folder of the FIFOs is gone.
        assert!(!sub.stdout.parent().unwrap().exists());
        // The stderr files are the jobs' own.
        assert_eq!(sub.stderr, dir.path().join("sub.err"));
    }

    #[test]
    fn by_the_clocks_an_interactor_ending_just_before_a_wall_kill_reacted_to_it() {
        let at = |ms| Some(Duration::from_millis(ms));
        let mut sub = RawOutcome::setup_failed(String::new());
        sub.killed_by = Some(crate::sandbox::Killer::WallLimit);
        let mut int = RawOutcome::setup_failed(String::new());
        (sub.ended, int.ended) = (at(10_000), at(9_990));
        assert!(!first_by_cause_or_clock(&sub, &int));
        // Long before: the interactor had quit and the submission slept on.
        int.ended = at(7_000);
        assert!(first_by_cause_or_clock(&sub, &int));
        // Not a wall kill: the clocks' order stands.
        (sub.killed_by, int.ended) = (Some(crate::sandbox::Killer::CpuLimit), at(9_990));
        assert!(first_by_cause_or_clock(&sub, &int));
        // The cause, when known, decides over the clocks, a wall kill or not.
        (sub.killed_by, int.partner_gone) = (Some(crate::sandbox::Killer::WallLimit), Some(false));
        assert!(first_by_cause_or_clock(&sub, &int));
        int.partner_gone = Some(true);
        (sub.ended, int.ended) = (at(10_000), at(7_000));
        assert!(!first_by_cause_or_clock(&sub, &int));
    }

    #[test]
    fn a_failed_side_is_a_judge_error_and_its_slot_is_recovered() {
        let dir = tempfile::tempdir().unwrap();
        let fake = Fake::new(fake::info(Level::Minimal), |job| {
            match job.argv[0].as_str() {
                "/sub" => Ok(Scripted::exit(0)),
                _ => Err("the helper died".into()),
            }
        });
        let (mut a, mut b) = (fake.slot().unwrap(), fake.slot().unwrap());
        let err = run_pair(
            &mut *a,
            &mut *b,
            &job("sub", dir.path()),
            &job("int", dir.path()),
        )
        .unwrap_err();
        assert_eq!(err, "the sandbox failed: the helper died");
        assert_eq!(fake.respawns(), 1);
    }
}
