//! Which side of an interactive pair ended first, decided by cause rather than by clocks. The
//! interactor's helper holds a writer of the submission's stdin and a reader of its stdout from
//! the moment the interactor has exec'd (both sides are joined by then) until the interactor has
//! been reaped. Meanwhile the submission cannot see the interactor's end (no end of input, no
//! broken pipe); so if the submission still reads its stdin when the interactor is reaped, the
//! interactor ended first, whatever a loaded machine does to the two helpers' clocks. A
//! submission already on its way out (its stdout closed, so the interactor saw the end of its
//! input, but the kernel not yet at its stdin: an exiting process can be preempted in between)
//! is given [`GRACE`] to let go of its stdin; it cannot be reacting to the interactor's end
//! meanwhile, since the pipes are still held.
//!
//! An interactor may close its stdout on purpose and go on (to send the end of the input, then
//! read the answer): at each tick of its watchdog the helper looks whether the interactor's fd 1
//! is still the submission's pipe, and lets go at once when it is not; the order is then read
//! from the two helpers' clocks, as before.

use std::cell::RefCell;
use std::fs::File;
use std::os::fd::AsFd;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::Path;

/// How long a submission still reading its stdin when the interactor is reaped may take to
/// let go of it and still count as having ended first.
pub const GRACE: std::time::Duration = std::time::Duration::from_millis(50);

/// The held ends of the submission's pipes.
struct Ends {
    /// A writer of the submission's stdin; `None` when it had no reader left at the start.
    writer: Option<File>,
    /// A reader of the submission's stdout, so that its writes do not break meanwhile.
    _reader: Option<File>,
}

/// The interactor's hold on the submission's pipes.
pub struct Partner {
    /// `None` once let go (the interactor closed its stdout while it ran).
    ends: RefCell<Option<Ends>>,
    /// The interactor (its pid as the helper sees it) and its stdout FIFO (device, inode).
    interactor: i32,
    fifo: Option<(u64, u64)>,
}

impl Partner {
    /// Holds the submission's pipes: `to_submission` is the interactor's stdout, `from` its stdin;
    /// `interactor` is its pid.
    pub fn hold(to_submission: &Path, from: Option<&Path>, interactor: i32) -> Partner {
        let open = |p: &Path, write: bool| {
            std::fs::OpenOptions::new()
                .read(!write)
                .write(write)
                .custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC)
                .open(p)
                .ok()
        };
        Partner {
            ends: RefCell::new(Some(Ends {
                // Fails (ENXIO) when the submission has already closed its stdin: it is gone.
                writer: open(to_submission, true),
                _reader: from.and_then(|p| open(p, false)),
            })),
            interactor,
            fifo: std::fs::metadata(to_submission)
                .ok()
                .map(|m| (m.dev(), m.ino())),
        }
    }

    /// At each tick while the interactor runs: lets go of the pipes if its stdout is no longer
    /// the submission's pipe (it closed it to send the end of the input).
    pub fn tick(&self) {
        if self.ends.borrow().is_none() {
            return;
        }
        let fd1 = std::fs::metadata(format!("/proc/{}/fd/1", self.interactor))
            .ok()
            .map(|m| (m.dev(), m.ino()));
        if fd1.is_none() || fd1 != self.fifo {
            self.ends.borrow_mut().take();
        }
    }

    /// Whether the submission no longer read its stdin (it ended, or closed it) when the
    /// interactor was reaped: the pipe has no reader beside the held writer. `None` when the
    /// pipes were let go before (see [`Partner::tick`]).
    pub fn gone(&self) -> Option<bool> {
        let ends = self.ends.borrow();
        let ends = ends.as_ref()?;
        let Some(w) = &ends.writer else {
            return Some(true);
        };
        // No events asked: only the pipe's error (no reader left) ends the wait.
        let mut fds = [nix::poll::PollFd::new(
            w.as_fd(),
            nix::poll::PollFlags::empty(),
        )];
        let grace = nix::poll::PollTimeout::try_from(GRACE).unwrap_or(nix::poll::PollTimeout::ZERO);
        Some(
            nix::poll::poll(&mut fds, grace).is_ok()
                && fds[0]
                    .revents()
                    .is_some_and(|r| r.contains(nix::poll::PollFlags::POLLERR)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_present_is_not_gone_and_its_end_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("f");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
        let reader = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&fifo)
            .unwrap();
        // This process's fd 1 is not the FIFO: the first tick lets go.
        let me = std::process::id() as i32;
        let p = Partner::hold(&fifo, None, me);
        assert_eq!(p.gone(), Some(false));
        p.tick();
        assert_eq!(p.gone(), None);
        let p = Partner::hold(&fifo, None, me);
        drop(reader);
        assert_eq!(p.gone(), Some(true));
        // A reader that lets go within the grace: gone (it was already on its way out).
        let reader = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&fifo)
            .unwrap();
        let p = Partner::hold(&fifo, None, me);
        std::thread::scope(|scope| {
            scope.spawn(move || {
                std::thread::sleep(GRACE / 5);
                drop(reader);
            });
            assert_eq!(p.gone(), Some(true));
        });
        // Without a reader at the start, the submission is gone at once.
        assert_eq!(Partner::hold(&fifo, None, me).gone(), Some(true));
    }
}
