//! The sandbox helper ("zygote"): a small, freshly exec'd copy of the grader that forks every
//! job's process, watches it (CPU and wall limits), reaps it with `wait4` and sweeps whatever it
//! left behind. Because it is small and exec'd once, `ru_maxrss` of its children is not seeded by
//! the grader's own memory, and a fork costs little.
//!
//! Protocol: one JSON [`Job`] per line on stdin, one JSON [`RawOutcome`] per line on stdout.
//! The helper is single-threaded, so allocating between `fork` and `exec` is safe.

use super::capture::Capture;
use super::cgroup::{self, Handles};
use super::confine;
use super::job::{Job, Killer, Limits, RawOutcome};
use super::ns::{self, MountPlan};
use super::partner::{Drain, Partner};
use crate::procfs;
use std::ffi::CString;
use std::fs::File;
use std::io::{BufRead, Write};
use std::os::fd::AsFd;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::time::{Duration, Instant};

/// The argument that turns the grader binary into the helper.
pub const ZYGOTE_ARG: &str = "__grader-sandbox-helper";

/// The grader that started this helper.
static PARENT: std::sync::OnceLock<i32> = std::sync::OnceLock::new();

/// True when the grader that started us is gone (we were reparented).
fn orphaned() -> bool {
    // SAFETY: getppid has no arguments.
    PARENT
        .get()
        .is_some_and(|&p| unsafe { libc::getppid() } != p)
}

/// How often the watchdog looks at a running job's CPU time.
const TICK: Duration = Duration::from_millis(10);

/// How the grader configures a helper (its command-line argument, JSON).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Config {
    /// The slot's cgroup, when cgroups are in force.
    pub cgroup: Option<cgroup::Group>,
    /// Install the seccomp deny-list on the helper itself: every job inherits it. Installing
    /// it per job cost about 0.3 ms of CPU per test (the kernel compiles the BPF program at
    /// each install); inherited, it costs nothing. Trusted jobs (checkers) run under it too.
    pub seccomp: bool,
    /// L4 (and L6 as root): the helper's namespaces, each untrusted job's mount namespace.
    pub namespaces: Option<ns::Setup>,
}

/// The helper's long-lived state: its slot's cgroup, the Landlock rulesets and mount plans
/// built so far, and its namespace set-up.
struct Helper {
    cgroup: Option<Handles>,
    rulesets: Vec<(confine::Access, std::os::fd::OwnedFd)>,
    /// Job roots built so far: the mount namespaces, as fds.
    roots: Vec<(confine::Access, std::rc::Rc<std::os::fd::OwnedFd>)>,
    namespaces: Option<ns::Setup>,
    /// The filter a job with a mount namespace installs last (see `confine::seccomp_mounts`).
    mount_filter: Vec<libc::sock_filter>,
    /// This helper may lower its own `oom_score_adj` again (CAP_SYS_RESOURCE): each job is then
    /// born with 1000 instead of getting it after its exec (see [`run`]).
    oom_flip: bool,
    /// The stdin of a pair's submission that has ended, drained until the next job.
    drain: Option<Drain>,
}

/// Writes this process's `oom_score_adj`.
fn set_own_oom_adj(value: &str) -> bool {
    std::fs::write("/proc/self/oom_score_adj", value).is_ok()
}

/// Installs the seccomp deny-list on the helper (single-threaded: the whole process).
/// `mounts`: the helper builds mount namespaces, so the mount calls stay allowed here.
fn confine_self(mounts: bool) -> Result<(), String> {
    let prepared = confine::Prepared {
        ruleset: -1,
        filters: vec![
            confine::seccomp_program(mounts)?,
            confine::seccomp_clone3()?,
        ],
    };
    confine::enter(&prepared).map_err(|what| {
        format!(
            "cannot install the seccomp filter: {what}: {}",
            std::io::Error::last_os_error()
        )
    })
}

/// Entry point of the helper process. Its optional argument is the slot's cgroup (JSON).
/// Never returns.
pub fn main() -> ! {
    // Not PR_SET_PDEATHSIG: it fires when the *thread* that started us ends, and grader threads
    // come and go. The grader's death is noticed instead by EOF on stdin, or by a new parent
    // while a job runs (see `watch`).
    // SAFETY: prctl with integer arguments only; no memory is passed.
    unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) };
    let config: Config = std::env::args()
        .nth(2)
        .and_then(|a| serde_json::from_str(&a).ok())
        .unwrap_or_default();
    // The cgroup first: on v1 the helper joins it by its pid on the host.
    let cgroup = match config.cgroup.map(Handles::open).transpose() {
        Ok(h) => h,
        Err(e) => {
            eprintln!("grader: sandbox helper: cannot open the slot's cgroup: {e}");
            std::process::exit(1);
        }
    };
    if let Some(setup) = &config.namespaces
        && let Err(e) = ns::enter_helper(setup)
    {
        eprintln!("grader: sandbox helper: {e}");
        std::process::exit(1);
    }
    // In a pid namespace the parent is outside it (0): the relay watches the grader instead.
    // SAFETY: getppid has no arguments.
    let _ = PARENT.set(unsafe { libc::getppid() });
    let mount_filter = if config.namespaces.is_some() && config.seccomp {
        match confine::seccomp_mounts() {
            Ok(f) => f,
            Err(e) => {
                eprintln!("grader: sandbox helper: {e}");
                std::process::exit(1);
            }
        }
    } else {
        Vec::new()
    };
    let mut helper = Helper {
        cgroup,
        rulesets: Vec::new(),
        roots: Vec::new(),
        namespaces: config.namespaces.clone(),
        mount_filter,
        // Raising is always allowed, lowering needs the capability: try 1 then 0.
        oom_flip: set_own_oom_adj("1") && set_own_oom_adj("0"),
        drain: None,
    };
    shrink_resident_code();
    if config.seccomp
        && let Err(e) = confine_self(helper.namespaces.is_some())
    {
        eprintln!("grader: sandbox helper: {e}");
        std::process::exit(1);
    }
    // Jobs come one line at a time on stdin, read through a buffer whose emptiness can be seen
    // (the drain waits for the next job by polling fd 0).
    let Ok(jobs) = std::io::stdin().as_fd().try_clone_to_owned() else {
        std::process::exit(1);
    };
    let mut input = std::io::BufReader::new(File::from(jobs));
    let mut stdout = std::io::stdout().lock();
    let mut line = String::new();
    loop {
        line.clear();
        match input.read_line(&mut line) {
            Ok(0) | Err(_) => std::process::exit(0),
            Ok(_) => {}
        }
        let outcome = match serde_json::from_str::<Job>(&line) {
            Ok(job) => run(&job, &mut helper),
            Err(e) => RawOutcome::setup_failed(format!("malformed job: {e}")),
        };
        let mut text = serde_json::to_string(&outcome).unwrap_or_default();
        text.push('\n');
        if stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
            .is_err()
        {
            std::process::exit(0);
        }
        if let Some(drain) = helper.drain.take()
            && input.buffer().is_empty()
        {
            drain.until(input.get_ref().as_fd());
        }
    }
}

fn cstring(bytes: &[u8]) -> Result<CString, String> {
    CString::new(bytes).map_err(|_| "a NUL byte in an argument or path".to_string())
}

fn path_c(path: &Path) -> Result<CString, String> {
    cstring(path.as_os_str().as_bytes())
}

/// Everything the child needs, prepared before `fork`.
struct Prepared {
    argv: Vec<CString>,
    envp: Vec<CString>,
    cwd: CString,
    stdin: CString,
    stdout: CString,
    channel: Option<CString>,
    /// The interactor of a pair: opens its stdout (a FIFO) before its stdin.
    writes_first: bool,
    /// The submission of a pair: holds a second writer of its stdout (see `partner`).
    holds_output: bool,
}

fn prepare(job: &Job) -> Result<Prepared, String> {
    if job.argv.is_empty() {
        return Err("empty command line".into());
    }
    Ok(Prepared {
        argv: job
            .argv
            .iter()
            .map(|a| cstring(a.as_bytes()))
            .collect::<Result<_, _>>()?,
        envp: job
            .env
            .iter()
            .map(|(k, v)| cstring(format!("{k}={v}").as_bytes()))
            .collect::<Result<_, _>>()?,
        cwd: path_c(&job.cwd)?,
        stdin: path_c(job.stdin.as_deref().unwrap_or(Path::new("/dev/null")))?,
        stdout: path_c(&job.stdout)?,
        channel: job.channel.as_deref().map(path_c).transpose()?,
        writes_first: job.pipe == Some(super::job::PipeEnd::WritesFirst),
        holds_output: job.pipe == Some(super::job::PipeEnd::ReadsFirst),
    })
}

/// Runs one job to completion and measures it.
fn run(job: &Job, helper: &mut Helper) -> RawOutcome {
    let prepared = match prepare(job) {
        Ok(p) => p,
        Err(e) => return RawOutcome::setup_failed(e),
    };
    let mut confined =
        match confine::Prepared::new(job.policy, job.access.as_ref(), &mut helper.rulesets) {
            Ok(c) => c,
            Err(e) => return RawOutcome::setup_failed(e),
        };
    // An untrusted job of a namespaced helper: its own root, and (as root) its slot's uid.
    let mut isolate = None;
    if let (Some(setup), Some(access)) = (&helper.namespaces, &job.access) {
        let root = match helper.roots.iter().find(|(a, _)| a == access) {
            Some((_, r)) => r.clone(),
            None => match MountPlan::new(&setup.staging, access).and_then(|p| ns::build_root(&p)) {
                Ok(fd) => {
                    let fd = std::rc::Rc::new(fd);
                    if helper.roots.len() >= 8 {
                        helper.roots.remove(0);
                    }
                    helper.roots.push((access.clone(), fd.clone()));
                    fd
                }
                Err(e) => return RawOutcome::setup_failed(e),
            },
        };
        if let Some(uid) = setup.uid {
            for dir in &access.write {
                if let Err(e) = chown_tree(dir, uid) {
                    return RawOutcome::setup_failed(format!(
                        "cannot give `{}` to the slot's uid {uid}: {e}",
                        dir.display()
                    ));
                }
            }
        }
        if !helper.mount_filter.is_empty() {
            confined.filters.push(helper.mount_filter.clone());
        }
        isolate = Some(Isolate {
            root,
            uid: setup.uid,
        });
    }
    let mut capture = match Capture::open(job) {
        Ok(c) => c,
        Err(e) => return RawOutcome::setup_failed(e),
    };
    // The capture's pages are charged to the job: the cgroup has room for them on top.
    let memory = job.limits.memory.map(|m| m + capture.room());
    let before = helper
        .cgroup
        .as_mut()
        .map(|h| h.prepare(memory, job.limits.tasks));
    let procs: &[i32] = helper.cgroup.as_ref().map_or(&[], |h| &h.procs);
    let mut fds = [0; 2];
    // SAFETY: `fds` is a valid array of two ints for pipe2 to fill.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return RawOutcome::setup_failed(format!(
            "pipe2 failed: {}",
            std::io::Error::last_os_error()
        ));
    }
    let (err_read, err_write) = (fds[0], fds[1]);
    let start = Instant::now();
    // The job must be the OOM killer's choice from its first instruction: a fork bomb's first
    // children, forked before the write after exec below, would otherwise have 0 like this
    // helper, which then has the largest footprint in the cgroup and is killed instead. A
    // child inherits the value at clone; this helper takes its own back once the child has
    // exec'd (and so no longer shares its memory, through which the value would propagate).
    let flipped = helper.oom_flip && helper.cgroup.is_some() && set_own_oom_adj("1000");
    let pid = spawn(&ChildArgs {
        prepared: &prepared,
        limits: &job.limits,
        err_fd: err_write,
        stderr_fd: capture.child_fd(),
        nproc: nproc(job.limits.tasks, helper.cgroup.is_some()),
        confined: &confined,
        cgroup_procs: procs,
        isolate: isolate.as_ref(),
    });
    capture.started();
    let spawn_error = (pid < 0).then(std::io::Error::last_os_error);
    // A submission of a pair (it has exec'd, its stdin joined to the interactor): its stdin is
    // drained once it has ended (see `partner::Drain`).
    let drain = (pid > 0 && job.pipe == Some(super::job::PipeEnd::ReadsFirst))
        .then(|| job.stdin.as_deref().and_then(Drain::hold))
        .flatten();
    if flipped && !set_own_oom_adj("0") {
        // Cannot happen with the capability checked at start-up; never stay the OOM choice.
        eprintln!("grader: sandbox helper: cannot restore its oom_score_adj");
        std::process::exit(1);
    }
    if let Some(e) = spawn_error {
        close(err_read);
        close(err_write);
        return RawOutcome::setup_failed(format!("clone failed: {e}"));
    }
    // The child has exec'd (CLONE_VFORK) and has a memory of its own: make it, and what it forks,
    // the OOM killer's choice over this helper, which shares its cgroup. (Raising is allowed
    // without privileges; from the child before exec it would have raised ours too.)
    let _ = std::fs::write(format!("/proc/{pid}/oom_score_adj"), "1000");
    close(err_write);
    let exec_error = read_exec_error(err_read);
    close(err_read);
    drop(confined);
    // An interactor: both sides have joined their pipes by now (it has exec'd).
    let partner = (job.pipe == Some(super::job::PipeEnd::WritesFirst) && exec_error.is_none())
        .then(|| Partner::hold(&job.stdout, job.stdin.as_deref(), pid));
    let mut outcome = watch(
        pid,
        job,
        start,
        helper.cgroup.as_mut(),
        before,
        &mut capture,
        partner.as_ref(),
    );
    drop(partner);
    helper.drain = drain;
    if let Some(e) = exec_error {
        outcome.setup_error = Some(e);
    }
    // Without a cgroup, RLIMIT_NPROC of the slot's uid refuses without a trace: a tree that
    // filled it is taken as having reached it.
    if !outcome.cgroup
        && isolate.as_ref().is_some_and(|i| i.uid.is_some())
        && let Some(t) = job.limits.tasks
    {
        outcome.tasks_limit = Some(t);
        outcome.tasks_refused = u64::from(outcome.leftovers_killed) + 1 >= t;
    }
    outcome
}

/// Children share this process's memory until they exec (see [`spawn`]), and the kernel seeds a
/// program's peak RSS with that memory's high-water mark. Dropping the resident pages of our
/// executable mappings (never written, so they are simply faulted in again when used) and then
/// resetting the high-water mark keeps that floor near what the helper really uses.
fn shrink_resident_code() {
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap_or_default();
    for line in maps.lines() {
        let mut fields = line.split_whitespace();
        let (Some(range), Some(perms)) = (fields.next(), fields.next()) else {
            continue;
        };
        let path = fields.nth(3).unwrap_or("");
        if perms != "r-xp" || !path.starts_with('/') {
            continue;
        }
        let Some((start, end)) = range.split_once('-') else {
            continue;
        };
        let (Ok(start), Ok(end)) = (
            usize::from_str_radix(start, 16),
            usize::from_str_radix(end, 16),
        ) else {
            continue;
        };
        // SAFETY: an executable, private, file-backed mapping is never written: dropping its
        // pages only means they are read again from the file when next executed.
        unsafe { libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_DONTNEED) };
    }
    // "5" resets the high-water mark to the current resident size.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// An untrusted job's isolation under namespaces: its root (a mount namespace), and as root
/// the uid it runs as.
struct Isolate {
    root: std::rc::Rc<std::os::fd::OwnedFd>,
    uid: Option<u32>,
}

/// Gives a working folder and what is in it to the slot's uid (as root, before the job).
fn chown_tree(dir: &Path, uid: u32) -> std::io::Result<()> {
    std::os::unix::fs::lchown(dir, Some(uid), Some(uid))?;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            chown_tree(&entry.path(), uid)?;
        } else {
            std::os::unix::fs::lchown(entry.path(), Some(uid), Some(uid))?;
        }
    }
    Ok(())
}

/// RLIMIT_NPROC of a job run as its slot's uid. Under a cgroup it is a backstop above the pids
/// limit, so that the cgroup is what refuses a fork (RLIMIT_NPROC is checked first, and refuses
/// without a trace): its `pids.events` counter is how the watchdog sees the limit reached.
fn nproc(tasks: Option<u64>, cgroup: bool) -> Option<u64> {
    tasks.map(|t| if cgroup { t + 16 } else { t })
}

/// What the child needs, passed through `clone`'s argument pointer.
struct ChildArgs<'a> {
    prepared: &'a Prepared,
    limits: &'a Limits,
    err_fd: i32,
    /// The write end of the stderr pipe (see [`Capture`]).
    stderr_fd: i32,
    /// RLIMIT_NPROC when the job runs as its slot's uid (see [`nproc`]).
    nproc: Option<u64>,
    confined: &'a confine::Prepared,
    cgroup_procs: &'a [i32],
    isolate: Option<&'a Isolate>,
}

extern "C" fn child_entry(arg: *mut libc::c_void) -> libc::c_int {
    // SAFETY: `arg` points to the `ChildArgs` that `spawn` keeps alive until the child has
    // exec'd or exited (CLONE_VFORK suspends the parent until then).
    let args = unsafe { &*(arg as *const ChildArgs) };
    child(args)
}

/// Starts the child like `posix_spawn` does: `clone(CLONE_VM | CLONE_VFORK)` on a stack of its
/// own, so no page table is copied and no page is copied on write before the exec; this process
/// waits, suspended, until the child has exec'd or exited. Returns the pid, or -1.
fn spawn(args: &ChildArgs) -> i32 {
    const STACK: usize = 256 << 10;
    let mut stack = vec![0u8; STACK];

    // The stack grows down: pass its (16-byte aligned) top.
    let top = (stack.as_mut_ptr() as usize + STACK) & !15;
    // SAFETY: `child_entry` runs on `stack`, which outlives the child's use of it because
    // CLONE_VFORK returns only after the child exec'd or exited; `args` lives as long. The child
    // shares our memory, and this process is single-threaded and suspended meanwhile, so what
    // the child allocates on an error path cannot race with anything.
    unsafe {
        libc::clone(
            child_entry,
            top as *mut libc::c_void,
            libc::CLONE_VM | libc::CLONE_VFORK | libc::SIGCHLD,
            args as *const ChildArgs as *mut libc::c_void,
        )
    }
}

fn close(fd: i32) {
    // SAFETY: closing an fd this function's caller owns.
    unsafe { libc::close(fd) };
}

fn read_exec_error(fd: i32) -> Option<String> {
    let mut buf = [0u8; 512];
    let mut len = 0;
    loop {
        // SAFETY: reading into the unused tail of a stack buffer.
        let n = unsafe { libc::read(fd, buf[len..].as_mut_ptr().cast(), buf.len() - len) };
        if n < 0 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
            continue;
        }
        if n <= 0 {
            break;
        }
        len += n as usize;
        if len == buf.len() {
            break;
        }
    }
    (len > 0).then(|| String::from_utf8_lossy(&buf[..len]).into_owned())
}

/// The child side: set up the process, then exec. Never returns.
fn child(args: &ChildArgs) -> ! {
    let (p, limits, err_fd) = (args.prepared, args.limits, args.err_fd);
    let fail = |what: &str| -> ! {
        let msg = format!("{what}: {}", std::io::Error::last_os_error());
        // SAFETY: writing a valid buffer to the error pipe, then leaving without running
        // destructors or atexit handlers of the parent's copy.
        unsafe {
            libc::write(err_fd, msg.as_ptr().cast(), msg.len());
            libc::_exit(127);
        }
    };
    // SAFETY: plain syscalls on this (the child) process with valid, NUL-terminated strings.
    unsafe {
        if libc::setsid() < 0 {
            fail("setsid failed");
        }
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0);
        // Into the slot's cgroup before anything else ("0" is the writing process): every
        // process the program starts is born inside it.
        for &fd in args.cgroup_procs {
            if libc::write(fd, b"0".as_ptr().cast(), 1) != 1 {
                fail("cannot enter the slot's cgroup");
            }
        }
        let open = |path: &CString, flags: i32, what: &str| -> i32 {
            let fd = libc::open(path.as_ptr(), flags, 0o600);
            if fd < 0 {
                fail(&format!("cannot open {what} `{}`", path.to_string_lossy()));
            }
            fd
        };
        let write_flags = libc::O_WRONLY | libc::O_CREAT | libc::O_TRUNC;
        // One side of a pair: its stdin and stdout are FIFOs, each open waiting for the other
        // side's; the interactor opens its stdout first, the submission its stdin first.
        let (fd_in, fd_out) = if p.writes_first {
            let fd_out = open(&p.stdout, libc::O_WRONLY, "stdout");
            (open(&p.stdin, libc::O_RDONLY, "stdin"), fd_out)
        } else {
            let fd_in = open(&p.stdin, libc::O_RDONLY, "stdin");
            (fd_in, open(&p.stdout, write_flags, "stdout"))
        };
        let fd_err = args.stderr_fd;
        let fd_chan = p
            .channel
            .as_ref()
            .map(|c| open(c, write_flags, "the result channel"));
        if libc::dup2(fd_in, 0) < 0 || libc::dup2(fd_out, 1) < 0 || libc::dup2(fd_err, 2) < 0 {
            fail("dup2 failed");
        }
        if let Some(fd) = fd_chan
            && fd != 3
            && libc::dup2(fd, 3) < 0
        {
            fail("dup2 failed");
        }
        // A pair's submission: a second writer of its stdout, which the program inherits, so
        // that its output ends when it ends, not when it closes its stdout (see `partner`).
        let held_output = p.holds_output && fd_chan.is_none();
        if held_output && libc::dup2(fd_out, 3) < 0 {
            fail("dup2 failed");
        }
        if let Some(iso) = args.isolate
            && let Err(what) = ns::enter_root(std::os::fd::AsRawFd::as_raw_fd(&*iso.root))
        {
            // Not errno: `apply` said it.
            libc::write(err_fd, what.as_ptr().cast(), what.len());
            libc::_exit(127);
        }
        if libc::chdir(p.cwd.as_ptr()) != 0 {
            fail(&format!(
                "cannot enter the work directory `{}`",
                p.cwd.to_string_lossy()
            ));
        }
        let slot_uid = args.isolate.and_then(|i| i.uid);
        if let Some(uid) = slot_uid {
            // Its outputs are the job's own, so that reopening them (`/dev/stdout`, a harness
            // writing to `/dev/fd/3`) works; its input stays the grader's, read-only.
            for fd in [Some(1), Some(2), fd_chan.map(|_| 3)].into_iter().flatten() {
                libc::fchown(fd, uid, uid);
            }
        }
        if let Some(uid) = slot_uid
            && (libc::setgroups(0, std::ptr::null()) != 0
                || libc::setresgid(uid, uid, uid) != 0
                || libc::setresuid(uid, uid, uid) != 0)
        {
            fail(&format!("cannot switch to the slot's uid {uid}"));
        }
        if let Err(what) = set_limits(limits) {
            fail(&what);
        }
        // The slot's uid is this job's alone: a process limit on it is exact.
        if let (Some(_), Some(tasks)) = (slot_uid, args.nproc) {
            let lim = libc::rlimit {
                rlim_cur: tasks,
                rlim_max: tasks,
            };
            if libc::setrlimit(libc::RLIMIT_NPROC, &lim) != 0 {
                fail("setrlimit(nproc) failed");
            }
        }
        // Every fd above the standard ones (and the channel, or the held output) is closed at
        // exec.
        let first = if fd_chan.is_some() || held_output {
            4
        } else {
            3
        };
        if libc::syscall(
            libc::SYS_close_range,
            first as libc::c_uint,
            libc::c_uint::MAX,
            libc::CLOSE_RANGE_CLOEXEC,
        ) != 0
        {
            for fd in first..1024 {
                if fd != err_fd {
                    libc::close(fd);
                }
            }
        }
        let mut argv: Vec<*const libc::c_char> = p.argv.iter().map(|a| a.as_ptr()).collect();
        if let Err(what) = confine::enter(args.confined) {
            fail(what);
        }
        argv.push(std::ptr::null());
        let mut envp: Vec<*const libc::c_char> = p.envp.iter().map(|a| a.as_ptr()).collect();
        envp.push(std::ptr::null());
        libc::execve(p.argv[0].as_ptr(), argv.as_ptr(), envp.as_ptr());
        fail(&format!("cannot execute `{}`", p.argv[0].to_string_lossy()));
    }
}

fn set_limits(limits: &Limits) -> Result<(), String> {
    let set = |resource: libc::__rlimit_resource_t, soft: u64, hard: u64, name: &str| {
        let lim = libc::rlimit {
            rlim_cur: soft,
            rlim_max: hard,
        };
        // SAFETY: `lim` is a valid rlimit struct.
        if unsafe { libc::setrlimit(resource, &lim) } != 0 {
            return Err(format!("setrlimit({name}) failed"));
        }
        Ok(())
    };
    set(libc::RLIMIT_CORE, 0, 0, "core")?;
    // A backstop only: the watchdog enforces the real CPU limit for the whole tree.
    let cpu = limits.cpu.as_secs() + 2;
    set(libc::RLIMIT_CPU, cpu, cpu + 1, "cpu")?;
    if let Some(data) = limits.data {
        set(libc::RLIMIT_DATA, data, data, "data")?;
    }
    if let Some(space) = limits.address_space {
        set(libc::RLIMIT_AS, space, space, "as")?;
    }
    if let Some(stack) = limits.stack {
        // Never above the hard limit we inherited (an unprivileged process cannot raise it).
        // SAFETY: an all-zero rlimit is valid; getrlimit fills it.
        let mut cur: libc::rlimit = unsafe { std::mem::zeroed() };
        // SAFETY: valid pointer to an rlimit struct.
        unsafe { libc::getrlimit(libc::RLIMIT_STACK, &mut cur) };
        let soft = stack.min(cur.rlim_max);
        set(libc::RLIMIT_STACK, soft, cur.rlim_max, "stack")?;
    }
    if let Some(size) = limits.file_size {
        set(libc::RLIMIT_FSIZE, size, size, "fsize")?;
    }
    set(
        libc::RLIMIT_NOFILE,
        limits.open_files,
        limits.open_files,
        "nofile",
    )
}

fn kill_tree(pid: i32, cgroup: Option<&Handles>) {
    if let Some(h) = cgroup {
        h.kill_all();
    }
    // SAFETY: sending SIGKILL to the job's process group and to the job itself.
    unsafe {
        libc::kill(-pid, libc::SIGKILL);
        libc::kill(pid, libc::SIGKILL);
    }
}

fn pidfd_open(pid: i32) -> Option<i32> {
    // SAFETY: pidfd_open takes a pid and flags; it returns a new fd or -1.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
    (fd >= 0).then_some(fd as i32)
}

/// Waits up to `timeout` for `pidfd` to become readable (the process ended).
fn wait_readable(pidfd: Option<i32>, timeout: Duration) {
    match pidfd {
        Some(fd) => {
            let mut pfd = libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            };
            let ms = timeout.as_millis().clamp(1, i32::MAX as u128) as i32;
            // SAFETY: one valid pollfd.
            unsafe { libc::poll(&mut pfd, 1, ms) };
        }
        None => std::thread::sleep(timeout.min(Duration::from_millis(2))),
    }
}

fn rusage_cpu(ru: &libc::rusage) -> Duration {
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

/// Watches the job until it ends (or kills it at a limit), reaps it, sweeps leftovers.
fn watch(
    pid: i32,
    job: &Job,
    start: Instant,
    mut cgroup: Option<&mut Handles>,
    before: Option<cgroup::Before>,
    capture: &mut Capture,
    partner: Option<&Partner>,
) -> RawOutcome {
    let limits = &job.limits;
    let ticks = procfs::ticks_per_second();
    let pidfd = pidfd_open(pid);
    let mut killed_by = None;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value to be overwritten by wait4.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // Most tests end within the first tick: wait for that before looking at anything else.
    wait_readable(pidfd, TICK.min(limits.wall));
    loop {
        // A flood fills the pipe between ticks: look again soon.
        let flooding = capture.drain();
        // SAFETY: valid pointers to a status int and a rusage struct.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut ru) };
        if r == pid {
            break;
        }
        if r < 0 && std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
            break;
        }
        let elapsed = start.elapsed();
        if orphaned() {
            // The grader died: take the job down with us.
            kill_tree(pid, cgroup.as_deref());
            sweep(pid);
            std::process::exit(1);
        }
        if killed_by.is_none() {
            let fatal = !job.fork_may_fail;
            killed_by = limit_reached(
                pid,
                limits,
                fatal,
                elapsed,
                cgroup.as_deref_mut(),
                &before,
                ticks,
            )
            .or_else(|| capture.over_limit().then_some(Killer::OutputLimit));
            if killed_by.is_some() {
                kill_tree(pid, cgroup.as_deref());
            }
        }
        let next = if killed_by.is_some() {
            TICK
        } else if flooding {
            Duration::from_millis(1)
        } else {
            TICK.min(limits.wall.saturating_sub(elapsed) + Duration::from_millis(1))
        };
        if let Some(p) = partner {
            p.tick();
        }
        wait_readable(pidfd, next);
    }
    let wall = start.elapsed();
    let ended = monotonic();
    let partner_gone = partner.and_then(Partner::gone);
    if let Some(fd) = pidfd {
        close(fd);
    }
    let mut cpu = rusage_cpu(&ru);
    let mut peak = ru.ru_maxrss.max(0) as u64 * 1024;
    if let Some(h) = cgroup.as_deref() {
        h.kill_all();
    }
    let (extra_cpu, extra_peak, leftovers) = sweep(pid);
    // Every writer is gone: what is left in the pipe is the end of stderr.
    capture.drain();
    // A program that ignores SIGXFSZ (CPython does) meets the file-size limit as a failed write
    // and may exit on its own before the next look (on one busy CPU it does): it reached the
    // output limit all the same, not a crash of its own.
    if killed_by.is_none() && capture.over_limit() {
        killed_by = Some(Killer::OutputLimit);
    }
    cpu += extra_cpu;
    peak = peak.max(extra_peak);
    let mut usage = None;
    if let (Some(h), Some(b)) = (cgroup, &before) {
        let u = h.usage(b);
        cpu = cpu.max(Duration::from_nanos(u.cpu_ns));
        if u.peak > 0 {
            // The capture files' pages were charged to the job's cgroup: not its memory.
            peak = u.peak.saturating_sub(capture.charged());
        }
        usage = Some(u);
    }
    let (exit_code, signal) = if libc::WIFEXITED(status) {
        (Some(libc::WEXITSTATUS(status)), None)
    } else if libc::WIFSIGNALED(status) {
        (None, Some(libc::WTERMSIG(status)))
    } else {
        (None, None)
    };
    RawOutcome {
        setup_error: None,
        exit_code,
        signal,
        cpu,
        wall,
        peak_memory: peak,
        killed_by,
        leftovers_killed: leftovers,
        cgroup: usage.is_some(),
        oom_killed: usage.is_some_and(|u| u.oom_killed),
        tasks_refused: usage.is_some_and(|u| u.pids_refused),
        tasks_limit: usage.and(limits.tasks),
        stderr_bytes: capture.stderr_bytes(),
        ended,
        partner_gone,
    }
}

/// CLOCK_MONOTONIC now: one clock for every process of the host.
fn monotonic() -> Option<Duration> {
    // SAFETY: an all-zero timespec is valid for clock_gettime to fill.
    let mut ts: libc::timespec = unsafe { std::mem::zeroed() };
    // SAFETY: a valid pointer to a timespec.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) } == 0;
    ok.then(|| Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32))
}

/// The limit a running job has just reached, if any: wall, CPU (of the whole tree with a
/// cgroup, orphans included), or the process limit when `tasks_fatal` (the cgroup refused a
/// fork or a thread: a fork bomb is ended at once instead of spinning at the limit until the
/// time runs out; else the fork fails and the program runs on, see `Job::fork_may_fail`).
fn limit_reached(
    pid: i32,
    limits: &Limits,
    tasks_fatal: bool,
    elapsed: Duration,
    cgroup: Option<&mut Handles>,
    before: &Option<cgroup::Before>,
    ticks: u64,
) -> Option<Killer> {
    if elapsed > limits.wall {
        return Some(Killer::WallLimit);
    }
    let (cpu, refused) = match (cgroup, before) {
        (Some(h), Some(b)) => (
            Some(Duration::from_nanos(h.cpu_ns().saturating_sub(b.cpu_ns()))),
            tasks_fatal && limits.tasks.is_some() && h.tasks_refused(b),
        ),
        // Its threads and its reaped children.
        _ => (
            procfs::read_stat(pid).and_then(|s| procfs::cpu(&s, procfs::Cpu::WithChildren, ticks)),
            false,
        ),
    };
    if refused {
        Some(Killer::ProcessLimit)
    } else if cpu.is_some_and(|cpu| cpu > limits.cpu) {
        Some(Killer::CpuLimit)
    } else {
        None
    }
}

/// The pids of this process's children (orphans of the job land here: we are a subreaper).
fn children() -> Vec<i32> {
    // SAFETY: getpid has no arguments.
    let me = unsafe { libc::getpid() };
    std::fs::read_to_string(format!("/proc/{me}/task/{me}/children"))
        .unwrap_or_default()
        .split_ascii_whitespace()
        .filter_map(|p| p.parse().ok())
        .collect()
}

/// Kills and reaps every process the job left behind: its process group and every orphan that
/// was reparented to us. Returns their CPU time, their peak memory and how many there were.
fn sweep(pgid: i32) -> (Duration, u64, u32) {
    let mut cpu = Duration::ZERO;
    let mut peak = 0;
    let mut count = 0;
    // SAFETY: SIGKILL to the job's process group; as PID 1 of a pid namespace, to every other
    // process in it (nothing else lives there: the job's leftovers, whatever they did).
    unsafe {
        libc::kill(-pgid, libc::SIGKILL);
        if libc::getpid() == 1 {
            libc::kill(-1, libc::SIGKILL);
        }
    }
    // No child at all, alive or not (orphans are reparented to us): nothing to sweep. WNOWAIT
    // only peeks, so nothing is reaped (and no rusage lost) here.
    // SAFETY: an all-zero siginfo_t is valid for waitid to fill.
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    // SAFETY: a valid pointer to a siginfo_t.
    let peek = unsafe {
        libc::waitid(
            libc::P_ALL,
            0,
            &mut info,
            libc::WEXITED | libc::WNOHANG | libc::WNOWAIT,
        )
    };
    if peek < 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ECHILD) {
        return (cpu, peak, count);
    }
    loop {
        let kids = children();
        for &kid in &kids {
            // SAFETY: SIGKILL to a child of ours and to its process group.
            unsafe {
                libc::kill(kid, libc::SIGKILL);
                libc::kill(-kid, libc::SIGKILL);
            }
        }
        let none_left;
        loop {
            let mut status = 0;
            // SAFETY: an all-zero rusage is valid; pointers are valid.
            let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
            // SAFETY: as above.
            let r = unsafe { libc::wait4(-1, &mut status, libc::WNOHANG | libc::__WALL, &mut ru) };
            if r > 0 {
                count += 1;
                cpu += rusage_cpu(&ru);
                peak = peak.max(ru.ru_maxrss.max(0) as u64 * 1024);
            } else {
                none_left =
                    r < 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ECHILD);
                break;
            }
        }
        if none_left {
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    (cpu, peak, count)
}
