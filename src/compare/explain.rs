//! The explanation of a difference: its line and column, the differing pieces, and the looser
//! comparison that would have accepted the output.

use super::*;

// ---------------------------------------------------------------------------------------------
// explanation

/// A position in the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Pos {
    pub(super) line: u64,
    /// 1-based, in characters.
    pub(super) col: u64,
    /// Offset of the line's first byte.
    pub(super) line_start: u64,
}

/// Line and column of byte `off` of `src`.
pub(super) fn locate(src: Source<'_>, off: u64) -> io::Result<Pos> {
    let mut reader = src.reader()?;
    let mut pos = Pos {
        line: 1,
        col: 1,
        line_start: 0,
    };
    let count_chars = |s: &[u8]| s.iter().filter(|&&b| !is_continuation(b)).count() as u64;
    while reader.offset < off && reader.fill()? > 0 {
        let take = reader.data().len().min((off - reader.offset) as usize);
        let segment = &reader.data()[..take];
        match segment.iter().rposition(|&b| b == b'\n') {
            Some(i) => {
                pos.line += segment.iter().filter(|&&b| b == b'\n').count() as u64;
                pos.line_start = reader.offset + i as u64 + 1;
                pos.col = 1 + count_chars(&segment[i + 1..]);
            }
            None => pos.col += count_chars(segment),
        }
        reader.consume(take);
    }
    Ok(pos)
}

/// Moves a difference found inside a multi-byte character back to the character's start
/// (both sides are identical before the difference).
pub(super) fn char_start(
    exp: Source<'_>,
    act: Source<'_>,
    e_off: u64,
    a_off: u64,
) -> io::Result<(u64, u64)> {
    let back = a_off.min(e_off).min(3);
    let before = act.read_range(a_off - back, back as usize + 1)?;
    let e_at = exp.read_range(e_off, 1)?;
    let inside = before
        .get(back as usize)
        .is_some_and(|&b| is_continuation(b))
        || e_at.first().is_some_and(|&b| is_continuation(b));
    if inside {
        for k in 1..=back {
            let b = before[(back - k) as usize];
            if !is_continuation(b) {
                if b >= 0xc0 {
                    return Ok((e_off - k, a_off - k));
                }
                break;
            }
        }
    }
    Ok((e_off, a_off))
}

/// Cuts `bytes` after its first newline.
pub(super) fn through_newline(bytes: &[u8]) -> &[u8] {
    match bytes.iter().position(|&b| b == b'\n') {
        Some(i) => &bytes[..=i],
        None => bytes,
    }
}

/// The line around byte `off` (which starts at `line_start`), rendered from the line start or
/// from a little before `off` when the line is long.
pub(super) fn line_window(src: Source<'_>, line_start: u64, off: u64) -> io::Result<String> {
    let start = line_start.max(off.saturating_sub(WINDOW_BEFORE));
    let bytes = src.read_range(start, (off - start) as usize + PIECE_BYTES)?;
    let split = ((off - start) as usize).min(bytes.len());
    let mut before = &bytes[..split];
    let mut cut = start > line_start;
    if cut {
        while let Some((&b, rest)) = before.split_first()
            && is_continuation(b)
        {
            before = rest;
        }
    }
    let before = String::from_utf8_lossy(before);
    let count = before.chars().count();
    let before: String = if count > WINDOW_KEEP + 8 {
        cut = true;
        before.chars().skip(count - WINDOW_KEEP).collect()
    } else {
        before.into_owned()
    };
    let text = before + &String::from_utf8_lossy(through_newline(&bytes[split..]));
    Ok(if cut {
        format!("…{}", visible(&text, PIECE_MAX - 1))
    } else {
        visible(&text, PIECE_MAX)
    })
}

/// The rest of the line from byte `off`, rendered.
pub(super) fn rest_of_line(src: Source<'_>, off: u64) -> io::Result<String> {
    let bytes = src.read_range(off, PIECE_BYTES)?;
    Ok(visible(
        &String::from_utf8_lossy(through_newline(&bytes)),
        PIECE_MAX,
    ))
}

/// The token starting at byte `off`, rendered.
pub(super) fn token_at(src: Source<'_>, off: u64) -> io::Result<String> {
    let bytes = src.read_range(off, PIECE_BYTES)?;
    let end = bytes
        .iter()
        .position(|&b| is_space(b))
        .unwrap_or(bytes.len());
    Ok(visible(&String::from_utf8_lossy(&bytes[..end]), PIECE_MAX))
}

pub(super) struct Described {
    pub(super) summary: String,
    pub(super) line: Option<u64>,
    pub(super) column: Option<u64>,
    pub(super) expected: String,
    pub(super) actual: String,
}

pub(super) fn describe_at(
    exp: Source<'_>,
    act: Source<'_>,
    mode: Mode,
    at: &At,
) -> io::Result<Described> {
    let tokens = at.token.is_some();
    let eof = visible("", PIECE_MAX);
    Ok(match at.kind {
        Kind::Differ => {
            let (e_off, a_off) = if tokens {
                (at.exp_off, at.act_off)
            } else {
                char_start(exp, act, at.exp_off, at.act_off)?
            };
            let pos = locate(act, a_off)?;
            let (expected, actual) = if tokens {
                (token_at(exp, e_off)?, token_at(act, a_off)?)
            } else {
                let e_start = if mode == Mode::Exact && e_off == a_off {
                    pos.line_start
                } else {
                    locate(exp, e_off)?.line_start
                };
                (
                    line_window(exp, e_start, e_off)?,
                    line_window(act, pos.line_start, a_off)?,
                )
            };
            let token = at
                .token
                .map(|t| format!(" (token {t})"))
                .unwrap_or_default();
            Described {
                summary: format!(
                    "first difference at line {}, column {}{token}: expected `{expected}`, got `{actual}`",
                    pos.line, pos.col
                ),
                line: Some(pos.line),
                column: Some(pos.col),
                expected,
                actual,
            }
        }
        Kind::EndedEarly => {
            let expected = if tokens {
                token_at(exp, at.exp_off)?
            } else {
                rest_of_line(exp, at.exp_off)?
            };
            let mut pos = locate(act, at.act_off)?;
            if mode == Mode::Lines && pos.col > 1 {
                // the missing line would come after the last, unterminated one
                pos.line += 1;
                pos.col = 1;
            }
            let summary = if act.len()? == 0 {
                format!("no output: expected `{expected}`")
            } else {
                format!(
                    "output ended early at line {}: expected `{expected}`, got end of output",
                    pos.line
                )
            };
            Described {
                summary,
                line: Some(pos.line),
                column: Some(pos.col),
                expected,
                actual: eof,
            }
        }
        Kind::Extra => {
            let actual = if tokens {
                token_at(act, at.act_off)?
            } else {
                rest_of_line(act, at.act_off)?
            };
            let pos = locate(act, at.act_off)?;
            Described {
                summary: format!(
                    "extra output after the answer at line {}: `{actual}`",
                    pos.line
                ),
                line: Some(pos.line),
                column: Some(pos.col),
                expected: eof,
                actual,
            }
        }
    })
}

pub(super) fn explain(
    exp: Source<'_>,
    act: Source<'_>,
    opts: &Options,
    found: Found,
) -> io::Result<Mismatch> {
    let d = match found {
        Found::At(at) => describe_at(exp, act, opts.mode, &at)?,
        Found::Ready(r) => {
            let (line, column) = match r.locate {
                Some(off) => {
                    let pos = locate(act, off)?;
                    (Some(pos.line), Some(pos.col))
                }
                None => (r.line, r.column),
            };
            Described {
                summary: r.summary,
                line,
                column,
                expected: r.expected,
                actual: r.actual,
            }
        }
    };
    Ok(Mismatch {
        summary: d.summary,
        line: d.line,
        column: d.column,
        expected: d.expected,
        actual: d.actual,
        diff: unified_diff(exp, act)?,
        looser: looser(exp, act, opts)?,
    })
}

// ----- looser comparisons

/// The looser comparisons worth trying after `opts` rejected an output, in order, with the
/// phrase reported when one accepts. A comparison is left out when `opts` already accepts
/// everything it accepts (it could not pass).
pub(super) fn looser_candidates(opts: &Options) -> Vec<(&'static str, Options)> {
    use Mode::{Exact, Float, Lines, Regex, Tokens, Unordered};
    let with = |mode: Mode| Options {
        mode,
        ..opts.clone()
    };
    let mode = opts.mode;
    let unordered_lines = mode == Unordered && opts.unordered == Unit::Lines;
    let mut out = Vec::new();
    if mode == Exact {
        out.push(("passes if trailing whitespace were ignored", with(Lines)));
    }
    if matches!(mode, Exact | Lines) || unordered_lines {
        out.push(("passes if whitespace were ignored", with(Tokens)));
    }
    if opts.case_sensitive {
        let mut ci = opts.clone();
        ci.case_sensitive = false;
        out.push(("passes if letter case were ignored", ci));
    }
    let tight = opts.float_abs < LOOSER_FLOAT_TOL || opts.float_rel < LOOSER_FLOAT_TOL;
    if mode != Regex && (mode != Float || tight) {
        let mut float = with(Float);
        float.float_abs = if mode == Float {
            opts.float_abs.max(LOOSER_FLOAT_TOL)
        } else {
            LOOSER_FLOAT_TOL
        };
        float.float_rel = if mode == Float {
            opts.float_rel.max(LOOSER_FLOAT_TOL)
        } else {
            LOOSER_FLOAT_TOL
        };
        out.push(("passes with float tolerance 1e-6", float));
    }
    let ordered = matches!(mode, Exact | Lines | Tokens | Float);
    if ordered {
        let mut unordered = with(Unordered);
        unordered.unordered = Unit::Lines;
        out.push(("passes if order were ignored", unordered));
    }
    if ordered || unordered_lines {
        let mut unordered = with(Unordered);
        unordered.unordered = Unit::Tokens;
        out.push(("passes if order were ignored", unordered));
    }
    out
}

/// The first looser comparison that accepts, tried when both sides are at most 8 MiB.
pub(super) fn looser(
    exp: Source<'_>,
    act: Source<'_>,
    opts: &Options,
) -> io::Result<Option<String>> {
    if exp.len()? > LOOSER_CAP || act.len()? > LOOSER_CAP {
        return Ok(None);
    }
    let (Some(e), Some(a)) = (exp.read_capped(LOOSER_CAP)?, act.read_capped(LOOSER_CAP)?) else {
        return Ok(None);
    };
    for (phrase, candidate) in looser_candidates(opts) {
        if let Ok(None) = find(Source::Bytes(&e), Source::Bytes(&a), &candidate) {
            return Ok(Some(phrase.to_owned()));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::testutil::*;

    // ----- looser

    #[test]
    fn looser_phrases() {
        let cases: [(&str, &str, Mode, Option<&str>); 9] = [
            (
                "3\n",
                "3 \n",
                Mode::Exact,
                Some("passes if trailing whitespace were ignored"),
            ),
            (
                "3\n",
                "3",
                Mode::Exact,
                Some("passes if trailing whitespace were ignored"),
            ),
            (
                "1 2\n",
                "1  2\n",
                Mode::Lines,
                Some("passes if whitespace were ignored"),
            ),
            (
                "1 2\n",
                "1\n2\n",
                Mode::Exact,
                Some("passes if whitespace were ignored"),
            ),
            (
                "YES\n",
                "Yes\n",
                Mode::Exact,
                Some("passes if letter case were ignored"),
            ),
            (
                "3\n",
                "3.0000001\n",
                Mode::Tokens,
                Some("passes with float tolerance 1e-6"),
            ),
            (
                "1\n2\n",
                "2\n1\n",
                Mode::Tokens,
                Some("passes if order were ignored"),
            ),
            (
                "1 2\n",
                "2 1\n",
                Mode::Lines,
                Some("passes if order were ignored"),
            ),
            ("3\n", "4\n", Mode::Tokens, None),
        ];
        for (expected, actual, mode, phrase) in cases {
            let m = wrong(expected, actual, &opts(mode));
            assert_eq!(
                m.looser.as_deref(),
                phrase,
                "{mode:?} {expected:?} vs {actual:?}"
            );
        }
    }

    #[test]
    fn looser_respects_current_mode() {
        // float mode already tolerates 1e-6; nothing looser applies
        let m = wrong("3\n", "3.01\n", &opts(Mode::Float));
        assert_eq!(m.looser, None);
        // a stricter float tolerance is loosened
        let tight = Options {
            float_abs: 1e-9,
            float_rel: 1e-9,
            ..opts(Mode::Float)
        };
        let m = wrong("3\n", "3.0000001\n", &tight);
        assert_eq!(
            m.looser.as_deref(),
            Some("passes with float tolerance 1e-6")
        );
        // unordered lines: tokens mode is not stricter and may pass
        let m = wrong("1 2\n", "1\n2\n", &unordered(Unit::Lines));
        assert_eq!(
            m.looser.as_deref(),
            Some("passes if whitespace were ignored")
        );
        // already case-insensitive: no case suggestion, order is found instead
        let m = wrong("A\nB\n", "b\na\n", &ci(Mode::Lines));
        assert_eq!(m.looser.as_deref(), Some("passes if order were ignored"));
    }

    #[test]
    fn looser_skipped_for_large_outputs() {
        let big = "1 ".repeat(LOOSER_CAP as usize / 2 + 1);
        let mut actual = big.clone();
        actual.push_str("1 ");
        let m = wrong(&big, &actual.replace("1 ", "1  "), &opts(Mode::Lines));
        assert_eq!(m.looser, None);
    }

    #[test]
    fn looser_candidates_are_never_stricter() {
        let names = |o: &Options| {
            looser_candidates(o)
                .into_iter()
                .map(|(phrase, c)| (phrase, c.mode))
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&opts(Mode::Exact)).len(), 6);
        assert_eq!(names(&opts(Mode::Lines)).len(), 5);
        assert_eq!(
            names(&ci(Mode::Float)),
            vec![
                ("passes if order were ignored", Mode::Unordered),
                ("passes if order were ignored", Mode::Unordered),
            ]
        );
        assert_eq!(
            names(&opts(Mode::Regex)),
            vec![("passes if letter case were ignored", Mode::Regex)]
        );
        assert_eq!(
            names(&unordered(Unit::Tokens)),
            vec![
                ("passes if letter case were ignored", Mode::Unordered),
                ("passes with float tolerance 1e-6", Mode::Float),
            ]
        );
    }
}
