//! The grader's side of the sandbox: starting helpers ([`Slot`]), handing them jobs, and the
//! process-wide clean-up that guarantees no process of a run outlives the grader (Ctrl-C
//! included): the grader is a child subreaper, remembers its helpers and temporary folders, and
//! kills and reaps everything on the way out.

use super::api::Sandbox;
use super::cgroup::{self, Group};
use super::job::{Job, RawOutcome};
use super::level::SandboxInfo;
use super::ns::Setup;
use super::zygote::{Config, ZYGOTE_ARG};
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Helpers and temporary folders to clean up when the grader is interrupted.
pub(super) static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    helpers: Vec::new(),
    dirs: Vec::new(),
    cgroups: Vec::new(),
    postmasters: Vec::new(),
});

pub(super) struct Registry {
    helpers: Vec<u32>,
    dirs: Vec<PathBuf>,
    /// Slot cgroups, removed when their slot ends or the grader is interrupted.
    cgroups: Vec<Group>,
    /// Data directories of PostgreSQL clusters the grader started (see `host`).
    pub(super) postmasters: Vec<PathBuf>,
}

/// Held for the whole of [`shutdown`].
static CLEANING: Mutex<()> = Mutex::new(());

/// The signal that interrupted the grader, or 0.
static INTERRUPTED: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

/// The signal that interrupted the grader (Ctrl-C is 2), if one did.
pub fn interrupted() -> Option<i32> {
    match INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst) {
        0 => None,
        sig => Some(sig),
    }
}

/// Prepares the grader process: becomes a child subreaper (orphans of a run are reparented to
/// us, so they can be found and killed), stops being dumpable (a submission running as the same
/// user cannot read our memory or fds through /proc), and installs the Ctrl-C handler.
pub fn init() {
    // SAFETY: prctl with integer arguments only.
    unsafe {
        libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) {
        let spawned = std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                if let Some(sig) = signals.forever().next() {
                    INTERRUPTED.store(sig, std::sync::atomic::Ordering::SeqCst);
                    shutdown();
                    eprintln!("grader: interrupted; every process of the run was stopped");
                    std::process::exit(128 + sig);
                }
            });
        if spawned.is_err() {
            eprintln!(
                "grader: warning: cannot watch for Ctrl-C; interrupted runs may leave processes"
            );
        }
    }
}

/// Registers a temporary folder to delete if the grader is interrupted.
pub fn register_dir(path: PathBuf) {
    if let Ok(mut r) = REGISTRY.lock() {
        r.dirs.push(path);
    }
}

/// Forgets a folder registered with [`register_dir`] (it was removed normally).
pub fn unregister_dir(path: &std::path::Path) {
    if let Ok(mut r) = REGISTRY.lock() {
        r.dirs.retain(|d| d != path);
    }
}

/// Stops every PostgreSQL cluster the grader started (immediate shutdown), kills every helper
/// (their jobs die with them: PDEATHSIG), then every other descendant that was reparented to
/// us, and removes registered temporary folders and slot cgroups.
pub fn shutdown() {
    // A second caller (the main thread, while the signal thread cleans up) waits for the first
    // to finish: the process must not exit half-way through the clean-up.
    let _cleaning = CLEANING.lock();
    let (helpers, dirs, cgroups, postmasters) = match REGISTRY.lock() {
        Ok(mut r) => (
            std::mem::take(&mut r.helpers),
            std::mem::take(&mut r.dirs),
            std::mem::take(&mut r.cgroups),
            std::mem::take(&mut r.postmasters),
        ),
        Err(_) => (Vec::new(), Vec::new(), Vec::new(), Vec::new()),
    };
    for data in &postmasters {
        super::host::stop_postmaster(data, Duration::from_secs(3));
    }
    for pid in helpers {
        // SAFETY: SIGKILL to a helper we started.
        unsafe { libc::kill(pid as i32, libc::SIGKILL) };
    }
    reap_descendants();
    for group in &cgroups {
        cgroup::remove(group);
    }
    for dir in dirs {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Kills and reaps every child of the grader until there is none left.
pub fn reap_descendants() {
    for _ in 0..1000 {
        let me = std::process::id();
        let kids: Vec<i32> = std::fs::read_dir(format!("/proc/{me}/task"))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|t| std::fs::read_to_string(t.path().join("children")).ok())
            .flat_map(|s| {
                s.split_ascii_whitespace()
                    .filter_map(|p| p.parse().ok())
                    .collect::<Vec<i32>>()
            })
            .collect();
        if kids.is_empty() {
            return;
        }
        for kid in kids {
            // SAFETY: SIGKILL to our own child and its group, then reaping it.
            unsafe {
                libc::kill(kid, libc::SIGKILL);
                libc::kill(-kid, libc::SIGKILL);
                let mut status = 0;
                libc::waitpid(kid, &mut status, 0);
            }
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// One sandbox helper, serving one job at a time (the real [`Sandbox`]).
pub struct Slot {
    /// The level and layers of the run, which the helper was started for.
    info: Arc<SandboxInfo>,
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
    cgroup: Option<Group>,
    /// The empty folder the helper mounts each job's root on (namespaces only).
    staging: Option<PathBuf>,
    /// The claim on this slot's uid (as root with namespaces), held while the slot lives.
    _uid_claim: Option<std::os::unix::net::UnixListener>,
}

/// The first uid given to slots as root (like isolate's box uids).
pub const SLOT_UID: u32 = 60_000;

/// How many uids slots may use, from [`SLOT_UID`].
const SLOT_UIDS: u32 = 4096;

/// Claims a uid no other slot uses, on this host, by any grader: the claim is an abstract UNIX
/// socket named after the uid, bound for as long as the slot lives and released by the kernel
/// even if the grader is killed. (The slot's RLIMIT_NPROC counts every process of its uid, so
/// two graders sharing one would limit each other.)
fn claim_uid() -> std::io::Result<(u32, std::os::unix::net::UnixListener)> {
    use std::os::linux::net::SocketAddrExt;
    for uid in SLOT_UID..SLOT_UID + SLOT_UIDS {
        let name = format!("grader-slot-uid-{uid}");
        let addr = std::os::unix::net::SocketAddr::from_abstract_name(name.as_bytes())?;
        match std::os::unix::net::UnixListener::bind_addr(&addr) {
            Ok(claim) => return Ok((uid, claim)),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(format!(
        "every slot uid from {SLOT_UID} to {} is in use",
        SLOT_UID + SLOT_UIDS - 1
    )))
}

/// Creates the empty folder a namespaced helper mounts its jobs' roots on.
fn staging_dir() -> std::io::Result<PathBuf> {
    let dir = tempfile::Builder::new()
        .prefix(&format!("grader-root-{}", super::stale::tag()))
        .tempdir()?
        .keep();
    register_dir(dir.clone());
    // A killed grader's staging folder is removed by the next run (`stale`); the record is
    // taken out again before the folder's `rmdir`.
    if let Err(e) = super::stale::mark(&dir) {
        let _ = std::fs::remove_dir(&dir);
        unregister_dir(&dir);
        return Err(e);
    }
    Ok(dir)
}

impl Slot {
    /// Starts a helper under `info`: the grader binary itself, exec'd afresh with a cleared
    /// environment.
    #[expect(clippy::disallowed_methods, reason = "the sandbox starts its helpers")]
    pub fn spawn(info: Arc<SandboxInfo>) -> std::io::Result<Slot> {
        if interrupted().is_some() {
            return Err(std::io::Error::other("the grader was interrupted"));
        }
        let exe = std::env::current_exe()?;
        let mut command = Command::new(exe);
        command
            .arg(ZYGOTE_ARG)
            .env_clear()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let cgroup = match &info.cgroup {
            Some(base) => {
                let group = cgroup::create(base).map_err(|e| {
                    std::io::Error::new(e.kind(), format!("cannot create the slot's cgroup: {e}"))
                })?;
                if let Ok(mut r) = REGISTRY.lock() {
                    r.cgroups.push(group.clone());
                }
                Some(group)
            }
            None => None,
        };
        let mut uid_claim = None;
        let namespaces = if info.policy.namespaces {
            // SAFETY: geteuid has no arguments.
            let root = unsafe { libc::geteuid() } == 0;
            let uid = if root {
                let (uid, claim) = claim_uid()
                    .map_err(|e| std::io::Error::other(format!("cannot claim a slot uid: {e}")))?;
                uid_claim = Some(claim);
                Some(uid)
            } else {
                None
            };
            Some(Setup {
                user: !root,
                staging: staging_dir()?,
                uid,
            })
        } else {
            None
        };
        let staging = namespaces.as_ref().map(|n| n.staging.clone());
        command.arg(serde_json::to_string(&Config {
            cgroup: cgroup.clone(),
            seccomp: info.policy.seccomp,
            namespaces,
        })?);
        let mut child = match command.spawn() {
            Ok(c) => c,
            Err(e) => {
                if let Some(g) = &cgroup {
                    forget_cgroup(g);
                }
                if let Some(d) = &staging {
                    super::stale::unmark(d);
                    let _ = std::fs::remove_dir(d);
                    unregister_dir(d);
                }
                return Err(e);
            }
        };
        if let Ok(mut r) = REGISTRY.lock() {
            r.helpers.push(child.id());
        }
        let input = child.stdin.take().expect("stdin is piped");
        let output = BufReader::new(child.stdout.take().expect("stdout is piped"));
        Ok(Slot {
            info,
            child,
            input,
            output,
            cgroup,
            staging,
            _uid_claim: uid_claim,
        })
    }
}

impl Sandbox for Slot {
    fn info(&self) -> &SandboxInfo {
        &self.info
    }

    /// Hands a job to the helper, which starts it at once; [`Sandbox::receive`] waits for it.
    fn submit(&mut self, job: &Job) -> std::io::Result<()> {
        let mut job = job.clone();
        job.policy = self.info.policy;
        let mut line = serde_json::to_string(&job)?;
        line.push('\n');
        self.input.write_all(line.as_bytes())?;
        self.input.flush()
    }

    fn receive(&mut self) -> std::io::Result<RawOutcome> {
        let mut reply = String::new();
        if self.output.read_line(&mut reply)? == 0 {
            return Err(std::io::Error::other(
                "the sandbox helper exited unexpectedly",
            ));
        }
        Ok(serde_json::from_str(&reply)?)
    }

    /// A fresh helper in place of this one (whose helper is killed and reaped on drop).
    fn respawn(&mut self) -> std::io::Result<()> {
        *self = Slot::spawn(Arc::clone(&self.info))?;
        Ok(())
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let pid = self.child.id();
        // With namespaces the process we started is a relay and the helper its child, PID 1 of
        // the slot's pid namespace. Once the relay is gone the helper is ours (we are a
        // subreaper): wait for it too, so that every process of the slot (a fork bomb's
        // hundreds included) is gone before its cgroup is removed and its uid given back.
        let inner = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
            .ok()
            .and_then(|s| s.split_ascii_whitespace().next()?.parse::<i32>().ok());
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(helper) = inner {
            // SAFETY: SIGKILL and a blocking waitpid on one pid, now our child; `status` is a
            // valid out-pointer. ECHILD (already reaped elsewhere) is fine.
            unsafe {
                libc::kill(helper, libc::SIGKILL);
                let mut status = 0;
                libc::waitpid(helper, &mut status, 0);
            }
        }
        if let Ok(mut r) = REGISTRY.lock() {
            r.helpers.retain(|&p| p != pid);
        }
        if let Some(g) = self.cgroup.take() {
            // The helper's jobs were swept before it read its next job, or die with it
            // (PDEATHSIG); `remove` kills whatever is still inside.
            forget_cgroup(&g);
        }
        if let Some(d) = self.staging.take() {
            // Empty on the host: the roots were mounted in the jobs' namespaces only.
            super::stale::unmark(&d);
            let _ = std::fs::remove_dir(&d);
            unregister_dir(&d);
        }
    }
}

/// Removes a slot's cgroup and forgets it (kept for [`release`] if it cannot be removed yet).
fn forget_cgroup(group: &Group) {
    if cgroup::remove(group)
        && let Ok(mut r) = REGISTRY.lock()
    {
        r.cgroups.retain(|g| g != group);
    }
}

/// At the end of a command: removes every slot cgroup still registered.
pub fn release() {
    let cgroups = match REGISTRY.lock() {
        Ok(mut r) => std::mem::take(&mut r.cgroups),
        Err(_) => Vec::new(),
    };
    // The last chance before the grader exits: a helper killed a moment ago may still be on its
    // way out (its namespaces torn down) on a loaded machine, so keep trying for a while.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let mut left = cgroups;
    while !left.is_empty() {
        reap_descendants();
        left.retain(|g| !cgroup::remove(g));
        if std::time::Instant::now() > deadline {
            for g in &left {
                eprintln!(
                    "grader: warning: cannot remove the cgroup `{}` (still busy); the next run \
                     removes it",
                    g.memory.display()
                );
            }
            break;
        }
    }
}

/// What a trusted helper command (a toolchain's `--version`, an interpreter's real path) printed.
pub struct Captured {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

/// A trusted command for `argv`, stdin closed (the one place its parts are split).
pub(super) fn trusted_command(argv: &[String]) -> std::io::Result<Command> {
    let (program, args) = argv
        .split_first()
        .ok_or_else(|| std::io::Error::other("empty command line"))?;
    let mut c = Command::new(program);
    c.args(args).stdin(Stdio::null());
    Ok(c)
}

/// Runs a trusted command to completion and captures its output.
#[expect(
    clippy::disallowed_methods,
    reason = "the sandbox runs trusted toolchain queries and host tools"
)]
pub(super) fn captured(mut command: Command) -> std::io::Result<Captured> {
    let out = command.output()?;
    Ok(Captured {
        success: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}

/// Runs a trusted toolchain query (not a submission) and captures its output. The environment
/// is the grader's own, so version managers such as pyenv and rustup find their settings.
pub fn capture(argv: &[String]) -> std::io::Result<Captured> {
    captured(trusted_command(argv)?)
}

/// Where a trusted tool's output goes.
pub enum ToolOutput {
    /// Both streams onto the grader's stderr (a terminal: the tool's own progress is shown).
    Show,
    /// Both streams into this file, read back into [`Captured::stdout`].
    Log(PathBuf),
}

/// Runs a trusted tool that may need the network, such as a package installer: not a
/// submission, so neither Landlock nor seccomp (the helpers' seccomp filter denies network
/// sockets); the grader's own environment (proxies, `PIP_*` settings); stdin closed; in a
/// process group of its own, killed with its whole group after `timeout`. It is a child of the
/// grader, so Ctrl-C stops it with every other process of the run.
#[expect(
    clippy::disallowed_methods,
    reason = "the sandbox runs trusted installers"
)]
pub fn run_tool(
    argv: &[String],
    cwd: &std::path::Path,
    output: &ToolOutput,
    timeout: Duration,
) -> std::io::Result<Captured> {
    use std::os::fd::AsFd;
    use std::os::unix::process::CommandExt;
    if interrupted().is_some() {
        return Err(std::io::Error::other("the grader was interrupted"));
    }
    let (program, args) = argv
        .split_first()
        .ok_or_else(|| std::io::Error::other("empty command line"))?;
    let (out, err) = match output {
        ToolOutput::Show => {
            let fd = std::io::stderr().as_fd().try_clone_to_owned()?;
            (Stdio::from(fd.try_clone()?), Stdio::from(fd))
        }
        ToolOutput::Log(path) => {
            let f = std::fs::File::create(path)?;
            (Stdio::from(f.try_clone()?), Stdio::from(f))
        }
    };
    let mut child = Command::new(program)
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .process_group(0)
        .spawn()?;
    let pid = child.id() as i32;
    let started = std::time::Instant::now();
    let mut timed_out = false;
    loop {
        // Waits without reaping, so the group id cannot be reused before the group is killed.
        // SAFETY: waitid on our own child with a zeroed siginfo_t it fills in.
        let exited = unsafe {
            let mut info: libc::siginfo_t = std::mem::zeroed();
            libc::waitid(
                libc::P_PID,
                pid as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOHANG | libc::WNOWAIT,
            ) == 0
                && info.si_pid() != 0
        };
        if exited {
            break;
        }
        if started.elapsed() > timeout || interrupted().is_some() {
            timed_out = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // The tool, and whatever it left running in its group (a build backend), end here.
    // SAFETY: SIGKILL to the process group of a child we started and have not reaped yet (its
    // pid is the group id).
    unsafe { libc::kill(-pid, libc::SIGKILL) };
    let status = child.wait()?;
    let log = match output {
        ToolOutput::Log(path) => String::from_utf8_lossy(&std::fs::read(path)?).into_owned(),
        ToolOutput::Show => String::new(),
    };
    Ok(Captured {
        success: !timed_out && status.success(),
        stdout: log,
        stderr: if timed_out {
            format!("stopped after {:.1} s", timeout.as_secs_f64())
        } else {
            String::new()
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alive(pid: i32) -> bool {
        // A killed process may linger briefly as a zombie until its new parent reaps it.
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .map(|s| {
                !s.rsplit(')')
                    .next()
                    .unwrap_or("")
                    .trim_start()
                    .starts_with('Z')
            })
            .unwrap_or(false)
    }

    #[test]
    fn a_trusted_tool_is_captured_and_stopped_with_its_group_at_the_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("log");
        let sh = |script: &str| vec!["/bin/sh".to_string(), "-c".into(), script.into()];
        let out = run_tool(
            &sh("echo out; echo err >&2; exit 3"),
            dir.path(),
            &ToolOutput::Log(log.clone()),
            Duration::from_secs(10),
        )
        .unwrap();
        assert!(!out.success);
        assert_eq!(out.stdout, "out\nerr\n");
        // A tool that never ends, with a background child of its own: both end at the timeout.
        let started = std::time::Instant::now();
        let out = run_tool(
            &sh("sleep 30 & echo $!; wait"),
            dir.path(),
            &ToolOutput::Log(log),
            Duration::from_millis(300),
        )
        .unwrap();
        assert!(started.elapsed() < Duration::from_secs(10));
        assert!(!out.success);
        assert_eq!(out.stderr, "stopped after 0.3 s");
        let pid: i32 = out.stdout.trim().parse().unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while alive(pid) && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(!alive(pid), "the tool's background child {pid} survived");
    }
}
