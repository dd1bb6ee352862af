//! The shape every machine format shares: suites of cases, each passed, failed, errored or
//! skipped, with the file and line an annotation should point at. `run` (one suite, a case per
//! test), `check` (a suite per problem, a case per checked file) and `batch` (a case per student)
//! build these; `junit`, `tap` and `github` write them.

use crate::judge::{Report, TestResult, Verdict};

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Pass,
    /// The answer is wrong (WA, TLE, RE, CE, ...): `kind` is the verdict.
    Fail {
        kind: String,
        message: String,
        detail: String,
    },
    /// Not the answer's fault, or no answer to judge (JE, an unusable submission).
    Error {
        kind: String,
        message: String,
        detail: String,
    },
    Skip {
        message: String,
    },
}

/// What a case that did not pass says (a failure or an error): its kind, message and detail.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Failure<'a> {
    pub kind: &'a str,
    pub message: &'a str,
    pub detail: &'a str,
}

/// A case's outcome as the report formats read it. A format matches it whole (no catch-all
/// arm), so that an outcome added later is a compile error in each.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Read<'a> {
    Pass,
    /// The answer is wrong.
    Failed(Failure<'a>),
    /// Not the answer's fault, or no answer to judge.
    Errored(Failure<'a>),
    /// Not run, with why.
    Skipped(&'a str),
}

impl Outcome {
    /// The outcome as the formats read it.
    pub fn read(&self) -> Read<'_> {
        match self {
            Outcome::Pass => Read::Pass,
            Outcome::Fail {
                kind,
                message,
                detail,
            } => Read::Failed(Failure {
                kind,
                message,
                detail,
            }),
            Outcome::Error {
                kind,
                message,
                detail,
            } => Read::Errored(Failure {
                kind,
                message,
                detail,
            }),
            Outcome::Skip { message } => Read::Skipped(message),
        }
    }

    /// The failure or the error, read alike by every reporter (`None` for a pass or a skip).
    pub fn failure(&self) -> Option<Failure<'_>> {
        match self.read() {
            Read::Failed(f) | Read::Errored(f) => Some(f),
            Read::Pass | Read::Skipped(_) => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Case {
    pub classname: String,
    pub name: String,
    pub time_s: f64,
    pub outcome: Outcome,
    /// Where an annotation points (a path relative to the working folder) and the line.
    pub file: Option<String>,
    pub line: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct Suite {
    pub name: String,
    pub time_s: f64,
    pub cases: Vec<Case>,
    /// Recorded with the results (grader version, toolchain, sandbox level, ...).
    pub properties: Vec<(String, String)>,
}

impl Suite {
    pub fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.cases.iter().filter(|c| f(&c.outcome)).count()
    }
    pub fn failures(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Fail { .. }))
    }
    pub fn errors(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Error { .. }))
    }
    pub fn skipped(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Skip { .. }))
    }
}

/// The outcome of a verdict with its message and details.
pub fn outcome(verdict: &str, message: &str, detail: String) -> Outcome {
    let first = message.lines().next().unwrap_or("").to_string();
    match verdict {
        "AC" => Outcome::Pass,
        "SK" => Outcome::Skip { message: first },
        "JE" | "ERR" => Outcome::Error {
            kind: verdict.to_string(),
            message: first,
            detail,
        },
        _ => Outcome::Fail {
            kind: verdict.to_string(),
            message: first,
            detail,
        },
    }
}

/// The line of `file` that a compiler message or a traceback names first: `name.c:5:3:`,
/// `File ".../name.py", line 2`, `name.js:7`, `(Name.java:12)`.
pub fn line_in(text: &str, file: &str) -> Option<u32> {
    let base = std::path::Path::new(file)
        .file_name()?
        .to_string_lossy()
        .into_owned();
    let re = regex::Regex::new(&format!(
        r#"{0}:(\d+)|{0}", line (\d+)"#,
        regex::escape(&base)
    ))
    .ok()?;
    let caps = re.captures(text)?;
    caps.get(1)
        .or_else(|| caps.get(2))
        .and_then(|m| m.as_str().parse().ok())
}

fn test_detail(t: &TestResult) -> String {
    let mut parts = vec![t.message.clone()];
    if let Some(m) = &t.details.mismatch
        && let Ok(text) = serde_json::to_string_pretty(m)
    {
        parts.push(text);
    }
    for (label, v) in [
        ("input", &t.details.input),
        ("stderr", &t.details.stderr),
        ("printed", &t.details.printed),
        ("hint", &t.details.hint),
    ] {
        if let Some(v) = v {
            parts.push(format!("{label}:\n{v}"));
        }
    }
    parts.join("\n")
}

/// One suite for one graded submission: a case per test, or one `compile`/`judge` case when the
/// whole submission has a verdict (CE, JE) and no test ran.
pub fn of_report(report: &Report) -> Suite {
    let h = &report.header;
    let file = h.submission.clone();
    let classname = h.problem.clone();
    let mut cases = Vec::new();
    if report.tests.is_empty() {
        let message = report.message.clone().unwrap_or_default();
        let name = if report.verdict == Verdict::CE {
            "compile"
        } else {
            "judge"
        };
        cases.push(Case {
            classname: classname.clone(),
            name: name.into(),
            time_s: report
                .compile
                .as_ref()
                .map_or(0.0, |c| c.time.as_secs_f64()),
            outcome: outcome(report.verdict.as_str(), &message, message.clone()),
            line: line_in(&message, &file),
            file: Some(file.clone()),
        });
    }
    for t in &report.tests {
        let detail = test_detail(t);
        cases.push(Case {
            classname: classname.clone(),
            name: t.name.clone(),
            time_s: t.time.as_secs_f64(),
            outcome: outcome(t.verdict.as_str(), &t.message, detail.clone()),
            line: line_in(&detail, &file),
            file: Some(file.clone()),
        });
    }
    let mut properties = vec![
        (
            "grader.version".to_string(),
            report.grader.version.to_string(),
        ),
        ("sandbox.level".to_string(), h.sandbox.level.to_string()),
        ("verdict".to_string(), report.verdict.as_str().to_string()),
        (
            "score".to_string(),
            format!("{}/{}", report.score, report.max_score),
        ),
    ];
    if let Some(l) = &h.language {
        properties.push(("language".into(), l.id.clone()));
        properties.push(("toolchain".into(), l.version.clone()));
    }
    Suite {
        name: h.problem.clone(),
        time_s: report.wall.as_secs_f64(),
        cases,
        properties,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_from_compilers_and_tracebacks() {
        assert_eq!(
            line_in("x/carol.c:5:5: error: bad", "subs/carol.c"),
            Some(5)
        );
        assert_eq!(
            line_in("  File \"answer.py\", line 2, in f", "a/answer.py"),
            Some(2)
        );
        assert_eq!(line_in("at f (sol.js:7:3)", "sol.js"), Some(7));
        assert_eq!(line_in("other.py:3", "sol.py"), None);
        assert_eq!(
            outcome("SK", "why\nmore", String::new()),
            Outcome::Skip {
                message: "why".into()
            }
        );
        assert!(matches!(
            outcome("ERR", "", String::new()),
            Outcome::Error { .. }
        ));
        assert!(matches!(
            outcome("TLE", "", String::new()),
            Outcome::Fail { .. }
        ));
    }
}
