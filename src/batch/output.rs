//! The batch's final files, each written atomically: `gradebook.csv` (a row per student: score,
//! max, verdict, then one column per test with its verdict) and `results.json` (the whole batch:
//! problem, fingerprint, grader, sandbox, a summary and every submission with its tests).

use super::journal::Entry;
use super::roster::Roster;
use crate::error::{Error, Result};
use crate::judge::Verdict;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The batch as a whole: what every output is made from.
#[derive(Debug, Serialize)]
pub struct Batch<'a> {
    pub format_version: u32,
    pub problem: String,
    pub title: String,
    pub spec_sha256: String,
    pub grader_version: String,
    pub sandbox_level: String,
    /// The grader's own peak resident memory during the batch (not the submissions').
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grader_peak_rss_bytes: Option<u64>,
    /// Set on one shard's results (`--shard I/N`); `grader merge` joins the shards.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
    /// The test names in test order: the per-test columns.
    pub tests: Vec<String>,
    pub summary: Summary,
    /// With `--roster`: its students, who is missing, which submissions match nobody.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roster: Option<&'a Roster>,
    pub submissions: &'a [Entry],
}

/// Which part of a sharded batch this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// From 1.
    pub index: usize,
    pub count: usize,
    /// Submissions in the whole batch, every shard included.
    pub total: usize,
}

/// A `results.json` read back (by `grader merge`).
#[derive(Debug, Deserialize)]
pub struct BatchFile {
    pub format_version: u32,
    pub problem: String,
    pub title: String,
    pub spec_sha256: String,
    pub grader_version: String,
    pub sandbox_level: String,
    pub shard: Option<Shard>,
    pub tests: Vec<String>,
    pub summary: SummaryFile,
    #[serde(default)]
    pub roster: Option<Roster>,
    pub submissions: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
pub struct SummaryFile {
    pub max_score: f64,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub submissions: usize,
    pub accepted: usize,
    /// How many submissions got each overall verdict (`ERR`: could not be graded).
    pub verdicts: BTreeMap<String, usize>,
    pub mean_score: f64,
    pub max_score: f64,
    /// Per test: how many submissions passed it, of those that ran it.
    pub pass_rate: Vec<TestRate>,
}

#[derive(Debug, Serialize)]
pub struct TestRate {
    pub name: String,
    pub passed: usize,
    pub graded: usize,
}

impl Summary {
    pub fn of(tests: &[String], entries: &[Entry], max_score: f64) -> Summary {
        let mut verdicts = BTreeMap::new();
        for e in entries {
            *verdicts.entry(e.verdict.clone()).or_insert(0) += 1;
        }
        let mean_score = if entries.is_empty() {
            0.0
        } else {
            entries.iter().map(|e| e.score).sum::<f64>() / entries.len() as f64
        };
        let pass_rate = tests
            .iter()
            .map(|name| {
                let rows = entries
                    .iter()
                    .filter_map(|e| e.tests.iter().find(|t| &t.name == name))
                    .filter(|t| t.verdict != Verdict::SK.as_str());
                let (mut passed, mut graded) = (0, 0);
                for t in rows {
                    graded += 1;
                    passed += usize::from(t.verdict == Verdict::AC.as_str());
                }
                TestRate {
                    name: name.clone(),
                    passed,
                    graded,
                }
            })
            .collect();
        Summary {
            submissions: entries.len(),
            accepted: entries.iter().filter(|e| e.verdict == "AC").count(),
            verdicts,
            mean_score: (mean_score * 1000.0).round() / 1000.0,
            max_score,
            pass_rate,
        }
    }
}

/// A score as the gradebook writes it: an integer bare, else up to 3 decimals.
pub fn number(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.3}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}

/// The gradebook: `student,file,language,score,max,verdict,first_failure,message`, then one
/// column per test holding that test's verdict (empty when the test did not run: CE, ERR).
/// With a roster, `name,email,in_roster` follow `student` (`in_roster` is `no` for a
/// submission that matches no student).
pub fn csv(batch: &Batch) -> Result<Vec<u8>> {
    let fail = |e: csv::Error| Error::judge(format!("cannot write the gradebook: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "student",
        "file",
        "language",
        "score",
        "max",
        "verdict",
        "first_failure",
        "message",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if batch.roster.is_some() {
        header.splice(1..1, ["name", "email", "in_roster"].map(String::from));
    }
    header.extend(batch.tests.iter().cloned());
    w.write_record(&header).map_err(fail)?;
    let students = batch.roster.map(Roster::by_id);
    for e in batch.submissions {
        let message = e.message_line();
        let mut row = vec![
            e.student.clone(),
            e.file.clone().unwrap_or_default(),
            e.language.clone().unwrap_or_default(),
            number(e.score),
            number(e.max_score),
            e.verdict.clone(),
            e.first_failure.clone().unwrap_or_default(),
            message,
        ];
        if let Some(students) = &students {
            let s = students.get(e.student.as_str()).copied();
            let field = |f: fn(&super::roster::Student) -> &Option<String>| {
                s.and_then(|s| f(s).clone()).unwrap_or_default()
            };
            let listed = if s.is_some() { "yes" } else { "no" };
            row.splice(
                1..1,
                [field(|s| &s.name), field(|s| &s.email), listed.to_string()],
            );
        }
        for name in &batch.tests {
            row.push(
                e.tests
                    .iter()
                    .find(|t| &t.name == name)
                    .map(|t| t.verdict.clone())
                    .unwrap_or_default(),
            );
        }
        w.write_record(&row).map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| Error::judge(format!("cannot write the gradebook: {e}")))
}

/// The whole batch as one JSON document.
pub fn json(batch: &Batch) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(batch)
        .map_err(|e| Error::judge(format!("cannot encode the results: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::journal::{Key, TestRow};

    fn entry(student: &str, verdict: &str, tests: &[(&str, &str)]) -> Entry {
        let key = Key {
            student: student.into(),
            file: Some(format!("{student}.py")),
            file_sha256: None,
            reason: None,
            spec_sha256: "s".into(),
            settings: String::new(),
        };
        let mut e = Entry::error(key, 2.0, "line one\nline two".into(), "basic".into());
        e.verdict = verdict.into();
        e.score = tests.iter().filter(|t| t.1 == "AC").count() as f64;
        e.tests = tests
            .iter()
            .map(|(n, v)| TestRow {
                name: n.to_string(),
                group: None,
                verdict: v.to_string(),
                points: u32::from(*v == "AC"),
                max_points: 1,
                time_s: 0.0,
                memory_bytes: 0,
                message: String::new(),
            })
            .collect();
        e
    }

    #[test]
    fn gradebook_has_a_column_per_test_and_quotes_fields() {
        let entries = vec![
            entry("a,b", "WA", &[("t1", "AC"), ("t2", "WA")]),
            entry("c", "ERR", &[]),
        ];
        let tests = vec!["t1".to_string(), "t2".to_string()];
        let batch = Batch {
            format_version: 1,
            problem: "p".into(),
            title: "P".into(),
            spec_sha256: "s".into(),
            grader_version: "0".into(),
            sandbox_level: "basic".into(),
            grader_peak_rss_bytes: None,
            shard: None,
            roster: None,
            summary: Summary::of(&tests, &entries, 2.0),
            tests,
            submissions: &entries,
        };
        let text = String::from_utf8(csv(&batch).unwrap()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "student,file,language,score,max,verdict,first_failure,message,t1,t2"
        );
        assert_eq!(lines[1], "\"a,b\",\"a,b.py\",,1,2,WA,,line one,AC,WA");
        assert_eq!(lines[2], "c,c.py,,0,2,ERR,,line one,,");
        assert_eq!(batch.summary.pass_rate[0].passed, 1);
        assert_eq!(batch.summary.pass_rate[1].graded, 1);
        assert_eq!(batch.summary.verdicts["ERR"], 1);
        assert_eq!(batch.summary.mean_score, 0.5);
    }
}
