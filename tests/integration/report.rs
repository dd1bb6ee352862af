//! Snapshots of the human report, with times, sizes and versions redacted.

use crate::{Env, fixture_problem, fixture_submission};

fn redact(text: &str) -> String {
    let rules = [
        (r"\d+\.\d+s", "[t]"),
        (r"\d+(\.\d+)? (B|KiB|MiB|GiB)\b", "[mem]"),
        (r"\(python3, [^)]*\)", "(python3, [version])"),
        (r"build: .*", "build: [t]"),
        // The level and the memory note depend on the host (root or not, cgroups or not).
        (r"sandbox \w+", "sandbox [level]"),
        (r" \(approximate: per process, no cgroup\)", ""),
    ];
    let mut out = text.to_string();
    for (pattern, with) in rules {
        out = regex::Regex::new(pattern)
            .unwrap()
            .replace_all(&out, with)
            .into_owned();
    }
    // Column widths depend on the redacted numbers: squeeze runs of spaces.
    regex::Regex::new(r"(\S) {2,}")
        .unwrap()
        .replace_all(&out, "$1  ")
        .into_owned()
}

fn human(env: &Env, submission: &str) -> String {
    let out = env
        .grader()
        .args([
            "run",
            &fixture_problem("sum"),
            &fixture_submission(submission),
            "-j",
            "1",
        ])
        .output()
        .unwrap();
    redact(&String::from_utf8_lossy(&out.stdout))
}

#[test]
fn human_report_accepted() {
    let env = Env::new();
    insta::assert_snapshot!(human(&env, "ac.py"));
}

#[test]
fn human_report_wrong_answer() {
    let env = Env::new();
    insta::assert_snapshot!(human(&env, "wa.py"));
}
