//! The batch journal and its records. Each finished submission is one JSON line appended to
//! `journal.jsonl` and fsync'd before the next is written, so a `kill -9` loses at most the
//! submissions in flight. Re-running the same command reads the journal back and skips every
//! submission whose key (student, file content hash, problem hash, settings) is already there
//! with a final result; a torn last line is cut off before appending.

use crate::error::{Error, Result};
use crate::judge::{Report, Verdict};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The verdict column of a submission that could not be graded at all (no file, unreadable,
/// unknown language, ambiguous entry file): the student's problem, not the grader's.
pub const SUBMISSION_ERROR: &str = "ERR";

/// One test of one submission, as the batch outputs show it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TestRow {
    pub name: String,
    pub group: Option<String>,
    pub verdict: String,
    pub points: u32,
    pub max_points: u32,
    pub time_s: f64,
    pub memory_bytes: u64,
    pub message: String,
}

/// One submission's result: a journal line, and a row of every output.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Entry {
    pub student: String,
    /// The graded file as given (relative to the submissions folder or manifest when possible).
    pub file: Option<String>,
    pub file_sha256: Option<String>,
    pub spec_sha256: String,
    /// Options that change results (`--tests`, `--lang`) and the grader version.
    pub settings: String,
    pub language: Option<String>,
    pub language_version: Option<String>,
    /// AC, WA, ... or `ERR` for a submission that could not be graded.
    pub verdict: String,
    pub score: f64,
    pub max_score: f64,
    pub first_failure: Option<String>,
    /// A compile error, a judge error, or why the submission could not be graded.
    pub message: Option<String>,
    pub tests: Vec<TestRow>,
    pub wall_s: f64,
    pub sandbox_level: String,
    /// Whether the submission was graded again alone after a timeout close to its limit.
    #[serde(default)]
    pub regraded_alone: bool,
}

impl Entry {
    /// A result from a grading report.
    pub fn from_report(key: Key, report: &Report) -> Entry {
        Entry {
            student: key.student,
            file: key.file,
            file_sha256: key.file_sha256,
            spec_sha256: key.spec_sha256,
            settings: key.settings,
            language: report.header.language.as_ref().map(|l| l.id.clone()),
            language_version: report.header.language.as_ref().map(|l| l.version.clone()),
            verdict: report.verdict.as_str().to_string(),
            score: report.score,
            max_score: report.max_score,
            first_failure: report.first_failure.clone(),
            message: report.message.clone(),
            tests: report
                .tests
                .iter()
                .map(|t| TestRow {
                    name: t.name.clone(),
                    group: t.group.clone(),
                    verdict: t.verdict.as_str().to_string(),
                    points: t.points,
                    max_points: t.max_points,
                    time_s: (t.time.as_secs_f64() * 1e6).round() / 1e6,
                    memory_bytes: t.memory,
                    message: t.message.clone(),
                })
                .collect(),
            wall_s: (report.wall.as_secs_f64() * 1e3).round() / 1e3,
            sandbox_level: report.header.sandbox.level.to_string(),
            regraded_alone: false,
        }
    }

    /// A submission that could not be graded.
    pub fn error(key: Key, max_score: f64, why: String, sandbox_level: String) -> Entry {
        Entry {
            student: key.student,
            file: key.file,
            file_sha256: key.file_sha256,
            spec_sha256: key.spec_sha256,
            settings: key.settings,
            language: None,
            language_version: None,
            verdict: SUBMISSION_ERROR.into(),
            score: 0.0,
            max_score,
            first_failure: None,
            message: Some(why),
            tests: Vec::new(),
            wall_s: 0.0,
            sandbox_level,
            regraded_alone: false,
        }
    }

    /// One line of the message for a table cell: a compiler's first error line, else the first
    /// non-empty line.
    pub fn message_line(&self) -> String {
        let m = self.message.as_deref().unwrap_or("");
        m.lines()
            .find(|l| l.contains("error"))
            .or_else(|| m.lines().find(|l| !l.trim().is_empty()))
            .unwrap_or("")
            .trim()
            .to_string()
    }

    /// The grader failed on this submission (JE): not final, graded again on the next run.
    pub fn is_judge_error(&self) -> bool {
        self.verdict == Verdict::JE.as_str()
    }

    /// Whether this result stands for `key`: the same student, file, problem and settings,
    /// and the same bytes, or, when nothing could be read (a refused symlink, no source file),
    /// the same reason. So an `ERR` row is final until its file changes.
    pub fn key_matches(&self, key: &Key) -> bool {
        let same_input = match (&self.file_sha256, &key.file_sha256) {
            (Some(a), Some(b)) => a == b,
            (None, None) => {
                self.verdict == SUBMISSION_ERROR
                    && key.reason.is_some()
                    && self.message == key.reason
            }
            _ => false,
        };
        same_input
            && self.student == key.student
            && self.file == key.file
            && self.spec_sha256 == key.spec_sha256
            && self.settings == key.settings
    }
}

/// What identifies a submission's result across runs.
#[derive(Debug, Clone)]
pub struct Key {
    pub student: String,
    pub file: Option<String>,
    pub file_sha256: Option<String>,
    /// Why nothing could be read, when so: compared with an `ERR` row's message.
    pub reason: Option<String>,
    pub spec_sha256: String,
    pub settings: String,
}

/// The append-only journal of a batch.
pub struct Journal {
    path: PathBuf,
    file: std::fs::File,
}

impl Journal {
    /// Opens (or creates) the journal, cuts a torn last line left by a killed run, and returns
    /// the entries already there, last one per student winning.
    pub fn open(path: &Path) -> Result<(Journal, HashMap<String, Entry>)> {
        let fail = |e: std::io::Error| {
            Error::judge(format!("cannot open the journal `{}`: {e}", path.display()))
        };
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)
            .map_err(fail)?;
        let mut text = Vec::new();
        file.read_to_end(&mut text).map_err(fail)?;
        let complete = text.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        if complete < text.len() {
            // A run killed in the middle of a write: the partial line is not a result.
            file.set_len(complete as u64).map_err(fail)?;
            file.seek(SeekFrom::End(0)).map_err(fail)?;
            file.sync_all().map_err(fail)?;
        }
        let mut entries = HashMap::new();
        for (n, line) in text[..complete].split(|&b| b == b'\n').enumerate() {
            if line.is_empty() {
                continue;
            }
            let entry: Entry = serde_json::from_slice(line).map_err(|e| {
                Error::judge(format!(
                    "journal `{}` line {}: {e}; remove the file to grade every submission again",
                    path.display(),
                    n + 1
                ))
            })?;
            entries.insert(entry.student.clone(), entry);
        }
        Ok((
            Journal {
                path: path.to_path_buf(),
                file,
            },
            entries,
        ))
    }

    /// Appends one result and waits until it is on disk.
    pub fn append(&mut self, entry: &Entry) -> Result<()> {
        let mut line = serde_json::to_vec(entry)
            .map_err(|e| Error::judge(format!("cannot encode a journal entry: {e}")))?;
        line.push(b'\n');
        self.file
            .write_all(&line)
            .and_then(|()| self.file.sync_data())
            .map_err(|e| {
                Error::judge(format!(
                    "cannot append to the journal `{}`: {e}",
                    self.path.display()
                ))
            })
    }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, fsync'd, then
/// renamed over the target. A reader sees the old file or the new one, never a part. The file
/// gets the user's umask like any file the user creates (0644 under umask 022), not the
/// temporary file's private 0600.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let dir = path.parent().unwrap_or(Path::new("."));
    let fail = |e: std::io::Error| Error::judge(format!("cannot write `{}`: {e}", path.display()));
    let mut tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        // Passed to open(2) as the mode, which the kernel masks with the umask.
        .permissions(std::fs::Permissions::from_mode(0o666))
        .tempfile_in(dir)
        .map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(student: &str, verdict: &str) -> Entry {
        let key = Key {
            student: student.into(),
            file: Some(format!("{student}.py")),
            file_sha256: Some("f".into()),
            reason: None,
            spec_sha256: "s".into(),
            settings: String::new(),
        };
        let mut e = Entry::error(key, 3.0, "x".into(), "basic".into());
        e.verdict = verdict.into();
        e
    }

    #[test]
    fn a_torn_last_line_is_cut_and_later_entries_win() {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("journal.jsonl");
        {
            let (mut j, old) = Journal::open(&path).unwrap();
            assert!(old.is_empty());
            j.append(&entry("a", "WA")).unwrap();
            j.append(&entry("a", "AC")).unwrap();
            j.append(&entry("b", "JE")).unwrap();
        }
        let mut text = std::fs::read(&path).unwrap();
        text.extend_from_slice(b"{\"student\":\"c\",\"fi");
        std::fs::write(&path, &text).unwrap();
        let (mut j, old) = Journal::open(&path).unwrap();
        assert_eq!(old.len(), 2);
        assert_eq!(old["a"].verdict, "AC");
        assert!(old["b"].is_judge_error());
        j.append(&entry("c", "TLE")).unwrap();
        drop(j);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 4);
        for line in text.lines() {
            serde_json::from_str::<Entry>(line).unwrap();
        }
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("out.csv");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
        // The umask decides the mode, as for any file the user creates (tests do not change
        // the process umask: read it from a file created the ordinary way).
        use std::os::unix::fs::PermissionsExt;
        let plain = d.path().join("plain");
        std::fs::write(&plain, b"").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&p), mode(&plain));
    }
}
