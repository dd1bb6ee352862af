//! The short unified diff of a mismatch: the first 64 KiB of each side, at most about 40 lines,
//! whitespace made visible on changed lines.

use super::*;

// ----- rendering

/// An unchanged diff line: line terminator dropped, control characters visible, truncated.
pub(super) fn plain(line: &str, max: usize) -> String {
    let line = line.strip_suffix('\n').unwrap_or(line);
    let line = line.strip_suffix('\r').unwrap_or(line);
    render(
        line,
        max,
        |c| if c == '\t' { c } else { control_picture(c) },
    )
}

/// Collects diff lines up to the limit and counts the rest.
pub(super) struct DiffOut {
    pub(super) lines: Vec<String>,
    pub(super) more: usize,
}

impl DiffOut {
    pub(super) fn push(&mut self, line: impl FnOnce() -> String) {
        if self.lines.len() < DIFF_MAX_LINES {
            self.lines.push(line());
        } else {
            self.more += 1;
        }
    }
}

pub(super) fn hunk_range(range: std::ops::Range<usize>) -> String {
    if range.is_empty() {
        format!("{},0", range.start)
    } else {
        format!("{},{}", range.start + 1, range.len())
    }
}

/// A unified line diff of `expected` and `actual` ("-" expected, "+" actual).
pub(super) fn render_diff(expected: &str, actual: &str, truncated: bool) -> String {
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .timeout(DIFF_TIMEOUT)
        .diff_lines(expected, actual);
    let mut out = DiffOut {
        lines: vec!["--- expected".to_owned(), "+++ actual".to_owned()],
        more: 0,
    };
    for group in diff.grouped_ops(3) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let old = first.old_range().start..last.old_range().end;
        let new = first.new_range().start..last.new_range().end;
        out.push(|| format!("@@ -{} +{} @@", hunk_range(old), hunk_range(new)));
        for op in &group {
            for change in diff.iter_changes(op) {
                out.push(|| match change.tag() {
                    ChangeTag::Equal => format!(" {}", plain(change.value(), DIFF_LINE_MAX)),
                    ChangeTag::Delete => format!("-{}", visible(change.value(), DIFF_LINE_MAX)),
                    ChangeTag::Insert => format!("+{}", visible(change.value(), DIFF_LINE_MAX)),
                });
            }
        }
    }
    let scope = if truncated {
        "the first 64 KiB of each side"
    } else {
        "the whole answers"
    };
    if out.lines.len() == 2 && out.more == 0 {
        return format!("(no line differences in {scope})");
    }
    let mut lines = out.lines;
    if out.more > 0 {
        lines.push(format!("… ({} more lines)", out.more));
    }
    if truncated {
        lines.push(format!("(diff of {scope})"));
    }
    lines.join("\n")
}

pub(super) fn unified_diff(exp: Source<'_>, act: Source<'_>) -> io::Result<String> {
    let e = exp.read_range(0, DIFF_INPUT_CAP + 1)?;
    let a = act.read_range(0, DIFF_INPUT_CAP + 1)?;
    let truncated = e.len() > DIFF_INPUT_CAP || a.len() > DIFF_INPUT_CAP;
    let e = String::from_utf8_lossy(&e[..e.len().min(DIFF_INPUT_CAP)]);
    let a = String::from_utf8_lossy(&a[..a.len().min(DIFF_INPUT_CAP)]);
    Ok(render_diff(&e, &a, truncated))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::testutil::*;

    // ----- diff

    #[test]
    fn diff_marks_changes() {
        let m = wrong("a\nb \nc\n", "a\nb\nc\n", &opts(Mode::Exact));
        assert_eq!(
            m.diff,
            "--- expected\n+++ actual\n@@ -1,3 +1,3 @@\n a\n-b·⏎\n+b⏎\n c"
        );
    }

    #[test]
    fn diff_is_truncated() {
        let expected: String = (0..200).map(|i| format!("{i}\n")).collect();
        let actual: String = (0..200).map(|i| format!("{}\n", i * 7)).collect();
        let m = wrong(&expected, &actual, &opts(Mode::Tokens));
        let lines: Vec<&str> = m.diff.lines().collect();
        assert_eq!(lines.len(), DIFF_MAX_LINES + 1);
        let last = lines.last().unwrap();
        assert!(
            last.starts_with("… (") && last.ends_with(" more lines)"),
            "{last}"
        );
    }

    #[test]
    fn diff_limited_to_first_64k() {
        let same = "x\n".repeat(40_000);
        let m = wrong(
            &format!("{same}1\n"),
            &format!("{same}2\n"),
            &opts(Mode::Tokens),
        );
        assert_eq!(
            m.diff,
            "(no line differences in the first 64 KiB of each side)"
        );
        assert_eq!(m.line, Some(40_001));
    }

    #[test]
    fn diff_renders_control_characters_on_unchanged_lines() {
        let m = wrong("\u{1b}[0m\r\nx\n", "\u{1b}[0m\r\ny\n", &opts(Mode::Exact));
        assert!(m.diff.contains(" ␛[0m\n"), "{}", m.diff);
        assert!(!m.diff.contains('\u{1b}'));
    }
}
