//! `--format tap`: TAP version 14, one point per case (`suite: case`), failures with a YAML
//! block (`verdict`, `message`, `file`, `line`, `detail`), skips with `# SKIP`.

use super::cases::{Read, Suite};
use std::fmt::Write as _;

/// A YAML scalar: JSON's double-quoted strings are valid YAML.
fn scalar(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// A point's description: no `#` (it starts a directive) and one line.
fn description(s: &str) -> String {
    s.replace('#', "\\#").replace(['\n', '\r'], " ")
}

pub fn tap(suites: &[Suite]) -> String {
    let total: usize = suites.iter().map(|s| s.cases.len()).sum();
    let mut t = String::from("TAP version 14\n");
    let _ = writeln!(t, "1..{total}");
    let mut n = 0;
    for s in suites {
        for c in &s.cases {
            n += 1;
            let name = description(&format!("{}: {}", s.name, c.name));
            // Every outcome by name: one added later is a compile error here.
            match c.outcome.read() {
                Read::Failed(f) | Read::Errored(f) => {
                    let (message, detail) = (f.message, f.detail);
                    let _ = writeln!(t, "not ok {n} - {name}");
                    let _ = writeln!(t, "  ---");
                    let _ = writeln!(t, "  verdict: {}", scalar(f.kind));
                    let _ = writeln!(t, "  message: {}", scalar(message));
                    if let Some(f) = &c.file {
                        let _ = writeln!(t, "  file: {}", scalar(f));
                    }
                    if let Some(l) = c.line {
                        let _ = writeln!(t, "  line: {l}");
                    }
                    if !detail.is_empty() && detail != message {
                        let _ = writeln!(t, "  detail: {}", scalar(detail));
                    }
                    let _ = writeln!(t, "  ...");
                }
                Read::Skipped(message) => {
                    let _ = writeln!(t, "ok {n} - {name} # SKIP {}", description(message));
                }
                Read::Pass => {
                    let _ = writeln!(t, "ok {n} - {name}");
                }
            }
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::cases::{Case, Outcome};

    #[test]
    fn plan_points_and_yaml() {
        let c = |name: &str, outcome| Case {
            classname: "p".into(),
            name: name.into(),
            time_s: 0.0,
            outcome,
            file: Some("a.py".into()),
            line: Some(3),
        };
        let s = Suite {
            name: "p".into(),
            time_s: 0.0,
            cases: vec![
                c("a#1", Outcome::Pass),
                c(
                    "b",
                    Outcome::Fail {
                        kind: "WA".into(),
                        message: "got \"1\"".into(),
                        detail: "d".into(),
                    },
                ),
                c(
                    "c",
                    Outcome::Skip {
                        message: "req".into(),
                    },
                ),
            ],
            properties: vec![],
        };
        assert_eq!(
            tap(&[s]),
            "TAP version 14\n1..3\nok 1 - p: a\\#1\nnot ok 2 - p: b\n  ---\n  verdict: \"WA\"\n  message: \"got \\\"1\\\"\"\n  file: \"a.py\"\n  line: 3\n  detail: \"d\"\n  ...\nok 3 - p: c # SKIP req\n"
        );
    }
}
