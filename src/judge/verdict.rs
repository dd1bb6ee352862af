//! Verdicts and the rules that turn a raw sandbox outcome into one, with evidence.
//! Order: judge error, TLE, MLE, OLE, RE, then the comparison.

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
    pub fn parse(s: &str) -> Option<Verdict> {
        Some(match s.trim().to_ascii_uppercase().as_str() {
            "AC" => Verdict::AC,
            "WA" => Verdict::WA,
            "TLE" => Verdict::TLE,
            "MLE" => Verdict::MLE,
            "OLE" => Verdict::OLE,
            "RE" => Verdict::RE,
            "CE" => Verdict::CE,
            "JE" => Verdict::JE,
            "SK" => Verdict::SK,
            _ => return None,
        })
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
/// `stdout_bytes`/`stderr_bytes` are the sizes of the captured streams; `stderr` their start.
pub fn classify(
    raw: &RawOutcome,
    limits: &Effective,
    stdout_bytes: u64,
    stderr_bytes: u64,
    stderr: &str,
) -> Option<Classified> {
    let cpu = human_secs(raw.cpu);
    let wall = human_secs(raw.wall);
    if let Some(e) = &raw.setup_error {
        return Some(Classified {
            verdict: Verdict::JE,
            tle: None,
            evidence: format!("the sandbox could not start the program: {e}"),
        });
    }
    let cpu_over = raw.cpu > limits.cpu;
    let wall_over = raw.wall > limits.wall;
    match raw.killed_by {
        Some(Killer::CpuLimit) => {
            return Some(tle(
                TleKind::Cpu,
                format!(
                    "cpu {cpu} > limit {}; killed by the grader (cpu limit), wall {wall}",
                    human_secs(limits.cpu)
                ),
            ));
        }
        Some(Killer::WallLimit) => {
            return Some(tle(
                TleKind::Wall,
                format!(
                    "wall {wall} > limit {} with cpu {cpu}: the program was waiting (sleep, input, a lock), not computing; killed by the grader (wall limit)",
                    human_secs(limits.wall)
                ),
            ));
        }
        Some(Killer::Cancelled) => {
            return Some(Classified {
                verdict: Verdict::JE,
                tle: None,
                evidence: "the run was cancelled".into(),
            });
        }
        None => {}
    }
    if raw.signal == Some(libc::SIGXCPU) || cpu_over {
        return Some(tle(
            TleKind::Cpu,
            format!("cpu {cpu} > limit {}", human_secs(limits.cpu)),
        ));
    }
    if wall_over {
        return Some(tle(
            TleKind::Wall,
            format!("wall {wall} > limit {}", human_secs(limits.wall)),
        ));
    }
    let failed = raw.exit_code != Some(0);
    let peak = human_size(raw.peak_memory);
    let limit = human_size(limits.memory);
    let judged = limits.memory + limits.runtime_memory;
    if raw.oom_killed {
        // The cgroup's OOM killer: the whole tree reached the limit.
        let cmp = if raw.peak_memory >= judged { ">=" } else { "<" };
        return Some(Classified {
            verdict: Verdict::MLE,
            tle: None,
            evidence: format!(
                "peak {peak} {cmp} limit {} (whole process tree); killed by OOM",
                human_size(judged)
            ),
        });
    }
    if raw.peak_memory > judged {
        let runtime = if limits.runtime_memory > 0 {
            format!(
                " (+ {} for the language runtime)",
                human_size(limits.runtime_memory)
            )
        } else {
            String::new()
        };
        return Some(Classified {
            verdict: Verdict::MLE,
            tle: None,
            evidence: format!("peak {peak} > limit {limit}{runtime}"),
        });
    }
    if failed {
        if let Some(marker) = OOM_MARKERS.iter().find(|m| stderr.contains(*m)) {
            return Some(Classified {
                verdict: Verdict::MLE,
                tle: None,
                evidence: format!(
                    "an allocation failed (`{marker}` on stderr) under the {limit} limit; peak {peak}"
                ),
            });
        }
        if raw.peak_memory * 10 >= judged * 9 {
            return Some(Classified {
                verdict: Verdict::MLE,
                tle: None,
                evidence: format!(
                    "peak {peak} reached the limit {limit} and the program then failed (an allocation was refused)"
                ),
            });
        }
    }
    if stdout_bytes > limits.output
        || raw.signal == Some(libc::SIGXFSZ) && stderr_bytes <= limits.output
    {
        return Some(Classified {
            verdict: Verdict::OLE,
            tle: None,
            evidence: format!(
                "output passed the limit of {}; stopped while writing",
                human_size(limits.output)
            ),
        });
    }
    if stderr_bytes > limits.output || raw.signal == Some(libc::SIGXFSZ) {
        return Some(Classified {
            verdict: Verdict::OLE,
            tle: None,
            evidence: format!(
                "stderr (or a file) passed the limit of {}; stopped while writing",
                human_size(limits.output)
            ),
        });
    }
    if let Some(sig) = raw.signal {
        let mut evidence = signal_meaning(sig);
        if raw.tasks_refused {
            evidence.push_str("; the process limit refused a fork or thread");
        }
        return Some(Classified {
            verdict: Verdict::RE,
            tle: None,
            evidence,
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
            let tasks = if raw.tasks_refused {
                "; the process limit refused a fork or thread"
            } else {
                ""
            };
            Some(Classified {
                verdict: Verdict::RE,
                tle: None,
                evidence: format!("exit code {code}: {why}{tasks}"),
            })
        }
        None => Some(Classified {
            verdict: Verdict::JE,
            tle: None,
            evidence: "the program ended without an exit status".into(),
        }),
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
        }
    }

    const LIMITS: Effective = Effective {
        cpu: Duration::from_secs(1),
        wall: Duration::from_secs(2),
        memory: 64 << 20,
        output: 1 << 20,
        runtime_memory: 0,
        refuse_allocations: false,
    };

    fn verdict(r: &RawOutcome, out: u64, err: u64, stderr: &str) -> Option<Verdict> {
        classify(r, &LIMITS, out, err, stderr).map(|c| c.verdict)
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
        let c = classify(&r, &LIMITS, 0, 0, "").unwrap();
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
        let c = classify(&r, &LIMITS, 0, 0, "").unwrap();
        assert_eq!(c.verdict, Verdict::RE);
        assert!(c.evidence.contains("exit code 137"), "{}", c.evidence);
        let mut r = raw();
        r.exit_code = None;
        r.signal = Some(libc::SIGSEGV);
        let c = classify(&r, &LIMITS, 0, 0, "").unwrap();
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
        let c = classify(&r, &LIMITS, 0, 0, "").unwrap();
        assert_eq!(c.verdict, Verdict::MLE);
        assert_eq!(
            c.evidence,
            "peak 64 MiB >= limit 64 MiB (whole process tree); killed by OOM"
        );
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
