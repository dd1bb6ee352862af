//! The helper's capture of a job's output streams. Stderr is a pipe the helper drains: the
//! first [`STDERR_KEPT`] bytes go to the job's stderr file (written by the helper, so no file
//! size limit ever fails the program's writes to stderr), the rest is counted. Stdout stays a
//! file the program writes itself (RLIMIT_FSIZE caps it); its size is checked at every tick.
//! Either stream reaching the job's `file_size` (the output limit + 1) ends the job at once.

use super::job::{Job, STDERR_KEPT};
use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::path::PathBuf;

/// The pipe's buffer: a flood is drained at every tick of the watchdog without blocking the
/// writer for long; its pages are charged to the job's memory cgroup (see [`Capture::room`]).
const PIPE_SIZE: i32 = 1 << 20;

pub struct Capture {
    read: std::io::PipeReader,
    /// The program's end (its fd 2), dropped by the helper once the program has started.
    write: Option<std::io::PipeWriter>,
    /// The program closed stderr (every writer is gone): nothing more to poll.
    closed: bool,
    file: std::fs::File,
    stdout: PathBuf,
    /// Bytes at which a stream is over the output limit (`file_size`).
    cap: Option<u64>,
    total: u64,
    kept: u64,
}

impl Capture {
    /// Creates the stderr pipe and the file that keeps its start.
    pub fn open(job: &Job) -> Result<Capture, String> {
        use std::os::unix::fs::OpenOptionsExt;
        let (read, write) =
            std::io::pipe().map_err(|e| format!("cannot create the stderr pipe: {e}"))?;
        let fd = read.as_raw_fd();
        // SAFETY: fcntl on a pipe fd we own, with integer arguments. A larger buffer is only an
        // optimisation: a failure (an unprivileged user over its pipe quota) is harmless.
        unsafe {
            libc::fcntl(fd, libc::F_SETPIPE_SZ, PIPE_SIZE);
            let flags = libc::fcntl(fd, libc::F_GETFL);
            if flags < 0 || libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) != 0 {
                return Err(format!(
                    "cannot make the stderr pipe non-blocking: {}",
                    std::io::Error::last_os_error()
                ));
            }
        }
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&job.stderr)
            .map_err(|e| format!("cannot open stderr `{}`: {e}", job.stderr.display()))?;
        Ok(Capture {
            read,
            write: Some(write),
            closed: false,
            file,
            stdout: job.stdout.clone(),
            cap: job.limits.file_size,
            total: 0,
            kept: 0,
        })
    }

    /// Memory the capture may charge to the job's cgroup: the stdout file's pages (up to the
    /// output limit), the pipe's buffer and the kept start of stderr. Added to the cgroup's
    /// limit and taken off the measured peak, so the grader's own capture never turns an
    /// output flood into an OOM kill.
    pub fn room(&self) -> u64 {
        self.cap.unwrap_or(0) + PIPE_SIZE as u64 + STDERR_KEPT
    }

    /// The fd the program gets as its stderr (-1 once dropped).
    pub fn child_fd(&self) -> i32 {
        self.write.as_ref().map_or(-1, |w| w.as_raw_fd())
    }

    /// Drops the helper's copy of the program's end: EOF comes once the program's tree is gone.
    pub fn started(&mut self) {
        self.write = None;
    }

    /// Reads whatever the pipe holds. Returns true when it was (nearly) full: poll again soon.
    pub fn drain(&mut self) -> bool {
        let mut buf = [0u8; 64 << 10];
        let mut read = 0usize;
        while !self.closed {
            match self.read.read(&mut buf) {
                Ok(0) => self.closed = true,
                Ok(n) => {
                    read += n;
                    let keep = (STDERR_KEPT - self.kept).min(n as u64) as usize;
                    if keep > 0 && self.file.write_all(&buf[..keep]).is_ok() {
                        self.kept += keep as u64;
                    }
                    self.total += n as u64;
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
            if read >= PIPE_SIZE as usize {
                break;
            }
        }
        read >= PIPE_SIZE as usize / 2
    }

    /// True when stdout or stderr has reached the output limit.
    pub fn over_limit(&self) -> bool {
        self.cap
            .is_some_and(|cap| self.total >= cap || self.stdout_bytes() >= cap)
    }

    /// Bytes written to stderr so far.
    pub fn stderr_bytes(&self) -> u64 {
        self.total
    }

    /// The size of the stdout file now.
    pub fn stdout_bytes(&self) -> u64 {
        std::fs::metadata(&self.stdout).map_or(0, |m| m.len())
    }

    /// Bytes of capture files the program's writes made the kernel charge to its cgroup.
    pub fn charged(&self) -> u64 {
        self.stdout_bytes() + self.kept
    }
}
