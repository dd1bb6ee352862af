//! What the sandbox can guarantee on this host: the probe (once per grader run), the level
//! computed from it (research §5.3), the choice made with `--sandbox`/`--require-sandbox`, and
//! the table `grader doctor` prints.

use super::cgroup;
use super::confine::{self, Policy};
use serde::Serialize;
use std::sync::OnceLock;

/// Isolation levels, weakest first (DESIGN §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Process hygiene, rlimits and timeouts only (L0, L1).
    Minimal,
    /// Plus Landlock and seccomp (L2, L3): filesystem and network protected without namespaces.
    Basic,
    /// Plus namespaces (L4), without cgroups.
    Standard,
    /// Every layer, cgroups included (L5, and L6 as root).
    Strong,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "minimal" => Level::Minimal,
            "basic" => Level::Basic,
            "standard" => Level::Standard,
            "strong" => Level::Strong,
            _ => return None,
        })
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Level::Minimal => "minimal",
            Level::Basic => "basic",
            Level::Standard => "standard",
            Level::Strong => "strong",
        })
    }
}

/// One probed layer: in force, or missing with the cause and the fix.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub layer: &'static str,
    pub name: &'static str,
    pub ok: bool,
    /// What was found ("ABI 7", "cgroup v1: memory, pids, cpuacct") or why it is missing.
    pub detail: String,
    /// How to get it, when missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

/// The probe's findings.
#[derive(Debug, Clone)]
pub struct Probe {
    pub root: bool,
    pub checks: Vec<Check>,
    pub landlock_abi: i32,
    pub seccomp: bool,
    pub namespaces: bool,
    pub cgroup: Option<cgroup::Base>,
}

fn running_in_container() -> Option<&'static str> {
    if std::path::Path::new("/.dockerenv").exists() {
        return Some("docker");
    }
    if std::path::Path::new("/run/.containerenv").exists() {
        return Some("podman");
    }
    None
}

/// L2: Landlock in force with its ABI, or why not and how to get it.
fn landlock_check(landlock_abi: i32) -> Check {
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    Check {
        layer: "L2",
        name: "landlock",
        ok: landlock_abi > 0,
        detail: if landlock_abi > 0 {
            let mut d = format!("ABI {landlock_abi}: filesystem");
            if landlock_abi >= 4 {
                d.push_str(", tcp");
            }
            if landlock_abi >= 6 {
                d.push_str(", signal and abstract-socket scopes");
            }
            d
        } else {
            let lsm = std::fs::read_to_string("/sys/kernel/security/lsm").unwrap_or_default();
            if lsm.contains("landlock") {
                "landlock_create_ruleset is refused (a container's seccomp profile?)".into()
            } else {
                format!(
                    "not enabled in this kernel ({}; needs Linux >= 5.13 with landlock in the `lsm=` list)",
                    release.trim()
                )
            }
        },
        fix: (landlock_abi == 0).then(|| {
            "boot a kernel >= 5.13 with `lsm=landlock,...`; in Docker, use a seccomp profile \
             that allows the landlock_* syscalls (Podman's default does)"
                .into()
        }),
    }
}

impl Probe {
    /// Probes every layer. Cheap (about a millisecond): a syscall for Landlock, a forked trial
    /// for seccomp, a trial cgroup created and removed.
    pub fn run() -> Probe {
        // SAFETY: geteuid has no arguments.
        let root = unsafe { libc::geteuid() } == 0;
        let mut checks = Vec::new();
        let container = running_in_container();
        checks.push(Check {
            layer: "L0",
            name: "process hygiene",
            ok: true,
            detail: "own session, environment replaced, fds closed, rlimits, cpu and wall \
                     watchdog, subreaper sweep, grader not dumpable"
                .into(),
            fix: None,
        });
        checks.push(Check {
            layer: "L1",
            name: "memory without cgroups",
            ok: true,
            detail: "RLIMIT_DATA per process; peak from wait4 of a freshly exec'd helper".into(),
            fix: None,
        });
        let landlock_abi = confine::landlock_abi();
        checks.push(landlock_check(landlock_abi));
        let seccomp = confine::seccomp_works();
        checks.push(Check {
            layer: "L3",
            name: "seccomp",
            ok: seccomp.is_ok(),
            detail: match &seccomp {
                Ok(()) => "deny-list with architecture checks (x32 and i386 refused)".into(),
                Err(e) => e.clone(),
            },
            fix: seccomp.is_err().then(|| {
                "run the container with a seccomp profile that allows seccomp(2) and prctl(2)"
                    .into()
            }),
        });
        let namespaces = super::ns::probe(root);
        checks.push(Check {
            layer: "L4",
            name: "namespaces",
            ok: namespaces.is_ok(),
            detail: match &namespaces {
                Ok(d) => format!("{d}: a tmpfs root per job with only its files"),
                Err(e) => e.clone(),
            },
            fix: namespaces.is_err().then(|| {
                let mut f = String::from(
                    "allow unprivileged user namespaces (Ubuntu >= 23.10: sysctl \
                     kernel.apparmor_restrict_unprivileged_userns=0; elsewhere \
                     user.max_user_namespaces > 0)",
                );
                if let Some(c) = container {
                    f.push_str(&format!(
                        "; in {c}, a seccomp profile that allows unshare and mount \
                         (e.g. --security-opt seccomp=unconfined)"
                    ));
                }
                f
            }),
        });
        let cgroup = if root {
            cgroup::find()
        } else {
            Err("not root and no delegated cgroup".into())
        };
        checks.push(Check {
            layer: "L5",
            name: "cgroups",
            ok: cgroup.is_ok(),
            detail: match &cgroup {
                Ok(b) if b.version == cgroup::Version::V1 => format!(
                    "cgroup v1: memory (swap off), pids, cpuacct under {}",
                    b.memory.display()
                ),
                Ok(b) => format!(
                    "cgroup v2: memory (swap off), pids, cpu.stat, cgroup.kill under {}",
                    b.memory.display()
                ),
                Err(e) => e.clone(),
            },
            fix: cgroup.is_err().then(|| {
                let mut f = String::from(
                    "run as root, or in a delegated cgroup v2 subtree: `systemd-run --user \
                     --scope -p Delegate=yes grader ...`",
                );
                if let Some(c) = container {
                    f.push_str(&format!(
                        "; in {c}, mount the cgroup filesystem read-write (e.g. --cgroupns=private)"
                    ));
                }
                f
            }),
        });
        checks.push(Check {
            layer: "L6",
            name: "dedicated uid",
            ok: root && namespaces.is_ok(),
            detail: match (root, namespaces.is_ok()) {
                (true, true) => format!(
                    "a uid per parallel slot from {}: exact process limit, no access to \
                     the grader's files",
                    super::pool::SLOT_UID
                ),
                (true, false) => "needs the mount namespace (the slot's uid could not reach \
                                  the toolchains): programs run as root, confined by Landlock \
                                  and seccomp"
                    .into(),
                (false, _) => format!(
                    "not root: programs run as the grader's user{}",
                    if namespaces.is_ok() {
                        " (uid 1000 in a user namespace)"
                    } else {
                        ""
                    }
                ),
            },
            fix: None,
        });
        Probe {
            root,
            checks,
            landlock_abi,
            seccomp: seccomp.is_ok(),
            namespaces: namespaces.is_ok(),
            cgroup: cgroup.ok(),
        }
    }

    /// The strongest level the host supports.
    pub fn best(&self) -> Level {
        let basic = self.landlock_abi > 0 && self.seccomp;
        match (basic, self.namespaces, self.cgroup.is_some()) {
            (true, true, true) => Level::Strong,
            (true, true, false) => Level::Standard,
            (true, false, _) => Level::Basic,
            _ => Level::Minimal,
        }
    }

    /// What is missing for `level`, in words (empty when it is available).
    pub fn missing_for(&self, level: Level) -> Vec<String> {
        let need: &[&str] = match level {
            Level::Minimal => &[],
            Level::Basic => &["landlock", "seccomp"],
            Level::Standard => &["landlock", "seccomp", "namespaces"],
            Level::Strong => &["landlock", "seccomp", "namespaces", "cgroups"],
        };
        self.checks
            .iter()
            .filter(|c| !c.ok && need.contains(&c.name))
            .map(|c| format!("{}: {}", c.name, c.detail))
            .collect()
    }
}

/// The level in force and the features behind it, as reported with every result.
#[derive(Debug, Clone, Serialize)]
pub struct SandboxInfo {
    pub level: Level,
    /// Layers in force, e.g. "landlock-v7", "seccomp", "cgroup-v1".
    pub features: Vec<String>,
    /// Layers not in force, each with why.
    pub missing: Vec<String>,
    /// How memory is measured and enforced.
    pub memory: &'static str,
    #[serde(skip)]
    pub policy: Policy,
    /// Where slot cgroups are created, when cgroups are used.
    #[serde(skip)]
    pub cgroup: Option<cgroup::Base>,
    #[serde(skip)]
    pub probe: Option<Probe>,
}

/// Which level to use: the best available (`None`) or the one asked for with `--sandbox`.
fn select(probe: Probe, choice: Option<Level>) -> Result<SandboxInfo, String> {
    let best = probe.best();
    let level = match choice {
        None => best,
        Some(l) if l <= best => l,
        Some(l) => {
            return Err(format!(
                "--sandbox {l} is not available here (best: {best}); missing: {}",
                probe.missing_for(l).join("; ")
            ));
        }
    };
    // Auto uses every layer available, even above the level (cgroups without namespaces);
    // an explicit level uses exactly its own layers, so that levels can be compared.
    let confine = level >= Level::Basic;
    let namespaces = level >= Level::Standard;
    let use_cgroup = match choice {
        None => probe.cgroup.is_some(),
        Some(l) => l == Level::Strong,
    };
    let mut features = vec![
        "own-session".to_string(),
        "env-cleared".into(),
        "fds-closed".into(),
        "rlimits".into(),
        "cpu-and-wall-watchdog".into(),
        "subreaper-sweep".into(),
    ];
    if confine {
        features.push(format!("landlock-v{}", probe.landlock_abi));
        features.push("seccomp".into());
    }
    if namespaces {
        if !probe.root {
            features.push("userns".into());
        }
        features.push("mntns-tmpfs-root".into());
        features.extend(["pidns", "netns", "ipcns", "utsns"].map(String::from));
        if probe.root {
            features.push("uid-per-slot".into());
        }
    }
    let cgroup = if use_cgroup {
        probe.cgroup.clone()
    } else {
        None
    };
    if let Some(c) = &cgroup {
        features.push(match c.version {
            cgroup::Version::V1 => "cgroup-v1:memory,pids,cpuacct".into(),
            cgroup::Version::V2 => "cgroup-v2:memory,pids,cpu,kill".into(),
        });
    } else {
        features.push("rlimit-data".into());
    }
    let mut missing = Vec::new();
    for c in &probe.checks {
        let used = match c.name {
            "landlock" | "seccomp" => confine,
            "namespaces" => namespaces,
            "dedicated uid" => namespaces && c.ok,
            "cgroups" => cgroup.is_some(),
            _ => c.ok,
        };
        if !used {
            let why = if c.ok {
                format!("not used at --sandbox {level}")
            } else {
                c.detail.clone()
            };
            missing.push(format!("{}: {why}", c.name));
        }
    }
    Ok(SandboxInfo {
        level,
        features,
        missing,
        memory: if cgroup.is_some() {
            "cgroup: the whole process tree, enforced and measured"
        } else {
            "approximate (rusage, per process): enforced per process with RLIMIT_DATA"
        },
        policy: Policy {
            landlock: confine,
            seccomp: confine,
            namespaces,
        },
        cgroup,
        probe: Some(probe),
    })
}

static SELECTED: OnceLock<SandboxInfo> = OnceLock::new();

/// Probes the host and fixes the level of this grader run. `require`: fail (naming what is
/// missing) unless at least that level is in force.
pub fn configure(choice: Option<Level>, require: Option<Level>) -> Result<(), String> {
    let info = select(Probe::run(), choice)?;
    if let Some(r) = require
        && info.level < r
    {
        let missing = info
            .probe
            .as_ref()
            .map(|p| p.missing_for(r))
            .unwrap_or_default();
        let why = if missing.is_empty() {
            format!("--sandbox {} was asked for", info.level)
        } else {
            format!("missing: {}", missing.join("; "))
        };
        return Err(format!(
            "--require-sandbox {r}: the sandbox here is only {} ({why}); see `grader doctor`",
            info.level
        ));
    }
    let _ = SELECTED.set(info);
    Ok(())
}

impl SandboxInfo {
    /// The level of this grader run (probed on first use when [`configure`] was not called).
    pub fn probe() -> SandboxInfo {
        SELECTED
            .get_or_init(|| select(Probe::run(), None).expect("the best level is available"))
            .clone()
    }
}
