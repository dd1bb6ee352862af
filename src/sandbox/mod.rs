//! The only module that starts processes. It runs a [`Job`] under limits and reports raw facts
//! ([`RawOutcome`]): exit status, signal, CPU, wall, peak memory and who killed it.
//!
//! Layers in force (DESIGN §8): L0 process hygiene (own session, environment replaced, fds
//! closed, stdin from a file, stdout/stderr to grader-private files capped by RLIMIT_FSIZE,
//! a CPU and wall watchdog, the whole tree killed and swept by a subreaper) and L1 memory
//! without cgroups (RLIMIT_DATA, peak from a freshly exec'd helper's `wait4`), then as the host
//! allows: L2 Landlock and L3 seccomp for untrusted jobs ([`confine`]), L5 cgroups v1/v2 per
//! slot ([`cgroup`]), L4 namespaces with a tmpfs root per job ([`ns`]) and, as root, L6 a uid
//! per slot. The level in force is probed once per run ([`level`]). Trusted host tools the
//! grader needs (PostgreSQL's `initdb`, `pg_ctl`; pip for Python environments) run through
//! [`host`].

mod cgroup;
mod confine;
mod host;
mod job;
mod level;
mod ns;
mod pool;
pub mod stale;
mod zygote;

pub use confine::{Access, Policy};
pub use host::{
    HostUser, postmaster_pid, reap_pid, register_postmaster, run_as, stop_postmaster,
    unregister_postmaster,
};
pub use job::{Job, Killer, Limits, RawOutcome};
pub use level::{Check, Level, Probe, SandboxInfo, configure};
pub use pool::{
    Captured, Slot, ToolOutput, capture, init, interrupted, reap_descendants, register_dir,
    release, run_tool, shutdown, unregister_dir,
};
pub use zygote::{ZYGOTE_ARG, main as helper_main};
