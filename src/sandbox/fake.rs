//! A scripted sandbox that starts no process (as hyperfine's `MockExecutor`, task-maker's
//! `SuccessSandboxRunner`): each job handed to it gets the [`Scripted`] outcome a script decides
//! (exit code, signal, cpu, wall, peak memory, who killed it) and the bytes the "program" wrote
//! (stdout, stderr, the fd-3 channel) are written where the job says, as the helper would. For
//! tests of everything above the sandbox: verdicts, scores, reports.

use super::api::{Pool, Sandbox};
use super::job::{Job, Killer, RawOutcome, STDERR_KEPT};
use super::level::{Level, SandboxInfo};
use std::collections::VecDeque;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What one scripted job did: its raw outcome and the bytes it wrote.
#[derive(Debug, Clone)]
pub struct Scripted {
    pub raw: RawOutcome,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// Written to the job's channel (fd 3), when it has one.
    pub channel: Vec<u8>,
}

impl Scripted {
    /// A program that exited with `code` after 10 ms of cpu (20 ms wall), peak 4 MiB.
    pub fn exit(code: i32) -> Scripted {
        let mut raw = RawOutcome::setup_failed(String::new());
        raw.setup_error = None;
        raw.exit_code = Some(code);
        raw.cpu = Duration::from_millis(10);
        raw.wall = Duration::from_millis(20);
        raw.peak_memory = 4 << 20;
        Scripted {
            raw,
            stdout: Vec::new(),
            stderr: Vec::new(),
            channel: Vec::new(),
        }
    }

    /// A program that exited with 0 after printing `stdout`.
    pub fn printed(stdout: &str) -> Scripted {
        Scripted::exit(0).stdout(stdout)
    }

    /// A program killed by signal `sig` (no exit code).
    pub fn signal(sig: i32) -> Scripted {
        let mut s = Scripted::exit(0);
        s.raw.exit_code = None;
        s.raw.signal = Some(sig);
        s
    }

    /// A program the sandbox killed (SIGKILL) for `killer`.
    pub fn killed(killer: Killer) -> Scripted {
        let mut s = Scripted::signal(libc::SIGKILL);
        s.raw.killed_by = Some(killer);
        s
    }

    /// A program the sandbox could not start.
    pub fn setup_error(why: &str) -> Scripted {
        let mut s = Scripted::exit(0);
        s.raw = RawOutcome::setup_failed(why.into());
        s
    }

    pub fn stdout(mut self, bytes: impl AsRef<[u8]>) -> Scripted {
        self.stdout = bytes.as_ref().to_vec();
        self
    }

    /// What it wrote to stderr; `raw.stderr_bytes` counts all of it, as the helper does.
    pub fn stderr(mut self, bytes: impl AsRef<[u8]>) -> Scripted {
        self.stderr = bytes.as_ref().to_vec();
        self.raw.stderr_bytes = self.stderr.len() as u64;
        self
    }

    pub fn channel(mut self, bytes: impl AsRef<[u8]>) -> Scripted {
        self.channel = bytes.as_ref().to_vec();
        self
    }

    pub fn cpu(mut self, cpu: Duration) -> Scripted {
        self.raw.cpu = cpu;
        self
    }

    pub fn wall(mut self, wall: Duration) -> Scripted {
        self.raw.wall = wall;
        self
    }

    pub fn peak(mut self, bytes: u64) -> Scripted {
        self.raw.peak_memory = bytes;
        self
    }

    /// Measured by a cgroup whose OOM killer ended the tree.
    pub fn oom_killed(mut self) -> Scripted {
        self.raw.cgroup = true;
        self.raw.oom_killed = true;
        self
    }

    /// The process limit (`limit` tasks) refused a fork or a thread.
    pub fn tasks_refused(mut self, limit: u64) -> Scripted {
        self.raw.tasks_refused = true;
        self.raw.tasks_limit = Some(limit);
        self
    }

    /// Processes of the tree the sweep killed after the main one ended.
    pub fn leftovers(mut self, n: u32) -> Scripted {
        self.raw.leftovers_killed = n;
        self
    }
}

/// Decides each job's fate: `Err` is a failure of the sandbox itself (the helper died).
pub type Script = dyn Fn(&Job) -> Result<Scripted, String> + Send + Sync;

struct Shared {
    info: SandboxInfo,
    script: Box<Script>,
    jobs: Mutex<Vec<Job>>,
    respawns: AtomicUsize,
}

/// A scripted [`Pool`]: its slots run nothing and answer from the script.
#[derive(Clone)]
pub struct Fake {
    shared: Arc<Shared>,
}

impl Fake {
    /// A fake whose script looks at each job (its argv, its stdin file) to decide.
    pub fn new(
        info: SandboxInfo,
        script: impl Fn(&Job) -> Result<Scripted, String> + Send + Sync + 'static,
    ) -> Fake {
        Fake {
            shared: Arc::new(Shared {
                info,
                script: Box::new(script),
                jobs: Mutex::new(Vec::new()),
                respawns: AtomicUsize::new(0),
            }),
        }
    }

    /// A fake that answers jobs in the order they come, then fails ("the script ran out").
    pub fn in_order(info: SandboxInfo, replies: Vec<Result<Scripted, String>>) -> Fake {
        let queue = Mutex::new(VecDeque::from(replies));
        Fake::new(info, move |_| {
            queue
                .lock()
                .map_err(|_| "the script's lock is poisoned".to_string())?
                .pop_front()
                .unwrap_or_else(|| Err("the fake's script ran out".into()))
        })
    }

    /// The jobs handed to its slots so far, in order.
    pub fn jobs(&self) -> Vec<Job> {
        self.shared
            .jobs
            .lock()
            .map(|j| j.clone())
            .unwrap_or_default()
    }

    /// How many times a slot was respawned after a failure.
    pub fn respawns(&self) -> usize {
        self.shared.respawns.load(Ordering::SeqCst)
    }
}

/// A sandbox level with nothing probed: the fake's (no cgroup, no confinement).
pub fn info(level: Level) -> SandboxInfo {
    SandboxInfo {
        level,
        features: vec!["fake".into()],
        missing: Vec::new(),
        memory: "scripted",
        policy: Default::default(),
        cgroup: None,
        probe: None,
    }
}

/// The same with a cgroup "in force" (never touched: the fake runs nothing), for the limits
/// that depend on one.
pub fn info_with_cgroup(level: Level) -> SandboxInfo {
    let nowhere = std::path::PathBuf::from("/nonexistent/grader-fake-cgroup");
    SandboxInfo {
        cgroup: Some(super::cgroup::Base {
            version: super::cgroup::Version::V2,
            memory: nowhere.clone(),
            pids: nowhere.clone(),
            cpu: nowhere,
        }),
        ..info(level)
    }
}

impl Pool for Fake {
    fn info(&self) -> &SandboxInfo {
        &self.shared.info
    }

    fn slot(&self) -> io::Result<Box<dyn Sandbox>> {
        Ok(Box::new(FakeSlot {
            shared: Arc::clone(&self.shared),
            pending: None,
        }))
    }
}

/// One slot of a [`Fake`].
pub struct FakeSlot {
    shared: Arc<Shared>,
    /// The outcome of the job handed over and not yet received.
    pending: Option<Result<RawOutcome, String>>,
}

/// Writes what the "program" wrote where the job says, as the helper would: stdout cut at the
/// file size limit, the first [`STDERR_KEPT`] bytes of stderr, the channel.
fn write_streams(job: &Job, s: &Scripted) -> io::Result<()> {
    let cap = job.limits.file_size.unwrap_or(u64::MAX);
    let stdout = &s.stdout[..s.stdout.len().min(cap as usize)];
    // One side of a pair writes to a FIFO nobody reads here: what it wrote is not kept.
    if job.pipe.is_none() {
        std::fs::write(&job.stdout, stdout)?;
    }
    let stderr = &s.stderr[..s.stderr.len().min(STDERR_KEPT as usize)];
    std::fs::write(&job.stderr, stderr)?;
    if let Some(channel) = &job.channel {
        std::fs::write(channel, &s.channel)?;
    }
    Ok(())
}

impl Sandbox for FakeSlot {
    fn info(&self) -> &SandboxInfo {
        &self.shared.info
    }

    fn submit(&mut self, job: &Job) -> io::Result<()> {
        if let Ok(mut jobs) = self.shared.jobs.lock() {
            jobs.push(job.clone());
        }
        let reply = (self.shared.script)(job);
        if let Ok(s) = &reply
            && s.raw.setup_error.is_none()
        {
            write_streams(job, s)?;
        }
        self.pending = Some(reply.map(|s| s.raw));
        Ok(())
    }

    fn receive(&mut self) -> io::Result<RawOutcome> {
        match self.pending.take() {
            Some(Ok(raw)) => Ok(raw),
            Some(Err(why)) => Err(io::Error::other(why)),
            None => Err(io::Error::other("no job was handed to the fake slot")),
        }
    }

    fn respawn(&mut self) -> io::Result<()> {
        self.pending = None;
        self.shared.respawns.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::Limits;

    fn job(dir: &std::path::Path) -> Job {
        let limits = Limits {
            cpu: Duration::from_secs(1),
            wall: Duration::from_secs(2),
            data: None,
            stack: None,
            file_size: Some(4),
            open_files: 64,
            memory: None,
            tasks: None,
            address_space: None,
        };
        Job::new(vec!["/bin/true".into()], dir, limits)
            .streams(dir.join("out"), dir.join("err"))
            .channel(dir.join("chan"))
    }

    #[test]
    fn a_fake_slot_writes_the_streams_and_answers_in_order_then_fails_and_respawns() {
        let dir = tempfile::tempdir().unwrap();
        let fake = Fake::in_order(
            info(Level::Minimal),
            vec![Ok(Scripted::printed("123456").stderr("oops").channel("c"))],
        );
        let mut slot = fake.slot().unwrap();
        let raw = slot.run(&job(dir.path())).unwrap();
        assert_eq!(raw.exit_code, Some(0));
        assert_eq!(raw.stderr_bytes, 4);
        // Cut at the file size limit, as RLIMIT_FSIZE would.
        assert_eq!(std::fs::read(dir.path().join("out")).unwrap(), b"1234");
        assert_eq!(std::fs::read(dir.path().join("err")).unwrap(), b"oops");
        assert_eq!(std::fs::read(dir.path().join("chan")).unwrap(), b"c");
        let err = slot.run_or_recover(&job(dir.path())).unwrap_err();
        assert_eq!(err, "the sandbox failed: the fake's script ran out");
        assert_eq!(fake.respawns(), 1);
        assert_eq!(fake.jobs().len(), 2);
    }
}
