//! `--format junit`: JUnit XML as the Ant JUnit task writes it, the layout Jenkins, GitLab,
//! GitHub test reporters and most dashboards read: `<testsuites>` holding a `<testsuite>` per
//! suite (with `id`, `package`, `hostname`, `timestamp`, counts and `<properties>`), a
//! `<testcase>` per case with `<failure>`, `<error>` or `<skipped>`, then `<system-out>` and
//! `<system-err>`. The tests validate it against `tests/fixtures/junit/junit.xsd`.

use super::cases::{Failure, Read, Suite};
use std::fmt::Write as _;

/// Text safe in XML: markup escaped, characters XML 1.0 forbids replaced.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// An attribute value: escaped, with line breaks kept as character references.
fn attr(s: &str) -> String {
    escape(s)
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
        .replace('\t', "&#9;")
}

/// UTC now as `YYYY-MM-DDTHH:MM:SS` (no zone, as the Ant format wants).
pub fn timestamp() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".into())
}

fn secs(t: f64) -> String {
    format!("{:.3}", t.max(0.0))
}

/// The XML document for `suites`.
pub fn junit(suites: &[Suite]) -> String {
    let (stamp, host) = (timestamp(), hostname());
    let total = |f: fn(&Suite) -> usize| suites.iter().map(f).sum::<usize>();
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        x,
        r#"<testsuites name="grader" tests="{}" failures="{}" errors="{}" skipped="{}" time="{}">"#,
        total(|s| s.cases.len()),
        total(Suite::failures),
        total(Suite::errors),
        total(Suite::skipped),
        secs(suites.iter().map(|s| s.time_s).sum())
    );
    for (id, s) in suites.iter().enumerate() {
        let name = if s.name.trim().is_empty() {
            "grader"
        } else {
            &s.name
        };
        let _ = writeln!(
            x,
            r#"  <testsuite id="{id}" package="grader" name="{}" hostname="{}" timestamp="{stamp}" tests="{}" failures="{}" errors="{}" skipped="{}" time="{}">"#,
            attr(name),
            attr(&host),
            s.cases.len(),
            s.failures(),
            s.errors(),
            s.skipped(),
            secs(s.time_s)
        );
        x.push_str("    <properties>\n");
        for (k, v) in &s.properties {
            let _ = writeln!(
                x,
                r#"      <property name="{}" value="{}"/>"#,
                attr(k),
                attr(v)
            );
        }
        x.push_str("    </properties>\n");
        for c in &s.cases {
            let _ = write!(
                x,
                r#"    <testcase name="{}" classname="{}" time="{}""#,
                attr(&c.name),
                attr(&c.classname),
                secs(c.time_s)
            );
            // Every outcome by name: one added later is a compile error here.
            match c.outcome.read() {
                Read::Failed(f) => not_passed(&mut x, "failure", f),
                Read::Errored(f) => not_passed(&mut x, "error", f),
                Read::Skipped(message) => {
                    let _ = writeln!(
                        x,
                        ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                        attr(message)
                    );
                }
                Read::Pass => x.push_str("/>\n"),
            }
        }
        x.push_str(
            "    <system-out></system-out>\n    <system-err></system-err>\n  </testsuite>\n",
        );
    }
    x.push_str("</testsuites>\n");
    x
}

/// The end of a failed (`tag` `failure`) or errored (`error`) case's element.
fn not_passed(x: &mut String, tag: &str, f: Failure) {
    let _ = writeln!(
        x,
        ">\n      <{tag} message=\"{}\" type=\"{}\">{}</{tag}>\n    </testcase>",
        attr(f.message),
        attr(f.kind),
        escape(f.detail)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::cases::{Case, Outcome};

    #[test]
    fn escapes_and_counts() {
        let case = |name: &str, outcome| Case {
            classname: "p".into(),
            name: name.into(),
            time_s: 0.5,
            outcome,
            file: None,
            line: None,
        };
        let s = Suite {
            name: "p<1>".into(),
            time_s: 1.0,
            cases: vec![
                case("a", Outcome::Pass),
                case(
                    "b\"q",
                    Outcome::Fail {
                        kind: "WA".into(),
                        message: "got <1> & \u{1b}".into(),
                        detail: "x\ny".into(),
                    },
                ),
                case(
                    "c",
                    Outcome::Skip {
                        message: "s".into(),
                    },
                ),
            ],
            properties: vec![("k".into(), "v\nw".into())],
        };
        let x = junit(&[s]);
        assert!(x.contains(r#"name="p&lt;1&gt;""#));
        assert!(x.contains(r#"tests="3" failures="1" errors="0" skipped="1""#));
        assert!(x.contains(r#"message="got &lt;1&gt; &amp; �""#));
        assert!(x.contains(r#"value="v&#10;w""#));
        assert!(x.contains("b&quot;q"));
        assert_eq!(timestamp().len(), 19);
    }
}
