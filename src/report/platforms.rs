//! Writers for platforms that read a `results.json` of their own:
//! - Gradescope's autograder (`/autograder/results/results.json`): `score` (the problem's score,
//!   which overrides the sum of the tests), `execution_time`, `output`, and `tests[]` with
//!   `name`, `number`, `score`, `max_score`, `status` (`passed`/`failed`), `output`, `visibility`;
//! - Exercism's test runner interface, version 3: `version`, `status` (`pass`, `fail`, or
//!   `error` when no test ran: a compile or judge error, with `message`), and `tests[]` with
//!   `name`, `status`, `message`, `output` (what the answer printed, at most 500 characters),
//!   `test_code` (the test's input, when the problem shows it) and `task_id` (the test's group,
//!   numbered from 1).

use crate::judge::{Report, TestResult, Verdict};
use crate::problem::Visibility;
use serde_json::{Value, json};

fn test_output(t: &TestResult) -> String {
    let mut parts = vec![if t.message.is_empty() {
        t.verdict.to_string()
    } else {
        format!("{}: {}", t.verdict, t.message)
    }];
    if t.visibility != Visibility::Hidden
        && let Some(i) = &t.details.input
    {
        parts.push(format!("input: {i}"));
    }
    if let Some(h) = &t.details.hint {
        parts.push(format!("hint: {h}"));
    }
    parts.join("\n")
}

/// Gradescope's `results.json`.
pub fn gradescope(report: &Report) -> Value {
    let mut output = format!(
        "{} · {}: {} · score {}/{}",
        report.header.problem,
        report.header.submission,
        report.verdict,
        report.score,
        report.max_score
    );
    if let Some(m) = &report.message {
        output.push_str("\n\n");
        output.push_str(m);
    }
    let tests: Vec<Value> = report
        .tests
        .iter()
        .enumerate()
        .map(|(i, t)| {
            json!({
                "name": t.name,
                "number": (i + 1).to_string(),
                "score": t.points,
                "max_score": t.max_points,
                "status": if t.verdict == Verdict::AC { "passed" } else { "failed" },
                "output": test_output(t),
                "visibility": "visible",
            })
        })
        .collect();
    json!({
        "score": report.score,
        "execution_time": report.wall.as_secs_f64().ceil() as u64,
        "output": output,
        "tests": tests,
        "extra_data": {
            "verdict": report.verdict.as_str(),
            "max_score": report.max_score,
            "grader_version": report.grader.version,
            "sandbox_level": report.header.sandbox.level.to_string(),
        },
    })
}

fn cap(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Exercism's `results.json`, version 3.
pub fn exercism(report: &Report) -> Value {
    let whole_error =
        report.tests.is_empty() || matches!(report.verdict, Verdict::CE | Verdict::JE);
    if whole_error {
        return json!({
            "version": 3,
            "status": "error",
            "message": cap(report.message.as_deref().unwrap_or("no test was run"), 65_535),
        });
    }
    let mut groups: Vec<String> = Vec::new();
    let tests: Vec<Value> = report
        .tests
        .iter()
        .map(|t| {
            let status = match t.verdict {
                Verdict::AC => "pass",
                Verdict::JE => "error",
                _ => "fail",
            };
            let mut v = json!({ "name": t.name, "status": status });
            if t.verdict != Verdict::AC {
                v["message"] = json!(cap(&format!("{}: {}", t.verdict, t.message), 65_535));
            }
            let printed = t.details.printed.as_deref().or(t.details.stderr.as_deref());
            if let Some(p) = printed.filter(|p| !p.is_empty()) {
                v["output"] = json!(cap(p, 500));
            }
            if t.visibility != Visibility::Hidden
                && let Some(i) = &t.details.input
            {
                v["test_code"] = json!(i);
            }
            if let Some(g) = &t.group {
                let id = match groups.iter().position(|x| x == g) {
                    Some(i) => i + 1,
                    None => {
                        groups.push(g.clone());
                        groups.len()
                    }
                };
                v["task_id"] = json!(id);
            }
            v
        })
        .collect();
    let status = if report.verdict == Verdict::AC {
        "pass"
    } else {
        "fail"
    };
    json!({ "version": 3, "status": status, "tests": tests })
}
