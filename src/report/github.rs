//! `--format github`: GitHub Actions workflow commands: an `::error file=…,line=…,title=…::`
//! annotation per failed or errored case (shown on the file's line in the pull request), then a
//! Markdown job summary appended to the file named by `$GITHUB_STEP_SUMMARY` when it is set.

use super::cases::{Failure, Outcome, Read, Suite};
use std::fmt::Write as _;

/// A workflow command's message.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The annotations, one line each.
pub fn annotations(suites: &[Suite]) -> String {
    let mut out = String::new();
    for s in suites {
        for c in &s.cases {
            let Some(Failure {
                kind,
                message,
                detail,
            }) = c.outcome.failure()
            else {
                continue;
            };
            let mut props = Vec::new();
            if let Some(f) = &c.file {
                props.push(format!("file={}", property(f)));
            }
            if let Some(l) = c.line {
                props.push(format!("line={l}"));
            }
            props.push(format!(
                "title={}",
                property(&format!("{}: {} {kind}", s.name, c.name))
            ));
            let body = if detail.is_empty() { message } else { detail };
            let _ = writeln!(out, "::error {}::{}", props.join(","), data(body));
        }
    }
    out
}

fn cell(s: &str) -> String {
    let line = s.lines().next().unwrap_or("");
    let short: String = line.chars().take(160).collect();
    short.replace('|', "\\|").replace('<', "&lt;")
}

/// The job summary: a heading with the counts per suite and a table of the cases that did not
/// pass (every case when all passed is not worth a table).
pub fn summary(title: &str, suites: &[Suite]) -> String {
    let mut m = String::new();
    let _ = writeln!(m, "## {title}\n");
    for s in suites {
        let passed = s.count(|o| matches!(o, Outcome::Pass));
        let icon = if s.failures() + s.errors() == 0 {
            "✅"
        } else {
            "❌"
        };
        let _ = writeln!(
            m,
            "### {icon} {}\n\n{passed} passed, {} failed, {} errors, {} skipped of {}\n",
            s.name,
            s.failures(),
            s.errors(),
            s.skipped(),
            s.cases.len()
        );
        let bad: Vec<_> = s
            .cases
            .iter()
            .filter(|c| !matches!(c.outcome, Outcome::Pass))
            .collect();
        if bad.is_empty() {
            continue;
        }
        m.push_str("| case | result | message |\n|---|---|---|\n");
        for c in bad.iter().take(300) {
            // Every outcome by name: one added later is a compile error here.
            let (kind, message) = match c.outcome.read() {
                Read::Failed(f) | Read::Errored(f) => (f.kind, f.message),
                Read::Skipped(message) => ("SK", message),
                Read::Pass => continue,
            };
            let _ = writeln!(m, "| {} | {kind} | {} |", cell(&c.name), cell(message));
        }
        if bad.len() > 300 {
            let _ = writeln!(m, "\n… and {} more", bad.len() - 300);
        }
        m.push('\n');
    }
    m
}

/// Appends the job summary to `$GITHUB_STEP_SUMMARY` when it is set (the annotations are
/// written as any format is, by `fanout`).
pub fn append_summary(title: &str, suites: &[Suite]) {
    if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
        use std::io::Write;
        let written = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(&path)
            .and_then(|mut f| f.write_all(summary(title, suites).as_bytes()));
        if let Err(e) = written {
            eprintln!(
                "grader: warning: cannot append the job summary to `{}`: {e}",
                std::path::Path::new(&path).display()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::cases::Case;

    #[test]
    fn annotations_escape_and_point_at_the_line() {
        let s = Suite {
            name: "two-sum".into(),
            time_s: 0.0,
            cases: vec![Case {
                classname: "two-sum".into(),
                name: "compile".into(),
                time_s: 0.0,
                outcome: Outcome::Fail {
                    kind: "CE".into(),
                    message: "a, b: 100%".into(),
                    detail: "x.c:5:5: error\n  5 | y".into(),
                },
                file: Some("subs/x,y.c".into()),
                line: Some(5),
            }],
            properties: vec![],
        };
        assert_eq!(
            annotations(std::slice::from_ref(&s)),
            "::error file=subs/x%2Cy.c,line=5,title=two-sum%3A compile CE::x.c:5:5: error%0A  5 | y\n"
        );
        let md = summary("grader run", &[s]);
        assert!(md.contains("### ❌ two-sum"));
        assert!(md.contains("| compile | CE | a, b: 100% |"));
    }
}
