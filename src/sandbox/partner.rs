//! Which side of an interactive pair ended first, decided by cause rather than by clocks. The
//! interactor's helper holds a writer of the submission's stdin and a reader of its stdout from
//! the moment the interactor has exec'd (both sides are joined by then) until the interactor has
//! been reaped. Meanwhile the submission cannot see the interactor's end (no end of input, no
//! broken pipe); so if the submission still reads its stdin when the interactor is reaped, the
//! interactor ended first, whatever a loaded machine does to the two helpers' clocks.

use std::fs::File;
use std::os::fd::AsFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// The held ends of the submission's pipes.
pub struct Partner {
    /// A writer of the submission's stdin; `None` when it had no reader left at the start.
    writer: Option<File>,
    /// A reader of the submission's stdout, so that its writes do not break meanwhile.
    _reader: Option<File>,
}

impl Partner {
    /// Holds the submission's pipes: `to_submission` is the interactor's stdout, `from` its stdin.
    pub fn hold(to_submission: &Path, from: Option<&Path>) -> Partner {
        let open = |p: &Path, write: bool| {
            std::fs::OpenOptions::new()
                .read(!write)
                .write(write)
                .custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC)
                .open(p)
                .ok()
        };
        Partner {
            // Fails (ENXIO) when the submission has already closed its stdin: it is gone.
            writer: open(to_submission, true),
            _reader: from.and_then(|p| open(p, false)),
        }
    }

    /// The submission no longer reads its stdin (it ended, or closed it): the pipe has no
    /// reader beside this writer.
    pub fn gone(&self) -> bool {
        let Some(w) = &self.writer else {
            return true;
        };
        let mut fds = [nix::poll::PollFd::new(
            w.as_fd(),
            nix::poll::PollFlags::POLLOUT,
        )];
        nix::poll::poll(&mut fds, nix::poll::PollTimeout::ZERO).is_ok()
            && fds[0]
                .revents()
                .is_some_and(|r| r.contains(nix::poll::PollFlags::POLLERR))
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
        let p = Partner::hold(&fifo, None);
        assert!(!p.gone());
        drop(reader);
        assert!(p.gone());
        // Without a reader at the start, the submission is gone at once.
        assert!(Partner::hold(&fifo, None).gone());
    }
}
