//! The class roster (`grader batch --roster roster.csv`): who is in the class, read from a CSV
//! with one row per student (an id, and optionally a name, an email, a login and a section,
//! the column names configurable with `--roster-columns`). Owns reading and checking the file
//! (one-line errors naming it and the fix), matching submissions to students by id, and the
//! `MISSING` rows of the students who submitted nothing.

use super::discover::Submission;
use super::journal::Entry;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// The verdict of a roster student without a submission (score 0).
pub const MISSING: &str = "MISSING";

/// The roster fields and the default header of each (compared case-insensitively).
const FIELDS: [&str; 5] = ["id", "name", "email", "login", "section"];

/// Which roster column holds each field: `--roster-columns id=SIS ID,name=Student`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Columns {
    /// Per field of [`FIELDS`], the header given, if any (else the field's own name, optional).
    given: [Option<String>; 5],
}

impl Columns {
    /// Parses `FIELD=HEADER,FIELD=HEADER`; the fields are `id`, `name`, `email`, `login`,
    /// `section`.
    pub fn parse(s: &str) -> std::result::Result<Columns, String> {
        let mut c = Columns::default();
        for part in s.split(',').filter(|p| !p.trim().is_empty()) {
            let bad = || {
                format!(
                    "`{part}` is not FIELD=COLUMN: write e.g. `id=SIS ID,name=Student,email=Email` (fields: {})",
                    FIELDS.join(", ")
                )
            };
            let (field, header) = part.split_once('=').ok_or_else(bad)?;
            let i = FIELDS
                .iter()
                .position(|f| f.eq_ignore_ascii_case(field.trim()))
                .ok_or_else(bad)?;
            if header.trim().is_empty() {
                return Err(bad());
            }
            c.given[i] = Some(header.trim().to_string());
        }
        Ok(c)
    }
}

/// One student of the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Student {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

/// The roster as a batch records it in `results.json`: its students in roster order, who of
/// them submitted nothing, and which submissions match no student. Every shard records the
/// same (matching is done on the whole class), so `grader merge` adds the `MISSING` rows once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    pub students: Vec<Student>,
    /// Ids of students without a submission, sorted.
    pub missing: Vec<String>,
    /// Submissions (their student names) that match no id, sorted.
    pub not_in_roster: Vec<String>,
}

impl Roster {
    /// The students by id, for looking up every submission's row in one pass (the first of
    /// a repeated id, as a search in roster order would find).
    pub fn by_id(&self) -> HashMap<&str, &Student> {
        let mut ids = HashMap::with_capacity(self.students.len());
        for s in &self.students {
            ids.entry(s.id.as_str()).or_insert(s);
        }
        ids
    }

    /// The `MISSING` rows: score 0 of `max_score`, nothing graded.
    pub fn missing_entries(&self, max_score: f64, spec_sha256: &str) -> Vec<Entry> {
        self.missing
            .iter()
            .map(|id| {
                let key = super::journal::Key {
                    student: id.clone(),
                    file: None,
                    file_sha256: None,
                    reason: None,
                    spec_sha256: spec_sha256.to_string(),
                    settings: String::new(),
                };
                let why = format!("no submission for roster id `{id}`");
                let mut e = Entry::error(key, max_score, why, String::new());
                e.verdict = MISSING.into();
                e
            })
            .collect()
    }
}

/// Reads and checks the roster at `path`.
pub fn load(path: &Path, columns: &Columns) -> Result<Vec<Student>> {
    let shown = path.display();
    let bad = |why: String| Error::usage(format!("roster `{shown}`: {why}"));
    let bytes = std::fs::read(path).map_err(|e| bad(format!("cannot read it: {e}")))?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let line = 1 + bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count();
        bad(format!(
            "line {line} is not UTF-8 (byte offset {}); save the file as UTF-8 (\"CSV UTF-8\" in a spreadsheet)",
            e.valid_up_to()
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(bad(
            "is empty; it needs a header (e.g. `id,name,email`) and one row per student".into(),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| bad(e.to_string()))?.clone();
    let mut index: [Option<usize>; 5] = [None; 5];
    for (i, field) in FIELDS.iter().enumerate() {
        let wanted = columns.given[i].as_deref().unwrap_or(field);
        index[i] = headers.iter().position(|h| h.eq_ignore_ascii_case(wanted));
        if index[i].is_none() && (i == 0 || columns.given[i].is_some()) {
            let found: Vec<String> = headers.iter().map(|h| format!("`{h}`")).collect();
            return Err(bad(format!(
                "no column `{wanted}` for the {field} (found {}); name the columns with `--roster-columns {field}=COLUMN`",
                found.join(", ")
            )));
        }
    }
    let mut students = Vec::new();
    let mut lines: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            bad(format!(
                "{e}; give every row the header's cells (quote a cell holding a comma)"
            ))
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let cell = |i: usize| {
            index[i]
                .and_then(|c| record.get(c))
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let Some(id) = cell(0) else {
            if record.iter().all(str::is_empty) {
                continue;
            }
            return Err(Error::usage(format!(
                "roster `{shown}`:{line}: the id is empty; give every student an id"
            )));
        };
        if let Some(first) = lines.insert(id.clone(), line) {
            return Err(bad(format!(
                "id `{id}` is on lines {first} and {line}; give each student one row"
            )));
        }
        students.push(Student {
            id,
            name: cell(1),
            email: cell(2),
            login: cell(3),
            section: cell(4),
        });
    }
    if students.is_empty() {
        return Err(bad(
            "lists no student; add one row per student under the header".into(),
        ));
    }
    Ok(students)
}

/// Matches the submissions to the roster: a submission's student (file or folder stem, or the
/// manifest's `student` column) is a roster id, compared exactly, else ignoring ASCII case
/// when that names one id not taken; a matched submission takes the id as written in the
/// roster. Returns the roster with who is missing and which submissions match nobody; the
/// submissions stay sorted by student.
pub fn assign(students: Vec<Student>, subs: &mut [Submission]) -> Roster {
    let exact: HashMap<&str, usize> = students
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut folded: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, s) in students.iter().enumerate() {
        folded.entry(s.id.to_ascii_lowercase()).or_default().push(i);
    }
    let mut taken = vec![false; students.len()];
    // Exact matches first, so a case-insensitive one never takes an id another file names.
    for sub in subs.iter() {
        if let Some(&i) = exact.get(sub.student.as_str()) {
            taken[i] = true;
        }
    }
    let mut not_in_roster = Vec::new();
    for sub in subs.iter_mut() {
        if exact.contains_key(sub.student.as_str()) {
            continue;
        }
        match folded
            .get(&sub.student.to_ascii_lowercase())
            .map(Vec::as_slice)
        {
            Some([i]) if !taken[*i] => {
                taken[*i] = true;
                sub.student = students[*i].id.clone();
            }
            _ => not_in_roster.push(sub.student.clone()),
        }
    }
    subs.sort_by(|a, b| a.student.cmp(&b.student));
    not_in_roster.sort();
    let mut missing: Vec<String> = students
        .iter()
        .zip(&taken)
        .filter(|(_, t)| !**t)
        .map(|(s, _)| s.id.clone())
        .collect();
    missing.sort();
    Roster {
        students,
        missing,
        not_in_roster,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster(text: &[u8], columns: &str) -> Result<Vec<Student>> {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("roster.csv");
        std::fs::write(&p, text).unwrap();
        load(&p, &Columns::parse(columns).unwrap())
    }

    fn sub(student: &str) -> Submission {
        Submission {
            student: student.into(),
            file: Some(format!("{student}.py").into()),
            error: None,
        }
    }

    #[test]
    fn columns_are_configurable_and_bad_ones_say_why() {
        let c = Columns::parse("id=SIS ID, name = Student").unwrap();
        let s = roster(
            "\u{feff}SIS ID,Student,Email\nS1,\"Doe, Jane\",j@x\n\nS2,Bob,\n".as_bytes(),
            "id=SIS ID, name = Student",
        )
        .unwrap();
        assert_eq!(c.given[0].as_deref(), Some("SIS ID"));
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].name.as_deref(), Some("Doe, Jane"));
        assert_eq!(s[0].email.as_deref(), Some("j@x"));
        assert_eq!(s[1].email, None);
        assert!(
            Columns::parse("sid=x")
                .unwrap_err()
                .contains("fields: id, name")
        );
        assert!(Columns::parse("id").unwrap_err().contains("FIELD=COLUMN"));
    }

    #[test]
    fn bad_rosters_are_one_line_errors_naming_the_file_and_the_fix() {
        let e = |text: &[u8], cols: &str| roster(text, cols).unwrap_err().message;
        let dup = e(b"id,name\nA,x\nB,y\nA,z\n", "");
        assert!(dup.contains("id `A` is on lines 2 and 4"), "{dup}");
        let col = e(b"SIS ID,Name\nA,x\n", "");
        assert!(
            col.contains("no column `id`") && col.contains("found `SIS ID`, `Name`"),
            "{col}"
        );
        assert!(col.contains("--roster-columns id="), "{col}");
        let named = e(b"id,Name\nA,x\n", "email=Mail");
        assert!(named.contains("no column `Mail` for the email"), "{named}");
        assert!(e(b"", "").contains("is empty"));
        assert!(e(b"id,name\n", "").contains("lists no student"));
        let latin = e(b"id,name\nA,Jos\xe9\n", "");
        assert!(latin.contains("line 2 is not UTF-8"), "{latin}");
        let ragged = e(b"id,name\nA,x\nB,y,z\n", "");
        assert!(
            ragged.contains("give every row the header's cells"),
            "{ragged}"
        );
        let empty = e(b"id,name\nA,x\n,y\n", "");
        assert!(empty.contains("roster.csv`:3: the id is empty"), "{empty}");
        for m in [dup, col, latin, empty] {
            assert!(m.starts_with("roster `") && !m.contains('\n'), "{m}");
        }
    }

    #[test]
    fn submissions_match_ids_exactly_then_ignoring_case() {
        let students = roster(b"id\nS1\nS2\nS3\nS4\n", "").unwrap();
        let mut subs = vec![sub("S1"), sub("s2"), sub("s4"), sub("S4"), sub("zed")];
        let r = assign(students, &mut subs);
        let names: Vec<&str> = subs.iter().map(|s| s.student.as_str()).collect();
        assert_eq!(names, ["S1", "S2", "S4", "s4", "zed"]);
        assert_eq!(r.missing, ["S3"]);
        assert_eq!(r.not_in_roster, ["s4", "zed"]);
        let rows = r.missing_entries(8.0, "h");
        assert_eq!((rows[0].verdict.as_str(), rows[0].score), (MISSING, 0.0));
    }

    #[test]
    fn students_are_found_by_id_the_first_of_a_repeated_one() {
        let mut students = roster(b"id,name\nS1,Ann\nS2,Bob\n", "").unwrap();
        // A roster read back from a hand-edited results.json may repeat an id.
        students.push(Student {
            name: Some("Other".into()),
            ..students[0].clone()
        });
        let r = Roster {
            students,
            missing: vec![],
            not_in_roster: vec![],
        };
        let ids = r.by_id();
        assert_eq!(ids.len(), 2);
        assert_eq!(ids["S1"].name.as_deref(), Some("Ann"));
        assert_eq!(ids["S2"].name.as_deref(), Some("Bob"));
        assert!(!ids.contains_key("s1"), "ids are matched exactly");
    }
}
