//! What the sandbox can guarantee on this host, reported with every result.

use serde::Serialize;

/// Isolation levels, strongest first (DESIGN §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Minimal,
    Basic,
    Standard,
    Strong,
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

/// The level in force and the features behind it.
#[derive(Debug, Clone, Serialize)]
pub struct SandboxInfo {
    pub level: Level,
    /// Layers in force, e.g. "rlimits", "session-kill", "subreaper", "wall-watchdog".
    pub features: Vec<&'static str>,
    /// Layers not in force, each with why.
    pub missing: Vec<String>,
    /// How memory is measured: "approximate (rusage)" without a cgroup.
    pub memory: &'static str,
}

impl SandboxInfo {
    /// Probes the host. Only the process-hygiene and rlimit layers exist so far.
    pub fn probe() -> SandboxInfo {
        SandboxInfo {
            level: Level::Minimal,
            features: vec![
                "rlimits",
                "own-session",
                "env-cleared",
                "fds-closed",
                "cpu-and-wall-watchdog",
                "subreaper-sweep",
                "rlimit-data",
            ],
            missing: vec![
                "landlock: not implemented yet (filesystem not isolated)".into(),
                "seccomp: not implemented yet".into(),
                "namespaces: not implemented yet (network not isolated)".into(),
                "cgroups: not implemented yet (memory enforced per process)".into(),
            ],
            memory: "approximate (rusage, per process)",
        }
    }
}
