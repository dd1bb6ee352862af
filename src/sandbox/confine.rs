//! L2 Landlock and L3 seccomp, prepared in the helper before a job's child is started (the child
//! shares the helper's memory until exec and may only make raw syscalls): the Landlock ruleset
//! is an fd, the seccomp filter a ready BPF program. [`enter`] is what the child calls.

use landlock::{
    ABI, Access as _, AccessFs, AccessNet, CompatLevel, Compatible, PathBeneath, PathFd, Ruleset,
    RulesetAttr, RulesetCreatedAttr, Scope,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::os::fd::{IntoRawFd, OwnedFd};
use std::path::PathBuf;

/// Which confinement layers a job runs under (decided once per grader run, see `level`).
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Policy {
    pub landlock: bool,
    pub seccomp: bool,
    /// L4: the helper lives in its own user (when unprivileged), pid, net, ipc and uts
    /// namespaces, and each untrusted job gets a mount namespace of its own.
    pub namespaces: bool,
}

/// The files an untrusted job may use besides the system folders: read (and execute) only, or
/// read and write. Everything else is out of reach under Landlock.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Access {
    pub read: Vec<PathBuf>,
    pub write: Vec<PathBuf>,
}

/// System folders every program may read and execute. `/etc` is not among them: only the files
/// the loader and the runtimes need (never `/etc/shadow`, which a root program could include).
pub const SYSTEM_READ: [&str; 20] = [
    "/usr",
    "/lib",
    "/lib64",
    "/lib32",
    "/bin",
    "/sbin",
    "/proc",
    "/sys/fs/cgroup",
    "/sys/devices/system/cpu",
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/localtime",
    "/etc/alternatives",
    "/etc/java-17-openjdk",
    "/etc/nsswitch.conf",
    "/etc/passwd",
    "/etc/group",
    "/etc/ssl",
    "/dev/urandom",
];

/// Device files a program may also write.
pub const DEVICES_RW: [&str; 4] = ["/dev/null", "/dev/zero", "/dev/full", "/dev/random"];

/// The Landlock ABI of the running kernel (0: none).
pub fn landlock_abi() -> i32 {
    // SAFETY: the documented way to ask for the ABI version: NULL attributes, size 0.
    let v = unsafe {
        libc::syscall(
            libc::SYS_landlock_create_ruleset,
            std::ptr::null::<u8>(),
            0usize,
            1u32, // LANDLOCK_CREATE_RULESET_VERSION
        )
    };
    v.max(0) as i32
}

fn abi_of(v: i32) -> ABI {
    match v {
        i32::MIN..=0 => ABI::Unsupported,
        1 => ABI::V1,
        2 => ABI::V2,
        3 => ABI::V3,
        4 => ABI::V4,
        5 => ABI::V5,
        6 => ABI::V6,
        7 => ABI::V7,
        8 => ABI::V8,
        9 => ABI::V9,
        _ => ABI::V10,
    }
}

/// Builds a Landlock ruleset for one job (best effort by ABI) and returns its fd, to be passed
/// to `landlock_restrict_self` in the child.
pub fn ruleset(access: &Access) -> Result<OwnedFd, String> {
    let abi = abi_of(landlock_abi());
    let fs_all = AccessFs::from_all(abi);
    let read = AccessFs::from_read(abi);
    // Device nodes are never created, even by a root program.
    let write = fs_all & !(AccessFs::MakeChar | AccessFs::MakeBlock);
    let mut ruleset = Ruleset::default()
        .set_compatibility(CompatLevel::BestEffort)
        .handle_access(fs_all)
        .map_err(|e| format!("landlock: {e}"))?;
    if abi >= ABI::V4 {
        ruleset = ruleset
            .handle_access(AccessNet::from_all(abi))
            .map_err(|e| format!("landlock: {e}"))?;
    }
    if abi >= ABI::V6 {
        ruleset = ruleset
            .scope(Scope::from_all(abi))
            .map_err(|e| format!("landlock: {e}"))?;
    }
    let mut rules: Vec<(&std::path::Path, landlock::BitFlags<AccessFs>)> = Vec::new();
    for p in SYSTEM_READ {
        rules.push((std::path::Path::new(p), read));
    }
    for p in DEVICES_RW {
        rules.push((std::path::Path::new(p), read | AccessFs::WriteFile));
    }
    rules.extend(access.read.iter().map(|p| (p.as_path(), read)));
    rules.extend(access.write.iter().map(|p| (p.as_path(), write)));
    let mut created = ruleset.create().map_err(|e| format!("landlock: {e}"))?;
    for (path, rights) in rules {
        // A path that does not exist on this host is simply not granted.
        let Ok(fd) = PathFd::new(path) else {
            continue;
        };
        // A rule on a file may only hold file rights.
        let rights = if path.is_dir() {
            rights
        } else {
            rights & AccessFs::from_file(abi)
        };
        created = created
            .add_rule(PathBeneath::new(fd, rights))
            .map_err(|e| format!("landlock rule for `{}`: {e}", path.display()))?;
    }
    let fd: Option<OwnedFd> = created.into();
    fd.ok_or_else(|| "landlock is not supported by this kernel".to_string())
}

/// Syscalls no submission needs, denied with EPERM: kernel surfaces, tracing other processes,
/// namespaces and mounts, keyrings, io_uring (which bypasses seccomp socket rules), clock and
/// host names, System V IPC and message queues.
const DENIED: [i64; 54] = [
    libc::SYS_ptrace,
    libc::SYS_process_vm_readv,
    libc::SYS_process_vm_writev,
    libc::SYS_mount,
    libc::SYS_umount2,
    libc::SYS_pivot_root,
    libc::SYS_chroot,
    libc::SYS_unshare,
    libc::SYS_setns,
    libc::SYS_keyctl,
    libc::SYS_add_key,
    libc::SYS_request_key,
    libc::SYS_bpf,
    libc::SYS_perf_event_open,
    libc::SYS_io_uring_setup,
    libc::SYS_io_uring_enter,
    libc::SYS_io_uring_register,
    libc::SYS_userfaultfd,
    libc::SYS_kexec_load,
    libc::SYS_kexec_file_load,
    libc::SYS_init_module,
    libc::SYS_finit_module,
    libc::SYS_delete_module,
    libc::SYS_reboot,
    libc::SYS_swapon,
    libc::SYS_swapoff,
    libc::SYS_acct,
    libc::SYS_quotactl,
    libc::SYS_name_to_handle_at,
    libc::SYS_open_by_handle_at,
    libc::SYS_fanotify_init,
    libc::SYS_syslog,
    libc::SYS_settimeofday,
    libc::SYS_clock_settime,
    libc::SYS_sethostname,
    libc::SYS_setdomainname,
    // System V IPC and POSIX message queues: without an IPC namespace they would be a channel
    // between tests running in parallel (a fixed key or queue name).
    libc::SYS_shmget,
    libc::SYS_shmat,
    libc::SYS_shmctl,
    libc::SYS_shmdt,
    libc::SYS_semget,
    libc::SYS_semop,
    libc::SYS_semctl,
    libc::SYS_semtimedop,
    libc::SYS_msgget,
    libc::SYS_msgsnd,
    libc::SYS_msgrcv,
    libc::SYS_msgctl,
    libc::SYS_mq_open,
    libc::SYS_mq_unlink,
    libc::SYS_mq_timedsend,
    libc::SYS_mq_timedreceive,
    libc::SYS_mq_notify,
    libc::SYS_mq_getsetattr,
];

/// The namespace flags of `clone`, refused (a sandboxed program makes no namespaces).
const NS_FLAGS: [u64; 7] = [
    libc::CLONE_NEWNS as u64,
    libc::CLONE_NEWUSER as u64,
    libc::CLONE_NEWPID as u64,
    libc::CLONE_NEWNET as u64,
    libc::CLONE_NEWIPC as u64,
    libc::CLONE_NEWUTS as u64,
    libc::CLONE_NEWCGROUP as u64,
];

#[cfg(target_arch = "x86_64")]
const ARCH: (seccompiler::TargetArch, u32) = (seccompiler::TargetArch::x86_64, 0xC000_003E);
#[cfg(target_arch = "aarch64")]
const ARCH: (seccompiler::TargetArch, u32) = (seccompiler::TargetArch::aarch64, 0xC000_00B7);

type Rules = BTreeMap<i64, Vec<seccompiler::SeccompRule>>;

fn seccomp_error(e: seccompiler::BackendError) -> String {
    format!("seccomp: {e}")
}

/// A rule matching when `bit` is set in argument `arg`.
fn flag_set(arg: u8, bit: u64) -> Result<seccompiler::SeccompRule, String> {
    use seccompiler::{SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompRule};
    SeccompCondition::new(
        arg,
        SeccompCmpArgLen::Qword,
        SeccompCmpOp::MaskedEq(bit),
        bit,
    )
    .and_then(|c| SeccompRule::new(vec![c]))
    .map_err(seccomp_error)
}

/// Compiles `rules` (each matching syscall fails with `errno`, everything else is allowed) to
/// raw BPF instructions.
fn compile(rules: Rules, errno: i32) -> Result<Vec<libc::sock_filter>, String> {
    use seccompiler::{SeccompAction, SeccompFilter};
    let filter = SeccompFilter::new(
        rules,
        SeccompAction::Allow,
        SeccompAction::Errno(errno as u32),
        ARCH.0,
    )
    .map_err(seccomp_error)?;
    let prog: seccompiler::BpfProgram = filter.try_into().map_err(seccomp_error)?;
    Ok(prog.iter().map(|f| jump(f.code, f.k, f.jt, f.jf)).collect())
}

fn stmt(code: u16, k: u32) -> libc::sock_filter {
    libc::sock_filter {
        code,
        jt: 0,
        jf: 0,
        k,
    }
}

fn jump(code: u16, k: u32, jt: u8, jf: u8) -> libc::sock_filter {
    libc::sock_filter { code, jt, jf, k }
}

/// What a helper with namespaces still needs: it builds job roots (a `clone` with CLONE_NEWNS,
/// then mounts and `pivot_root` in the child) and its jobs enter them (`setns`). Left out of
/// the helper's deny-list and refused again by [`seccomp_mounts`], a small filter each such job
/// installs last, right before exec.
const MOUNT_CALLS: [i64; 4] = [
    libc::SYS_mount,
    libc::SYS_umount2,
    libc::SYS_pivot_root,
    libc::SYS_setns,
];

/// The seccomp deny-list as a BPF program. It starts with the architecture checks seccompiler
/// leaves out: another architecture (i386 through `int 0x80`) kills the process, and x32
/// syscall numbers fail with ENOSYS, so the deny-list cannot be bypassed. `mounts`: leave the
/// mount calls and `clone(CLONE_NEWNS)` allowed (for a helper that builds mount namespaces).
pub fn seccomp_program(mounts: bool) -> Result<Vec<libc::sock_filter>, String> {
    use seccompiler::{SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompRule};
    let mut rules = Rules::new();
    for nr in DENIED {
        if mounts && MOUNT_CALLS.contains(&nr) {
            continue;
        }
        rules.insert(nr, Vec::new());
    }
    rules.insert(
        libc::SYS_clone,
        NS_FLAGS
            .iter()
            .filter(|&&f| !(mounts && f == libc::CLONE_NEWNS as u64))
            .map(|&f| flag_set(0, f))
            .collect::<Result<_, _>>()?,
    );
    // No network: only UNIX sockets (Landlock scopes abstract ones to the job itself).
    let not_unix = SeccompCondition::new(
        0,
        SeccompCmpArgLen::Dword,
        SeccompCmpOp::Ne,
        libc::AF_UNIX as u64,
    )
    .and_then(|c| SeccompRule::new(vec![c]))
    .map_err(seccomp_error)?;
    rules.insert(libc::SYS_socket, vec![not_unix]);
    let main = compile(rules, libc::EPERM)?;
    const LD_W_ABS: u16 = (libc::BPF_LD | libc::BPF_W | libc::BPF_ABS) as u16;
    const JEQ: u16 = (libc::BPF_JMP | libc::BPF_JEQ | libc::BPF_K) as u16;
    const JGE: u16 = (libc::BPF_JMP | libc::BPF_JGE | libc::BPF_K) as u16;
    const RET: u16 = (libc::BPF_RET | libc::BPF_K) as u16;
    let mut prog = vec![
        stmt(LD_W_ABS, 4), // seccomp_data.arch
        jump(JEQ, ARCH.1, 1, 0),
        stmt(RET, libc::SECCOMP_RET_KILL_PROCESS),
        stmt(LD_W_ABS, 0), // seccomp_data.nr
        jump(JGE, 0x4000_0000, 0, 1),
        stmt(RET, libc::SECCOMP_RET_ERRNO | libc::ENOSYS as u32),
    ];
    prog.extend(main);
    Ok(prog)
}

/// The small filter a job of a namespaced helper installs right before exec: the mount calls,
/// `setns` and `clone(CLONE_NEWNS)`, which its helper's filter left allowed, fail with EPERM.
pub fn seccomp_mounts() -> Result<Vec<libc::sock_filter>, String> {
    let mut rules = Rules::new();
    for nr in MOUNT_CALLS {
        rules.insert(nr, Vec::new());
    }
    rules.insert(
        libc::SYS_clone,
        vec![flag_set(0, libc::CLONE_NEWNS as u64)?],
    );
    compile(rules, libc::EPERM)
}

/// A second filter: clone3 fails with ENOSYS. clone3 passes its flags in memory, out of
/// seccomp's sight; ENOSYS makes libc fall back to clone, whose flags the deny-list checks.
pub fn seccomp_clone3() -> Result<Vec<libc::sock_filter>, String> {
    let mut rules = Rules::new();
    rules.insert(libc::SYS_clone3, Vec::new());
    compile(rules, libc::ENOSYS)
}

/// Everything the child needs to confine itself, ready before it starts.
pub struct Prepared {
    /// Landlock ruleset fd (O_CLOEXEC), or -1.
    pub ruleset: i32,
    /// Seccomp programs, installed in order (empty: none).
    pub filters: Vec<Vec<libc::sock_filter>>,
}

impl Prepared {
    pub fn none() -> Prepared {
        Prepared {
            ruleset: -1,
            filters: Vec::new(),
        }
    }

    /// `rulesets` caches built rulesets by access: a ruleset is not consumed by
    /// `landlock_restrict_self`, and the tests of a slot alternate between two working folders.
    pub fn new(
        policy: Policy,
        access: Option<&Access>,
        rulesets: &mut Vec<(Access, OwnedFd)>,
    ) -> Result<Prepared, String> {
        let Some(access) = access else {
            return Ok(Prepared::none());
        };
        let ruleset = if policy.landlock {
            let cached = rulesets.iter().find(|(a, _)| a == access);
            let fd = match cached {
                Some((_, fd)) => fd.try_clone(),
                None => {
                    let fd = ruleset(access)?;
                    if rulesets.len() >= 8 {
                        rulesets.remove(0);
                    }
                    let copy = fd.try_clone();
                    rulesets.push((access.clone(), fd));
                    copy
                }
            };
            fd.map_err(|e| format!("landlock: cannot duplicate the ruleset: {e}"))?
                .into_raw_fd()
        } else {
            -1
        };
        // Seccomp is not per job: the helper installed it on itself (see `zygote::Config`).
        Ok(Prepared {
            ruleset,
            filters: Vec::new(),
        })
    }
}

impl Drop for Prepared {
    fn drop(&mut self) {
        if self.ruleset >= 0 {
            // SAFETY: closing the ruleset fd this struct owns.
            unsafe { libc::close(self.ruleset) };
        }
    }
}

/// Confines the calling process: no new privileges, the Landlock ruleset, the seccomp filters.
/// Raw syscalls only (called in the child, which shares the helper's memory until exec).
/// Returns the name of the step that failed.
pub fn enter(p: &Prepared) -> Result<(), &'static str> {
    if p.ruleset < 0 && p.filters.is_empty() {
        return Ok(());
    }
    // SAFETY: prctl and the landlock/seccomp syscalls with valid arguments: an fd we own and
    // BPF programs that live (in the shared memory) until exec.
    unsafe {
        if libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 {
            return Err("prctl(PR_SET_NO_NEW_PRIVS) failed");
        }
        if p.ruleset >= 0 && libc::syscall(libc::SYS_landlock_restrict_self, p.ruleset, 0) != 0 {
            return Err("landlock_restrict_self failed");
        }
        for f in &p.filters {
            let prog = libc::sock_fprog {
                len: f.len() as u16,
                filter: f.as_ptr() as *mut libc::sock_filter,
            };
            if libc::syscall(
                libc::SYS_seccomp,
                libc::SECCOMP_SET_MODE_FILTER,
                0,
                &prog as *const libc::sock_fprog,
            ) != 0
            {
                return Err("seccomp(SECCOMP_SET_MODE_FILTER) failed");
            }
        }
    }
    Ok(())
}

/// Proves that seccomp filters can be installed here (a container profile may refuse): a
/// forked child installs an allow-all filter and reports.
pub fn seccomp_works() -> Result<(), String> {
    let allow = [stmt(
        (libc::BPF_RET | libc::BPF_K) as u16,
        libc::SECCOMP_RET_ALLOW,
    )];
    let prog = libc::sock_fprog {
        len: 1,
        filter: allow.as_ptr() as *mut libc::sock_filter,
    };
    // SAFETY: the child only makes raw syscalls on memory prepared before the fork, then
    // _exits; the parent reaps it.
    unsafe {
        let pid = libc::fork();
        if pid == 0 {
            let ok = libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0
                && libc::syscall(
                    libc::SYS_seccomp,
                    libc::SECCOMP_SET_MODE_FILTER,
                    0,
                    &prog as *const libc::sock_fprog,
                ) == 0;
            libc::_exit(if ok { 0 } else { 1 });
        }
        if pid < 0 {
            return Err(format!("fork failed: {}", std::io::Error::last_os_error()));
        }
        let mut status = 0;
        libc::waitpid(pid, &mut status, 0);
        if libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0 {
            Ok(())
        } else {
            Err("installing a seccomp filter failed (a container's seccomp profile?)".into())
        }
    }
}
