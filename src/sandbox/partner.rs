//! Which side of an interactive pair ended first, decided by cause rather than by clocks, and
//! when each side sees the other's end.
//!
//! The submission's output ends when the submission ends, as BAPCtools relays it: the program
//! inherits a second writer of its stdout (fd 3, set up before its exec), so a submission that
//! closes its stdout and then crashes or sleeps ends its output only when it has ended, and its
//! own verdict (RTE, TLE) stands, not the interactor's reaction to the end of its input. Its
//! sandbox helper holds a reader of the submission's stdin from the exec on and, once the
//! submission has ended, discards what the interactor still writes there ([`Drain`]), as
//! BAPCtools' relay does: an interactor that writes (or flushes at its exit) after the
//! submission has gone is not broken by its pipe.
//!
//! The interactor's helper holds a writer of the submission's stdin and a reader of its stdout
//! ([`Partner`]) from the moment the interactor has exec'd (both sides are joined by then)
//! until the interactor has been reaped. Meanwhile the submission cannot see the interactor's
//! end (no end of input, no broken pipe); so if the submission's output has not ended when the
//! interactor is reaped (a process of the submission still holds it), the interactor ended
//! first, whatever a loaded machine does to the two helpers' clocks. The kernel closes an
//! ending process's files before its parent can reap it: a submission that crashed before the
//! interactor ended has ended its output by then.
//!
//! An interactor may close its stdout on purpose and go on (to send the end of the input, then
//! read the answer): the helper looks whether the interactor's fd 1 is still the submission's
//! pipe at its first ticks and then less and less often (every [`LOOK_EVERY_MAX`] ticks at
//! most), and lets go when it is not; the order is then read from the two helpers' clocks.

use std::cell::{Cell, RefCell};
use std::fs::File;
use std::io::Read;
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::Path;

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

/// The submission's helper's reader of the submission's stdin (a FIFO), held from the
/// program's exec on and never read while it runs (a program that stops reading still fills
/// its pipe and blocks the interactor); once it has ended, it discards what the interactor
/// still writes.
pub struct Drain(File);

impl Drain {
    /// Holds a reader of the FIFO `stdin`.
    pub fn hold(stdin: &Path) -> Option<Drain> {
        open_fifo(stdin, true, false).map(Drain)
    }

    /// Discards what comes until the pipe has no writer left or `next` (the helper's input of
    /// jobs, whose next job comes only once the pair has ended) is readable or closed.
    pub fn until(mut self, next: BorrowedFd) {
        use nix::poll::{PollFd, PollFlags, PollTimeout};
        let mut buf = [0u8; 16384];
        loop {
            let mut fds = [
                PollFd::new(self.0.as_fd(), PollFlags::POLLIN),
                PollFd::new(next, PollFlags::POLLIN),
            ];
            if nix::poll::poll(&mut fds, PollTimeout::NONE).is_err() {
                return;
            }
            let (pipe, input) = (fds[0].revents(), fds[1].revents());
            if input.is_some_and(|r| !r.is_empty()) {
                return;
            }
            if pipe.is_none_or(|r| r.is_empty()) {
                continue;
            }
            loop {
                match self.0.read(&mut buf) {
                    Ok(0) => return,
                    Ok(_) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                    Err(_) => return,
                }
            }
            if pipe.is_some_and(|r| r.intersects(PollFlags::POLLHUP | PollFlags::POLLERR)) {
                return;
            }
        }
    }
}

/// The held ends of the submission's pipes.
struct Ends {
    /// A writer of the submission's stdin, so that it sees no end of its input meanwhile;
    /// `None` when it had no reader left at the start (never read: its hold is the point).
    #[expect(dead_code, reason = "held, never used: its open end is what counts")]
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

    /// Whether the submission had ended when the interactor was reaped: its output has ended
    /// (no process of it holds its stdout, fd 3 included). A submission that closed its stdin
    /// and runs on has not. `None` when the pipes were let go before (see [`Partner::tick`]) or
    /// its output could not be read.
    pub fn gone(&self) -> Option<bool> {
        let mut ends = self.ends.borrow_mut();
        ends.as_mut()?.reader.as_mut().map(output_ended)
    }
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

    fn fifo(dir: &Path, name: &str) -> std::path::PathBuf {
        let p = dir.join(name);
        nix::unistd::mkfifo(&p, nix::sys::stat::Mode::S_IRWXU).unwrap();
        p
    }

    /// The submission's stdout, joined: a writer (the program's, returned) opened before the
    /// interactor's helper's reader, as in a pair.
    fn joined_stdout(stdout: &Path) -> File {
        let both = open_fifo(stdout, true, true).unwrap();
        let writer = open_fifo(stdout, false, true).unwrap();
        drop(both);
        writer
    }

    #[test]
    fn a_running_submission_is_not_gone_and_one_whose_output_ended_is() {
        let dir = tempfile::tempdir().unwrap();
        let (stdin, stdout) = (fifo(dir.path(), "in"), fifo(dir.path(), "out"));
        let me = std::process::id() as i32;
        let drain = Drain::hold(&stdin).unwrap();
        let writer = joined_stdout(&stdout);
        let p = Partner::hold(&stdin, Some(&stdout), me);
        assert_eq!(p.gone(), Some(false));
        // This process's fd 1 is not the FIFO: the first tick lets go, the clocks decide.
        p.tick();
        assert_eq!(p.gone(), None);
        // Ended (no writer of its output left), its stdin still drained: gone.
        let p = Partner::hold(&stdin, Some(&stdout), me);
        drop(writer);
        assert_eq!(p.gone(), Some(true));
        // A submission that closed its stdin (no reader of it left, not even the drain) and
        // still holds its output has not ended.
        drop(drain);
        let writer = joined_stdout(&stdout);
        let p = Partner::hold(&stdin, Some(&stdout), me);
        assert_eq!(p.gone(), Some(false));
        drop(writer);
        assert_eq!(p.gone(), Some(true));
    }

    #[test]
    fn a_drain_discards_the_interactor_s_writes_until_the_next_job() {
        let dir = tempfile::tempdir().unwrap();
        let stdin = fifo(dir.path(), "in");
        let drain = Drain::hold(&stdin).unwrap();
        // The interactor's writes to the ended submission's stdin do not break, and are
        // discarded until the helper's next job comes.
        let mut interactor = open_fifo(&stdin, false, true).unwrap();
        let (next_r, mut next_w) = std::io::pipe().unwrap();
        std::thread::scope(|scope| {
            let next = &next_r;
            let draining = scope.spawn(move || drain.until(next.as_fd()));
            for _ in 0..64 {
                // 64 × 4 KiB: more than a pipe holds, so something reads it.
                let chunk = [b'x'; 4096];
                let mut sent = 0;
                while sent < chunk.len() {
                    match std::io::Write::write(&mut interactor, &chunk[sent..]) {
                        Ok(n) => sent += n,
                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                            std::thread::sleep(std::time::Duration::from_millis(1))
                        }
                        Err(e) => panic!("the interactor's write broke: {e}"),
                    }
                }
            }
            std::io::Write::write_all(&mut next_w, b"{}\n").unwrap();
            draining.join().unwrap();
        });
        // With the drain gone too, the interactor's pipe has no reader left.
        let broken = std::io::Write::write(&mut interactor, b"x").unwrap_err();
        assert_eq!(broken.kind(), std::io::ErrorKind::BrokenPipe);
    }

    #[test]
    fn a_drain_ends_with_the_interactor() {
        let dir = tempfile::tempdir().unwrap();
        let stdin = fifo(dir.path(), "in");
        let drain = Drain::hold(&stdin).unwrap();
        let mut interactor = open_fifo(&stdin, false, true).unwrap();
        std::io::Write::write_all(&mut interactor, b"late").unwrap();
        drop(interactor);
        let (next_r, _next_w) = std::io::pipe().unwrap();
        // No job comes: the drain ends because no writer is left.
        drain.until(next_r.as_fd());
    }

    #[test]
    fn the_look_at_the_interactor_s_stdout_comes_less_and_less_often() {
        let dir = tempfile::tempdir().unwrap();
        let (stdin, stdout) = (fifo(dir.path(), "in"), fifo(dir.path(), "out"));
        let _reader = open_fifo(&stdin, true, false).unwrap();
        let _writer = joined_stdout(&stdout);
        let me = std::process::id() as i32;
        let p = Partner::hold(&stdin, Some(&stdout), me);
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
