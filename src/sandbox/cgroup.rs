//! L5: cgroups v1 and v2 by plain file I/O (no crate). One cgroup per sandbox slot, created by
//! the grader (and removed by it, Ctrl-C included), entered by each job's process before exec,
//! and read by the helper: the memory limit with swap off, the pids limit, the CPU time of the
//! whole tree (orphans included), the peak and the OOM-kill flag.
//!
//! v1 (hybrid hosts): one folder per controller (`memory`, `pids`, `cpuacct`), each below the
//! grader's own cgroup of that controller. v2: one folder below the grader's own cgroup, which
//! must delegate `memory` and `pids` (`cgroup.subtree_control`).

use serde::{Deserialize, Serialize};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Version {
    V1,
    V2,
}

/// Where new cgroups go: the grader's own cgroups, found by [`find`].
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Base {
    pub version: Version,
    /// v1: the grader's memory, pids and cpuacct cgroups. v2: the grader's cgroup (three times).
    pub memory: PathBuf,
    pub pids: PathBuf,
    pub cpu: PathBuf,
}

/// One slot's cgroup(s).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Group {
    pub version: Version,
    pub memory: PathBuf,
    pub pids: PathBuf,
    pub cpu: PathBuf,
}

impl Group {
    /// The distinct folders (one on v2, three on v1).
    pub fn dirs(&self) -> Vec<PathBuf> {
        let mut d = vec![self.memory.clone(), self.pids.clone(), self.cpu.clone()];
        d.dedup();
        d
    }
}

/// Prefix of the cgroups this program creates: `grader-<pid>-<n>`.
const PREFIX: &str = "grader-";

/// The cgroup mount points and the grader's place in each, from `/proc/self/{mountinfo,cgroup}`.
fn mounts() -> Vec<(String, PathBuf, PathBuf)> {
    // (fstype or v1 controller list, mount point, mount root)
    let mut out = Vec::new();
    let info = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
    for line in info.lines() {
        let Some((left, right)) = line.split_once(" - ") else {
            continue;
        };
        let l: Vec<&str> = left.split(' ').collect();
        let r: Vec<&str> = right.split(' ').collect();
        if l.len() < 5 || r.len() < 3 {
            continue;
        }
        let (root, point) = (PathBuf::from(l[3]), PathBuf::from(l[4]));
        match r[0] {
            "cgroup2" => out.push(("cgroup2".to_string(), point, root)),
            "cgroup" => out.push((r[2].to_string(), point, root)),
            _ => {}
        }
    }
    out
}

fn join_under(point: &Path, root: &Path, path: &str) -> PathBuf {
    let rel = Path::new(path)
        .strip_prefix(root)
        .unwrap_or(Path::new(path));
    let rel = rel.strip_prefix("/").unwrap_or(rel);
    point.join(rel)
}

/// Finds where this process may create cgroups with memory, pids and CPU accounting, and proves
/// it by creating and removing a trial cgroup. v1 is preferred when it holds the memory
/// controller (hybrid hosts keep the controllers there).
pub fn find() -> Result<Base, String> {
    let own = std::fs::read_to_string("/proc/self/cgroup")
        .map_err(|e| format!("cannot read /proc/self/cgroup: {e}"))?;
    let mounts = mounts();
    let v1 = |ctrl: &str| -> Option<PathBuf> {
        let line = own.lines().find(|l| {
            let mut f = l.splitn(3, ':');
            f.next();
            f.next().is_some_and(|c| c.split(',').any(|c| c == ctrl))
        })?;
        let path = line.splitn(3, ':').nth(2)?;
        let (_, point, root) = mounts
            .iter()
            .find(|(opts, _, _)| opts != "cgroup2" && opts.split(',').any(|o| o == ctrl))?;
        Some(join_under(point, root, path))
    };
    let base = match (v1("memory"), v1("pids"), v1("cpuacct")) {
        (Some(memory), Some(pids), Some(cpu)) => Base {
            version: Version::V1,
            memory,
            pids,
            cpu,
        },
        _ => {
            let path = own
                .lines()
                .find_map(|l| l.strip_prefix("0::"))
                .ok_or("no cgroup v1 memory/pids/cpuacct controllers and no cgroup v2")?;
            let (_, point, root) = mounts
                .iter()
                .find(|(t, _, _)| t == "cgroup2")
                .ok_or("cgroup2 is not mounted")?;
            let dir = join_under(point, root, path);
            let delegated =
                std::fs::read_to_string(dir.join("cgroup.subtree_control")).unwrap_or_default();
            let has = |c: &str| delegated.split_whitespace().any(|d| d == c);
            if !(has("memory") && has("pids")) {
                return Err(format!(
                    "cgroup v2 `{}` does not delegate the memory and pids controllers to its children",
                    dir.display()
                ));
            }
            Base {
                version: Version::V2,
                memory: dir.clone(),
                pids: dir.clone(),
                cpu: dir,
            }
        }
    };
    remove_stale(&base);
    let trial = create(&base).map_err(|e| format!("cannot create a cgroup: {e}"))?;
    remove(&trial);
    Ok(base)
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// Creates a fresh cgroup (one folder per controller on v1) for one sandbox slot.
pub fn create(base: &Base) -> std::io::Result<Group> {
    let name = format!(
        "{PREFIX}{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    );
    let group = Group {
        version: base.version,
        memory: base.memory.join(&name),
        pids: base.pids.join(&name),
        cpu: base.cpu.join(&name),
    };
    for (i, dir) in group.dirs().iter().enumerate() {
        if let Err(e) = std::fs::create_dir(dir) {
            for made in &group.dirs()[..i] {
                let _ = std::fs::remove_dir(made);
            }
            return Err(std::io::Error::new(
                e.kind(),
                format!("{}: {e}", dir.display()),
            ));
        }
    }
    Ok(group)
}

/// Removes a slot's cgroup(s), killing what is still inside (only this slot's processes can
/// be there). Returns false if a folder could not be removed.
pub fn remove(group: &Group) -> bool {
    let mut all = true;
    for dir in group.dirs() {
        let mut removed = false;
        for _ in 0..500 {
            match std::fs::remove_dir(&dir) {
                Err(e) if e.raw_os_error() == Some(libc::EBUSY) => {
                    for pid in read(&dir.join("cgroup.procs"))
                        .split_whitespace()
                        .filter_map(|p| p.parse::<i32>().ok())
                    {
                        // SAFETY: SIGKILL to a process inside this slot's own cgroup.
                        unsafe { libc::kill(pid, libc::SIGKILL) };
                    }
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    removed = true;
                    break;
                }
                r => {
                    removed = r.is_ok();
                    break;
                }
            }
        }
        all &= removed;
    }
    all
}

/// Removes cgroups left by graders that no longer run (killed with SIGKILL, say).
fn remove_stale(base: &Base) {
    for dir in [&base.memory, &base.pids, &base.cpu] {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(pid) = name
                .strip_prefix(PREFIX)
                .and_then(|r| r.split('-').next())
                .and_then(|p| p.parse::<u32>().ok())
            else {
                continue;
            };
            if !Path::new(&format!("/proc/{pid}")).exists() {
                let _ = std::fs::remove_dir(entry.path());
            }
        }
    }
}

/// The helper's open handles on one slot's cgroup, used around every job.
pub struct Handles {
    pub group: Group,
    /// `cgroup.procs` written "0" by a job's child to enter: every folder on v2, the memory
    /// one on v1 (see [`Handles::open`]).
    pub procs: Vec<i32>,
    cpu: std::fs::File,
    /// `pids.events`, read at every tick of the watchdog: a refused fork ends the job at once.
    pids_events: Option<std::fs::File>,
    /// The helper itself is in the pids cgroup (v1): one more task than the job's.
    helper_inside: bool,
    /// The memory and pids limits last written.
    limits: Option<(Option<u64>, Option<u64>)>,
}

/// What the cgroup says about one job.
#[derive(Debug, Clone, Copy, Default)]
pub struct Usage {
    pub cpu_ns: u64,
    pub peak: u64,
    pub oom_killed: bool,
    pub pids_refused: bool,
}

/// Counters sampled before a job, to tell its own events apart.
#[derive(Debug, Clone, Copy, Default)]
pub struct Before {
    cpu_ns: u64,
    oom: u64,
    pids_max: u64,
    /// Memory charged before the job: page cache of earlier jobs (inputs, outputs, the
    /// program's file). Not dropped (`force_empty` would evict the test data and the binary
    /// from the page cache, costing milliseconds per test); subtracted from the peak instead.
    /// The kernel reclaims it before it counts against the limit.
    baseline: u64,
}

impl Before {
    /// CPU time of the cgroup when the job started, in nanoseconds.
    pub fn cpu_ns(&self) -> u64 {
        self.cpu_ns
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// The value of `key` in a flat keyed file such as `memory.events` or `pids.events`.
fn keyed(text: &str, key: &str) -> u64 {
    text.lines()
        .find_map(|l| {
            let (k, v) = l.split_once(' ')?;
            (k == key).then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0)
}

impl Handles {
    /// Opens the slot's cgroup. Moving a process between v1 cgroups costs about a millisecond
    /// per controller and up to ~15 ms for the memory controller (an RCU grace period, measured
    /// here), so on v1 the helper moves itself into all of them once and each job's child is
    /// born there. The OOM killer must not choose the helper: right after each exec the helper
    /// raises the job's `oom_score_adj` to 1000 (lowering its own would need CAP_SYS_RESOURCE,
    /// and the child cannot raise its own before exec: it shares the helper's memory until then,
    /// and the kernel applies the value to every process sharing it). The helper's own ~2 MiB are
    /// charged to the cgroup too. On v2 the child enters the one cgroup per job (the helper must
    /// stay out: `cgroup.kill` ends everything inside).
    pub fn open(group: Group) -> std::io::Result<Handles> {
        let mut procs = Vec::new();
        let helper_inside = group.version == Version::V1;
        for dir in group.dirs() {
            if helper_inside {
                std::fs::write(dir.join("cgroup.procs"), std::process::id().to_string())?;
                continue;
            }
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(dir.join("cgroup.procs"))?;
            procs.push(std::os::fd::IntoRawFd::into_raw_fd(f));
        }
        let cpu_file = match group.version {
            Version::V1 => group.cpu.join("cpuacct.usage"),
            Version::V2 => group.cpu.join("cpu.stat"),
        };
        let cpu = std::fs::File::open(cpu_file)?;
        let pids_events = std::fs::File::open(group.pids.join("pids.events")).ok();
        Ok(Handles {
            group,
            procs,
            cpu,
            pids_events,
            helper_inside,
            limits: None,
        })
    }

    /// CPU time of everything in the cgroup so far, in nanoseconds.
    pub fn cpu_ns(&mut self) -> u64 {
        let mut s = String::new();
        if self.cpu.seek(SeekFrom::Start(0)).is_err() || self.cpu.read_to_string(&mut s).is_err() {
            return 0;
        }
        match self.group.version {
            Version::V1 => s.trim().parse().unwrap_or(0),
            Version::V2 => keyed(&s, "usage_usec") * 1000,
        }
    }

    /// True when the pids limit has refused a fork or thread since `before` (cheap: one read
    /// of an open file, done at every tick of the watchdog).
    pub fn tasks_refused(&mut self, before: &Before) -> bool {
        let mut s = String::new();
        let Some(f) = self.pids_events.as_mut() else {
            return false;
        };
        f.seek(SeekFrom::Start(0)).is_ok()
            && f.read_to_string(&mut s).is_ok()
            && keyed(&s, "max") > before.pids_max
    }

    /// Sets the limits of the next job and resets the peak. `memory`/`pids` `None`: unlimited.
    pub fn prepare(&mut self, memory: Option<u64>, pids: Option<u64>) -> Before {
        let g = &self.group;
        let write = |p: PathBuf, v: &str| std::fs::write(p, v).is_ok();
        // Limits are written only when they change (most tests of a run share them).
        let changed = self.limits != Some((memory, pids));
        self.limits = Some((memory, pids));
        match g.version {
            Version::V1 if !changed => {
                let _ = write(g.memory.join("memory.max_usage_in_bytes"), "0");
            }
            Version::V1 => {
                let limit = memory.map_or("-1".to_string(), |m| m.to_string());
                // memsw must stay >= limit: order the two writes accordingly.
                let memsw = g.memory.join("memory.memsw.limit_in_bytes");
                if !write(g.memory.join("memory.limit_in_bytes"), &limit) {
                    let _ = write(memsw.clone(), &limit);
                    let _ = write(g.memory.join("memory.limit_in_bytes"), &limit);
                }
                let _ = write(memsw, &limit);
                let _ = write(g.memory.join("memory.max_usage_in_bytes"), "0");
            }
            Version::V2 => {
                let limit = memory.map_or("max".to_string(), |m| m.to_string());
                let _ = write(g.memory.join("memory.max"), &limit);
                let _ = write(g.memory.join("memory.swap.max"), "0");
                // Resets the peak on kernels >= 6.12; older ones keep the slot's peak.
                let _ = write(g.memory.join("memory.peak"), "0");
            }
        }
        let pids = pids.map_or("max".to_string(), |p| {
            (p + u64::from(self.helper_inside)).to_string()
        });
        if changed {
            let _ = write(g.pids.join("pids.max"), &pids);
        }
        let pids_max = keyed(&read(&g.pids.join("pids.events")), "max");
        let usage = match g.version {
            Version::V1 => "memory.usage_in_bytes",
            Version::V2 => "memory.current",
        };
        let baseline = read(&g.memory.join(usage)).trim().parse().unwrap_or(0);
        Before {
            baseline,
            cpu_ns: self.cpu_ns(),
            oom: self.oom_kills(),
            pids_max,
        }
    }

    fn oom_kills(&self) -> u64 {
        match self.group.version {
            Version::V1 => keyed(
                &read(&self.group.memory.join("memory.oom_control")),
                "oom_kill",
            ),
            Version::V2 => keyed(&read(&self.group.memory.join("memory.events")), "oom_kill"),
        }
    }

    /// What the job did, once its tree is gone.
    pub fn usage(&mut self, before: &Before) -> Usage {
        let g = self.group.clone();
        let peak = match g.version {
            Version::V1 => read(&g.memory.join("memory.max_usage_in_bytes")),
            Version::V2 => read(&g.memory.join("memory.peak")),
        };
        Usage {
            cpu_ns: self.cpu_ns().saturating_sub(before.cpu_ns),
            peak: peak
                .trim()
                .parse::<u64>()
                .unwrap_or(0)
                .saturating_sub(before.baseline),
            oom_killed: self.oom_kills() > before.oom,
            pids_refused: keyed(&read(&g.pids.join("pids.events")), "max") > before.pids_max,
        }
    }

    /// v2 only: kills every process in the cgroup at once. Returns false when not available.
    pub fn kill_all(&self) -> bool {
        self.group.version == Version::V2
            && std::fs::OpenOptions::new()
                .write(true)
                .open(self.group.cpu.join("cgroup.kill"))
                .and_then(|mut f| f.write_all(b"1"))
                .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group_v2(dir: &Path) -> Group {
        Group {
            version: Version::V2,
            memory: dir.to_path_buf(),
            pids: dir.to_path_buf(),
            cpu: dir.to_path_buf(),
        }
    }

    /// The v2 file protocol, on a folder that stands in for a cgroup (this host's controllers
    /// are all on v1): the limits written, the counters read, the events told apart from the
    /// ones before the job.
    #[test]
    fn v2_limits_and_counters_by_file() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let put = |name: &str, text: &str| std::fs::write(d.join(name), text).unwrap();
        put("cgroup.procs", "");
        put(
            "cpu.stat",
            "usage_usec 1000\nuser_usec 800\nsystem_usec 200\n",
        );
        put("memory.current", "4096\n");
        put("memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n");
        put("pids.events", "max 0\n");
        let mut h = Handles::open(group_v2(d)).unwrap();
        assert_eq!(h.procs.len(), 1, "the child enters through cgroup.procs");
        let before = h.prepare(Some(64 << 20), Some(256));
        let get = |name: &str| std::fs::read_to_string(d.join(name)).unwrap();
        assert_eq!(get("memory.max"), (64u64 << 20).to_string());
        assert_eq!(get("memory.swap.max"), "0");
        assert_eq!(get("pids.max"), "256");
        assert_eq!(before.cpu_ns(), 1_000_000);
        // The job ran: 0.5 s of CPU, a peak, one OOM kill, three refused forks.
        put("cpu.stat", "usage_usec 501000\n");
        put("memory.peak", "70000000\n");
        put("memory.events", "oom 1\noom_kill 1\n");
        put("pids.events", "max 3\n");
        let u = h.usage(&before);
        assert_eq!(u.cpu_ns, 500_000_000);
        assert_eq!(u.peak, 70_000_000 - 4096);
        assert!(u.oom_killed && u.pids_refused);
        assert!(
            h.tasks_refused(&before),
            "the watchdog sees the refused forks"
        );
        // The next job starts from these counters: nothing new happened to it.
        let before = h.prepare(Some(64 << 20), Some(256));
        let u = h.usage(&before);
        assert!(!u.oom_killed && !u.pids_refused && u.cpu_ns == 0);
        assert!(!h.tasks_refused(&before));
        put("cgroup.kill", "");
        assert!(h.kill_all());
        assert_eq!(get("cgroup.kill"), "1");
    }

    /// A real cgroup v2 (this host's unified hierarchy has no controllers, but `cpu.stat` and
    /// `cgroup.kill` are there): a spinning process's CPU is counted and one write kills it.
    #[test]
    #[expect(
        clippy::disallowed_methods,
        reason = "a process to put in a test cgroup"
    )]
    fn v2_cpu_stat_and_cgroup_kill_on_the_real_hierarchy() {
        // SAFETY: geteuid has no arguments.
        if unsafe { libc::geteuid() } != 0 {
            crate::sandbox::test_skip("creating a cgroup v2 needs root here");
            return;
        }
        let own = read(Path::new("/proc/self/cgroup"));
        let Some(path) = own.lines().find_map(|l| l.strip_prefix("0::")) else {
            crate::sandbox::test_skip("no cgroup v2 hierarchy on this host");
            return;
        };
        let mounts = mounts();
        let Some((_, point, root)) = mounts.iter().find(|(t, _, _)| t == "cgroup2") else {
            crate::sandbox::test_skip("cgroup2 is not mounted");
            return;
        };
        let dir = join_under(point, root, path).join(format!("grader-test-{}", std::process::id()));
        if let Err(e) = std::fs::create_dir(&dir) {
            crate::sandbox::test_skip(&format!("cannot create {}: {e}", dir.display()));
            return;
        }
        let group = group_v2(&dir);
        let mut child = std::process::Command::new("sh")
            .args(["-c", "while :; do :; done"])
            .spawn()
            .unwrap();
        std::fs::write(dir.join("cgroup.procs"), child.id().to_string()).unwrap();
        let cpu = std::fs::File::open(dir.join("cpu.stat")).unwrap();
        let mut h = Handles {
            group: group.clone(),
            procs: Vec::new(),
            cpu,
            pids_events: None,
            helper_inside: false,
            limits: None,
        };
        let start = h.cpu_ns();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while h.cpu_ns() - start < 100_000_000 && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(
            h.cpu_ns() - start >= 100_000_000,
            "cpu.stat did not count the spinner"
        );
        assert!(h.kill_all(), "cgroup.kill");
        let status = child.wait().unwrap();
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(libc::SIGKILL));
        assert!(remove(&group), "the cgroup was not removed");
        assert!(!dir.exists());
    }
}
