//! The wire types between the grader and its sandbox helper: what to run ([`Job`]) and what
//! happened ([`RawOutcome`]). Raw facts only; verdicts are decided by `judge`.

use super::confine::{Access, Policy};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// One process to run under limits.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Job {
    /// Program and arguments; `argv[0]` must be an absolute path (no PATH lookup happens).
    pub argv: Vec<String>,
    /// The complete environment of the program (nothing is inherited).
    pub env: Vec<(String, String)>,
    /// Working directory.
    pub cwd: PathBuf,
    /// File given as stdin; `/dev/null` when absent.
    pub stdin: Option<PathBuf>,
    /// File that receives stdout (created or truncated).
    pub stdout: PathBuf,
    /// File that receives the start of stderr (created or truncated). Stderr itself is a pipe
    /// the helper drains: it keeps the first [`STDERR_KEPT`] bytes here and counts the rest, so
    /// no file size limit ever fails a write to stderr.
    pub stderr: PathBuf,
    /// Optional file opened for writing as fd 3: a private result channel for harnesses.
    pub channel: Option<PathBuf>,
    pub limits: Limits,
    /// `Some` for untrusted programs (submissions, their compilers): the files they may use
    /// under Landlock besides the system folders. `None` for trusted ones (checkers).
    #[serde(default)]
    pub access: Option<Access>,
    /// The layers in force for untrusted jobs; filled in by the slot from the run's level.
    #[serde(default)]
    pub policy: Policy,
    /// Set on the two jobs of a pair (see `pair`): `stdin` and `stdout` are FIFOs joining this
    /// job to the other one, opened in the order this side says.
    #[serde(default)]
    pub pipe: Option<PipeEnd>,
    /// A fork or thread refused at the process limit fails and the program runs on (as
    /// DOMjudge and Kattis judge), instead of ending the job at once; the refusal is still
    /// reported (`RawOutcome::tasks_refused`) and every process swept at the end.
    #[serde(default)]
    pub fork_may_fail: bool,
}

/// Which side of a pair a job is: the two open their FIFOs in opposite orders (each open blocks
/// until the other side opens the same FIFO), so that both are connected before either program
/// starts and neither waits for the other forever.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum PipeEnd {
    /// Opens its stdin first, then its stdout (the submission).
    ReadsFirst,
    /// Opens its stdout first, then its stdin (the interactor).
    WritesFirst,
}

impl Job {
    /// A trusted job: `argv` in `cwd` under `limits`, with an empty environment, stdin from
    /// `/dev/null`, stdout and stderr discarded and no channel; the setters below change these.
    pub fn new(argv: Vec<String>, cwd: &Path, limits: Limits) -> Job {
        Job {
            argv,
            env: Vec::new(),
            cwd: cwd.to_path_buf(),
            stdin: None,
            stdout: PathBuf::from("/dev/null"),
            stderr: PathBuf::from("/dev/null"),
            channel: None,
            limits,
            access: None,
            policy: Policy::default(),
            pipe: None,
            fork_may_fail: false,
        }
    }

    /// The complete environment of the program.
    pub fn env(mut self, env: Vec<(String, String)>) -> Job {
        self.env = env;
        self
    }

    /// The file given as stdin.
    pub fn stdin(mut self, path: Option<PathBuf>) -> Job {
        self.stdin = path;
        self
    }

    /// The files that receive stdout and the kept start of stderr.
    pub fn streams(mut self, stdout: PathBuf, stderr: PathBuf) -> Job {
        self.stdout = stdout;
        self.stderr = stderr;
        self
    }

    /// The file opened for writing as fd 3 (a harness's result channel).
    pub fn channel(mut self, path: PathBuf) -> Job {
        self.channel = Some(path);
        self
    }

    /// An untrusted program: confined under Landlock to `access` besides the system folders.
    pub fn confined(mut self, access: Access) -> Job {
        self.access = Some(access);
        self
    }
}

/// Resource limits of one job. `None` means "not limited by this mechanism".
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Limits {
    /// CPU time (user + system) after which the watchdog kills the process tree.
    pub cpu: Duration,
    /// Wall-clock time after which the watchdog kills the process tree.
    pub wall: Duration,
    /// RLIMIT_DATA in bytes (heap and private writable mappings).
    pub data: Option<u64>,
    /// RLIMIT_AS in bytes (every mapping, the stack included), as problemtools sets it: only
    /// where allocations past the limit are refused, and never for runtimes that reserve
    /// address space up front (JVM, V8, Go, SBCL).
    #[serde(default)]
    pub address_space: Option<u64>,
    /// RLIMIT_STACK in bytes (capped at the inherited hard limit; `RLIM_INFINITY` for none).
    pub stack: Option<u64>,
    /// RLIMIT_FSIZE in bytes: the largest file (stdout included) the program may write. Stdout or
    /// stderr reaching this size ends the job at once ([`Killer::OutputLimit`]).
    pub file_size: Option<u64>,
    /// RLIMIT_NOFILE.
    pub open_files: u64,
    /// Memory of the whole process tree (cgroup, swap off), when the slot has a cgroup.
    #[serde(default)]
    pub memory: Option<u64>,
    /// Processes and threads of the whole tree (cgroup pids), when the slot has a cgroup.
    #[serde(default)]
    pub tasks: Option<u64>,
}

/// Who ended the process, when it was not its own doing.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Killer {
    /// The watchdog: CPU time passed the limit.
    CpuLimit,
    /// The watchdog: wall time passed the limit.
    WallLimit,
    /// The grader was interrupted (Ctrl-C) or cancelled the run.
    Cancelled,
    /// The watchdog: the process limit refused a fork or a thread (a fork bomb).
    ProcessLimit,
    /// The watchdog: stdout or stderr reached the output limit.
    OutputLimit,
}

/// How much of a job's stderr the helper keeps for the report (the rest is counted only).
pub const STDERR_KEPT: u64 = 64 << 10;

/// What happened to a job, as measured. No judgement here.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RawOutcome {
    /// Set when the sandbox could not start the program (exec failed, a file could not be
    /// opened): the program never ran. A judge error, never the candidate's fault.
    pub setup_error: Option<String>,
    /// Exit status when the main process exited normally.
    pub exit_code: Option<i32>,
    /// Signal number when the main process was killed by a signal.
    pub signal: Option<i32>,
    /// User + system CPU of the main process and every descendant that was reaped.
    pub cpu: Duration,
    /// Wall time from fork to the end of the main process.
    pub wall: Duration,
    /// Peak resident set size in bytes (max over the processes of the tree, from `wait4`). Under
    /// a cgroup, the tree's peak less the grader's capture files (stdout, the kept stderr), whose
    /// pages the kernel charges to the job.
    pub peak_memory: u64,
    /// Set when the sandbox killed the program.
    pub killed_by: Option<Killer>,
    /// Processes of the tree still alive after the main process ended, killed by the sweep.
    pub leftovers_killed: u32,
    /// Measured by a cgroup: CPU of every process of the tree, peak of the tree's memory.
    #[serde(default)]
    pub cgroup: bool,
    /// The cgroup's OOM killer ended a process of the tree (memory limit reached).
    #[serde(default)]
    pub oom_killed: bool,
    /// The cgroup refused a fork or thread (process limit reached).
    #[serde(default)]
    pub tasks_refused: bool,
    /// The process limit in force (processes and threads of the tree), when there was one.
    #[serde(default)]
    pub tasks_limit: Option<u64>,
    /// Bytes the program wrote to stderr (all of them; only the start is kept in the file).
    #[serde(default)]
    pub stderr_bytes: u64,
    /// When the main process was reaped: CLOCK_MONOTONIC, the same clock for every process of
    /// the host, so the two sides of a pair can say which ended first.
    #[serde(default)]
    pub ended: Option<Duration>,
    /// For an interactor: the submission had already let go of its stdin when this process was
    /// reaped (see `partner`); `None` for other jobs, under the fake, and when the interactor
    /// had closed its stdout before it ended.
    #[serde(default)]
    pub partner_gone: Option<bool>,
}

impl RawOutcome {
    pub fn setup_failed(message: String) -> Self {
        RawOutcome {
            setup_error: Some(message),
            exit_code: None,
            signal: None,
            cpu: Duration::ZERO,
            wall: Duration::ZERO,
            peak_memory: 0,
            killed_by: None,
            leftovers_killed: 0,
            cgroup: false,
            oom_killed: false,
            tasks_refused: false,
            tasks_limit: None,
            stderr_bytes: 0,
            partner_gone: None,
            ended: None,
        }
    }
}
