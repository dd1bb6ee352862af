//! What each jury submission of an ICPC/Kattis package must get: the verdict classes of the
//! format (problemtools' AC, WA, TLE, RTE), the classes each `submissions/<verdict>/` folder
//! permits, DOMjudge's `@EXPECTED_RESULTS@` and `@EXPECTED_SCORE@` headers, and the rules of
//! `submissions.yaml` (globs over submissions and test data groups, permitted and required
//! classes, score ranges) with the checks of a report against them; and the verdict
//! problemtools' default grader gives a legacy scoring package's submission.

use crate::judge::{self, Verdict};
use crate::problem::{LegacyNode, Package};
use std::path::Path;

/// The jury's verdict classes (problemtools': AC, WA, TLE, RTE; MLE and OLE count as RTE).
pub(super) fn class(v: Verdict) -> &'static str {
    match v {
        Verdict::AC => "AC",
        Verdict::WA => "WA",
        // Neither problemtools nor DOMjudge stops a program at an output limit (problemtools
        // sets none, DOMjudge truncates the output): a program that writes without end runs
        // into the time limit there, and juries file output floods under time_limit_exceeded.
        Verdict::TLE | Verdict::OLE => "TLE",
        Verdict::RE | Verdict::MLE => "RTE",
        Verdict::CE => "CE",
        Verdict::JE => "JE",
        Verdict::SK => "SK",
    }
}

/// The verdicts a submissions folder permits (`partially_accepted` only in scoring packages,
/// where its score must be above 0 and below the maximum).
pub(super) fn expected_of(dir: &str, scoring: bool) -> Option<&'static [&'static str]> {
    Some(match dir {
        "partially_accepted" if scoring => &["AC", "WA", "TLE", "RTE"],
        "accepted" => &["AC"],
        "wrong_answer" => &["WA"],
        "time_limit_exceeded" => &["TLE"],
        "run_time_error" => &["RTE"],
        "rejected" | "brute_force" => &["WA", "TLE", "RTE"],
        _ => return None,
    })
}

/// A `submissions.yaml` rule: for the submissions matching `pattern` (relative to
/// `submissions/`), or, inside one, for the cases of the test data groups matching it (relative
/// to `data/`): `permitted` and `required` verdict classes and the `score` range.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub pattern: String,
    pub permitted: Option<Vec<String>>,
    pub required: Option<Vec<String>>,
    pub score: Option<(f64, f64)>,
    /// Inside a submission rule: the rules of test data groups.
    pub groups: Vec<Rule>,
    /// The file a folder submission runs (`entrypoint`), relative to its folder.
    pub entrypoint: Option<String>,
}

/// Whether a path (a submission relative to `submissions/`, or a case relative to `data/`) is
/// matched by a `submissions.yaml` glob: the glob matches the path or one of its parent
/// folders, `*` within one path part, `{a,b}` either alternative.
pub(super) fn group_glob_matches(pattern: &str, name: &str) -> bool {
    expand_braces(pattern).iter().any(|pattern| {
        let ps: Vec<&str> = pattern.split('/').collect();
        let ns: Vec<&str> = name.split('/').collect();
        ps.len() <= ns.len()
            && ps.iter().zip(&ns).all(|(p, n)| {
                if p.contains(['*', '?']) {
                    judge::matches(p, n)
                } else {
                    p == n
                }
            })
    })
}

/// The patterns a glob's `{a,b}` alternatives stand for (nested braces too).
pub(super) fn expand_braces(pattern: &str) -> Vec<String> {
    let Some(open) = pattern.find('{') else {
        return vec![pattern.to_string()];
    };
    // The matching close brace, and the top-level commas between.
    let mut depth = 0;
    let mut cuts = Vec::new();
    let mut close = None;
    for (i, c) in pattern[open..].char_indices().map(|(i, c)| (i + open, c)) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            ',' if depth == 1 => cuts.push(i),
            _ => {}
        }
    }
    let Some(close) = close else {
        return vec![pattern.to_string()];
    };
    let (head, tail) = (&pattern[..open], &pattern[close + 1..]);
    let mut starts = vec![open + 1];
    starts.extend(cuts.iter().map(|c| c + 1));
    let mut ends = cuts.clone();
    ends.push(close);
    starts
        .iter()
        .zip(&ends)
        // Spaces around an alternative are left out, as BAPCtools reads `{ 4 }`.
        .flat_map(|(&a, &b)| expand_braces(&format!("{head}{}{tail}", pattern[a..b].trim())))
        .collect()
}

/// The group rules a report breaks, one line each.
pub(super) fn group_rule_violations(rules: &[Rule], report: &judge::Report) -> Vec<String> {
    let mut out = Vec::new();
    for r in rules {
        let cases: Vec<&judge::TestResult> = report
            .tests
            .iter()
            .filter(|t| group_glob_matches(&r.pattern, &t.name))
            .collect();
        if cases.is_empty() {
            out.push(format!("`{}` matches no case", r.pattern));
            continue;
        }
        // A case not run (SK: its group's requirement failed) is not accepted, and has no class.
        let classes: Vec<(&str, &'static str)> = cases
            .iter()
            .map(|t| (t.name.as_str(), class(t.verdict)))
            .collect();
        if let Some(p) = &r.permitted
            && let Some((name, c)) = classes
                .iter()
                .find(|(_, c)| *c != "SK" && !p.iter().any(|v| v == c))
        {
            out.push(format!(
                "{}: {name} got {c}, permitted {}",
                r.pattern,
                p.join("|")
            ));
        }
        if let Some(q) = &r.required
            && !classes.iter().any(|(_, c)| q.iter().any(|v| v == c))
        {
            out.push(format!("{}: no case got {}", r.pattern, q.join("|")));
        }
        if let Some((lo, hi)) = r.score {
            let got = if r.pattern == "secret" {
                Some(
                    report
                        .groups
                        .iter()
                        .filter(|g| g.name == "secret" || g.name.starts_with("secret/"))
                        .map(|g| g.score)
                        .sum::<f64>(),
                )
            } else {
                report
                    .groups
                    .iter()
                    .find(|g| g.name == r.pattern)
                    .map(|g| g.score)
            };
            match got {
                None => out.push(format!("{}: not a scoring group", r.pattern)),
                Some(x) if x < lo - 1e-6 || x > hi + 1e-6 => {
                    out.push(format!("{}: score {x}, expected {lo}-{hi}", r.pattern))
                }
                Some(_) => {}
            }
        }
    }
    out
}

/// A verdict name of the package world (problemtools' or DOMjudge's) as a verdict class.
fn verdict_class(name: &str) -> Option<&'static str> {
    Some(
        match name.trim().to_ascii_uppercase().replace('_', "-").as_str() {
            "AC" | "CORRECT" | "ACCEPTED" => "AC",
            "WA" | "WRONG-ANSWER" | "NO-OUTPUT" => "WA",
            "TLE" | "TIMELIMIT" | "TIME-LIMIT-EXCEEDED" => "TLE",
            "RTE" | "RE" | "RUN-ERROR" | "RUN-TIME-ERROR" | "MEMORY-LIMIT" | "OUTPUT-LIMIT"
            | "MLE" | "OLE" => "RTE",
            "CE" | "COMPILER-ERROR" => "CE",
            _ => return None,
        },
    )
}

/// A source's DOMjudge headers, its text read once: `@EXPECTED_RESULTS@` and (`scoring`)
/// `@EXPECTED_SCORE@`.
pub(super) fn headers(file: &Path, scoring: bool) -> (Option<Vec<String>>, Option<f64>) {
    let Ok(text) = std::fs::read_to_string(file) else {
        return (None, None);
    };
    let score = scoring.then(|| score_header(&text)).flatten();
    (results_header(&text), score)
}

/// DOMjudge's `@EXPECTED_RESULTS@: CORRECT, TIMELIMIT` header in a source's first lines.
fn results_header(text: &str) -> Option<Vec<String>> {
    let line = text
        .lines()
        .take(50)
        .find(|l| l.contains("@EXPECTED_RESULTS@:"))?;
    let list = line.split("@EXPECTED_RESULTS@:").nth(1)?;
    let set: Vec<String> = list
        .split([',', ' '])
        .filter_map(verdict_class)
        .map(str::to_string)
        .collect();
    (!set.is_empty()).then_some(set)
}

/// DOMjudge's `@EXPECTED_SCORE@: 70` header in a source's first lines.
fn score_header(text: &str) -> Option<f64> {
    let line = text
        .lines()
        .take(50)
        .find(|l| l.contains("@EXPECTED_SCORE@:"))?;
    line.split("@EXPECTED_SCORE@:")
        .nth(1)?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The rules of `submissions.yaml` (2025-09): a glob (relative to `submissions/`) to
/// `permitted` and `required` verdict sets and the `score` (a number or an inclusive
/// `[low, high]` range), in file order, each with the same keys for the test data groups it names
/// (a glob relative to `data/`, such as `secret/group1` or `sample`).
pub(super) fn submissions_yaml(path: &Path) -> std::result::Result<Vec<Rule>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let v: serde_norway::Value = serde_norway::from_str(&text)
        .map_err(|e| format!("{}: invalid YAML: {e}", path.display()))?;
    let mut rules = Vec::new();
    for (k, rule) in v.as_mapping().into_iter().flatten() {
        let Some(pattern) = k.as_str() else { continue };
        let mut r = yaml_rule(pattern, rule, path)?;
        for (gk, gv) in rule.as_mapping().into_iter().flatten() {
            if let (Some(g), true) = (gk.as_str(), gv.is_mapping()) {
                r.groups.push(yaml_rule(g, gv, path)?);
            }
        }
        rules.push(r);
    }
    Ok(rules)
}

fn yaml_rule(
    pattern: &str,
    rule: &serde_norway::Value,
    path: &Path,
) -> std::result::Result<Rule, String> {
    let set = |key: &str| {
        rule.get(key).and_then(|s| s.as_sequence()).map(|items| {
            items
                .iter()
                .filter_map(|i| i.as_str().and_then(verdict_class))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
    };
    let num = |v: &serde_norway::Value| v.as_f64().or_else(|| v.as_i64().map(|i| i as f64));
    let score = match rule.get("score") {
        None => None,
        Some(serde_norway::Value::Sequence(r)) if r.len() == 2 => match (num(&r[0]), num(&r[1])) {
            (Some(lo), Some(hi)) => Some((lo, hi)),
            _ => None,
        },
        Some(v) => num(v).map(|x| (x, x)),
    };
    if rule.get("score").is_some() && score.is_none() {
        return Err(format!(
            "{}: `{pattern}`: score must be a number or a list of two numbers",
            path.display()
        ));
    }
    Ok(Rule {
        pattern: pattern.to_string(),
        permitted: set("permitted"),
        required: set("required"),
        score,
        groups: Vec::new(),
        entrypoint: rule
            .get("entrypoint")
            .and_then(|e| e.as_str())
            .map(str::to_string),
    })
}

/// The rules of problemtools' default grader, kept on the model by `read` (`legacy_verdict`).
impl Package {
    /// The verdict class (`AC`, `WA`, `TLE`, `RTE`, `JE`) problemtools' default grader gives a
    /// legacy scoring package's submission from its cases' classes (by case name, in test
    /// order); `None` when the package is not a legacy scoring one.
    pub fn legacy_verdict(&self, cases: &[(String, &'static str)]) -> Option<&'static str> {
        let root = self.legacy_verdict.first()?;
        Some(self.legacy_eval(root, cases))
    }

    /// The folders whose score lies outside their `range`, one line each, given the cases'
    /// classes and the groups' scores. A folder is checked only where its score is the default
    /// grader's: every case below it accepted, or no `on_reject: break` below it.
    pub fn legacy_range_violations(
        &self,
        cases: &[(String, &'static str)],
        groups: &[(String, f64)],
    ) -> Vec<String> {
        let mut out = Vec::new();
        for n in &self.legacy_verdict {
            let Some((lo, hi)) = n.range else { continue };
            let under = |name: &str| {
                n.name.is_empty() || name == n.name || name.starts_with(&format!("{}/", n.name))
            };
            let all_ac = cases
                .iter()
                .filter(|(c, _)| under(c))
                .all(|(_, v)| *v == "AC");
            let breaks = self
                .legacy_verdict
                .iter()
                .any(|m| under(&m.name) && m.on_reject_break);
            if !all_ac && breaks {
                continue;
            }
            let score: f64 = groups
                .iter()
                .filter(|(g, _)| under(g))
                .map(|(_, s)| s)
                .sum();
            if score < lo - 1e-6 || score > hi + 1e-6 {
                let name = if n.name.is_empty() { "data" } else { &n.name };
                out.push(format!("{name}: score {score} outside its range {lo} {hi}"));
            }
        }
        out
    }

    fn legacy_eval(&self, node: &LegacyNode, cases: &[(String, &'static str)]) -> &'static str {
        let prefix = if node.name.is_empty() {
            String::new()
        } else {
            format!("{}/", node.name)
        };
        // The folder's children in case order: its own cases and its subfolders.
        let mut results: Vec<&'static str> = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for (name, class) in cases {
            let Some(rest) = name.strip_prefix(&prefix) else {
                continue;
            };
            let result = match rest.split_once('/') {
                None => *class,
                Some((sub, _)) => {
                    if seen.last() == Some(&sub) {
                        continue;
                    }
                    seen.push(sub);
                    let full = format!("{prefix}{sub}");
                    match self.legacy_verdict.iter().find(|n| n.name == full) {
                        Some(child) => self.legacy_eval(child, cases),
                        None => continue,
                    }
                }
            };
            results.push(result);
            if result != "AC" && node.on_reject_break {
                break;
            }
        }
        if node.ignore_sample && results.len() > 1 {
            results.drain(..results.len() - 1);
        }
        if node.accept_if_any && results.contains(&"AC") {
            return "AC";
        }
        if node.first_error {
            results.into_iter().find(|r| *r != "AC").unwrap_or("AC")
        } else {
            ["JE", "RTE", "TLE", "WA"]
                .into_iter()
                .find(|w| results.contains(w))
                .unwrap_or("AC")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brace_alternatives_are_trimmed_as_bapctools_reads_them() {
        assert_eq!(expand_braces("secret/*{ 4 }{ 2 }"), ["secret/*42"]);
        assert!(group_glob_matches("secret/*{ 4 }{ 2 }", "secret/42"));
        assert!(!group_glob_matches("secret/*{ 4 }{ 2 }", "secret/43"));
        assert_eq!(expand_braces("a.{py, cpp}"), ["a.py", "a.cpp"]);
    }

    #[test]
    fn verdict_classes() {
        assert_eq!(class(Verdict::MLE), "RTE");
        assert_eq!(class(Verdict::OLE), "TLE");
        assert_eq!(
            expected_of("rejected", false),
            Some(&["WA", "TLE", "RTE"][..])
        );
        assert_eq!(expected_of("slow_accepted", false), None);
        assert_eq!(expected_of("partially_accepted", false), None);
        assert!(expected_of("partially_accepted", true).is_some());
        assert_eq!(verdict_class("TIMELIMIT"), Some("TLE"));
        assert_eq!(verdict_class("run_time_error"), Some("RTE"));
        assert_eq!(verdict_class("no-output"), Some("WA"));
        assert_eq!(verdict_class("maybe"), None);
    }
}
