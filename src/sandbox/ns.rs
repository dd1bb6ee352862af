//! L4 namespaces. The helper enters its own namespaces once, at start: a user namespace when
//! the grader is unprivileged (the grader's uid becomes uid 1000 inside, never 0), then net
//! (no network at all), ipc (no System V or POSIX IPC shared with other slots), uts and pid.
//! It forks once: the child is PID 1 of the new pid namespace and serves the jobs (every
//! process a job leaves behind is reparented to it and killed with one `kill(-1)`); the parent
//! stays as a relay the grader waits for. Each untrusted job then runs in a mount namespace
//! whose root is a tmpfs holding only what its Landlock rules grant: the system folders and its
//! tools read-only, its working folder read-write, the device files and a `/proc` of the
//! helper's pid namespace. The host's home, the problem's tests and other slots' folders do not
//! exist there.
//!
//! Such a root is built once per distinct set of rules ([`build_root`]: a child in a new mount
//! namespace applies the [`MountPlan`], `pivot_root`s, and leaves the namespace to the helper as
//! an fd) and each job's child enters it with one `setns`: building it per job (copying the
//! host's mount table, ~25 binds, detaching the old root, tearing it all down at exit) cost
//! several hundred microseconds per test.

use super::confine::{Access, DEVICES_RW, SYSTEM_READ};
use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// The namespaces a helper enters after the user one (and the probe tries).
const HELPER_NAMESPACES: i32 = libc::CLONE_NEWNS
    | libc::CLONE_NEWNET
    | libc::CLONE_NEWIPC
    | libc::CLONE_NEWUTS
    | libc::CLONE_NEWPID;

/// The uid and gid a job has inside the user namespace of an unprivileged grader.
pub const INNER_ID: u32 = 1000;

/// How a helper's namespaces are set up (part of its configuration).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Setup {
    /// Create a user namespace first (the grader is not root).
    pub user: bool,
    /// An empty folder the helper owns, where each job's root is mounted (in the job's mount
    /// namespace only: on the host it stays empty).
    pub staging: PathBuf,
    /// As root: the uid (and gid) this slot's untrusted jobs run as.
    pub uid: Option<u32>,
}

fn os_error(what: &str) -> String {
    format!("{what}: {}", std::io::Error::last_os_error())
}

/// Enters the helper's namespaces and forks: returns in the child, PID 1 of the new pid
/// namespace; the parent relays the child's exit (and kills it if the grader dies first) and
/// never returns. Must be called while the process is single-threaded.
pub fn enter_helper(setup: &Setup) -> Result<(), String> {
    // SAFETY: getuid/getgid/getppid have no arguments.
    let (uid, gid, grader) = unsafe { (libc::getuid(), libc::getgid(), libc::getppid()) };
    if setup.user {
        // SAFETY: unshare with a flag constant.
        if unsafe { libc::unshare(libc::CLONE_NEWUSER) } != 0 {
            return Err(os_error("cannot create a user namespace"));
        }
        let write = |file: &str, text: String| {
            std::fs::write(format!("/proc/self/{file}"), text)
                .map_err(|e| format!("cannot write /proc/self/{file}: {e}"))
        };
        write("setgroups", "deny".into())?;
        write("uid_map", format!("{INNER_ID} {uid} 1"))?;
        write("gid_map", format!("{INNER_ID} {gid} 1"))?;
    }
    // SAFETY: unshare with flag constants.
    if unsafe { libc::unshare(HELPER_NAMESPACES) } != 0 {
        return Err(os_error(
            "cannot create the mount, net, ipc, uts and pid namespaces",
        ));
    }
    // SAFETY: the process is single-threaded (a freshly exec'd helper), so fork is safe.
    let child = unsafe { libc::fork() };
    if child < 0 {
        return Err(os_error("fork failed"));
    }
    if child > 0 {
        relay(child, grader);
    }
    // SAFETY: prctl with integer arguments. (The relay only dies when killed: SIGKILL from the
    // grader's clean-up, which also reaches us through this.)
    unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0) };
    // PID 1 now. Mounts made from here on stay in this namespace.
    let private = c"/";
    // SAFETY: mount with valid C strings and null data.
    unsafe {
        if libc::mount(
            std::ptr::null(),
            private.as_ptr(),
            std::ptr::null(),
            libc::MS_REC | libc::MS_PRIVATE,
            std::ptr::null(),
        ) != 0
        {
            return Err(os_error("cannot make the mounts private"));
        }
        // A /proc of this pid namespace, so that the helper sees its jobs by their pids here.
        if libc::mount(
            c"proc".as_ptr(),
            c"/proc".as_ptr(),
            c"proc".as_ptr(),
            libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC,
            std::ptr::null(),
        ) != 0
        {
            return Err(os_error("cannot mount /proc for the pid namespace"));
        }
        let name = b"grader";
        libc::sethostname(name.as_ptr().cast(), name.len());
        // Nothing of this process may be read through /proc by a job running as the same uid.
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
    Ok(())
}

/// The relay: waits for the namespaced helper and exits as it did. If the grader dies first
/// (we are reparented), the helper is killed, and with it, as PID 1, every job.
fn relay(child: i32, grader: i32) -> ! {
    // SAFETY: closing our copies of the job pipes (the helper keeps its own), then polling
    // the child with waitpid and the grader with getppid.
    unsafe {
        libc::close(0);
        libc::close(1);
        loop {
            let mut status = 0;
            let r = libc::waitpid(child, &mut status, libc::WNOHANG);
            if r == child {
                if libc::WIFEXITED(status) {
                    libc::_exit(libc::WEXITSTATUS(status));
                }
                libc::_exit(1);
            }
            if r < 0 {
                libc::_exit(1);
            }
            if libc::getppid() != grader {
                libc::kill(child, libc::SIGKILL);
            }
            libc::usleep(50_000);
        }
    }
}

/// One step of building a job's root.
#[derive(Debug)]
enum Op {
    /// Bind-mount `src` (a folder or a file) onto the same path in the new root.
    Bind { src: CString, rw: bool, dir: bool },
    /// A symbolic link pointing to `target`.
    Symlink { target: CString },
}

/// One step and where it happens (the path inside the new root, and the folders to create
/// before it, parents first).
#[derive(Debug)]
struct Step {
    at: CString,
    parents: Vec<CString>,
    op: Op,
}

/// How to build one job's root; computed once per distinct [`Access`] in the helper.
#[derive(Debug)]
pub struct MountPlan {
    staging: CString,
    steps: Vec<Step>,
}

fn cpath(p: &Path) -> Result<CString, String> {
    CString::new(p.as_os_str().as_bytes()).map_err(|_| "a NUL byte in a path".to_string())
}

impl MountPlan {
    /// The plan for a job allowed `access`: the same files its Landlock rules grant.
    pub fn new(staging: &Path, access: &Access) -> Result<MountPlan, String> {
        // (path, writable)
        let mut entries: Vec<(PathBuf, bool)> = Vec::new();
        // `/proc` among them: the helper's own, of its pid namespace, bound rather than mounted
        // afresh so that the Landlock rule on it (an inode) still applies.
        // Not the cgroup hierarchies: a dozen mounts to copy per job, and no runtime needs them
        // (the JVM and Node get their heap limits as flags).
        for p in SYSTEM_READ {
            if p != "/sys/fs/cgroup" {
                entries.push((PathBuf::from(p), false));
            }
        }
        for p in DEVICES_RW {
            entries.push((PathBuf::from(p), true));
        }
        // Links into /proc/self (the harnesses write their results to /dev/fd/3).
        for p in ["/dev/fd", "/dev/stdin", "/dev/stdout", "/dev/stderr"] {
            entries.push((PathBuf::from(p), false));
        }
        for p in &access.read {
            entries.push((
                std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()),
                false,
            ));
        }
        for p in &access.write {
            entries.push((std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()), true));
        }
        // No writable `/tmp`: the root is kept across a slot's jobs (see [`build_root`]), and
        // under Landlock no program could write there anyway. Programs get `TMPDIR` = their
        // working folder.
        // Parents before children; a path given twice keeps its most permissive rights.
        entries.sort_by(|a, b| {
            (a.0.components().count(), &a.0).cmp(&(b.0.components().count(), &b.0))
        });
        entries.dedup_by(|later, first| {
            if later.0 == first.0 {
                first.1 = first.1.max(later.1);
                true
            } else {
                false
            }
        });
        let root = staging.to_path_buf();
        let mut steps = Vec::new();
        for (path, rw) in entries {
            let Ok(relative) = path.strip_prefix("/") else {
                continue;
            };
            let at = root.join(relative);
            let parents = relative
                .ancestors()
                .skip(1)
                .filter(|a| !a.as_os_str().is_empty())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .map(|a| cpath(&root.join(a)))
                .collect::<Result<Vec<_>, _>>()?;
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                // Not on this host: not granted.
                continue;
            };
            let op = if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path)
                    .map_err(|e| format!("cannot read link `{}`: {e}", path.display()))?;
                Op::Symlink {
                    target: cpath(&target)?,
                }
            } else {
                Op::Bind {
                    src: cpath(&path)?,
                    rw,
                    dir: meta.is_dir(),
                }
            };
            steps.push(Step {
                at: cpath(&at)?,
                parents,
                op,
            });
        }
        Ok(MountPlan {
            staging: cpath(staging)?,
            steps,
        })
    }

    /// Builds the root and makes it `/`: called in [`build_root`]'s child, in its fresh mount
    /// namespace. Raw syscalls only. Returns the step that failed.
    fn apply(&self) -> Result<(), String> {
        let fail = |what: &str, at: &CString| {
            format!(
                "sandbox root: {what} `{}`: {}",
                at.to_string_lossy(),
                std::io::Error::last_os_error()
            )
        };
        // SAFETY: mount, mkdir, open, symlink, pivot_root and umount2 with valid C strings
        // prepared by `new`; they act on this (the child) process's own mount namespace.
        unsafe {
            if libc::mount(
                c"tmpfs".as_ptr(),
                self.staging.as_ptr(),
                c"tmpfs".as_ptr(),
                libc::MS_NOSUID | libc::MS_NODEV,
                c"size=1m,mode=0755".as_ptr().cast(),
            ) != 0
            {
                return Err(fail("cannot mount a tmpfs on", &self.staging));
            }
            for step in &self.steps {
                for parent in &step.parents {
                    // An existing folder (or one inside a bound folder) is fine.
                    libc::mkdir(parent.as_ptr(), 0o755);
                }
                match &step.op {
                    Op::Symlink { target } => {
                        if libc::symlink(target.as_ptr(), step.at.as_ptr()) != 0 {
                            return Err(fail("cannot create the link", &step.at));
                        }
                    }
                    Op::Bind { src, rw, dir } => {
                        if *dir {
                            libc::mkdir(step.at.as_ptr(), 0o755);
                        } else {
                            let fd = libc::open(
                                step.at.as_ptr(),
                                libc::O_CREAT | libc::O_WRONLY | libc::O_CLOEXEC,
                                0o644,
                            );
                            if fd >= 0 {
                                libc::close(fd);
                            }
                        }
                        if libc::mount(
                            src.as_ptr(),
                            step.at.as_ptr(),
                            std::ptr::null(),
                            libc::MS_BIND | libc::MS_REC,
                            std::ptr::null(),
                        ) != 0
                        {
                            return Err(fail("cannot bind", src));
                        }
                        let mut set = libc::MOUNT_ATTR_NOSUID | libc::MOUNT_ATTR_NODEV;
                        if !*rw {
                            set |= libc::MOUNT_ATTR_RDONLY;
                        }
                        // Device files keep working.
                        if src.as_bytes().starts_with(b"/dev/") {
                            set &= !libc::MOUNT_ATTR_NODEV;
                        }
                        set_attr(&step.at, set, !*rw)
                            .map_err(|()| fail("cannot restrict the bind of", src))?;
                    }
                }
            }
            if libc::chdir(self.staging.as_ptr()) != 0 {
                return Err(fail("cannot enter", &self.staging));
            }
            let dot = c".";
            if libc::syscall(libc::SYS_pivot_root, dot.as_ptr(), dot.as_ptr()) != 0 {
                return Err(fail("pivot_root failed in", &self.staging));
            }
            if libc::umount2(dot.as_ptr(), libc::MNT_DETACH) != 0 {
                return Err(fail("cannot detach the host's root from", &self.staging));
            }
            let root = c"/";
            if set_attr(root, libc::MOUNT_ATTR_RDONLY, false).is_err() {
                return Err(fail("cannot make read-only", &CString::from(root)));
            }
        }
        Ok(())
    }
}

/// What [`build_root`]'s child reports through the memory it shares with the helper.
struct RootChild<'a> {
    plan: &'a MountPlan,
    /// The namespace fd (in the shared fd table), or -1.
    fd: i32,
    error: Option<String>,
}

extern "C" fn root_child(arg: *mut libc::c_void) -> libc::c_int {
    // SAFETY: `arg` is the `RootChild` that `build_root` keeps alive until this child exits
    // (CLONE_VFORK), and nothing else touches it meanwhile.
    let c = unsafe { &mut *(arg as *mut RootChild) };
    if let Err(e) = c.plan.apply() {
        c.error = Some(e);
        return 1;
    }
    // SAFETY: open with a valid C string; the fd lands in the table shared with the helper
    // (CLONE_FILES) and keeps the namespace alive after this child exits.
    c.fd = unsafe {
        libc::open(
            c"/proc/self/ns/mnt".as_ptr(),
            libc::O_RDONLY | libc::O_CLOEXEC,
        )
    };
    if c.fd < 0 {
        c.error = Some(os_error("cannot open the new mount namespace"));
        return 1;
    }
    0
}

/// Builds a job root from `plan` in a new mount namespace and returns that namespace as an fd,
/// for jobs to `setns` into. The child shares the helper's memory and fd table (CLONE_VM,
/// CLONE_FILES, CLONE_VFORK: the helper waits until it exits) and only makes syscalls.
pub fn build_root(plan: &MountPlan) -> Result<std::os::fd::OwnedFd, String> {
    use std::os::fd::FromRawFd;
    const STACK: usize = 256 << 10;
    let mut stack = vec![0u8; STACK];
    let mut child = RootChild {
        plan,
        fd: -1,
        error: None,
    };
    let top = (stack.as_mut_ptr() as usize + STACK) & !15;
    // SAFETY: the child runs on `stack` and uses `child`, both alive until it has exited
    // (CLONE_VFORK); this process is single-threaded and suspended meanwhile.
    let pid = unsafe {
        libc::clone(
            root_child,
            top as *mut libc::c_void,
            libc::CLONE_VM
                | libc::CLONE_VFORK
                | libc::CLONE_FILES
                | libc::CLONE_NEWNS
                | libc::SIGCHLD,
            &mut child as *mut RootChild as *mut libc::c_void,
        )
    };
    if pid < 0 {
        return Err(os_error("cannot start the child that builds a job root"));
    }
    let mut status = 0;
    // SAFETY: reaping our own child.
    unsafe { libc::waitpid(pid, &mut status, 0) };
    if let Some(e) = child.error {
        if child.fd >= 0 {
            // SAFETY: closing the fd the child opened in our table.
            unsafe { libc::close(child.fd) };
        }
        return Err(e);
    }
    if child.fd < 0 || !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        return Err("the child that builds a job root failed".into());
    }
    // SAFETY: the fd was opened by the child in our shared table and is owned by nobody else.
    Ok(unsafe { std::os::fd::OwnedFd::from_raw_fd(child.fd) })
}

/// Enters a root built by [`build_root`]: called in a job's child, before it changes to its
/// working folder (`setns` also moves it to the new root).
pub fn enter_root(fd: i32) -> Result<(), String> {
    // SAFETY: setns with an fd to a mount namespace.
    if unsafe { libc::setns(fd, libc::CLONE_NEWNS) } != 0 {
        return Err(os_error("cannot enter the job's root (setns)"));
    }
    Ok(())
}

/// Sets mount attributes on the mount at `path` (and below it when `recursive`).
fn set_attr(path: &std::ffi::CStr, set: u64, recursive: bool) -> Result<(), ()> {
    let attr = libc::mount_attr {
        attr_set: set,
        attr_clr: 0,
        propagation: 0,
        userns_fd: 0,
    };
    let flags = if recursive { libc::AT_RECURSIVE } else { 0 };
    // SAFETY: mount_setattr with a valid path, a valid mount_attr and its size.
    let r = unsafe {
        libc::syscall(
            libc::SYS_mount_setattr,
            libc::AT_FDCWD,
            path.as_ptr(),
            flags as libc::c_uint,
            &attr as *const libc::mount_attr,
            std::mem::size_of::<libc::mount_attr>(),
        )
    };
    if r == 0 { Ok(()) } else { Err(()) }
}

/// Proves that the namespaces work here: a forked child enters them as a helper would (a user
/// namespace first when not root), and its own child mounts a tmpfs and a /proc. Returns what
/// is in force, or the step that failed with the likely cause.
pub fn probe(root: bool) -> Result<String, String> {
    let mut fds = [0; 2];
    // SAFETY: a valid array for pipe2.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(os_error("pipe2 failed"));
    }
    // Everything the child needs is prepared here: it only makes syscalls and writes a reply.
    let (read_end, write_end) = (fds[0], fds[1]);
    // SAFETY: getuid/getgid have no arguments.
    let (uid, gid) = unsafe { (libc::getuid(), libc::getgid()) };
    let maps = [
        (c"/proc/self/setgroups", "deny".to_string()),
        (c"/proc/self/uid_map", format!("{INNER_ID} {uid} 1")),
        (c"/proc/self/gid_map", format!("{INNER_ID} {gid} 1")),
    ];
    // SAFETY: the child uses only syscalls on memory prepared before the fork and _exits.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        // SAFETY: as above.
        unsafe {
            let reply = |msg: &[u8]| -> ! {
                libc::write(write_end, msg.as_ptr().cast(), msg.len());
                libc::_exit(1);
            };
            if !root {
                // The grader is not dumpable, and so its /proc files (uid_map among them)
                // belong to root: this child, about to exit, may be dumpable.
                libc::prctl(libc::PR_SET_DUMPABLE, 1, 0, 0, 0);
                if libc::unshare(libc::CLONE_NEWUSER) != 0 {
                    reply(b"user");
                }
                for (file, text) in &maps {
                    let fd = libc::open(file.as_ptr(), libc::O_WRONLY);
                    if fd < 0 || libc::write(fd, text.as_ptr().cast(), text.len()) < 0 {
                        reply(b"uid_map");
                    }
                    libc::close(fd);
                }
            }
            if libc::unshare(HELPER_NAMESPACES) != 0 {
                reply(b"unshare");
            }
            let inner = libc::fork();
            if inner == 0 {
                let ok = libc::mount(
                    std::ptr::null(),
                    c"/".as_ptr(),
                    std::ptr::null(),
                    libc::MS_REC | libc::MS_PRIVATE,
                    std::ptr::null(),
                ) == 0
                    && libc::mount(
                        c"tmpfs".as_ptr(),
                        c"/tmp".as_ptr(),
                        c"tmpfs".as_ptr(),
                        0,
                        std::ptr::null(),
                    ) == 0
                    && libc::mount(
                        c"proc".as_ptr(),
                        c"/proc".as_ptr(),
                        c"proc".as_ptr(),
                        libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC,
                        std::ptr::null(),
                    ) == 0;
                libc::_exit(if ok { 0 } else { 1 });
            }
            let mut status = 0;
            if inner < 0 || libc::waitpid(inner, &mut status, 0) != inner || status != 0 {
                reply(b"mount");
            }
            libc::_exit(0);
        }
    }
    // SAFETY: closing our copy of the write end.
    unsafe { libc::close(write_end) };
    if pid < 0 {
        // SAFETY: closing the read end we own.
        unsafe { libc::close(read_end) };
        return Err(os_error("fork failed"));
    }
    let mut buf = [0u8; 32];
    // SAFETY: reading into a stack buffer, then reaping our child.
    let (n, status) = unsafe {
        let n = libc::read(read_end, buf.as_mut_ptr().cast(), buf.len());
        libc::close(read_end);
        let mut status = 0;
        libc::waitpid(pid, &mut status, 0);
        (n, status)
    };
    let failed = &buf[..n.max(0) as usize];
    if libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0 && failed.is_empty() {
        return Ok(if root {
            "mount (tmpfs root, pivot_root), pid, net, ipc, uts".into()
        } else {
            "user, mount (tmpfs root, pivot_root), pid, net, ipc, uts".into()
        });
    }
    let userns_hint = {
        let apparmor =
            std::fs::read_to_string("/proc/sys/kernel/apparmor_restrict_unprivileged_userns")
                .is_ok_and(|v| v.trim() == "1");
        let max = std::fs::read_to_string("/proc/sys/user/max_user_namespaces")
            .is_ok_and(|v| v.trim() == "0");
        if apparmor {
            " (AppArmor restricts unprivileged user namespaces: \
             kernel.apparmor_restrict_unprivileged_userns = 1)"
        } else if max {
            " (user.max_user_namespaces = 0)"
        } else {
            " (a container's seccomp profile?)"
        }
    };
    Err(match failed {
        b"user" => format!("cannot create a user namespace{userns_hint}"),
        b"uid_map" => format!("cannot map the uid in a user namespace{userns_hint}"),
        b"unshare" => "cannot create mount/pid/net/ipc/uts namespaces (a container's seccomp \
                       profile refuses unshare?)"
            .to_string(),
        b"mount" => {
            "cannot mount in a new mount namespace (a read-only or masked /proc?)".to_string()
        }
        _ => "the namespace trial failed".to_string(),
    })
}
