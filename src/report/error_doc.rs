//! A usage or spec error (exit 2) in the machine format asked for: a pipeline that reads stdout
//! gets a document it can parse even when the command line or the problem is wrong. JSON:
//! `{"format_version": 1, "error": {"kind": "usage"|"spec", "message", "exit_code": 2}}`;
//! JUnit: one suite with one `<error>` case; TAP: `Bail out!`; GitHub: an `::error::`
//! annotation; Gradescope: score 0 with the message as `output`; Exercism: status `error`.

use super::Format;
use super::cases::{Case, Outcome, Suite};
use serde_json::json;

/// The document for an error of `kind` (`usage` or `spec`), or `None` for the human format.
pub fn render(format: Format, kind: &str, message: &str, exit_code: u8) -> Option<String> {
    let said = format!("grader: {kind} error: {message}");
    Some(match format {
        Format::Human => return None,
        Format::Json => pretty(&json!({
            "format_version": 1,
            "error": {"kind": kind, "message": message, "exit_code": exit_code},
        })),
        Format::Junit => super::junit::junit(&[Suite {
            name: "grader".into(),
            time_s: 0.0,
            cases: vec![Case {
                classname: "grader".into(),
                name: kind.into(),
                time_s: 0.0,
                outcome: Outcome::Error {
                    kind: kind.into(),
                    message: message.into(),
                    detail: String::new(),
                },
                file: None,
                line: None,
            }],
            properties: vec![("grader.version".into(), env!("CARGO_PKG_VERSION").into())],
        }]),
        Format::Tap => format!(
            "TAP version 14\nBail out! {kind} error: {}\n",
            one_line(message)
        ),
        Format::Github => format!(
            "::error title=grader {kind} error::{}\n",
            message
                .replace('%', "%25")
                .replace('\r', "%0D")
                .replace('\n', "%0A")
        ),
        Format::Gradescope => pretty(&json!({"score": 0.0, "output": said, "tests": []})),
        Format::Exercism => pretty(&json!({
            "version": 3,
            "status": "error",
            "message": said,
            "tests": [],
        })),
    })
}

fn pretty(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}

fn one_line(s: &str) -> String {
    s.lines().collect::<Vec<_>>().join(" ")
}

/// The format `--format` names in the raw arguments (`--format json` or `--format=json`),
/// whether or not they parse; human when none is named or the name is unknown.
pub fn requested(args: &[String]) -> Format {
    let mut value = None;
    for (i, a) in args.iter().enumerate() {
        if a == "--" {
            break;
        }
        if a == "--format" {
            value = args.get(i + 1).map(String::as_str);
        } else if let Some(v) = a.strip_prefix("--format=") {
            value = Some(v);
        }
    }
    match value {
        Some("json") => Format::Json,
        Some("junit") => Format::Junit,
        Some("tap") => Format::Tap,
        Some("github") => Format::Github,
        Some("gradescope") => Format::Gradescope,
        Some("exercism") => Format::Exercism,
        _ => Format::Human,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_machine_format_has_an_error_document() {
        let args = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        assert_eq!(requested(&args("run p f --format json")), Format::Json);
        assert_eq!(requested(&args("run p f --format=tap")), Format::Tap);
        assert_eq!(requested(&args("run p f -- --format json")), Format::Human);
        let doc = render(Format::Json, "usage", "unknown language `go`", 2).unwrap();
        let v: serde_json::Value = serde_json::from_str(&doc).unwrap();
        assert_eq!(v["error"]["kind"], "usage");
        assert_eq!(v["error"]["exit_code"], 2);
        assert_eq!(v["format_version"], 1);
        let tap = render(Format::Tap, "usage", "a\nb", 2).unwrap();
        assert_eq!(tap, "TAP version 14\nBail out! usage error: a b\n");
        let junit = render(Format::Junit, "spec", "x <y>", 2).unwrap();
        assert!(
            junit.contains("<error") && junit.contains("x &lt;y&gt;"),
            "{junit}"
        );
        assert!(render(Format::Human, "usage", "x", 2).is_none());
    }
}
