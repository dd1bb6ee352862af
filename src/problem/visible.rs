//! Text as the grader shows it to people: whitespace and control characters made visible
//! ([`visible`]), any character mapped and the text truncated with `…` ([`render`]). Used by
//! spec errors, value messages and output explanations alike.

/// Makes whitespace and control characters visible: space `·`, tab `→`, newline `⏎`, carriage
/// return `␍`, no-break space `⍽`, other control characters as their control pictures (`␀`…),
/// and the empty string (end of output) as `∅`. The result has at most `max` characters, the
/// last being `…` when `s` was truncated.
pub fn visible(s: &str, max: usize) -> String {
    if max == 0 {
        return String::new();
    }
    if s.is_empty() {
        return "∅".to_owned();
    }
    render(s, max, visible_char)
}

fn visible_char(c: char) -> char {
    match c {
        ' ' => '·',
        '\t' => '→',
        '\n' => '⏎',
        '\u{a0}' => '⍽',
        _ => control_picture(c),
    }
}

/// Control characters as their Unicode control pictures (`\r` is `␍`); others unchanged.
pub fn control_picture(c: char) -> char {
    match c {
        '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '␡',
        _ => c,
    }
}

/// Maps each character of `s` and truncates to `max` characters with `…`.
pub fn render(s: &str, max: usize, map: fn(char) -> char) -> String {
    let total = s.chars().count();
    if total <= max {
        return s.chars().map(map).collect();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).map(map).collect();
    if max > 0 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_marks_whitespace() {
        assert_eq!(visible("a b\tc\r\n", 80), "a·b→c␍⏎");
        assert_eq!(visible("", 80), "∅");
        assert_eq!(visible("\u{0}\u{1b}[31m\u{7f}", 80), "␀␛[31m␡");
        assert_eq!(visible("1\u{a0}000", 80), "1⍽000");
        assert_eq!(visible("héllo wörld", 80), "héllo·wörld");
    }

    #[test]
    fn visible_truncates() {
        assert_eq!(visible("abcdef", 6), "abcdef");
        assert_eq!(visible("abcdefg", 6), "abcde…");
        assert_eq!(visible("ééééééé", 3), "éé…");
        assert_eq!(visible("  ", 1), "…");
        assert_eq!(visible("abc", 0), "");
    }
}
