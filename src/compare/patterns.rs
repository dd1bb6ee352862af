//! `regex` mode: one pattern per expected line, each output line must fully match its pattern
//! (patterns loaded, at most 4 MiB; output lines streamed, at most 16 MiB each).

use super::*;

// ----- regex

/// The error message of a regex, on one line.
pub(super) fn regex_error(err: &regex::Error) -> String {
    let text = err.to_string();
    let detail = text
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("error: "))
        .unwrap_or(text.trim())
        .to_owned();
    let mut chars = detail.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => detail,
    }
}

/// Compiles the patterns of a regex answer (one per line, trailing empty lines ignored).
/// Returns the source text of each line and, per line, an index into the compiled regexes.
pub(super) fn compile_patterns(
    raw: &[u8],
    ci: bool,
) -> io::Result<(Vec<&str>, Vec<usize>, Vec<Regex>)> {
    let mut lines: Vec<&[u8]> = raw.split(|&b| b == b'\n').collect();
    while lines.last().is_some_and(|l| trim_line_end(l).is_empty()) {
        lines.pop();
    }
    let mut sources = Vec::with_capacity(lines.len());
    let mut index = Vec::with_capacity(lines.len());
    let mut regexes: Vec<Regex> = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, line) in lines.into_iter().enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let bad = |detail: String| {
            invalid_data(format!(
                "invalid regex on line {} of the expected answer: {detail}",
                i + 1
            ))
        };
        let pattern = std::str::from_utf8(line).map_err(|_| bad("not valid utf-8".to_owned()))?;
        let id = match seen.get(pattern) {
            Some(&id) => id,
            None => {
                // compile the bare pattern first so that wrapping it cannot change its meaning
                // (e.g. `a)|(b`)
                RegexBuilder::new(pattern)
                    .case_insensitive(ci)
                    .build()
                    .map_err(|err| bad(regex_error(&err)))?;
                let regex = RegexBuilder::new(&format!("^(?:{pattern})$"))
                    .case_insensitive(ci)
                    .build()
                    .map_err(|err| bad(regex_error(&err)))?;
                regexes.push(regex);
                seen.insert(pattern, regexes.len() - 1);
                regexes.len() - 1
            }
        };
        sources.push(pattern);
        index.push(id);
    }
    Ok((sources, index, regexes))
}

/// Renders a raw output line, with `⏎` when it was terminated.
pub(super) fn show_line(content: &[u8], terminated: bool) -> String {
    let mut text = String::from_utf8_lossy(&content[..content.len().min(PIECE_BYTES)]).into_owned();
    if terminated {
        text.push('\n');
    }
    visible(&text, PIECE_MAX)
}

pub(super) fn find_regex(exp: Source<'_>, act: Source<'_>, ci: bool) -> io::Result<Option<Found>> {
    let raw = exp.read_capped(REGEX_EXPECTED_CAP)?.ok_or_else(|| {
        invalid_data(format!(
            "expected answer is too large for regex comparison (limit {REGEX_EXPECTED_CAP} bytes)"
        ))
    })?;
    let (sources, index, regexes) = compile_patterns(&raw, ci)?;
    let regex_at = |i: usize| &regexes[index[i]];
    let pattern_at = |i: usize| visible(sources[i], PIECE_MAX);

    let mut reader = act.reader()?;
    let mut buf = Vec::new();
    let mut next = 0usize;
    let mut line_no = 0u64;
    let ready = |summary: String, line: u64, expected: String, actual: String| {
        Some(Found::Ready(Ready {
            summary,
            line: Some(line),
            column: None,
            locate: None,
            expected,
            actual,
        }))
    };
    let mut ended_at: Option<u64> = None;
    while let Some(line) = reader.read_line(&mut buf, REGEX_LINE_CAP)? {
        line_no += 1;
        let trimmed = trim_line_end(&buf);
        let blank = trimmed.is_empty() && !line.overflow;
        if next == sources.len() {
            if blank {
                continue;
            }
            let actual = show_line(&buf, line.terminated);
            let summary = format!("extra output after the answer at line {line_no}: `{actual}`");
            return Ok(ready(summary, line_no, "∅".to_owned(), actual));
        }
        if !line.overflow && regex_at(next).is_match(trimmed) {
            next += 1;
            continue;
        }
        if blank && reader.skip_blank_lines()?.is_none() {
            // only blank lines remain: the output ended here
            ended_at = Some(line_no);
            break;
        }
        let expected = pattern_at(next);
        let actual = show_line(&buf, line.terminated);
        let summary = format!(
            "first difference at line {line_no}: expected a line matching `{expected}`, got `{actual}`"
        );
        return Ok(ready(summary, line_no, expected, actual));
    }
    // remaining patterns that match an empty line stand for ignored trailing blank lines
    if (next..sources.len()).all(|i| regex_at(i).is_match(b"")) {
        return Ok(None);
    }
    let expected = pattern_at(next);
    let line = ended_at.unwrap_or(line_no + 1);
    let summary = if reader.offset == 0 {
        format!("no output: expected a line matching `{expected}`")
    } else {
        format!(
            "output ended early at line {line}: expected a line matching `{expected}`, got end of output"
        )
    };
    Ok(ready(summary, line, expected, "∅".to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::testutil::*;

    // ----- regex

    #[test]
    fn regex_matches_line_by_line() {
        let o = opts(Mode::Regex);
        let expected = "Case #\\d+: (YES|NO)\n\\d+(\\.\\d+)?\n";
        assert!(accepts(expected, "Case #1: YES\n3.14 \r\n", &o));
        assert!(accepts(expected, "Case #12: NO\n3\n\n\n", &o));
        let m = wrong(expected, "Case #1: MAYBE\n3\n", &o);
        assert_eq!(
            m.summary,
            "first difference at line 1: expected a line matching `Case·#\\d+:·(YES|NO)`, got `Case·#1:·MAYBE⏎`"
        );
        assert_eq!((m.line, m.column), (Some(1), None));
    }

    #[test]
    fn regex_is_anchored() {
        let o = opts(Mode::Regex);
        assert!(!accepts("\\d+\n", "a12\n", &o));
        assert!(!accepts("\\d+\n", "12a\n", &o));
        assert!(!accepts("a|b\n", "ab\n", &o));
        assert!(accepts("a|b\n", "b\n", &o));
    }

    #[test]
    fn regex_count_must_match() {
        let o = opts(Mode::Regex);
        let m = wrong("a\nb\n", "a\n", &o);
        assert_eq!(
            m.summary,
            "output ended early at line 2: expected a line matching `b`, got end of output"
        );
        let m = wrong("a\nb\n", "a\n\n\n", &o);
        assert_eq!(m.line, Some(2));
        assert!(m.summary.starts_with("output ended early at line 2"));
        let m = wrong("a\n", "a\n\nc\n", &o);
        assert_eq!(m.summary, "extra output after the answer at line 3: `c⏎`");
        let m = wrong("a\n", "", &o);
        assert_eq!(m.summary, "no output: expected a line matching `a`");
        // a blank line in the middle is a line
        let m = wrong("a\nb\n", "\nb\n", &o);
        assert!(m.summary.starts_with("first difference at line 1"));
        // trailing patterns that match an empty line may be left unmatched
        assert!(accepts("a\n.*\n", "a\n", &o));
    }

    #[test]
    fn regex_invalid_is_a_judge_error() {
        let err =
            try_compare_bytes(b"ok\n(unclosed\n", b"ok\nx\n", &opts(Mode::Regex)).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        let msg = err.to_string();
        assert!(
            msg.starts_with("invalid regex on line 2 of the expected answer: "),
            "{msg}"
        );
        assert!(!msg.contains('\n'), "{msg}");
        // found even when the output ends before that line
        assert!(try_compare_bytes(b"ok\n(unclosed\n", b"", &opts(Mode::Regex)).is_err());
        // a pattern that only compiles once wrapped is still invalid
        let err = try_compare_bytes(b"a)|(b\n", b"a\n", &opts(Mode::Regex)).unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
        // compare_bytes reports it without blaming the output
        match compare_bytes(b"(\n", b"x\n", &opts(Mode::Regex)) {
            Outcome::Wrong(m) => assert!(
                m.summary
                    .starts_with("judge error: invalid regex on line 1")
            ),
            Outcome::Accepted => panic!("invalid regex accepted"),
        }
    }

    #[test]
    fn regex_invalid_from_file_is_error() {
        let dir = TempDir::new("regex");
        let expected = dir.file("expected", b"\\d+\n[z-a]\n");
        let actual = dir.file("actual", b"1\n2\n");
        let err = compare_files(&expected, &actual, &opts(Mode::Regex)).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert!(err.to_string().contains("line 2"), "{err}");
    }

    #[test]
    fn regex_case_and_crlf() {
        assert!(accepts("yes\r\nno\r\n", "YES\nNo\n", &ci(Mode::Regex)));
        let m = wrong("yes\n", "YES\n", &opts(Mode::Regex));
        assert_eq!(
            m.looser.as_deref(),
            Some("passes if letter case were ignored")
        );
    }
}
