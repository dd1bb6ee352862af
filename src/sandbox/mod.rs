//! The only module that starts processes. It runs a [`Job`] under limits and reports raw facts
//! ([`RawOutcome`]): exit status, signal, CPU, wall, peak memory and who killed it.
//!
//! Layers in force (DESIGN §8): L0 process hygiene (own session, environment replaced, fds
//! closed, stdin from a file, stdout to a grader-private file capped by RLIMIT_FSIZE, stderr
//! to a pipe the helper drains ([`capture`]), a CPU, wall, process and output watchdog, the
//! whole tree killed and swept by a subreaper) and L1 memory
//! without cgroups (RLIMIT_DATA, peak from a freshly exec'd helper's `wait4`), then as the host
//! allows: L2 Landlock and L3 seccomp for untrusted jobs ([`confine`]), L5 cgroups v1/v2 per
//! slot ([`cgroup`]), L4 namespaces with a tmpfs root per job ([`ns`]) and, as root, L6 a uid
//! per slot. The level in force is probed once per run ([`level`]). Trusted host tools the
//! grader needs (PostgreSQL's `initdb`, `pg_ctl`; pip for Python environments) run through
//! [`host`]. Untrusted files are read as their folder's owner through [`ReadAs`].
//!
//! Everything above sees the sandbox through two traits ([`Pool`] hands out slots, a
//! [`Sandbox`] slot runs one job at a time): the real helpers ([`Helpers`], [`Slot`]) or the
//! scripted [`fake`], which starts no process. Two jobs joined by pipes (an interactive
//! problem's submission and interactor) run on two slots through [`run_pair`].

mod api;
mod capture;
mod cgroup;
mod confine;
pub mod fake;
mod fsid;
mod host;
mod job;
mod level;
mod ns;
mod pair;
mod partner;
mod pool;
pub mod stale;
mod zygote;

pub use api::{Helpers, Pool, Sandbox};
pub use confine::{Access, Policy};
pub use fsid::ReadAs;
pub use host::{
    HostUser, postmaster_pid, reap_pid, register_postmaster, run_as, stop_postmaster,
    unregister_postmaster,
};
pub use job::{Job, Killer, Limits, PipeEnd, RawOutcome, STDERR_KEPT};
pub use level::{Check, Level, Probe, SandboxInfo, configure};
pub use pair::{PairOutcome, run_pair};
pub use pool::{
    Captured, Slot, ToolOutput, capture, init, interrupted, reap_descendants, register_dir,
    release, run_tool, shutdown, unregister_dir,
};
pub use zygote::{ZYGOTE_ARG, main as helper_main};

/// For tests: skips a test whose layer (root, a cgroup, Landlock, ...) is not in force here,
/// saying so; with `GRADER_REQUIRE_SANDBOX=1` (set by `.ci/run`) fails it instead.
#[cfg(test)]
pub(crate) fn test_skip(reason: &str) {
    assert!(
        std::env::var_os("GRADER_REQUIRE_SANDBOX").is_none_or(|v| v != "1"),
        "GRADER_REQUIRE_SANDBOX=1 but {reason}"
    );
    eprintln!("SKIPPED: {reason}");
    skips::record(reason);
}

/// The unit tests' skips, listed again when the test binary exits (as the integration tests'
/// `skipped` does): libtest reports a skipped test as `ok`, this list says what was not checked.
#[cfg(test)]
mod skips {
    use std::collections::BTreeSet;
    use std::sync::{Mutex, Once};

    static SKIPPED: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

    pub fn record(reason: &str) {
        static SUMMARY: Once = Once::new();
        let current = std::thread::current();
        let test = current.name().unwrap_or("?");
        let mut all = SKIPPED.lock().unwrap_or_else(|e| e.into_inner());
        all.insert(format!("{test}: {reason}"));
        SUMMARY.call_once(|| {
            // SAFETY: `print` is a plain `extern "C"` function that only locks a static and
            // writes to stderr; atexit keeps the pointer, which lives as long as the program.
            unsafe {
                libc::atexit(print);
            }
        });
    }

    extern "C" fn print() {
        use std::io::Write;
        let all = SKIPPED.lock().unwrap_or_else(|e| e.into_inner());
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "\nnot checked on this machine: {} test(s) passed without running what they check \
             (GRADER_REQUIRE_SANDBOX=1 makes these failures):",
            all.len()
        );
        for line in all.iter() {
            let _ = writeln!(err, "  SKIPPED {line}");
        }
    }
}
