//! The ICPC/Kattis default output validator, with problemtools' exact semantics
//! (`support/default_validator/default_validator.cc`): its flags ([`Flags`], parsed from
//! `validator_flags` / `output_validator_args`) and its decision ([`validate`]).
//!
//! - Tokens are separated by C `isspace` bytes (space, `\t`, `\n`, `\v`, `\f`, `\r`).
//! - Letters compare case-insensitively (`strcasecmp`) unless `case_sensitive`.
//! - `space_change_sensitive`: every whitespace byte of the answer must be matched by the same
//!   byte in the output, and the output may have no whitespace the answer lacks (trailing
//!   whitespace included).
//! - With a tolerance set, a token of the answer that reads as a C `double` (what
//!   `sscanf("%lf")` accepts whole: decimal or hexadecimal, never infinite or NaN) is a number:
//!   the output's token must read as one too, and is accepted when within the absolute OR the
//!   relative tolerance (`|a - o| <= abs` or `|a - o| <= rel * |a|`). `float_tolerance e` sets
//!   both. Without a tolerance, numbers are plain tokens.
//! - Output left after the answer's last token is wrong ("trailing output").

pub use crate::problem::compare_spec::{Flags, c_double};

/// C's `isspace` in the "C" locale.
fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Why the default validator rejected an output, in its words.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    /// 1-based line of the output where the difference was found.
    pub output_line: u64,
    /// 1-based line of the answer file.
    pub answer_line: u64,
    pub message: String,
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "wrong answer on line {} of output (line {} of the answer file): {}",
            self.output_line, self.answer_line, self.message
        )
    }
}

struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u64,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }
    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        if b == b'\n' {
            self.line += 1;
        }
        Some(b)
    }
    fn token(&mut self) -> Option<&'a [u8]> {
        while self.peek().is_some_and(is_c_space) {
            self.bump();
        }
        let start = self.pos;
        while self.peek().is_some_and(|b| !is_c_space(b)) {
            self.pos += 1;
        }
        (self.pos > start).then(|| &self.bytes[start..self.pos])
    }
}

fn show(token: &[u8]) -> String {
    String::from_utf8_lossy(token).into_owned()
}

fn show_byte(b: Option<u8>) -> String {
    match b {
        None => "end of output".into(),
        Some(b'\n') => "a newline".into(),
        Some(b' ') => "a space".into(),
        Some(b'\t') => "a tab".into(),
        Some(b'\r') => "a carriage return".into(),
        Some(b) if b.is_ascii_graphic() => format!("`{}`", b as char),
        Some(b) => format!("byte {b}"),
    }
}

/// Decides an output against the answer as problemtools' default validator does.
pub fn validate(answer: &[u8], output: &[u8], flags: &Flags) -> Result<(), Rejection> {
    let mut j = Cursor {
        bytes: answer,
        pos: 0,
        line: 1,
    };
    let mut u = Cursor {
        bytes: output,
        pos: 0,
        line: 1,
    };
    let floats = flags.uses_floats();
    let abs = flags.float_abs.unwrap_or(-1.0);
    let rel = flags.float_rel.unwrap_or(-1.0);
    let wrong = |u: &Cursor, j: &Cursor, message: String| Rejection {
        output_line: u.line,
        answer_line: j.line,
        message,
    };
    let mut token_no = 0u64;
    loop {
        while let Some(c) = j.peek().filter(|&b| is_c_space(b)) {
            j.bump();
            if flags.space_change_sensitive {
                let d = u.peek();
                if d != Some(c) {
                    return Err(wrong(
                        &u,
                        &j,
                        format!(
                            "space change error: expected {}, got {}",
                            show_byte(Some(c)),
                            show_byte(d)
                        ),
                    ));
                }
                u.bump();
            }
        }
        if let Some(d) = u.peek().filter(|&b| is_c_space(b)) {
            if flags.space_change_sensitive {
                return Err(wrong(
                    &u,
                    &j,
                    format!(
                        "space change error: the answer has no whitespace here, got {}",
                        show_byte(Some(d))
                    ),
                ));
            }
            while u.peek().is_some_and(is_c_space) {
                u.bump();
            }
        }
        let Some(judge) = j.token() else {
            break;
        };
        let Some(team) = u.token() else {
            let what = if token_no > 0 {
                ""
            } else if output.is_empty() {
                "; the output was empty"
            } else {
                "; the output had no tokens"
            };
            return Err(wrong(
                &u,
                &j,
                format!(
                    "the output ended while the answer goes on{what} (next answer token: `{}`)",
                    show(judge)
                ),
            ));
        };
        token_no += 1;
        if let Some(jv) = floats.then(|| c_double(judge)).flatten() {
            let Some(tv) = c_double(team) else {
                return Err(wrong(
                    &u,
                    &j,
                    format!("expected a number, got `{}`", show(team)),
                ));
            };
            let diff = (jv - tv).abs();
            // Both values are finite, so `diff` is never NaN: "not within" is "greater than".
            let within = diff <= abs || diff <= rel * jv.abs();
            if !within {
                let tol = |v: f64| {
                    if v >= 0.0 {
                        format!("{v:e}")
                    } else {
                        "none".into()
                    }
                };
                return Err(wrong(
                    &u,
                    &j,
                    format!(
                        "too large a difference: answer `{}`, output `{}`, difference {:e} (absolute tolerance {}, relative tolerance {})",
                        show(judge),
                        show(team),
                        jv - tv,
                        tol(abs),
                        tol(rel)
                    ),
                ));
            }
        } else {
            let same = if flags.case_sensitive {
                judge == team
            } else {
                judge.eq_ignore_ascii_case(team)
            };
            if !same {
                return Err(wrong(
                    &u,
                    &j,
                    format!(
                        "tokens differ: answer `{}`, output `{}`",
                        show(judge),
                        show(team)
                    ),
                ));
            }
        }
    }
    if let Some(extra) = u.token() {
        return Err(wrong(&u, &j, format!("trailing output: `{}`", show(extra))));
    }
    Ok(())
}

/// Judges an output file against an answer file: `None` when accepted, else the mismatch to
/// show (the validator's message as its summary, the diff and position from `explain`, the
/// closest comparison of `compare`). `Err` is a judge-side failure (unreadable files).
pub fn judge_files(
    answer: &std::path::Path,
    output: &std::path::Path,
    flags: &Flags,
    explain: &super::Options,
) -> std::io::Result<Option<super::Mismatch>> {
    let a = std::fs::read(answer)?;
    let o = std::fs::read(output)?;
    let Err(rejection) = validate(&a, &o, flags) else {
        return Ok(None);
    };
    let summary = rejection.to_string();
    Ok(Some(match super::try_compare_bytes(&a, &o, explain) {
        Ok(super::Outcome::Wrong(mut m)) => {
            m.summary = summary;
            m
        }
        _ => super::Mismatch {
            summary,
            line: Some(rejection.output_line),
            column: None,
            expected: String::new(),
            actual: String::new(),
            diff: String::new(),
            looser: None,
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(args: &str) -> Flags {
        let args: Vec<String> = args.split_whitespace().map(str::to_string).collect();
        Flags::parse(&args).unwrap()
    }

    fn ok(ans: &str, out: &str, args: &str) -> bool {
        validate(ans.as_bytes(), out.as_bytes(), &flags(args)).is_ok()
    }

    #[test]
    fn tokens_ignore_whitespace_amount_and_case_by_default() {
        assert!(ok("Hello World!\n", "hello   world!", ""));
        assert!(ok("1 2\n3\n", "1\n2 3\n\n\n", ""));
        assert!(ok("YES\n", "\t yes \r\n", ""));
        assert!(!ok("YES\n", "yes\n", "case_sensitive"));
        assert!(ok("YES\n", "YES\n", "case_sensitive"));
        assert!(!ok("1 2\n", "1 3\n", ""));
        // \v and \f are whitespace too.
        assert!(ok("a b", "a\x0bb\x0c", ""));
    }

    #[test]
    fn missing_and_trailing_output() {
        let e = validate(b"1 2\n", b"1\n", &Flags::default()).unwrap_err();
        assert!(e.message.contains("ended"), "{e}");
        assert!(e.message.contains("`2`"), "{e}");
        let e = validate(b"1\n", b"", &Flags::default()).unwrap_err();
        assert!(e.message.contains("the output was empty"), "{e}");
        let e = validate(b"1\n", b"  \n", &Flags::default()).unwrap_err();
        assert!(e.message.contains("no tokens"), "{e}");
        let e = validate(b"1\n", b"1 2\n", &Flags::default()).unwrap_err();
        assert!(e.message.contains("trailing output: `2`"), "{e}");
        // An empty answer accepts only whitespace.
        assert!(ok("", " \n", ""));
        assert!(!ok("", "x", ""));
    }

    #[test]
    fn without_tolerance_numbers_are_plain_tokens() {
        assert!(!ok("1.0\n", "1\n", ""));
        assert!(!ok("200\n", "2.0e2\n", ""));
        // but case-insensitive: an exponent letter's case does not matter
        assert!(ok("1E5\n", "1e5\n", ""));
    }

    #[test]
    fn tolerances_are_absolute_or_relative() {
        assert!(ok("1.0\n", "1.00009\n", "float_tolerance 1e-4"));
        assert!(!ok("1.0\n", "1.0002\n", "float_tolerance 1e-4"));
        // relative only: 1000 vs 1000.05 is within 1e-4 relative (0.1 absolute)
        assert!(ok("1000\n", "1000.05\n", "float_relative_tolerance 1e-4"));
        assert!(!ok("1000\n", "1000.2\n", "float_relative_tolerance 1e-4"));
        // absolute only: near zero, a relative tolerance alone fails
        assert!(!ok("0\n", "0.00001\n", "float_relative_tolerance 1e-4"));
        assert!(ok("0\n", "0.00001\n", "float_absolute_tolerance 1e-4"));
        // either one suffices
        assert!(ok(
            "1000\n",
            "1000.05\n",
            "float_absolute_tolerance 1e-9 float_relative_tolerance 1e-4"
        ));
        assert!(ok(
            "0\n",
            "0.00001\n",
            "float_absolute_tolerance 1e-4 float_relative_tolerance 1e-9"
        ));
    }

    #[test]
    fn with_tolerance_any_number_format_is_accepted() {
        assert!(ok("0.0314\n", "3.14000000e-2\n", "float_tolerance 1e-6"));
        // integers of the answer read as doubles too (the validator's code, not its old docs)
        assert!(ok("200\n", "2.0e2\n", "float_tolerance 1e-6"));
        assert!(ok("16\n", "0x10\n", "float_tolerance 1e-6"));
        assert!(ok("0.5\n", ".5\n", "float_tolerance 1e-6"));
        assert!(ok("5\n", "5.\n", "float_tolerance 1e-6"));
        // a number expected, something else given
        let e = validate(b"1.5\n", b"abc\n", &flags("float_tolerance 1e-6")).unwrap_err();
        assert!(e.message.contains("expected a number, got `abc`"), "{e}");
        assert!(!ok("1.5\n", "1.5x\n", "float_tolerance 1e-6"));
        assert!(!ok("1\n", "inf\n", "float_tolerance 1e9"));
        assert!(!ok("1\n", "nan\n", "float_tolerance 1e9"));
        // tokens of the answer that are not numbers compare as text, case-insensitively
        assert!(ok("nan\n", "NaN\n", "float_tolerance 1e-6"));
        assert!(ok("Impossible\n", "IMPOSSIBLE\n", "float_tolerance 1e-6"));
        assert!(!ok(
            "Impossible\n",
            "IMPOSSIBLE\n",
            "float_tolerance 1e-6 case_sensitive"
        ));
    }

    #[test]
    fn space_change_sensitive_matches_every_whitespace_byte() {
        let f = "space_change_sensitive";
        assert!(ok("1 2\n3\n", "1 2\n3\n", f));
        assert!(!ok("1 2\n3\n", "1  2\n3\n", f));
        assert!(!ok("1 2\n3\n", "1 2 3\n", f));
        // a missing final newline, and an extra one
        assert!(!ok("1\n", "1", f));
        assert!(!ok("1\n", "1\n\n", f));
        assert!(!ok("1\n", "1 \n", f));
        // leading whitespace the answer lacks
        assert!(!ok("1\n", " 1\n", f));
        // still case-insensitive
        assert!(ok("Yes\n", "yes\n", f));
        let e = validate(b"1 2\n", b"1\t2\n", &flags(f)).unwrap_err();
        assert!(e.message.contains("expected a space, got a tab"), "{e}");
    }

    #[test]
    fn lines_are_counted_for_the_message() {
        let e = validate(b"1\n2\n3\n", b"1\n2\n4\n", &Flags::default()).unwrap_err();
        assert_eq!((e.output_line, e.answer_line), (3, 3));
        assert!(
            e.to_string()
                .starts_with("wrong answer on line 3 of output")
        );
    }

    #[test]
    fn flags_parse_like_the_validator() {
        assert_eq!(
            flags("float_tolerance 1e-6"),
            Flags {
                float_abs: Some(1e-6),
                float_rel: Some(1e-6),
                ..Flags::default()
            }
        );
        assert!(Flags::parse(&["float_tolerance".into()]).is_err());
        assert!(Flags::parse(&["float_tolerance".into(), "x".into()]).is_err());
        assert!(Flags::parse(&["ignore_case".into()]).is_err());
        // A negative tolerance is problemtools' "not set".
        assert!(!flags("float_absolute_tolerance -1").uses_floats());
        assert!(!ok("1\n", "1.0\n", "float_absolute_tolerance -1"));
    }

    #[test]
    fn c_doubles() {
        for (t, v) in [
            ("1", 1.0),
            ("-2.5", -2.5),
            ("+3", 3.0),
            ("1e3", 1000.0),
            (".5", 0.5),
            ("5.", 5.0),
            ("0x1p4", 16.0),
            ("0x.8", 0.5),
            ("1.e5", 100000.0),
            ("0x1P-2", 0.25),
            // glibc's scanf consumes a dangling exponent marker
            ("1e", 1.0),
            ("1E-", 1.0),
            ("-1e", -1.0),
            ("+.5e", 0.5),
            ("0x1p", 1.0),
            ("0x1p+", 1.0),
            ("0x.", 0.0),
        ] {
            assert_eq!(c_double(t.as_bytes()), Some(v), "{t}");
        }
        for t in [
            "", "-", "+", ".", ".e1", "e5", "1ee", "0x.p1", "00x1", "inf", "nan", "1e999", "1,5",
            "0x", "0X", "12abc",
        ] {
            assert_eq!(c_double(t.as_bytes()), None, "{t}");
        }
    }
}
