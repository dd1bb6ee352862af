//! The exported package's input validator (`input_validators/validate.py`): a problem.toml
//! problem states no input grammar, so the rules are inferred from what every test input has in
//! common (the character set, the final newline, blank lines and stray spaces, the number of
//! lines and of tokens per line, integer tokens) and written into a fixed Python program that
//! checks them with the Kattis protocol (exit 42 accepts, 43 rejects with the reason on stderr).
//! No rule is narrower than the tests, so every test input is accepted; input that breaks the
//! layout every test shares is rejected.

use serde::Serialize;

/// The program, with `@RULES@` and `@ID@` to fill in.
const TEMPLATE: &str = include_str!("validate.py");

/// One line of the fixed layout.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// The number of tokens, when every test has the same.
    pub tokens: Option<usize>,
    /// Every token is an integer (`-?(0|[1-9][0-9]*)`) in every test.
    pub integers: bool,
}

/// What every test input has in common.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rules {
    /// Every input has at least one byte.
    pub nonempty: bool,
    /// Every input is UTF-8 text with no control characters but tabs and line ends; when not,
    /// only `nonempty` is checked.
    pub text: bool,
    /// Only printable ASCII, spaces, tabs and line ends.
    pub ascii: bool,
    /// Every non-empty input ends with a newline.
    pub final_newline: bool,
    /// Some input has a carriage return.
    pub cr_allowed: bool,
    /// Some input has a tab.
    pub tabs_allowed: bool,
    /// Some input has an empty line.
    pub empty_lines_allowed: bool,
    /// Some input has a line starting or ending with a space or tab.
    pub edge_spaces_allowed: bool,
    /// Some input has two spaces or tabs in a row.
    pub double_spaces_allowed: bool,
    /// The layout, when every input has the same number of lines.
    pub lines: Option<Vec<Line>>,
    /// Every token of every input is an integer (checked when the line count varies).
    pub integers: bool,
}

fn is_integer(token: &str) -> bool {
    let digits = token.strip_prefix('-').unwrap_or(token);
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
}

fn lines_of(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.split('\n').collect();
    if text.ends_with('\n') || text.is_empty() {
        lines.pop();
    }
    lines
}

/// Infers the rules every one of `inputs` obeys.
pub fn infer(inputs: &[&[u8]]) -> Rules {
    let texts: Option<Vec<&str>> = inputs
        .iter()
        .map(|b| {
            std::str::from_utf8(b).ok().filter(|t| {
                !t.chars()
                    .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
            })
        })
        .collect();
    let nonempty = inputs.iter().all(|b| !b.is_empty());
    let Some(texts) = texts else {
        return Rules {
            nonempty,
            text: false,
            ascii: false,
            final_newline: false,
            cr_allowed: true,
            tabs_allowed: true,
            empty_lines_allowed: true,
            edge_spaces_allowed: true,
            double_spaces_allowed: true,
            lines: None,
            integers: false,
        };
    };
    let all_lines: Vec<Vec<&str>> = texts.iter().map(|t| lines_of(t)).collect();
    let every_line = || all_lines.iter().flatten();
    let count = all_lines.first().map(Vec::len);
    let fixed = count.filter(|&n| all_lines.iter().all(|l| l.len() == n));
    let lines = fixed.map(|n| {
        (0..n)
            .map(|i| {
                let counts: Vec<usize> = all_lines
                    .iter()
                    .map(|l| l[i].split_whitespace().count())
                    .collect();
                Line {
                    tokens: Some(counts[0]).filter(|c| counts.iter().all(|x| x == c)),
                    integers: all_lines
                        .iter()
                        .all(|l| l[i].split_whitespace().all(is_integer)),
                }
            })
            .collect()
    });
    Rules {
        nonempty,
        text: true,
        ascii: texts.iter().all(|t| {
            t.bytes()
                .all(|b| (0x20..0x7f).contains(&b) || matches!(b, b'\n' | b'\t' | b'\r'))
        }),
        final_newline: texts.iter().all(|t| t.is_empty() || t.ends_with('\n')),
        cr_allowed: texts.iter().any(|t| t.contains('\r')),
        tabs_allowed: texts.iter().any(|t| t.contains('\t')),
        empty_lines_allowed: every_line().any(|l| l.is_empty()),
        edge_spaces_allowed: every_line().any(|l| l.trim_matches([' ', '\t']) != *l),
        double_spaces_allowed: every_line().any(|l| {
            l.as_bytes()
                .windows(2)
                .any(|w| matches!(w[0], b' ' | b'\t') && matches!(w[1], b' ' | b'\t'))
        }),
        lines,
        integers: every_line().all(|l| l.split_whitespace().all(is_integer)),
    }
}

/// `id` as it can stand in the program's docstring: letters, digits, `-`, `_` and `.`; anything
/// else (quotes, backslashes, line ends) becomes `_`.
fn docstring_safe(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The validator program for problem `id` checking `rules`.
pub fn program(id: &str, rules: &Rules) -> String {
    let json = serde_json::to_string_pretty(rules).unwrap_or_default();
    TEMPLATE
        .replace("@ID@", &docstring_safe(id))
        .replace("@RULES@", &json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_what_every_input_shares() {
        let r = infer(&[b"3\n1 2 3\n", b"1\n-7\n"]);
        assert!(r.nonempty && r.text && r.ascii && r.final_newline && r.integers);
        assert!(!r.cr_allowed && !r.tabs_allowed && !r.empty_lines_allowed);
        assert!(!r.edge_spaces_allowed && !r.double_spaces_allowed);
        assert_eq!(
            r.lines,
            Some(vec![
                Line {
                    tokens: Some(1),
                    integers: true
                },
                Line {
                    tokens: None,
                    integers: true
                },
            ])
        );
        // A leading zero, a word, a varying line count, a double space, a missing newline.
        let r = infer(&[b"007 x\n", b"1  2\n3\n", b"4"]);
        assert!(!r.integers && r.lines.is_none() && !r.final_newline);
        assert!(r.double_spaces_allowed);
        let r = infer(&[b"\xff\n"]);
        assert!(!r.text);
        assert!(!infer(&[b"a\x01\n"]).text);
    }

    #[test]
    fn program_embeds_the_rules() {
        let p = program("a\"\"\"\\\nb", &infer(&[b"1\n"]));
        assert!(p.contains("\"final_newline\": true"), "{p}");
        assert!(p.contains("`a_____b`"), "{p}");
        assert!(!p.contains("@RULES@") && !p.contains("@ID@"));
    }
}
