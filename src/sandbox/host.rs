//! Trusted host tools the grader itself needs (not submissions): PostgreSQL's `initdb` and
//! `pg_ctl`, run with a clean environment and, when the grader runs as root, as an unprivileged
//! system user ([`HostUser`]), since `initdb` refuses root and a cluster should not own root's
//! files. Also the clean-up of a PostgreSQL server the grader started: the postmaster is
//! registered ([`register_postmaster`]) so that an interrupted grader stops it (SIGQUIT, the
//! signal `pg_ctl stop -m immediate` sends) before its folder is removed.

use super::pool::{Captured, REGISTRY};
use std::ffi::CString;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The user a host tool runs as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostUser {
    pub uid: u32,
    pub gid: u32,
}

impl HostUser {
    /// The user the grader runs as.
    pub fn current() -> HostUser {
        // SAFETY: getuid/getgid take no arguments and cannot fail.
        unsafe {
            HostUser {
                uid: libc::getuid(),
                gid: libc::getgid(),
            }
        }
    }

    /// A system user by name (from the passwd database), if it exists.
    pub fn named(name: &str) -> Option<HostUser> {
        let c = CString::new(name).ok()?;
        let mut pwd: libc::passwd = unsafe_zeroed_passwd();
        let mut buf = vec![0 as libc::c_char; 4096];
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        // SAFETY: every pointer is valid for the call: the name is NUL-terminated, `pwd` and
        // `buf` outlive it and `buf.len()` is its real size; `found` is written by the call.
        let rc = unsafe {
            libc::getpwnam_r(
                c.as_ptr(),
                &mut pwd,
                buf.as_mut_ptr(),
                buf.len(),
                &mut found,
            )
        };
        if rc != 0 || found.is_null() {
            return None;
        }
        Some(HostUser {
            uid: pwd.pw_uid,
            gid: pwd.pw_gid,
        })
    }

    /// Whether the grader runs as root.
    pub fn is_root() -> bool {
        HostUser::current().uid == 0
    }
}

fn unsafe_zeroed_passwd() -> libc::passwd {
    // SAFETY: `passwd` is a plain C struct of integers and pointers; all-zero is a valid value
    // (null pointers), and it is only read after getpwnam_r filled it.
    unsafe { std::mem::zeroed() }
}

/// Runs a trusted host tool to completion and captures its output: environment replaced by
/// `env` (plus `PATH=/usr/bin:/bin`), stdin from /dev/null, and as `user` (uid, gid, no
/// supplementary groups) when that is not the grader's own user.
pub fn run_as(argv: &[String], user: HostUser, env: &[(&str, &str)]) -> std::io::Result<Captured> {
    let mut c = super::pool::trusted_command(argv)?;
    c.env_clear()
        .env("PATH", "/usr/bin:/bin")
        .envs(env.iter().copied())
        .current_dir("/");
    if user != HostUser::current() {
        // std drops supplementary groups (setgroups(0)) when root sets a uid.
        c.uid(user.uid).gid(user.gid);
    }
    super::pool::captured(c)
}

/// The postmaster's pid, from the first line of `postmaster.pid` in its data directory.
pub fn postmaster_pid(data: &Path) -> Option<i32> {
    let text = std::fs::read_to_string(data.join("postmaster.pid")).ok()?;
    text.lines().next()?.trim().parse().ok().filter(|&p| p > 0)
}

/// Registers a running PostgreSQL cluster (its data directory) to stop if the grader is
/// interrupted.
pub fn register_postmaster(data: PathBuf) {
    if let Ok(mut r) = REGISTRY.lock() {
        r.postmasters.push(data);
    }
}

/// Forgets a cluster registered with [`register_postmaster`] (it was stopped normally).
pub fn unregister_postmaster(data: &Path) {
    if let Ok(mut r) = REGISTRY.lock() {
        r.postmasters.retain(|d| d != data);
    }
}

/// Stops the postmaster of `data` at once (SIGQUIT: an immediate shutdown, which ends every
/// backend and releases shared memory) and waits up to `wait` for it to be gone, reaping it when
/// it is our child (the grader is a subreaper: a postmaster started by `pg_ctl` is reparented
/// to it). Returns whether it is gone.
pub fn stop_postmaster(data: &Path, wait: Duration) -> bool {
    let Some(pid) = postmaster_pid(data) else {
        return true;
    };
    // SAFETY: a signal to the pid the cluster's own pid file names.
    unsafe { libc::kill(pid, libc::SIGQUIT) };
    reap_pid(pid, wait)
}

/// Waits up to `wait` for process `pid` to exit, reaping it if it is our child.
pub fn reap_pid(pid: i32, wait: Duration) -> bool {
    let start = Instant::now();
    loop {
        let mut status = 0;
        // SAFETY: waitpid on one pid, WNOHANG; `status` is a valid out-pointer.
        let r = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        if r == pid {
            return true;
        }
        // SAFETY: signal 0 only checks that the process exists.
        let alive = unsafe { libc::kill(pid, 0) } == 0;
        if r < 0 && !alive {
            return true;
        }
        if start.elapsed() > wait {
            return false;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}
