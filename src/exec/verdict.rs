//! Verdicts and the rules that turn a raw sandbox outcome into one, with evidence.
//! Order: judge error, TLE, MLE, OLE, RE, then the comparison.

use super::versus::{secs_vs, size_vs};
use crate::problem::units::{human_secs, human_size};
use crate::sandbox::{Killer, RawOutcome};
use serde::Serialize;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
pub enum Verdict {
    AC,
    WA,
    TLE,
    MLE,
    OLE,
    RE,
    CE,
    JE,
    SK,
}

impl Verdict {
    /// Every verdict, in order.
    pub const ALL: [Verdict; 9] = [
        Verdict::AC,
        Verdict::WA,
        Verdict::TLE,
        Verdict::MLE,
        Verdict::OLE,
        Verdict::RE,
        Verdict::CE,
        Verdict::JE,
        Verdict::SK,
    ];

    /// The verdict a problem file or a command line names (see `problem::spec::verdict_name`).
    pub fn parse(s: &str) -> Option<Verdict> {
        let name = crate::problem::spec::verdict_name(s)?;
        Verdict::ALL.into_iter().find(|v| v.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::AC => "AC",
            Verdict::WA => "WA",
            Verdict::TLE => "TLE",
            Verdict::MLE => "MLE",
            Verdict::OLE => "OLE",
            Verdict::RE => "RE",
            Verdict::CE => "CE",
            Verdict::JE => "JE",
            Verdict::SK => "SK",
        }
    }

    /// The verdict spelled out.
    pub fn meaning(self) -> &'static str {
        match self {
            Verdict::AC => "accepted",
            Verdict::WA => "wrong answer",
            Verdict::TLE => "time limit exceeded",
            Verdict::MLE => "memory limit exceeded",
            Verdict::OLE => "output limit exceeded",
            Verdict::RE => "runtime error",
            Verdict::CE => "compile error",
            Verdict::JE => "judge error, not the submission's fault",
            Verdict::SK => "skipped",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The limits a test actually ran under (after the language's scaling).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Effective {
    pub cpu: Duration,
    pub wall: Duration,
    pub memory: u64,
    pub output: u64,
    /// The language runtime's own baseline (JVM, V8), not charged to the program: peak memory is
    /// judged against `memory + runtime_memory`.
    pub runtime_memory: u64,
    /// The data limit is the memory limit even under a cgroup (see `TestLimits`).
    #[serde(skip)]
    pub refuse_allocations: bool,
    /// Judged as contest juries judge (see `TestLimits`): a refused fork is not RE.
    #[serde(skip)]
    pub jury: bool,
}

/// Which limit a TLE hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TleKind {
    Cpu,
    Wall,
}

/// A verdict decided from the process alone (before any comparison), with its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Classified {
    pub verdict: Verdict,
    pub tle: Option<TleKind>,
    /// One line: what happened and why this verdict.
    pub evidence: String,
}

/// Messages on stderr that mean "an allocation failed" in common runtimes.
const OOM_MARKERS: [&str; 6] = [
    "java.lang.OutOfMemoryError",
    "JavaScript heap out of memory",
    "MemoryError",
    "std::bad_alloc",
    "memory allocation of",
    "Cannot allocate memory",
];

/// What a signal usually means, for the report.
pub fn signal_meaning(sig: i32) -> String {
    let (name, why) = match sig {
        libc::SIGSEGV => (
            "SIGSEGV",
            "invalid memory access: an out-of-bounds index, a null pointer, or a stack overflow from deep recursion",
        ),
        libc::SIGABRT => (
            "SIGABRT",
            "aborted: a failed assertion, an uncaught C++ exception, or a runtime panic",
        ),
        libc::SIGFPE => (
            "SIGFPE",
            "arithmetic error: usually an integer division by zero",
        ),
        libc::SIGBUS => ("SIGBUS", "bus error: misaligned or unmapped memory access"),
        libc::SIGILL => (
            "SIGILL",
            "illegal instruction: often a Rust panic with panic=abort or corrupted code",
        ),
        libc::SIGKILL => (
            "SIGKILL",
            "killed from outside the program (not by the grader)",
        ),
        libc::SIGXCPU => ("SIGXCPU", "the CPU-time backstop limit was reached"),
        libc::SIGXFSZ => ("SIGXFSZ", "a file grew past the output limit"),
        libc::SIGPIPE => ("SIGPIPE", "wrote to a closed pipe"),
        libc::SIGTERM => ("SIGTERM", "terminated from outside the program"),
        _ => ("signal", "an unusual signal"),
    };
    format!("killed by {name} ({sig}): {why}")
}

/// Decides TLE, MLE, OLE or RE from the raw outcome; `None` means "ran fine, compare the output".
/// `stdout_bytes` is the size of the captured stdout, `stderr` the start of stderr (its size is
/// `raw.stderr_bytes`). A limit the grader stopped the program at decides first (the process
/// limit, then time, then output), then memory, output, and how the program ended.
pub fn classify(
    raw: &RawOutcome,
    limits: &Effective,
    stdout_bytes: u64,
    stderr: &str,
) -> Option<Classified> {
    if let Some(e) = &raw.setup_error {
        return Some(judge_error(format!(
            "the sandbox could not start the program: {e}"
        )));
    }
    if raw.killed_by == Some(Killer::Cancelled) {
        return Some(judge_error("the run was cancelled".into()));
    }
    if raw.killed_by == Some(Killer::ProcessLimit) || (raw.tasks_refused && !limits.jury) {
        return Some(process_limit(raw));
    }
    // Judged as juries judge, the refused fork failed and the program ran on: how it ended
    // decides, the refusal is told.
    let refused = |mut c: Classified| {
        if raw.tasks_refused {
            c.evidence.push_str(&format!(
                "; the process limit{} refused a fork or thread, which failed",
                raw.tasks_limit
                    .map_or(String::new(), |n| format!(" of {n} processes"))
            ));
        }
        c
    };
    classify_ended(raw, limits, stdout_bytes, stderr).map(refused)
}

/// [`classify`] once the grader's own ending (setup, cancel, process limit) is ruled out.
fn classify_ended(
    raw: &RawOutcome,
    limits: &Effective,
    stdout_bytes: u64,
    stderr: &str,
) -> Option<Classified> {
    if let Some(c) = time_limit(raw, limits) {
        return Some(c);
    }
    if raw.killed_by == Some(Killer::OutputLimit) {
        return Some(output_limit(raw, limits, stdout_bytes));
    }
    if let Some(c) = memory_limit(raw, limits, stderr) {
        return Some(c);
    }
    if stdout_bytes > limits.output
        || raw.stderr_bytes > limits.output
        || raw.signal == Some(libc::SIGXFSZ)
    {
        return Some(output_limit(raw, limits, stdout_bytes));
    }
    ended(raw)
}

fn judge_error(evidence: String) -> Classified {
    Classified {
        verdict: Verdict::JE,
        tle: None,
        evidence,
    }
}

/// RE: the process limit refused a fork or a thread (fork() failing is a run-time condition).
fn process_limit(raw: &RawOutcome) -> Classified {
    let limit = raw
        .tasks_limit
        .map_or("the".to_string(), |n| format!("{n}"));
    let how = if raw.killed_by == Some(Killer::ProcessLimit) {
        "a fork or thread was refused; killed by the grader (process limit)"
    } else {
        "a fork or thread was refused"
    };
    Classified {
        verdict: Verdict::RE,
        tle: None,
        evidence: format!("process limit reached: {limit} processes (threads included): {how}"),
    }
}

/// TLE when the watchdog stopped the program at a time limit, or its time passed one.
fn time_limit(raw: &RawOutcome, limits: &Effective) -> Option<Classified> {
    let cpu = human_secs(raw.cpu);
    let wall = human_secs(raw.wall);
    match raw.killed_by {
        Some(Killer::CpuLimit) => Some(tle(
            TleKind::Cpu,
            format!(
                "{}; killed by the grader (cpu limit), wall {wall}",
                secs_vs("cpu", raw.cpu, limits.cpu)
            ),
        )),
        Some(Killer::WallLimit) => Some(tle(
            TleKind::Wall,
            format!(
                "{} with cpu {cpu}: the program was waiting (sleep, input, a lock), not computing; killed by the grader (wall limit)",
                secs_vs("wall", raw.wall, limits.wall)
            ),
        )),
        _ if raw.signal == Some(libc::SIGXCPU) || raw.cpu > limits.cpu => {
            Some(tle(TleKind::Cpu, secs_vs("cpu", raw.cpu, limits.cpu)))
        }
        _ if raw.wall > limits.wall => {
            Some(tle(TleKind::Wall, secs_vs("wall", raw.wall, limits.wall)))
        }
        _ => None,
    }
}

/// OLE with the stream that passed the limit and its size.
fn output_limit(raw: &RawOutcome, limits: &Effective, stdout_bytes: u64) -> Classified {
    let stopped = if raw.killed_by == Some(Killer::OutputLimit) {
        "; stopped by the grader"
    } else {
        "; stopped while writing"
    };
    let evidence = if stdout_bytes > limits.output {
        size_vs("stdout", stdout_bytes, limits.output)
    } else if raw.stderr_bytes > limits.output {
        size_vs("stderr", raw.stderr_bytes, limits.output)
    } else {
        format!(
            "a file the program wrote reached the output limit of {}",
            human_size(limits.output)
        )
    };
    Classified {
        verdict: Verdict::OLE,
        tle: None,
        evidence: format!("{evidence}{stopped}"),
    }
}

/// MLE: the OOM killer, a peak over the limit, or a failure right at the limit.
fn memory_limit(raw: &RawOutcome, limits: &Effective, stderr: &str) -> Option<Classified> {
    let mle = |evidence: String| {
        Some(Classified {
            verdict: Verdict::MLE,
            tle: None,
            evidence,
        })
    };
    let peak = human_size(raw.peak_memory);
    let limit = human_size(limits.memory);
    let judged = limits.memory + limits.runtime_memory;
    if raw.oom_killed {
        // The cgroup's OOM killer: the whole tree reached the limit.
        return mle(format!(
            "{} (whole process tree); killed by the OOM killer",
            size_vs("peak", raw.peak_memory, judged)
        ));
    }
    if raw.peak_memory > judged {
        let runtime = if limits.runtime_memory > 0 {
            format!(
                " ({limit} + {} for the language runtime)",
                human_size(limits.runtime_memory)
            )
        } else {
            String::new()
        };
        return mle(format!(
            "{}{runtime}",
            size_vs("peak", raw.peak_memory, judged)
        ));
    }
    if raw.exit_code == Some(0) {
        return None;
    }
    if let Some(marker) = OOM_MARKERS.iter().find(|m| stderr.contains(*m)) {
        return mle(format!(
            "an allocation failed (`{marker}` on stderr) under the {limit} limit; peak {peak}"
        ));
    }
    if raw.peak_memory * 10 >= judged * 9 {
        return mle(format!(
            "{} and the program then failed (an allocation was refused)",
            size_vs("peak", raw.peak_memory, judged)
        ));
    }
    None
}

/// RE from the signal or exit code; `None` for a clean exit.
fn ended(raw: &RawOutcome) -> Option<Classified> {
    if let Some(sig) = raw.signal {
        return Some(Classified {
            verdict: Verdict::RE,
            tle: None,
            evidence: signal_meaning(sig),
        });
    }
    match raw.exit_code {
        Some(0) => None,
        Some(code) => {
            let why = match code {
                1 => "usually an uncaught exception or an explicit exit(1); see stderr",
                101 => "a Rust panic; see stderr",
                134 | 137 | 139 => {
                    "the program itself exited with this code (it was not killed by a signal)"
                }
                _ => "the program reported failure; see stderr",
            };
            Some(Classified {
                verdict: Verdict::RE,
                tle: None,
                evidence: format!("exit code {code}: {why}"),
            })
        }
        None => Some(judge_error(
            "the program ended without an exit status".into(),
        )),
    }
}

fn tle(kind: TleKind, evidence: String) -> Classified {
    Classified {
        verdict: Verdict::TLE,
        tle: Some(kind),
        evidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawOutcome {
        RawOutcome {
            setup_error: None,
            exit_code: Some(0),
            signal: None,
            cpu: Duration::from_millis(100),
            wall: Duration::from_millis(120),
            peak_memory: 10 << 20,
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

    const LIMITS: Effective = Effective {
        cpu: Duration::from_secs(1),
        wall: Duration::from_secs(2),
        memory: 64 << 20,
        output: 1 << 20,
        runtime_memory: 0,
        refuse_allocations: false,
        jury: false,
    };

    fn verdict(r: &RawOutcome, out: u64, err: u64, stderr: &str) -> Option<Verdict> {
        let mut r = r.clone();
        r.stderr_bytes = err;
        classify(&r, &LIMITS, out, stderr).map(|c| c.verdict)
    }

    #[test]
    fn clean_run_goes_to_comparison() {
        assert_eq!(verdict(&raw(), 10, 0, ""), None);
    }

    #[test]
    fn order_and_kinds() {
        let mut r = raw();
        r.killed_by = Some(Killer::WallLimit);
        r.peak_memory = 1 << 30;
        let c = classify(&r, &LIMITS, 0, "").unwrap();
        assert_eq!((c.verdict, c.tle), (Verdict::TLE, Some(TleKind::Wall)));
        let mut r = raw();
        r.cpu = Duration::from_millis(1010);
        assert_eq!(verdict(&r, 0, 0, ""), Some(Verdict::TLE));
        let mut r = raw();
        r.exit_code = Some(1);
        assert_eq!(verdict(&r, 0, 0, "MemoryError"), Some(Verdict::MLE));
        assert_eq!(verdict(&r, 0, 0, "Traceback"), Some(Verdict::RE));
        let mut r = raw();
        r.exit_code = None;
        r.signal = Some(libc::SIGXFSZ);
        assert_eq!(verdict(&r, (1 << 20) + 1, 0, ""), Some(Verdict::OLE));
        let mut r = raw();
        r.exit_code = Some(137);
        let c = classify(&r, &LIMITS, 0, "").unwrap();
        assert_eq!(c.verdict, Verdict::RE);
        assert!(c.evidence.contains("exit code 137"), "{}", c.evidence);
        let mut r = raw();
        r.exit_code = None;
        r.signal = Some(libc::SIGSEGV);
        let c = classify(&r, &LIMITS, 0, "").unwrap();
        assert!(c.evidence.contains("SIGSEGV"));
        r.setup_error = Some("exec failed".into());
        assert_eq!(verdict(&r, 0, 0, ""), Some(Verdict::JE));
    }

    #[test]
    fn oom_kill_is_mle_with_the_evidence() {
        let mut r = raw();
        r.exit_code = None;
        r.signal = Some(libc::SIGKILL);
        r.cgroup = true;
        r.oom_killed = true;
        r.peak_memory = 64 << 20;
        let c = classify(&r, &LIMITS, 0, "").unwrap();
        assert_eq!(c.verdict, Verdict::MLE);
        assert_eq!(
            c.evidence,
            "peak 64 MiB = limit 64 MiB (whole process tree); killed by the OOM killer"
        );
    }

    #[test]
    fn the_process_limit_is_re_with_its_number_before_any_time_limit() {
        let mut r = raw();
        r.exit_code = None;
        r.signal = Some(libc::SIGKILL);
        r.cgroup = true;
        r.tasks_refused = true;
        r.tasks_limit = Some(64);
        r.killed_by = Some(Killer::ProcessLimit);
        r.leftovers_killed = 63;
        let c = classify(&r, &LIMITS, 0, "").unwrap();
        assert_eq!(c.verdict, Verdict::RE);
        assert_eq!(
            c.evidence,
            "process limit reached: 64 processes (threads included): a fork or thread was \
             refused; killed by the grader (process limit)"
        );
        // Refused, then stopped at the wall limit (no cgroup to notice at once): still RE.
        r.killed_by = Some(Killer::WallLimit);
        r.leftovers_killed = 0;
        let c = classify(&r, &LIMITS, 0, "").unwrap();
        assert_eq!(c.verdict, Verdict::RE);
        assert!(
            c.evidence
                .starts_with("process limit reached: 64 processes")
        );
    }

    #[test]
    fn output_past_the_limit_is_ole_on_either_stream_with_the_evidence() {
        let mut r = raw();
        r.exit_code = None;
        r.signal = Some(libc::SIGKILL);
        r.killed_by = Some(Killer::OutputLimit);
        r.stderr_bytes = 300 << 20;
        let c = classify(&r, &LIMITS, 10, "eeee").unwrap();
        assert_eq!(c.verdict, Verdict::OLE);
        assert_eq!(
            c.evidence,
            "stderr 300 MiB > limit 1 MiB; stopped by the grader"
        );
        let c = classify(&r, &LIMITS, (1 << 20) + 1, "").unwrap();
        assert_eq!(
            c.evidence,
            "stdout 1048577 B > limit 1048576 B; stopped by the grader"
        );
        // Stopped for its output while its tree was at the memory limit: the output decides.
        r.oom_killed = true;
        assert_eq!(verdict(&r, 0, 300 << 20, ""), Some(Verdict::OLE));
        // A correct answer with stderr under the output limit is compared as usual.
        let mut r = raw();
        r.stderr_bytes = 512 << 10;
        assert_eq!(verdict(&r, 3, 512 << 10, "debug"), None);
    }

    #[test]
    fn near_limit_failure_is_mle() {
        let mut r = raw();
        r.exit_code = None;
        r.signal = Some(libc::SIGSEGV);
        r.peak_memory = 62 << 20;
        assert_eq!(verdict(&r, 0, 0, ""), Some(Verdict::MLE));
    }
}
