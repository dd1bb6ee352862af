//! The gradebook as an LMS's grade import CSV (`--lms canvas|moodle`): one row per roster
//! student, in roster order, the score scaled to the assignment's points possible. Canvas's
//! file is its own gradebook export shape (`Student,ID,SIS User ID,SIS Login ID,Section,
//! ASSIGNMENT`, then a `Points Possible` row); Moodle's is the grade import CSV (an identifier
//! column, `ID number` or `Email address`, mapped in Moodle's import form, and one column for
//! the grade item). A judge error is left blank, never exported as a 0.

use super::journal::Entry;
use super::output::number;
use super::roster::{Roster, Student};
use crate::error::{Error, Result};
use std::collections::HashMap;

/// Which LMS to write for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lms {
    Canvas,
    Moodle,
}

impl Lms {
    /// The file written beside the gradebook.
    pub fn file(self) -> &'static str {
        match self {
            Lms::Canvas => "canvas.csv",
            Lms::Moodle => "moodle.csv",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Lms::Canvas => "Canvas",
            Lms::Moodle => "Moodle",
        }
    }
}

/// `--lms`, `--assignment`, `--points`.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    pub lms: Lms,
    /// The assignment's column header (Canvas: `Name (ID)` for an existing assignment, a bare
    /// name creates one). Default: the problem's title.
    pub assignment: Option<String>,
    /// Points possible; the score is scaled to it. Default: the problem's max score.
    pub points: Option<f64>,
}

/// What the file says of each student.
pub struct Written {
    pub bytes: Vec<u8>,
    /// Roster ids left blank: a judge error (run the batch again to retry them).
    pub blank: Vec<String>,
}

/// The import file for `export`: `title` and `max_score` are the problem's defaults.
pub fn write(
    export: &Export,
    roster: &Roster,
    entries: &[Entry],
    title: &str,
    max_score: f64,
) -> Result<Written> {
    let fail = |e: csv::Error| Error::judge(format!("cannot write {}: {e}", export.lms.file()));
    let assignment = export.assignment.as_deref().unwrap_or(title);
    let points = export.points.unwrap_or(max_score);
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut blank = Vec::new();
    let header: &[&str] = match export.lms {
        Lms::Canvas => &[
            "Student",
            "ID",
            "SIS User ID",
            "SIS Login ID",
            "Section",
            assignment,
        ],
        Lms::Moodle => &["ID number", "Email address", "Full name", assignment],
    };
    w.write_record(header).map_err(fail)?;
    if export.lms == Lms::Canvas {
        let p = number(points);
        w.write_record(["    Points Possible", "", "", "", "", &p])
            .map_err(fail)?;
    }
    // Each student's entry: the first one of their id, as a search in entry order would find.
    let mut by_student: HashMap<&str, &Entry> = HashMap::with_capacity(entries.len());
    for e in entries {
        by_student.entry(e.student.as_str()).or_insert(e);
    }
    for s in &roster.students {
        let grade = match by_student.get(s.id.as_str()) {
            Some(e) if e.is_judge_error() => {
                blank.push(s.id.clone());
                String::new()
            }
            Some(e) if e.max_score > 0.0 => number(e.score / e.max_score * points),
            _ => number(0.0),
        };
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let Student {
            id,
            name,
            email,
            login,
            section,
        } = s;
        let row = match export.lms {
            Lms::Canvas => vec![
                opt(name),
                String::new(),
                id.clone(),
                opt(login),
                opt(section),
                grade,
            ],
            Lms::Moodle => vec![id.clone(), opt(email), opt(name), grade],
        };
        w.write_record(&row).map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::judge(format!("cannot write {}: {e}", export.lms.file())))?;
    Ok(Written { bytes, blank })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::journal::Key;

    fn entry(student: &str, verdict: &str, score: f64) -> Entry {
        let key = Key {
            student: student.into(),
            file: None,
            file_sha256: None,
            reason: None,
            spec_sha256: "s".into(),
            settings: String::new(),
        };
        let mut e = Entry::error(key, 8.0, "x".into(), "basic".into());
        e.verdict = verdict.into();
        e.score = score;
        e
    }

    #[test]
    fn scores_scale_to_the_points_and_a_judge_error_stays_blank() {
        let student = |id: &str| Student {
            id: id.into(),
            name: Some(format!("Name {id}")),
            email: Some(format!("{id}@uni")),
            login: None,
            section: Some("A".into()),
        };
        let roster = Roster {
            students: vec![student("S2"), student("S1"), student("S3")],
            missing: vec!["S3".into()],
            not_in_roster: vec![],
        };
        let entries = vec![entry("S1", "WA", 6.0), entry("S2", "JE", 0.0)];
        let canvas = Export {
            lms: Lms::Canvas,
            assignment: Some("Two Sum (123)".into()),
            points: Some(10.0),
        };
        let w = write(&canvas, &roster, &entries, "T", 8.0).unwrap();
        assert_eq!(w.blank, ["S2"]);
        assert_eq!(
            String::from_utf8(w.bytes).unwrap(),
            "Student,ID,SIS User ID,SIS Login ID,Section,Two Sum (123)\n    \
             Points Possible,,,,,10\nName S2,,S2,,A,\nName S1,,S1,,A,7.5\nName S3,,S3,,A,0\n"
        );
        let moodle = Export {
            lms: Lms::Moodle,
            assignment: None,
            points: None,
        };
        let w = write(&moodle, &roster, &entries, "Two sum", 8.0).unwrap();
        assert_eq!(
            String::from_utf8(w.bytes).unwrap(),
            "ID number,Email address,Full name,Two sum\nS2,S2@uni,Name S2,\nS1,S1@uni,Name S1,6\nS3,S3@uni,Name S3,0\n"
        );
    }
}
