//! The history of graded runs: `history.jsonl` in the state folder, one JSON object a line,
//! appended by every graded `grader run`. Each line is added with one `write` to a file opened
//! with `O_APPEND`, so concurrent runs never interleave partial lines; reading skips (with one
//! warning) any line that is not a record, so a corrupt history never stops anything.

use serde::{Deserialize, Serialize};
use std::io::Write as _;
use std::os::unix::fs::FileExt as _;
use std::path::{Path, PathBuf};

const FILE: &str = "history.jsonl";

/// One graded run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// When it ended: RFC 3339, UTC, to the second.
    pub time: String,
    /// The problem's id (its folder name).
    pub problem: String,
    /// The SHA-256 of the submitted file (hex).
    pub file_sha256: String,
    /// The language id it ran as.
    pub lang: String,
    pub score: f64,
    pub max: f64,
    /// The overall verdict (`AC`, `WA`, ...).
    pub verdict: String,
    /// The run's wall time in seconds.
    pub wall_s: f64,
    /// `--tests PATTERN`: only these tests ran, so the run cannot solve the problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tests: Option<String>,
}

impl Entry {
    /// Whether this run solved its problem: accepted, with every test run.
    pub fn solved(&self) -> bool {
        self.verdict == "AC" && self.tests.is_none()
    }
}

/// The history file of the state folder `dir`.
pub fn path(dir: &Path) -> PathBuf {
    dir.join(FILE)
}

/// The time now, as `Entry::time` writes it.
pub fn now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

/// The SHA-256 (hex) of the file at `path`, or of nothing when it cannot be read (a folder).
pub fn file_sha256(path: &Path) -> String {
    crate::problem::sha256_hex(&std::fs::read(path).unwrap_or_default())
}

/// Appends `entry` to the history of `dir` (creating the folder and the file).
pub fn append(dir: &Path, entry: &Entry) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let path = path(dir);
    let file = std::fs::OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(&path)?;
    let mut line = serde_json::to_vec(entry).map_err(std::io::Error::other)?;
    line.push(b'\n');
    // A last line cut short (a crash mid-write, a hand edit) is ended first, so this one stays
    // a line of its own and only the broken one is skipped.
    let len = file.metadata()?.len();
    if len > 0 {
        let mut last = [0u8];
        file.read_exact_at(&mut last, len - 1)?;
        if last[0] != b'\n' {
            line.insert(0, b'\n');
        }
    }
    // One write(2): with O_APPEND the kernel puts it whole at the end, whoever else appends.
    let written = (&file).write(&line)?;
    if written != line.len() {
        return Err(std::io::Error::other(format!(
            "only {written} of {} bytes written",
            line.len()
        )));
    }
    Ok(())
}

/// Appends `entry`, warning on stderr when it cannot (grading goes on).
pub fn record(dir: &Path, entry: &Entry) {
    if let Err(e) = append(dir, entry) {
        super::warn(format_args!(
            "cannot add this run to the history `{}`: {e}; the run is graded but not remembered (set {} to a writable folder)",
            path(dir).display(),
            super::STATE_DIR_ENV
        ));
    }
}

/// The runs of the history of `dir`, oldest first. A missing history is empty; lines that are
/// not records are skipped with one warning naming them; an unreadable file is a warning.
pub fn read(dir: &Path) -> Vec<Entry> {
    let path = path(dir);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => {
            super::warn(format_args!(
                "cannot read the history `{}`: {e}; showing no runs",
                path.display()
            ));
            return Vec::new();
        }
    };
    let (entries, bad) = parse(&String::from_utf8_lossy(&bytes));
    if !bad.is_empty() {
        let shown: Vec<String> = bad.iter().take(5).map(usize::to_string).collect();
        let more = if bad.len() > 5 { ", ..." } else { "" };
        super::warn(format_args!(
            "`{}`: skipped {} line(s) that are not run records (line {}{more}); delete them to silence this",
            path.display(),
            bad.len(),
            shown.join(", ")
        ));
    }
    entries
}

/// The records of a history's text and the (1-based) numbers of the lines that are not ones.
fn parse(text: &str) -> (Vec<Entry>, Vec<usize>) {
    let mut entries = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Entry>(line) {
            Ok(e) => entries.push(e),
            Err(_) => bad.push(i + 1),
        }
    }
    (entries, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(problem: &str, verdict: &str) -> Entry {
        Entry {
            time: now(),
            problem: problem.into(),
            file_sha256: file_sha256(Path::new("/nonexistent")),
            lang: "python3".into(),
            score: 1.0,
            max: 2.0,
            verdict: verdict.into(),
            wall_s: 0.5,
            tests: None,
        }
    }

    #[test]
    fn appends_read_back_and_a_cut_line_is_skipped_alone() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state");
        assert!(read(&state).is_empty(), "a missing history is empty");
        append(&state, &entry("a", "WA")).unwrap();
        // A crash mid-write left half a line without its newline.
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(path(&state))
            .unwrap();
        f.write_all(b"{\"time\": \"20").unwrap();
        append(&state, &entry("b", "AC")).unwrap();
        let text = std::fs::read_to_string(path(&state)).unwrap();
        let (got, bad) = parse(&text);
        assert_eq!(bad, [2]);
        assert_eq!(
            got.iter().map(|e| e.problem.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert!(got[1].solved() && !got[0].solved());
        assert_eq!(read(&state), got);
    }

    #[test]
    fn concurrent_appends_never_interleave() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().to_path_buf();
        std::thread::scope(|scope| {
            for t in 0..8 {
                let state = &state;
                scope.spawn(move || {
                    for i in 0..50 {
                        let mut e = entry(&format!("p{t}-{i}"), "WA");
                        e.lang = "x".repeat(500);
                        append(state, &e).unwrap();
                    }
                });
            }
        });
        let (got, bad) = parse(&std::fs::read_to_string(path(&state)).unwrap());
        assert!(bad.is_empty(), "interleaved lines: {bad:?}");
        assert_eq!(got.len(), 400);
    }
}
