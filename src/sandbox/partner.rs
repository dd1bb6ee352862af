//! Which side of an interactive pair ended first, decided by cause rather than by clocks, and
//! when each side sees the other's end.
//!
//! The submission's end of output waits for the submission ([`Outlet`]), as BAPCtools judges:
//! its helper holds a writer of the submission's stdout from before the program starts until
//! the submission and everything it left behind have been reaped. The interactor sees the end
//! of its input only then; so a submission that closes its stdout and then crashes or sleeps
//! ends first, and its own verdict (RTE, TLE) stands, not the interactor's reaction to the end.
//!
//! The interactor's helper holds a writer of the submission's stdin and a reader of its stdout
//! ([`Partner`]) from the moment the interactor has exec'd (both sides are joined by then)
//! until the interactor has been reaped. Meanwhile the submission cannot see the interactor's
//! end (no end of input, no broken pipe); so if the submission still reads its stdin when the
//! interactor is reaped, the interactor ended first, whatever a loaded machine does to the two
//! helpers' clocks. A submission whose output has ended (so, with the [`Outlet`], one already
//! swept) but which still holds its stdin is given [`GRACE`] to let go of it; no other case
//! waits.
//!
//! An interactor may close its stdout on purpose and go on (to send the end of the input, then
//! read the answer): the helper looks whether the interactor's fd 1 is still the submission's
//! pipe at its first ticks and then less and less often (every [`LOOK_EVERY_MAX`] ticks at
//! most), and lets go when it is not; the order is then read from the two helpers' clocks.

use std::cell::{Cell, RefCell};
use std::fs::File;
use std::io::Read;
use std::os::fd::AsFd;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::Path;

/// How long a submission whose output has ended but which still holds its stdin when the
/// interactor is reaped may take to let go of it and still count as having ended first.
pub const GRACE: std::time::Duration = std::time::Duration::from_millis(50);

/// The most ticks of the interactor's watchdog between two looks at its fd 1.
pub const LOOK_EVERY_MAX: u32 = 8;

fn open_fifo(p: &Path, read: bool, write: bool) -> Option<File> {
    std::fs::OpenOptions::new()
        .read(read)
        .write(write)
        .custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(p)
        .ok()
}

/// The submission's helper's writer of the submission's stdout (a FIFO), held until the
/// submission has been swept: the interactor's end of input waits for the submission's end.
/// Opened as soon as the program has exec'd: its own open of its stdout waited for the
/// interactor's, so the interactor reads the FIFO by then (or has already ended: no outlet).
/// Opened before, for reading and writing so as not to wait, it would let the program's first
/// writes go to a FIFO the interactor has not opened yet, and break there. A program that
/// closes its stdout within microseconds of its exec, before the helper's open, ends its
/// output at once, as without an outlet.
pub struct Outlet {
    _writer: Option<File>,
}

impl Outlet {
    /// Holds a writer of the FIFO `stdout` (none if the interactor has already ended).
    pub fn hold(stdout: &Path) -> Outlet {
        Outlet {
            _writer: open_fifo(stdout, false, true),
        }
    }
}

/// The held ends of the submission's pipes.
struct Ends {
    /// A writer of the submission's stdin; `None` when it had no reader left at the start.
    writer: Option<File>,
    /// A reader of the submission's stdout, so that its writes do not break meanwhile.
    reader: Option<File>,
}

/// The interactor's hold on the submission's pipes.
pub struct Partner {
    /// `None` once let go (the interactor closed its stdout while it ran).
    ends: RefCell<Option<Ends>>,
    /// The interactor (its pid as the helper sees it) and its stdout FIFO (device, inode).
    interactor: i32,
    fifo: Option<(u64, u64)>,
    /// Ticks until the next look at the interactor's fd 1, and the gap after it.
    next_look: Cell<u32>,
    gap: Cell<u32>,
}

impl Partner {
    /// Holds the submission's pipes: `to_submission` is the interactor's stdout, `from` its stdin;
    /// `interactor` is its pid.
    pub fn hold(to_submission: &Path, from: Option<&Path>, interactor: i32) -> Partner {
        Partner {
            ends: RefCell::new(Some(Ends {
                // Fails (ENXIO) when the submission has already closed its stdin: it is gone.
                writer: open_fifo(to_submission, false, true),
                reader: from.and_then(|p| open_fifo(p, true, false)),
            })),
            interactor,
            fifo: std::fs::metadata(to_submission)
                .ok()
                .map(|m| (m.dev(), m.ino())),
            next_look: Cell::new(0),
            gap: Cell::new(1),
        }
    }

    /// At each tick while the interactor runs: lets go of the pipes if its stdout is no longer
    /// the submission's pipe (it closed it to send the end of the input). Looks at the first
    /// ticks, then at gaps doubling up to [`LOOK_EVERY_MAX`] ticks.
    pub fn tick(&self) {
        if self.ends.borrow().is_none() {
            return;
        }
        if self.next_look.get() > 0 {
            self.next_look.set(self.next_look.get() - 1);
            return;
        }
        let gap = self.gap.get();
        self.next_look.set(gap - 1);
        self.gap.set((gap * 2).min(LOOK_EVERY_MAX));
        let fd1 = std::fs::metadata(format!("/proc/{}/fd/1", self.interactor))
            .ok()
            .map(|m| (m.dev(), m.ino()));
        if fd1.is_none() || fd1 != self.fifo {
            self.ends.borrow_mut().take();
        }
    }

    /// Whether the submission no longer read its stdin (it ended, or closed it) when the
    /// interactor was reaped: the pipe has no reader beside the held writer. `None` when the
    /// pipes were let go before (see [`Partner::tick`]). Waits (up to [`GRACE`]) only when the
    /// submission's output has ended but its stdin is still held.
    pub fn gone(&self) -> Option<bool> {
        let mut ends = self.ends.borrow_mut();
        let ends = ends.as_mut()?;
        let Some(w) = &ends.writer else {
            return Some(true);
        };
        if no_reader(w, nix::poll::PollTimeout::ZERO) {
            return Some(true);
        }
        let ended = ends.reader.as_mut().is_some_and(output_ended);
        let grace = nix::poll::PollTimeout::try_from(GRACE).unwrap_or(nix::poll::PollTimeout::ZERO);
        Some(ended && no_reader(w, grace))
    }
}

/// Whether the pipe of `w` has no reader left (waiting up to `timeout` for that).
fn no_reader(w: &File, timeout: nix::poll::PollTimeout) -> bool {
    // No events asked: only the pipe's error (no reader left) ends the wait.
    let mut fds = [nix::poll::PollFd::new(
        w.as_fd(),
        nix::poll::PollFlags::empty(),
    )];
    nix::poll::poll(&mut fds, timeout).is_ok()
        && fds[0]
            .revents()
            .is_some_and(|r| r.contains(nix::poll::PollFlags::POLLERR))
}

/// Whether the submission's output has ended (no writer left): a read gives the end of the
/// file. (A FIFO's reader opened after its writers sees no hang-up in `poll`; what it reads
/// was meant for the interactor, which has been reaped.)
fn output_ended(r: &mut File) -> bool {
    let mut buf = [0u8; 4096];
    for _ in 0..32 {
        match r.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn fifo(dir: &Path, name: &str) -> std::path::PathBuf {
        let p = dir.join(name);
        nix::unistd::mkfifo(&p, nix::sys::stat::Mode::S_IRWXU).unwrap();
        p
    }

    #[test]
    fn a_reader_present_is_not_gone_at_once_and_its_end_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let stdin = fifo(dir.path(), "in");
        let reader = open_fifo(&stdin, true, false).unwrap();
        // This process's fd 1 is not the FIFO: the first tick lets go.
        let me = std::process::id() as i32;
        let p = Partner::hold(&stdin, None, me);
        let t = Instant::now();
        assert_eq!(p.gone(), Some(false));
        // Its output has not ended: no grace is paid.
        assert!(t.elapsed() < GRACE, "{:?}", t.elapsed());
        p.tick();
        assert_eq!(p.gone(), None);
        let p = Partner::hold(&stdin, None, me);
        drop(reader);
        assert_eq!(p.gone(), Some(true));
        // Without a reader at the start, the submission is gone at once.
        assert_eq!(Partner::hold(&stdin, None, me).gone(), Some(true));
    }

    #[test]
    fn a_submission_whose_output_ended_has_the_grace_to_let_go_of_its_stdin() {
        let dir = tempfile::tempdir().unwrap();
        let (stdin, stdout) = (fifo(dir.path(), "in"), fifo(dir.path(), "out"));
        let me = std::process::id() as i32;
        let reader = open_fifo(&stdin, true, false).unwrap();
        // The submission's stdout: a writer (ours) joined before the partner's reader.
        let both = open_fifo(&stdout, true, true).unwrap();
        let writer = open_fifo(&stdout, false, true).unwrap();
        drop(both);
        let p = Partner::hold(&stdin, Some(&stdout), me);
        drop(writer);
        std::thread::scope(|scope| {
            scope.spawn(move || {
                std::thread::sleep(GRACE / 5);
                drop(reader);
            });
            assert_eq!(p.gone(), Some(true));
        });
    }

    #[test]
    fn an_outlet_holds_the_end_of_the_output_until_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let stdout = fifo(dir.path(), "out");
        // No reader: the interactor has ended, nothing to hold.
        assert!(Outlet::hold(&stdout)._writer.is_none());
        let mut reader = open_fifo(&stdout, true, false).unwrap();
        let program = open_fifo(&stdout, false, true).unwrap();
        let outlet = Outlet::hold(&stdout);
        assert!(outlet._writer.is_some());
        drop(program);
        // The program's end: no end of file yet, the outlet still writes.
        assert!(!output_ended(&mut reader));
        drop(outlet);
        assert!(output_ended(&mut reader));
        // The outlet is no reader: with the reader gone, the program's write breaks.
        let mut program = open_fifo(&stdout, false, true).unwrap();
        let outlet = Outlet::hold(&stdout);
        drop(reader);
        let broken = std::io::Write::write(&mut program, b"x").unwrap_err();
        assert_eq!(broken.kind(), std::io::ErrorKind::BrokenPipe);
        drop(outlet);
    }

    #[test]
    fn the_look_at_the_interactor_s_stdout_comes_less_and_less_often() {
        let dir = tempfile::tempdir().unwrap();
        let stdin = fifo(dir.path(), "in");
        let _reader = open_fifo(&stdin, true, false).unwrap();
        let me = std::process::id() as i32;
        let p = Partner::hold(&stdin, None, me);
        // Pretend the interactor's stdout is the pipe: it never changes, count the looks.
        let own = std::fs::metadata(format!("/proc/{me}/fd/1")).ok();
        let mut p = p;
        p.fifo = own.map(|m| (m.dev(), m.ino()));
        let looks = (0..40)
            .filter(|_| {
                let looked = p.next_look.get() == 0;
                p.tick();
                looked
            })
            .count();
        // Gaps 1, 2, 4, 8, 8, ...: 1 + 1 + 1 + 1 + 4 = 8 looks in 40 ticks.
        assert_eq!(looks, 8);
        assert_eq!(p.gone(), Some(false));
    }
}
