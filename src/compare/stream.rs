//! The streaming modes: `exact` (bytes), `lines` (line by line, trailing whitespace and blank
//! lines ignored) and `tokens`/`float` (whitespace-separated tokens), each finding the first
//! difference through fixed-size buffers.

use super::*;

pub(super) fn find_exact(
    mut e: Reader<'_>,
    mut a: Reader<'_>,
    ci: bool,
) -> io::Result<Option<Found>> {
    loop {
        let (en, an) = (e.fill()?, a.fill()?);
        match (en, an) {
            (0, 0) => return Ok(None),
            (_, 0) => return Ok(at(Kind::EndedEarly, e.offset, a.offset)),
            (0, _) => return Ok(at(Kind::Extra, e.offset, a.offset)),
            _ => {}
        }
        let n = en.min(an);
        let k = common_prefix(&e.data()[..n], &a.data()[..n], ci);
        if k < n {
            return Ok(at(Kind::Differ, e.offset + k as u64, a.offset + k as u64));
        }
        e.consume(n);
        a.consume(n);
    }
}

/// State of the current line in `lines` mode; both sides are identical (modulo case) from the
/// line starts up to the current positions.
pub(super) struct LineState {
    /// Offsets where the current line starts.
    pub(super) e_line: u64,
    pub(super) a_line: u64,
    /// Whether the line has a non-whitespace byte so far.
    pub(super) content: bool,
    /// Offsets where the run of whitespace ending at the current positions starts.
    pub(super) run: Option<(u64, u64)>,
}

impl LineState {
    /// Accounts for `region`, identical on both sides, starting at the given offsets.
    pub(super) fn advance(&mut self, region: &[u8], e_off: u64, a_off: u64) {
        let (tail, base) = match region.iter().rposition(|&b| b == b'\n') {
            Some(i) => {
                let next = (i + 1) as u64;
                self.e_line = e_off + next;
                self.a_line = a_off + next;
                self.content = false;
                self.run = None;
                (&region[i + 1..], i + 1)
            }
            None => (region, 0),
        };
        match tail.iter().rposition(|&b| !is_line_ws(b)) {
            Some(j) => {
                self.content = true;
                let run = (base + j + 1) as u64;
                self.run = (j + 1 < tail.len()).then_some((e_off + run, a_off + run));
            }
            None if !tail.is_empty() && self.run.is_none() => {
                self.run = Some((e_off + base as u64, a_off + base as u64));
            }
            None => {}
        }
    }
}

pub(super) enum Step {
    Continue,
    Done(Option<Found>),
}

pub(super) fn find_lines(
    mut e: Reader<'_>,
    mut a: Reader<'_>,
    ci: bool,
) -> io::Result<Option<Found>> {
    let mut st = LineState {
        e_line: 0,
        a_line: 0,
        content: false,
        run: None,
    };
    loop {
        let (en, an) = (e.fill()?, a.fill()?);
        if en > 0 && an > 0 {
            let n = en.min(an);
            let k = common_prefix(&e.data()[..n], &a.data()[..n], ci);
            st.advance(&e.data()[..k], e.offset, a.offset);
            e.consume(k);
            a.consume(k);
            if k == n {
                continue;
            }
        }
        // the sides differ here, or at least one has ended
        if let Step::Done(found) = resolve_lines(&mut e, &mut a, &mut st)? {
            return Ok(found);
        }
    }
}

pub(super) fn resolve_lines(
    e: &mut Reader<'_>,
    a: &mut Reader<'_>,
    st: &mut LineState,
) -> io::Result<Step> {
    let line_byte = |b: Option<u8>| b.filter(|&b| b != b'\n');
    if line_byte(e.peek()?).is_some() || line_byte(a.peek()?).is_some() {
        let div = (e.offset, a.offset);
        let e_more = e.skip_line_ws()?;
        let a_more = a.skip_line_ws()?;
        // where the normalised lines start to differ when one of them has ended
        let (e_pos, a_pos) = st.run.unwrap_or(div);
        match (e_more, a_more) {
            (true, true) => return Ok(Step::Done(at(Kind::Differ, div.0, div.1))),
            (true, false) => {
                // a blank output line followed only by blank lines: the output ended early
                if !st.content {
                    a.eat_newline()?;
                    if a.skip_blank_lines()?.is_none() {
                        return Ok(Step::Done(at(Kind::EndedEarly, st.e_line, st.a_line)));
                    }
                }
                return Ok(Step::Done(at(Kind::Differ, e_pos, a_pos)));
            }
            (false, true) => {
                if !st.content {
                    e.eat_newline()?;
                    if e.skip_blank_lines()?.is_none() {
                        return Ok(Step::Done(at(Kind::Extra, e.offset, st.a_line)));
                    }
                }
                return Ok(Step::Done(at(Kind::Differ, e_pos, a_pos)));
            }
            // both lines end after whitespace: they are equal
            (false, false) => {}
        }
    }
    let e_ended = !e.eat_newline()?;
    let a_ended = !a.eat_newline()?;
    *st = LineState {
        e_line: e.offset,
        a_line: a.offset,
        content: false,
        run: None,
    };
    Ok(match (e_ended, a_ended) {
        (true, true) => Step::Done(None),
        (true, false) => Step::Done(match a.skip_blank_lines()? {
            None => None,
            Some(off) => at(Kind::Extra, e.offset, off),
        }),
        (false, true) => Step::Done(match e.skip_blank_lines()? {
            None => None,
            Some(off) => at(Kind::EndedEarly, off, a.offset),
        }),
        (false, false) => Step::Continue,
    })
}

pub(super) fn find_tokens(
    mut e: Reader<'_>,
    mut a: Reader<'_>,
    ci: bool,
    float: Option<(f64, f64)>,
) -> io::Result<Option<Found>> {
    let mut index = 0u64;
    let mut eb = Vec::with_capacity(TOKEN_CHUNK);
    let mut ab = Vec::with_capacity(TOKEN_CHUNK);
    loop {
        // fast path: skip whole tokens that are byte-identical (modulo case) on both sides; both
        // readers are at a token boundary here
        let (en, an) = (e.fill()?, a.fill()?);
        if en > 0 && an > 0 {
            let n = en.min(an);
            let k = common_prefix(&e.data()[..n], &a.data()[..n], ci);
            let region = &e.data()[..k];
            if let Some(last_space) = region.iter().rposition(|&b| is_space(b)) {
                index += count_tokens(&region[..last_space]);
                e.consume(last_space + 1);
                a.consume(last_space + 1);
                if last_space + 1 == n {
                    continue;
                }
            }
        }
        // slow path: compare the next token
        let kind = match (e.skip_space()?, a.skip_space()?) {
            (false, false) => return Ok(None),
            (true, false) => Some(Kind::EndedEarly),
            (false, true) => Some(Kind::Extra),
            (true, true) => None,
        };
        index += 1;
        let (e_off, a_off) = (e.offset, a.offset);
        let found = || {
            Some(Found::At(At {
                kind: kind.unwrap_or(Kind::Differ),
                exp_off: e_off,
                act_off: a_off,
                token: Some(index),
            }))
        };
        if kind.is_some() {
            return Ok(found());
        }
        let mut first = true;
        loop {
            eb.clear();
            ab.clear();
            let en = e.read_token(&mut eb, TOKEN_CHUNK)?;
            let an = a.read_token(&mut ab, TOKEN_CHUNK)?;
            if first
                && let Some((abs, rel)) = float
                && en < TOKEN_CHUNK
                && an < TOKEN_CHUNK
                && numbers_close(&eb, &ab, abs, rel)
            {
                break;
            }
            if en != an || !bytes_eq(&eb, &ab, ci) {
                return Ok(found());
            }
            if en < TOKEN_CHUNK {
                // both tokens ended with this chunk
                break;
            }
            first = false;
        }
    }
}

/// Number of tokens starting in `region`, which starts at a token boundary.
pub(super) fn count_tokens(region: &[u8]) -> u64 {
    let mut count = 0;
    let mut in_token = false;
    for &b in region {
        let space = is_space(b);
        if !space && !in_token {
            count += 1;
        }
        in_token = !space;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::testutil::*;

    // ----- exact

    #[test]
    fn exact_identical_and_empty() {
        let o = opts(Mode::Exact);
        assert!(accepts("a b\nc\n", "a b\nc\n", &o));
        assert!(accepts("", "", &o));
    }

    #[test]
    fn exact_ignores_case_option() {
        let o = ci(Mode::Exact);
        assert!(!accepts("YES\n", "yes\n", &o));
    }

    #[test]
    fn exact_reports_line_and_column() {
        let m = wrong(
            "ab\ncd\nhello world\n",
            "ab\ncd\nhello wOrld\n",
            &opts(Mode::Exact),
        );
        assert_eq!((m.line, m.column), (Some(3), Some(8)));
        assert_eq!(
            m.summary,
            "first difference at line 3, column 8: expected `hello·world⏎`, got `hello·wOrld⏎`"
        );
        assert_eq!(m.expected, "hello·world⏎");
        assert_eq!(m.actual, "hello·wOrld⏎");
    }

    #[test]
    fn exact_trailing_space_is_shown() {
        let m = wrong("3\n", "3 \n", &opts(Mode::Exact));
        assert_eq!((m.line, m.column), (Some(1), Some(2)));
        assert_eq!(m.expected, "3⏎");
        assert_eq!(m.actual, "3·⏎");
        assert_eq!(
            m.looser.as_deref(),
            Some("passes if trailing whitespace were ignored")
        );
    }

    #[test]
    fn exact_missing_newline_ends_early() {
        let m = wrong("3\n", "3", &opts(Mode::Exact));
        assert_eq!(
            m.summary,
            "output ended early at line 1: expected `⏎`, got end of output"
        );
        assert_eq!(m.actual, "∅");
        assert_eq!(
            m.looser.as_deref(),
            Some("passes if trailing whitespace were ignored")
        );
    }

    #[test]
    fn exact_extra_output() {
        let m = wrong("1\n2\n3\n", "1\n2\n3\nfoo", &opts(Mode::Exact));
        assert_eq!(m.summary, "extra output after the answer at line 4: `foo`");
        assert_eq!((m.line, m.column), (Some(4), Some(1)));
        assert_eq!(m.expected, "∅");
        assert_eq!(m.actual, "foo");
    }

    #[test]
    fn exact_column_counts_characters() {
        // the difference is in the second byte of a two-byte character
        let m = wrong("héé\n", "hèé\n", &opts(Mode::Exact));
        assert_eq!((m.line, m.column), (Some(1), Some(2)));
        let m = wrong("ééx\n", "ééy\n", &opts(Mode::Exact));
        assert_eq!(m.column, Some(3));
    }

    #[test]
    fn exact_long_line_window() {
        let long = "x".repeat(300);
        let m = wrong(
            &format!("{long}A{long}\n"),
            &format!("{long}B{long}\n"),
            &opts(Mode::Exact),
        );
        assert_eq!(m.column, Some(301));
        assert!(m.expected.starts_with('…'), "{}", m.expected);
        assert!(m.expected.contains("xA"), "{}", m.expected);
        assert!(m.actual.contains("xB"), "{}", m.actual);
        assert!(m.expected.chars().count() <= PIECE_MAX);
        assert!(m.summary.lines().count() == 1);
    }
    // ----- lines

    #[test]
    fn lines_crlf_and_trailing_whitespace() {
        let o = opts(Mode::Lines);
        assert!(accepts("a b\r\nc\r\n", "a b \nc\t\n", &o));
        assert!(accepts("a b\nc", "a b\r\nc\r\n\r\n", &o));
        assert!(accepts("a\n\n\n", "a", &o));
    }

    #[test]
    fn lines_leading_and_inner_spacing_significant() {
        let o = opts(Mode::Lines);
        let m = wrong("a b\n", "a  b\n", &o);
        assert_eq!((m.line, m.column), (Some(1), Some(3)));
        let m = wrong("x\na b\n", "x\n a b\n", &o);
        assert_eq!((m.line, m.column), (Some(2), Some(1)));
        assert_eq!(m.expected, "a·b⏎");
        assert_eq!(m.actual, "·a·b⏎");
        assert_eq!(
            m.looser.as_deref(),
            Some("passes if whitespace were ignored")
        );
    }

    #[test]
    fn lines_whitespace_divergence_columns() {
        let o = opts(Mode::Lines);
        // expected line ends after its whitespace: the lines differ where the run starts
        let m = wrong("a  \n", "a   b\n", &o);
        assert_eq!(m.column, Some(2));
        let m = wrong("a   b\n", "a  \n", &o);
        assert_eq!(m.column, Some(2));
        // different whitespace followed by content on both sides
        let m = wrong("a \tb\n", "a\t b\n", &o);
        assert_eq!(m.column, Some(2));
        let m = wrong("a  c\n", "a   b\n", &o);
        assert_eq!(m.column, Some(4));
        // different trailing whitespace is fine
        assert!(accepts("a \t \n", "a\t\r\n", &o));
    }

    #[test]
    fn lines_blank_line_in_middle_is_significant() {
        let o = opts(Mode::Lines);
        let m = wrong("1\n\n2\n", "1\n2\n", &o);
        assert_eq!(
            m.summary,
            "first difference at line 2, column 1: expected `⏎`, got `2⏎`"
        );
        let m = wrong("1\n2\n", "1\n\n2\n", &o);
        assert_eq!((m.line, m.column), (Some(2), Some(1)));
    }

    #[test]
    fn lines_ended_early() {
        let o = opts(Mode::Lines);
        let m = wrong("1\n2\n", "1\n", &o);
        assert_eq!(
            m.summary,
            "output ended early at line 2: expected `2⏎`, got end of output"
        );
        // unterminated last line: the missing line is the next one
        let m = wrong("1\n2\n", "1", &o);
        assert_eq!(m.line, Some(2));
        // trailing blank output lines do not count as lines
        let m = wrong("1\n2\n", "1\n\n\n", &o);
        assert_eq!(
            m.summary,
            "output ended early at line 2: expected `2⏎`, got end of output"
        );
        // blank expected lines before the missing one are skipped in the explanation
        let m = wrong("1\n\n5\n", "1", &o);
        assert_eq!(
            m.summary,
            "output ended early at line 2: expected `5⏎`, got end of output"
        );
    }

    #[test]
    fn lines_extra_output_names_first_non_blank_line() {
        let o = opts(Mode::Lines);
        let m = wrong("1\n", "1\n\n\nfoo\n", &o);
        assert_eq!(m.summary, "extra output after the answer at line 4: `foo⏎`");
        assert_eq!((m.line, m.column), (Some(4), Some(1)));
        let m = wrong("1\n\n", "1\n \nfoo", &o);
        assert_eq!(m.summary, "extra output after the answer at line 3: `foo`");
    }

    #[test]
    fn lines_case_insensitive() {
        assert!(accepts("Yes\nNO\n", "yes\nno\n", &ci(Mode::Lines)));
        assert!(!accepts("Yes\n", "yes\n", &opts(Mode::Lines)));
        assert!(!accepts("Yes\n", " yes\n", &ci(Mode::Lines)));
    }
    // ----- tokens

    #[test]
    fn tokens_whitespace_insensitive() {
        let o = opts(Mode::Tokens);
        assert!(accepts("1 2 3\n4\n", "1\n2\t3\r\n  4", &o));
        assert!(accepts("a\x0bb\x0cc", "a b c", &o));
        assert!(!accepts("ab", "a b", &o));
    }

    #[test]
    fn tokens_summary_has_token_index() {
        let m = wrong("1 2 3\n4 42\n", "1 2 3\n4   41\n", &opts(Mode::Tokens));
        assert_eq!(
            m.summary,
            "first difference at line 2, column 5 (token 5): expected `42`, got `41`"
        );
        assert_eq!((m.line, m.column), (Some(2), Some(5)));
        assert_eq!((m.expected.as_str(), m.actual.as_str()), ("42", "41"));
    }

    #[test]
    fn tokens_count_must_match() {
        let o = opts(Mode::Tokens);
        let m = wrong("1 2 7\n", "1\n2\n", &o);
        assert_eq!(
            m.summary,
            "output ended early at line 3: expected `7`, got end of output"
        );
        let m = wrong("1 2\n", "1 2\n\n  foo bar\n", &o);
        assert_eq!(m.summary, "extra output after the answer at line 3: `foo`");
        assert_eq!((m.line, m.column), (Some(3), Some(3)));
    }

    #[test]
    fn tokens_long_tokens() {
        let o = opts(Mode::Tokens);
        let long = "z".repeat(3 * TOKEN_CHUNK + 17);
        assert!(accepts(
            &format!("a {long} b"),
            &format!("a\n{long}\nb"),
            &o
        ));
        let mut other = long.clone();
        other.push('z');
        let m = wrong(&format!("a {long} b"), &format!("a {other} b"), &o);
        assert_eq!(m.summary.lines().count(), 1);
        assert!(m.summary.contains("(token 2)"), "{}", m.summary);
        assert!(m.expected.ends_with('…') && m.expected.chars().count() == PIECE_MAX);
        // a token that is a prefix of the other exactly at a chunk boundary
        let chunk = "q".repeat(TOKEN_CHUNK);
        assert!(!accepts(&chunk, &format!("{chunk}q"), &o));
        assert!(!accepts(&format!("{chunk}q"), &chunk, &o));
    }

    #[test]
    fn tokens_case_insensitive() {
        assert!(accepts("YES No", "yes NO", &ci(Mode::Tokens)));
        let m = wrong("YES\n", "yes\n", &opts(Mode::Tokens));
        assert_eq!(
            m.looser.as_deref(),
            Some("passes if letter case were ignored")
        );
    }
}
