//! How many hints of each problem the learner has been shown: `hints.json` in the state folder,
//! `{"shown": {"longest-substring": 2}}`, keyed by problem id. A missing file means none shown;
//! an unreadable one is a warning and counts as none shown (the next write replaces it).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const FILE: &str = "hints.json";

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Shown {
    shown: BTreeMap<String, usize>,
}

/// The hint counts of the state folder `dir`.
#[derive(Debug)]
pub struct HintLog {
    path: PathBuf,
    counts: Shown,
}

impl HintLog {
    /// Reads `hints.json` of `dir`, warning (and starting from nothing) when it is not readable.
    pub fn open(dir: &Path) -> HintLog {
        let path = dir.join(FILE);
        let counts = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                super::warn(format_args!(
                    "`{}` is not a hint record ({e}); counting no hint as shown (it is rewritten on the next `grader hint`)",
                    path.display()
                ));
                Shown::default()
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Shown::default(),
            Err(e) => {
                super::warn(format_args!(
                    "cannot read `{}`: {e}; counting no hint as shown",
                    path.display()
                ));
                Shown::default()
            }
        };
        HintLog { path, counts }
    }

    /// How many hints of `problem` were shown, at most `total` (the problem may have lost some).
    pub fn shown(&self, problem: &str, total: usize) -> usize {
        self.counts
            .shown
            .get(problem)
            .copied()
            .unwrap_or(0)
            .min(total)
    }

    /// Remembers that `n` hints of `problem` were shown (0 forgets it).
    pub fn set(&mut self, problem: &str, n: usize) -> std::io::Result<()> {
        if n == 0 {
            self.counts.shown.remove(problem);
        } else {
            self.counts.shown.insert(problem.to_string(), n);
        }
        let mut bytes = serde_json::to_vec_pretty(&self.counts).map_err(std::io::Error::other)?;
        bytes.push(b'\n');
        super::write_atomic(&self.path, &bytes)
    }

    /// The file the counts live in (for messages).
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_survive_a_reopen_and_a_corrupt_file_counts_none() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = HintLog::open(dir.path());
        assert_eq!(log.shown("a", 3), 0);
        log.set("a", 2).unwrap();
        log.set("b", 1).unwrap();
        let log = HintLog::open(dir.path());
        assert_eq!((log.shown("a", 3), log.shown("b", 3)), (2, 1));
        assert_eq!(log.shown("a", 1), 1, "clamped to the hints the problem has");
        std::fs::write(dir.path().join(FILE), "{not json").unwrap();
        let mut log = HintLog::open(dir.path());
        assert_eq!(log.shown("a", 3), 0);
        log.set("a", 1).unwrap();
        assert_eq!(HintLog::open(dir.path()).shown("a", 3), 1);
    }
}
