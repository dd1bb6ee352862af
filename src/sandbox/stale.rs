//! Run state that outlives a grader killed with SIGKILL (no Ctrl-C handler runs then): every
//! folder a run creates (the engine's `grader-*` scratch folders, the pool's `grader-root-*`
//! staging folders, PostgreSQL's `grader-pg-*` clusters, the cache's build and Python
//! environment work folders) names its owner, the grader's pid and start time (field 22 of
//! `/proc/PID/stat`, so a reused pid is told apart: [`tag`], part of the name from the `mkdir`
//! on, so no kill can leave an unowned folder), and holds an owner file ([`mark`]) that adds the
//! boot and the pid namespace and proves the owner's uid once the folder is another user's.
//! [`sweep`], called once at the start of every command, removes the state whose owner is gone:
//! it stops a leftover PostgreSQL server (only a `postgres` process working in that cluster's
//! data folder), then removes the folder. It touches only folders of this user, never follows a
//! symlink, never crosses a mount point, and never touches the state of a live grader.

use std::io::{Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The owner record inside a marked folder.
pub const OWNER_FILE: &str = ".grader-owner";

/// Who owns a folder: a grader process, told apart from a later process with the same pid.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Owner {
    pid: u32,
    /// Start time in clock ticks after boot (`/proc/PID/stat` field 22).
    start: u64,
    /// `/proc/sys/kernel/random/boot_id`: pids and start times restart with the machine.
    boot: String,
    /// The pid namespace (`/proc/self/ns/pid`): pids of another namespace cannot be checked here.
    pidns: String,
}

impl Owner {
    fn parse(text: &str) -> Option<Owner> {
        let mut f = text.split_ascii_whitespace();
        Some(Owner {
            pid: f.next()?.parse().ok()?,
            start: f.next()?.parse().ok()?,
            boot: f.next()?.to_string(),
            pidns: f.next()?.to_string(),
        })
    }

    fn line(&self) -> String {
        format!("{} {} {} {}\n", self.pid, self.start, self.boot, self.pidns)
    }
}

/// This process as an owner (read once).
fn me() -> &'static Owner {
    static ME: OnceLock<Owner> = OnceLock::new();
    ME.get_or_init(|| {
        let pid = std::process::id();
        Owner {
            pid,
            start: stat(pid).map_or(0, |(_, start)| start),
            boot: boot_id(),
            pidns: pidns(),
        }
    })
}

fn boot_id() -> String {
    std::fs::read_to_string("/proc/sys/kernel/random/boot_id")
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| "-".into())
}

fn pidns() -> String {
    std::fs::read_link("/proc/self/ns/pid")
        .map(|p| p.display().to_string().replace(' ', "_"))
        .unwrap_or_else(|_| "-".into())
}

/// A process's state letter and start time (fields 3 and 22 of `/proc/PID/stat`).
fn stat(pid: u32) -> Option<(char, u64)> {
    crate::procfs::state_and_start(&crate::procfs::read_stat(i32::try_from(pid).ok()?)?)
}

/// Whether a process is gone for good: no such pid, a zombie, or a later process with its pid.
fn gone(pid: u32, start: Option<u64>) -> bool {
    match stat(pid) {
        None => true,
        Some(('Z' | 'X', _)) => true,
        Some((_, s)) => start.is_some_and(|start| s != start),
    }
}

fn euid() -> u32 {
    // SAFETY: geteuid has no arguments and cannot fail.
    unsafe { libc::geteuid() }
}

/// The owner part of a folder's name, `PID-START-` (put after the folder's prefix): the sweep
/// reads it without opening the folder.
pub fn tag() -> String {
    format!("{}-{}-", me().pid, me().start)
}

/// The owner (pid, start time) a folder's name records after `prefix`, skipping kind words
/// (`grader-root-PID-START-...`).
fn tagged(name: &str, prefix: &str) -> Option<(u32, u64)> {
    let mut fields = name
        .strip_prefix(prefix)?
        .split('-')
        .skip_while(|f| f.chars().all(|c| c.is_ascii_alphabetic()));
    Some((fields.next()?.parse().ok()?, fields.next()?.parse().ok()?))
}

/// Records this grader as the owner of `dir`, a folder it has just created (named with [`tag`]).
pub fn mark(dir: &Path) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o644)
        .custom_flags(libc::O_NOFOLLOW)
        .open(dir.join(OWNER_FILE))?;
    f.write_all(me().line().as_bytes())
}

/// Removes the owner record of `dir` (before an `rmdir` that needs the folder empty, or once a
/// work folder has become a cache entry).
pub fn unmark(dir: &Path) {
    let _ = std::fs::remove_file(dir.join(OWNER_FILE));
}

/// The owner file of `dir`, if it holds a regular one written by this user.
fn owner_file(dir: &Path) -> Option<Owner> {
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(dir.join(OWNER_FILE))
        .ok()?;
    let meta = f.metadata().ok()?;
    if !meta.is_file() || meta.uid() != euid() || meta.len() > 256 {
        return None;
    }
    let mut text = String::new();
    f.read_to_string(&mut text).ok()?;
    Owner::parse(&text)
}

/// Whether the folder `dir`, named for the grader (`pid`, `start`), is stale state of this
/// user: the grader is gone, and the folder is a real folder (not a symlink) with an owner file
/// of this user that agrees (same grader, and a pid namespace where its pid means something),
/// or, killed before the file was written, a folder of this user without one (or with an empty one).
fn stale(dir: &Path, pid: u32, start: u64) -> bool {
    let here = me();
    if pid == here.pid || !gone(pid, Some(start)) {
        return false;
    }
    let Ok(meta) = std::fs::symlink_metadata(dir) else {
        return false;
    };
    if !meta.is_dir() {
        return false;
    }
    match owner_file(dir) {
        Some(o) if o.pid != pid || o.start != start => false,
        Some(o) => o.boot != here.boot || o.pidns == here.pidns,
        // Killed before the record was written: none yet, or created and still empty.
        None => {
            meta.uid() == euid()
                && match std::fs::symlink_metadata(dir.join(OWNER_FILE)) {
                    Err(e) => e.kind() == std::io::ErrorKind::NotFound,
                    Ok(m) => m.is_file() && m.len() == 0 && m.uid() == euid(),
                }
        }
    }
}

/// One piece of state removed (or that could not be).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    pub path: PathBuf,
    /// What it was: "PostgreSQL cluster", "scratch folder", ...
    pub what: &'static str,
    /// The dead grader's pid.
    pub grader: u32,
    /// The PostgreSQL server stopped, if one still ran.
    pub server: Option<u32>,
    /// Why it could not be removed, if it could not.
    pub error: Option<String>,
}

impl std::fmt::Display for Cleaned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let server = self
            .server
            .map(|p| format!("server pid {p}, "))
            .unwrap_or_default();
        match &self.error {
            None => write!(f, "removed stale {} {}", self.what, self.path.display())?,
            Some(e) => write!(
                f,
                "cannot remove stale {} {}: {e}",
                self.what,
                self.path.display()
            )?,
        }
        write!(f, " ({server}grader pid {} gone)", self.grader)
    }
}

/// Where state of a grader may be left: the temporary folder (`grader-*`) and, as root, /tmp
/// for PostgreSQL clusters (used when the `postgres` user cannot reach TMPDIR); then `extra`
/// (folder, name prefix) places from the layers above (the cache's work folders).
fn places(extra: &[(PathBuf, &'static str)]) -> Vec<(PathBuf, &'static str)> {
    let tmp = std::env::temp_dir();
    let mut out = vec![(tmp.clone(), "grader-")];
    if euid() == 0 && tmp != Path::new("/tmp") {
        out.push((PathBuf::from("/tmp"), "grader-pg-"));
    }
    out.extend(extra.iter().cloned());
    out
}

/// Finds the state of graders that no longer run and removes it; returns what it found. Cheap
/// when there is nothing to do: one `read_dir` per place, and a `/proc/PID/stat` read per
/// folder whose name has the place's prefix and an owner.
pub fn sweep(extra: &[(PathBuf, &'static str)]) -> Vec<Cleaned> {
    sweep_places(&places(extra))
}

fn sweep_places(places: &[(PathBuf, &'static str)]) -> Vec<Cleaned> {
    let mut cleaned = Vec::new();
    for (dir, prefix) in places {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                continue;
            };
            if !name.starts_with(prefix) || !entry.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            let Some((pid, start)) = tagged(name, prefix) else {
                continue;
            };
            let path = entry.path();
            if stale(&path, pid, start) {
                cleaned.push(clean(path, name, pid));
            }
        }
    }
    cleaned
}

fn what(name: &str) -> &'static str {
    if name.starts_with("grader-pg-") {
        "PostgreSQL cluster"
    } else if name.starts_with("grader-root-") {
        "sandbox staging folder"
    } else if name.starts_with("grader-batch-") {
        "batch copy of the class"
    } else if name.starts_with("grader-") {
        "scratch folder"
    } else {
        "work folder"
    }
}

/// Stops the server of a cluster folder if one runs, then removes the folder.
fn clean(path: PathBuf, name: &str, grader: u32) -> Cleaned {
    let mut c = Cleaned {
        what: what(name),
        server: None,
        error: None,
        grader,
        path,
    };
    let data = c.path.join("data");
    if std::fs::symlink_metadata(&data).is_ok_and(|m| m.is_dir()) {
        match stop_server(&data) {
            Ok(server) => c.server = server,
            Err(e) => {
                c.error = Some(e);
                return c;
            }
        }
    }
    if let Some(m) = mount_below(&c.path) {
        c.error = Some(format!("`{}` is a mount point; unmount it first", m));
        return c;
    }
    match std::fs::remove_dir_all(&c.path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            c.error = Some(e.to_string());
        }
        _ => {}
    }
    c
}

/// A mount point at or below `dir` (removing through it would delete what it shows).
fn mount_below(dir: &Path) -> Option<String> {
    let info = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    let dir = dir.canonicalize().ok()?;
    info.lines()
        .filter_map(|l| l.split(' ').nth(4))
        .map(|p| p.replace("\\040", " "))
        .find(|p| Path::new(p).starts_with(&dir))
}

/// The processes of the PostgreSQL cluster in `data`: named `postgres`, working in `data` (the
/// postmaster and every backend `chdir` there). The postmaster first when it is among them.
fn cluster_processes(data: &Path, postmaster: Option<u32>) -> Vec<u32> {
    let Ok(data) = data.canonicalize() else {
        return Vec::new();
    };
    let of_cluster = |pid: u32| {
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        comm.trim() == "postgres"
            && std::fs::read_link(format!("/proc/{pid}/cwd")).is_ok_and(|c| c == data)
            && !gone(pid, None)
    };
    let mut pids: Vec<u32> = postmaster.into_iter().filter(|&p| of_cluster(p)).collect();
    for e in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        if let Some(pid) = e.file_name().to_str().and_then(|n| n.parse::<u32>().ok())
            && Some(pid) != postmaster
            && of_cluster(pid)
        {
            pids.push(pid);
        }
    }
    pids
}

/// The pid `postmaster.pid` names when its second line is this data folder.
fn postmaster(data: &Path) -> Option<u32> {
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(data.join("postmaster.pid"))
        .ok()?;
    let mut text = String::new();
    Read::by_ref(&mut f)
        .take(4096)
        .read_to_string(&mut text)
        .ok()?;
    let mut lines = text.lines();
    let pid = lines.next()?.trim().parse().ok().filter(|&p| p > 0)?;
    (Path::new(lines.next()?.trim()) == data).then_some(pid)
}

/// Stops a leftover server of the cluster in `data`: an immediate shutdown (SIGQUIT, what
/// `pg_ctl stop -m immediate` sends) of the postmaster, then SIGKILL to whatever of the cluster
/// still runs. Returns the postmaster's pid if a server ran.
fn stop_server(data: &Path) -> Result<Option<u32>, String> {
    let main = postmaster(data);
    let pids = cluster_processes(data, main);
    if pids.is_empty() {
        return Ok(None);
    }
    let server = pids[0];
    let all_gone = |wait: Duration| {
        let start = Instant::now();
        loop {
            if cluster_processes(data, main).is_empty() {
                return true;
            }
            if start.elapsed() > wait {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    // SAFETY: a signal to a `postgres` process working in this dead grader's cluster folder.
    unsafe { libc::kill(server as i32, libc::SIGQUIT) };
    if !all_gone(Duration::from_secs(5)) {
        for pid in cluster_processes(data, main) {
            // SAFETY: as above: a `postgres` process of this cluster.
            unsafe { libc::kill(pid as i32, libc::SIGKILL) };
        }
        if !all_gone(Duration::from_secs(2)) {
            return Err(format!(
                "its PostgreSQL server (pid {server}) does not stop"
            ));
        }
    }
    Ok(Some(server))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pid and start time of a process that has exited and been reaped.
    #[expect(clippy::disallowed_methods, reason = "a process that exits at once")]
    fn dead() -> (u32, u64) {
        let mut child = std::process::Command::new("sleep")
            .arg("0.05")
            .spawn()
            .unwrap();
        let pid = child.id();
        let start = stat(pid).unwrap().1;
        child.wait().unwrap();
        (pid, start)
    }

    #[test]
    fn stat_reads_the_start_time_past_a_command_name_with_spaces() {
        let (state, start) = stat(std::process::id()).unwrap();
        assert!(matches!(state, 'R' | 'S'), "{state}");
        assert!(start > 0);
        assert_eq!(me().start, start);
    }

    #[test]
    fn names_carry_their_owner() {
        let name = format!("grader-root-{}AbC123", tag());
        assert_eq!(tagged(&name, "grader-"), Some((me().pid, me().start)));
        assert_eq!(tagged("grader-pg-12-34-x", "grader-"), Some((12, 34)));
        assert_eq!(tagged("12-34-5f3a-0", ""), Some((12, 34)));
        assert_eq!(tagged("grader-cache", "grader-"), None);
        assert_eq!(tagged("grader-compare-x-12", "grader-"), None);
        assert_eq!(tagged(".tmp-12", ".tmp-"), None);
    }

    #[test]
    fn a_folder_is_stale_only_when_its_owner_is_gone_and_it_is_ours() {
        let base = tempfile::tempdir().unwrap();
        let (pid, start) = dead();
        let mk = |name: &str| {
            let d = base.path().join(name);
            std::fs::create_dir(&d).unwrap();
            d
        };
        let write = |d: &Path, o: &Owner| std::fs::write(d.join(OWNER_FILE), o.line()).unwrap();
        let ghost = Owner {
            pid,
            start,
            ..me().clone()
        };
        // A live grader's folder (this process), marked or not.
        let mine = mk("mine");
        mark(&mine).unwrap();
        assert_eq!(owner_file(&mine).as_ref(), Some(me()));
        assert!(!stale(&mine, me().pid, me().start));
        // A live process that is not the owner: its pid was reused (another start time).
        let parent = std::os::unix::process::parent_id();
        let reused = mk("reused");
        assert!(stale(&reused, parent, stat(parent).unwrap().1 + 1));
        assert!(!stale(&reused, parent, stat(parent).unwrap().1));
        // A dead grader's folder: marked, or killed before it was marked.
        let marked = mk("marked");
        write(&marked, &ghost);
        assert!(stale(&marked, pid, start));
        assert!(stale(&mk("unmarked"), pid, start));
        // Killed between creating its record and writing it (seen in the mid-batch kill test).
        let half = mk("half-marked");
        std::fs::write(half.join(OWNER_FILE), "").unwrap();
        assert!(stale(&half, pid, start));
        // A record that disagrees with the name, or from another pid namespace of this boot
        // (its pid means nothing here), or from an earlier boot.
        let other = mk("other");
        write(
            &other,
            &Owner {
                pid: 1,
                ..ghost.clone()
            },
        );
        assert!(!stale(&other, pid, start));
        write(
            &other,
            &Owner {
                pidns: "pid:[1]".into(),
                ..ghost.clone()
            },
        );
        assert!(!stale(&other, pid, start));
        write(
            &other,
            &Owner {
                pidns: "pid:[1]".into(),
                boot: "earlier".into(),
                ..ghost.clone()
            },
        );
        assert!(stale(&other, pid, start));
        // Not a folder: a symlink to a dead grader's folder, a file.
        let link = base.path().join("link");
        std::os::unix::fs::symlink(&marked, &link).unwrap();
        assert!(!stale(&link, pid, start));
        std::fs::write(base.path().join("file"), "").unwrap();
        assert!(!stale(&base.path().join("file"), pid, start));
        // An owner file that is a symlink (to a valid record) is no record, and not absent.
        let indirect = mk("indirect");
        std::os::unix::fs::symlink(marked.join(OWNER_FILE), indirect.join(OWNER_FILE)).unwrap();
        assert_eq!(owner_file(&indirect), None);
        assert!(!stale(&indirect, pid, start));
        assert!(mark(&mine).is_err(), "marked twice");
        unmark(&mine);
        assert_eq!(owner_file(&mine), None);
    }

    #[test]
    fn sweep_removes_dead_owners_state_and_nothing_else() {
        let base = tempfile::tempdir().unwrap();
        let place = base.path().join("work");
        std::fs::create_dir(&place).unwrap();
        let (pid, start) = dead();
        let mk = |name: &str| {
            let d = place.join(name);
            std::fs::create_dir(&d).unwrap();
            std::fs::write(d.join("file"), "x").unwrap();
            d
        };
        let stale = mk(&format!(".tmp-{pid}-{start}-k"));
        std::fs::write(
            stale.join(OWNER_FILE),
            format!("{pid} {start} {} {}\n", me().boot, me().pidns),
        )
        .unwrap();
        std::fs::create_dir(stale.join("sub")).unwrap();
        // A symlink inside a stale folder is removed, not followed.
        let outside = base.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("file"), "x").unwrap();
        std::os::unix::fs::symlink(&outside, stale.join("sub/out")).unwrap();
        let live = mk(&format!(".tmp-{}k", tag()));
        let untagged = mk(".tmp-untagged");
        let other_prefix = mk(&format!("x-{pid}-{start}-k"));
        let cleaned = sweep_places(&[(place.clone(), ".tmp-")]);
        assert_eq!(cleaned.len(), 1, "{cleaned:?}");
        assert_eq!(cleaned[0].path, stale);
        assert_eq!(cleaned[0].error, None);
        assert_eq!(cleaned[0].grader, pid);
        assert_eq!(
            cleaned[0].to_string(),
            format!(
                "removed stale work folder {} (grader pid {pid} gone)",
                stale.display()
            )
        );
        assert!(!stale.exists());
        for kept in [&live, &untagged, &other_prefix, &outside] {
            assert!(
                kept.join("file").is_file(),
                "{} was touched",
                kept.display()
            );
        }
        assert_eq!(sweep_places(&[(place.clone(), ".tmp-")]), []);
    }

    #[test]
    fn mount_points_below_a_folder_are_found() {
        assert!(mount_below(Path::new("/")).is_some());
        let base = tempfile::tempdir().unwrap();
        assert_eq!(mount_below(base.path()), None);
    }

    #[test]
    fn a_postmaster_pid_file_names_its_own_data_folder_only() {
        let base = tempfile::tempdir().unwrap();
        let data = base.path().join("data");
        std::fs::create_dir(&data).unwrap();
        std::fs::write(
            data.join("postmaster.pid"),
            format!("4242\n{}\n", data.display()),
        )
        .unwrap();
        assert_eq!(postmaster(&data), Some(4242));
        std::fs::write(data.join("postmaster.pid"), "4242\n/elsewhere\n").unwrap();
        assert_eq!(postmaster(&data), None);
        // No process is a `postgres` working there: nothing to stop.
        assert_eq!(stop_server(&data), Ok(None));
    }
}
