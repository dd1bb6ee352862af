//! The comparison layer (between `problem` and the judge): decides whether a program's output
//! matches the expected answer and, when it does not, explains why. Its submodules hold the
//! default Kattis output validator (`kattis`), custom checkers run through the sandbox
//! (`checker`) and the structural comparison of function values (`value`). It imports only
//! `problem`, `lang` and `sandbox`.
//!
//! This file owns the public API and the dispatch by [`Mode`]; each mode's semantics live in its
//! file (`stream`: exact, lines, tokens; `float`; `unordered`; `patterns`: regex), the human
//! explanation of a difference ([`Mismatch`]: position of the first difference, the differing
//! pieces, a short unified diff and the looser comparison that would have accepted the output)
//! in `explain` and `diff`. It knows nothing about limits or verdict aggregation.
//!
//! Memory use is bounded whatever the size of the output:
//! - `exact`, `lines`, `tokens` and `float` stream both sides through fixed-size buffers;
//! - `unordered` loads the expected answer (at most 32 MiB) and streams the output;
//! - `regex` loads the expected patterns (at most 4 MiB) and streams the output line by line,
//!   keeping at most 16 MiB of one line;
//! - explanations re-read bounded windows: the diff looks at the first 64 KiB of each side, the
//!   looser-comparison hint at the whole of each side only when both are at most 8 MiB.
//!
//! Problems on the judge's side (an unreadable file, an invalid regex, an expected answer too
//! large for its mode) are returned as [`std::io::Error`]s, never as a wrong answer.

pub mod checker;
pub mod kattis;
pub mod value;

mod diff;
mod explain;
mod float;
mod patterns;
mod read;
mod stream;
#[cfg(test)]
mod testutil;
mod unordered;

use diff::*;
use explain::*;
use float::*;
use patterns::*;
use read::*;
use stream::*;
use unordered::*;

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;
use std::time::Duration;

use regex::bytes::{Regex, RegexBuilder};
use similar::{Algorithm, ChangeTag, TextDiff};

pub use crate::problem::compare_spec::{Mode, Options, Unit};
pub use crate::problem::visible::visible;
use crate::problem::visible::{control_picture, render};

/// The result of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The output matches the expected answer.
    Accepted,
    /// The output differs; the mismatch explains how.
    Wrong(Mismatch),
}

impl Outcome {
    /// Whether the output was accepted.
    pub fn is_accepted(&self) -> bool {
        matches!(self, Outcome::Accepted)
    }
}

/// Why an output was rejected.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Mismatch {
    /// One line, e.g. "first difference at line 3, column 5 (token 7): expected `42`, got `41`",
    /// "output ended early at line 2: expected `7`, got end of output",
    /// "extra output after the answer at line 4: `foo`".
    pub summary: String,
    /// 1-based line of the first difference in the output, if known (`unordered`: the first
    /// unexpected item; `None` when items are only missing).
    pub line: Option<u64>,
    /// 1-based column (in characters) of the first difference in the output, if known; the start
    /// of the token in token modes, `None` in `regex` mode.
    pub column: Option<u64>,
    /// The differing piece (token or line) on the expected side, rendered with [`visible`];
    /// `∅` when the expected answer has ended, empty when there is no such piece.
    pub expected: String,
    /// The differing piece on the output side, rendered like `expected`.
    pub actual: String,
    /// A unified line diff of the first 64 KiB of each side ("-" expected, "+" output), at most
    /// about 40 lines, whitespace made visible on changed lines.
    pub diff: String,
    /// The looser comparison that would have accepted the output, as a phrase such as
    /// "passes if trailing whitespace were ignored".
    pub looser: Option<String>,
}

impl Mismatch {
    /// A mismatch told by its summary alone (no position, excerpt or diff).
    pub fn summary(summary: String) -> Mismatch {
        Mismatch {
            summary,
            line: None,
            column: None,
            expected: String::new(),
            actual: String::new(),
            diff: String::new(),
            looser: None,
        }
    }
}

/// Compares the output file `actual` with the expected answer file `expected`.
///
/// Errors are the judge's problems: unreadable files, an invalid regex in `regex` mode, or an
/// expected answer too large for `unordered`/`regex` mode (all with kind `InvalidData` except
/// I/O failures).
pub fn compare_files(expected: &Path, actual: &Path, opts: &Options) -> io::Result<Outcome> {
    compare_sources(Source::File(expected), Source::File(actual), opts)
}

/// Like [`compare_files`] on in-memory answers.
///
/// A judge-side error (only possible in `regex` and `unordered` modes) is reported as a
/// [`Outcome::Wrong`] whose summary starts with "judge error: "; use [`try_compare_bytes`] to get
/// it as an error instead.
pub fn compare_bytes(expected: &[u8], actual: &[u8], opts: &Options) -> Outcome {
    match try_compare_bytes(expected, actual, opts) {
        Ok(outcome) => outcome,
        Err(err) => Outcome::Wrong(Mismatch::summary(format!("judge error: {err}"))),
    }
}

/// Like [`compare_bytes`], returning judge-side errors (an invalid regex, an expected answer too
/// large for its mode) as `Err` exactly as [`compare_files`] does.
pub fn try_compare_bytes(expected: &[u8], actual: &[u8], opts: &Options) -> io::Result<Outcome> {
    compare_sources(Source::Bytes(expected), Source::Bytes(actual), opts)
}

// ---------------------------------------------------------------------------------------------
// limits

/// Read buffer of the streaming comparisons.
const READ_BUF: usize = 64 * 1024;
/// Longest rendered piece (token or line) in a mismatch.
const PIECE_MAX: usize = 80;
/// Raw bytes read to render a piece.
const PIECE_BYTES: usize = 512;
/// Raw bytes read before the difference to render a line window.
const WINDOW_BEFORE: u64 = 256;
/// Characters of the line shown before the difference when the line is long.
const WINDOW_KEEP: usize = 24;
/// Bytes of each side given to the unified diff.
const DIFF_INPUT_CAP: usize = 64 * 1024;
/// Most lines of a unified diff before "… (N more lines)".
const DIFF_MAX_LINES: usize = 40;
/// Longest rendered line of a unified diff.
const DIFF_LINE_MAX: usize = 160;
/// Time the diff algorithm may take before it approximates.
const DIFF_TIMEOUT: Duration = Duration::from_millis(300);
/// Largest side on which the looser comparisons are tried.
const LOOSER_CAP: u64 = 8 * 1024 * 1024;
/// Tolerance of the looser `float` comparison.
const LOOSER_FLOAT_TOL: f64 = 1e-6;
/// Largest expected answer of `unordered` mode (item ranges are stored as `u32`).
const UNORDERED_EXPECTED_CAP: u64 = 32 * 1024 * 1024;
/// Largest expected answer (pattern list) of `regex` mode.
const REGEX_EXPECTED_CAP: u64 = 4 * 1024 * 1024;
/// Longest output line matched against a regex; longer lines never match.
const REGEX_LINE_CAP: usize = 16 * 1024 * 1024;
/// Tokens are compared in chunks of this size; `float` mode parses numbers shorter than this.
const TOKEN_CHUNK: usize = 4096;

// ---------------------------------------------------------------------------------------------
// comparison engine

/// What kind of difference was found by a streaming comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Both sides have something different at this position.
    Differ,
    /// The output ended while the expected answer goes on.
    EndedEarly,
    /// The output goes on after the expected answer ended.
    Extra,
}

/// A difference located by offsets; pieces are read back from the sources when explaining.
#[derive(Debug)]
struct At {
    kind: Kind,
    /// Offset of the difference in the expected answer (start of the token in token modes).
    exp_off: u64,
    /// Offset of the difference in the output (for `EndedEarly`: the end of the output, or the
    /// start of the trailing blank lines in `lines` mode).
    act_off: u64,
    /// 1-based token index in token modes.
    token: Option<u64>,
}

/// A difference already described (regex and unordered modes).
#[derive(Debug)]
struct Ready {
    summary: String,
    line: Option<u64>,
    column: Option<u64>,
    /// Output offset to turn into line and column, overriding `line`/`column`.
    locate: Option<u64>,
    expected: String,
    actual: String,
}

#[derive(Debug)]
enum Found {
    At(At),
    Ready(Ready),
}

fn at(kind: Kind, exp_off: u64, act_off: u64) -> Option<Found> {
    Some(Found::At(At {
        kind,
        exp_off,
        act_off,
        token: None,
    }))
}

fn invalid_data(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg)
}

fn compare_sources(exp: Source<'_>, act: Source<'_>, opts: &Options) -> io::Result<Outcome> {
    let mut opts = opts.clone();
    if opts.mode == Mode::Exact {
        // letter case is part of the bytes
        opts.case_sensitive = true;
    }
    match find(exp, act, &opts)? {
        None => Ok(Outcome::Accepted),
        Some(found) => Ok(Outcome::Wrong(explain(exp, act, &opts, found)?)),
    }
}

/// Finds the first difference under `opts`, or `None` when the output is accepted.
fn find(exp: Source<'_>, act: Source<'_>, opts: &Options) -> io::Result<Option<Found>> {
    let ci = !opts.case_sensitive;
    match opts.mode {
        Mode::Exact => find_exact(exp.reader()?, act.reader()?, ci),
        Mode::Lines => find_lines(exp.reader()?, act.reader()?, ci),
        Mode::Tokens => find_tokens(exp.reader()?, act.reader()?, ci, None),
        Mode::Float => find_tokens(
            exp.reader()?,
            act.reader()?,
            ci,
            Some((opts.float_abs, opts.float_rel)),
        ),
        Mode::Unordered => find_unordered(exp, act, opts.unordered, ci),
        Mode::Regex => find_regex(exp, act, ci),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::testutil::*;
    use std::io::Write;
    use std::time::Instant;

    // ----- the verdict table of the design

    const TABLE: [&str; 11] = [
        "3\n",
        "3",
        "3 \n",
        "3\r\n",
        " 3\n",
        "3\n\n",
        "\n3\n",
        "03\n",
        "3.0\n",
        "3.0000001\n",
        "3.01\n",
    ];

    #[track_caller]
    fn check_table(mode: Mode, verdicts: [bool; 11]) {
        let o = opts(mode);
        for (output, want) in TABLE.iter().zip(verdicts) {
            assert_eq!(
                accepts("3\n", output, &o),
                want,
                "{mode:?}: expected `3\\n` vs output {output:?}"
            );
        }
    }

    #[test]
    fn table_exact() {
        check_table(
            Mode::Exact,
            [
                true, false, false, false, false, false, false, false, false, false, false,
            ],
        );
    }

    #[test]
    fn table_lines() {
        check_table(
            Mode::Lines,
            [
                true, true, true, true, false, true, false, false, false, false, false,
            ],
        );
    }

    #[test]
    fn table_tokens() {
        check_table(
            Mode::Tokens,
            [
                true, true, true, true, true, true, true, false, false, false, false,
            ],
        );
    }

    #[test]
    fn table_float() {
        check_table(
            Mode::Float,
            [
                true, true, true, true, true, true, true, true, true, true, false,
            ],
        );
    }

    #[test]
    fn table_through_files_matches_bytes() {
        let dir = TempDir::new("table");
        let expected = dir.file("expected", b"3\n");
        for mode in [Mode::Exact, Mode::Lines, Mode::Tokens, Mode::Float] {
            let o = opts(mode);
            for (i, output) in TABLE.iter().enumerate() {
                let actual = dir.file(&format!("out{i}"), output.as_bytes());
                let from_files = compare_files(&expected, &actual, &o).unwrap();
                let from_bytes = compare_bytes(b"3\n", output.as_bytes(), &o);
                assert_eq!(from_files, from_bytes, "{mode:?} {output:?}");
            }
        }
    }
    // ----- empty outputs

    #[test]
    fn no_output_summary() {
        for mode in [Mode::Exact, Mode::Lines, Mode::Tokens, Mode::Float] {
            let m = wrong("3\n", "", &opts(mode));
            assert!(
                m.summary.starts_with("no output: expected `3"),
                "{mode:?}: {}",
                m.summary
            );
            assert_eq!(m.actual, "∅");
            assert_eq!(m.line, Some(1));
        }
        let m = wrong("3\n", "", &opts(Mode::Tokens));
        assert_eq!(m.summary, "no output: expected `3`");
    }

    #[test]
    fn empty_expected() {
        for mode in [Mode::Lines, Mode::Tokens, Mode::Float] {
            assert!(accepts("", "", &opts(mode)));
            assert!(accepts("", "\n \n", &opts(mode)), "{mode:?}");
            let m = wrong("", "x\n", &opts(mode));
            assert_eq!(
                m.summary,
                "extra output after the answer at line 1: `x`"
                    .replace("`x`", if mode == Mode::Lines { "`x⏎`" } else { "`x`" })
            );
        }
        assert!(accepts("", "", &unordered(Unit::Lines)));
        assert!(accepts("", "\n\n", &unordered(Unit::Lines)));
        assert!(accepts("", "", &opts(Mode::Regex)));
        assert!(!accepts("", "x", &opts(Mode::Regex)));
    }
    // ----- other behaviour

    #[test]
    fn invalid_utf8_is_compared_as_bytes() {
        assert!(compare_bytes(b"\xff\xfe 1", b"\xff\xfe\n1", &opts(Mode::Tokens)).is_accepted());
        let m = wrong_bytes(b"\xff\n", b"\xfe\n", &opts(Mode::Exact));
        assert_eq!(m.expected, "\u{fffd}⏎");
        assert_eq!(m.column, Some(1));
        assert!(!compare_bytes(b"\xc3\xa9", b"\xc3\xa8", &opts(Mode::Tokens)).is_accepted());
    }

    #[test]
    fn missing_file_is_an_error() {
        let dir = TempDir::new("missing");
        let expected = dir.file("expected", b"1\n");
        let err = compare_files(&expected, &dir.0.join("nope"), &Options::default()).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn options_default_and_serde() {
        let o = Options::default();
        assert_eq!(o.mode, Mode::Tokens);
        assert!(o.case_sensitive);
        assert_eq!((o.float_abs, o.float_rel), (1e-6, 1e-6));
        assert_eq!(o.unordered, Unit::Lines);
        assert_eq!(
            serde_json::to_string(&Mode::Unordered).unwrap(),
            "\"unordered\""
        );
        assert_eq!(
            serde_json::from_str::<Unit>("\"tokens\"").unwrap(),
            Unit::Tokens
        );
        let parsed: Options = serde_json::from_str(r#"{"mode":"float","float_abs":0.01}"#).unwrap();
        assert_eq!(parsed.mode, Mode::Float);
        assert_eq!(parsed.float_abs, 0.01);
        assert_eq!(parsed.float_rel, 1e-6);
    }

    #[test]
    fn summaries_are_one_line() {
        let o = opts(Mode::Exact);
        let m = wrong("a\nb\n", "a\nb\nc\r\n\n", &o);
        assert_eq!(m.summary.lines().count(), 1, "{}", m.summary);
        assert_eq!(m.actual, "c␍⏎");
    }
    // ----- differential test against naive in-memory implementations

    /// A small deterministic pseudo-random generator (64-bit LCG).
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) % n as u64) as usize
        }
    }

    const PIECES: [&str; 15] = [
        "1",
        "2",
        "a",
        "A",
        "b",
        "1.0",
        "1.0000001",
        "é",
        " ",
        " ",
        "\n",
        "\n",
        "\r\n",
        "\t",
        "  ",
    ];

    fn random_text(rng: &mut Lcg) -> String {
        (0..rng.below(14))
            .map(|_| PIECES[rng.below(PIECES.len())])
            .collect()
    }

    /// A variant of `text`: usually close to it, sometimes unrelated.
    fn mutate(rng: &mut Lcg, text: &str) -> String {
        match rng.below(8) {
            0 => text.to_owned(),
            1 => text.to_ascii_uppercase(),
            2 => text.replace(' ', "\n"),
            3 => text.replace('\n', " \r\n"),
            4 => format!("{text}\n\n"),
            5 => {
                let mut out = text.to_owned();
                let at = rng.below(out.len() + 1);
                if out.is_char_boundary(at) {
                    out.insert_str(at, PIECES[rng.below(PIECES.len())]);
                }
                out
            }
            6 => {
                let mut parts: Vec<&str> = text.split('\n').collect();
                parts.reverse();
                parts.join("\n")
            }
            _ => random_text(rng),
        }
    }

    fn fold(s: &str, ci: bool) -> String {
        if ci {
            s.to_ascii_lowercase()
        } else {
            s.to_owned()
        }
    }

    fn ref_lines(s: &str, ci: bool) -> Vec<String> {
        let mut lines: Vec<String> = s
            .split('\n')
            .map(|l| fold(l.trim_end_matches([' ', '\t', '\r']), ci))
            .collect();
        while lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        lines
    }

    fn ref_tokens(s: &str, ci: bool) -> Vec<String> {
        s.split(|c: char| c.is_ascii() && is_space(c as u8))
            .filter(|t| !t.is_empty())
            .map(|t| fold(t, ci))
            .collect()
    }

    /// The reference verdict and, for token modes, the index of the first differing token.
    fn reference(e: &str, a: &str, o: &Options) -> (bool, Option<usize>) {
        let ci = !o.case_sensitive;
        let token_eq = |x: &String, y: &String| {
            x == y
                || (o.mode == Mode::Float
                    && numbers_close(x.as_bytes(), y.as_bytes(), o.float_abs, o.float_rel))
        };
        match o.mode {
            Mode::Exact => (e == a, None),
            Mode::Lines => (ref_lines(e, ci) == ref_lines(a, ci), None),
            Mode::Tokens | Mode::Float => {
                let (te, ta) = (ref_tokens(e, ci), ref_tokens(a, ci));
                let first = (0..te.len().max(ta.len())).find(|&i| match (te.get(i), ta.get(i)) {
                    (Some(x), Some(y)) => !token_eq(x, y),
                    _ => true,
                });
                (first.is_none(), first.map(|i| i + 1))
            }
            Mode::Unordered => {
                let (mut ie, mut ia) = match o.unordered {
                    Unit::Lines => (ref_lines(e, ci), ref_lines(a, ci)),
                    Unit::Tokens => (ref_tokens(e, ci), ref_tokens(a, ci)),
                };
                ie.sort();
                ia.sort();
                (ie == ia, None)
            }
            Mode::Regex => unreachable!("not compared here"),
        }
    }

    #[test]
    fn differential_against_reference() {
        let mut rng = Lcg(0x5eed);
        let mut modes = Vec::new();
        for mode in [Mode::Exact, Mode::Lines, Mode::Tokens, Mode::Float] {
            modes.push(opts(mode));
            modes.push(ci(mode));
        }
        for unit in [Unit::Lines, Unit::Tokens] {
            modes.push(unordered(unit));
            modes.push(Options {
                case_sensitive: false,
                ..unordered(unit)
            });
        }
        for buf in [1, 2, 3, 5, 8, READ_BUF] {
            TEST_READ_BUF.with(|size| size.set(buf));
            for _ in 0..300 {
                let e = random_text(&mut rng);
                let a = mutate(&mut rng, &e);
                for o in &modes {
                    let (want, token) = reference(&e, &a, o);
                    let got = compare_bytes(e.as_bytes(), a.as_bytes(), o);
                    assert_eq!(
                        got.is_accepted(),
                        want,
                        "buf {buf}, {o:?}, {e:?} vs {a:?}: {got:?}"
                    );
                    if let Outcome::Wrong(m) = &got {
                        assert_eq!(m.summary.lines().count(), 1, "{m:?}");
                        if let Some(line) = m.line {
                            assert!(line >= 1 && line <= a.lines().count() as u64 + 1, "{m:?}");
                        }
                        if let Some(t) = token
                            && m.summary.starts_with("first difference")
                        {
                            assert!(
                                m.summary.contains(&format!("(token {t})")),
                                "buf {buf}, {o:?}, {e:?} vs {a:?}: {}",
                                m.summary
                            );
                        }
                    }
                }
            }
        }
        TEST_READ_BUF.with(|size| size.set(READ_BUF));
    }

    #[test]
    fn tokens_fast_path_boundaries() {
        let o = opts(Mode::Tokens);
        let m = wrong("10 20", "10 2", &o);
        assert!(m.summary.contains("(token 2)"), "{}", m.summary);
        let m = wrong("1 2", "1 22", &o);
        assert!(
            m.summary.contains("(token 2): expected `2`, got `22`"),
            "{}",
            m.summary
        );
        assert!(accepts(
            "1 2 3.5000001",
            "1 2 3.5000002",
            &opts(Mode::Float)
        ));
        let m = wrong("a b c d", "a b\nc  x", &o);
        assert_eq!((m.line, m.column), (Some(2), Some(4)));
        assert!(m.summary.contains("(token 4)"), "{}", m.summary);
    }
    // ----- large files

    /// Writes `chunk` `times` times to a new file.
    fn write_repeated(path: &Path, chunk: &[u8], times: usize, tail: &[u8]) {
        let mut file = io::BufWriter::new(File::create(path).unwrap());
        for _ in 0..times {
            file.write_all(chunk).unwrap();
        }
        file.write_all(tail).unwrap();
        file.flush().unwrap();
    }

    #[test]
    fn large_files_are_streamed() {
        let dir = TempDir::new("large");
        // 1 MiB chunk of 64-byte lines of numbers, repeated to ~50 MiB
        let line: Vec<u8> =
            b"123456 654321 111111 222222 333333 444444 555555 666666 7777777\n".to_vec();
        assert_eq!(line.len(), 64);
        let chunk = line.repeat(16 * 1024);
        let times = 50;
        let expected = dir.0.join("expected");
        let same = dir.0.join("same");
        let differs = dir.0.join("differs");
        write_repeated(&expected, &chunk, times, b"last 1\n");
        write_repeated(&same, &chunk, times, b"last 1\n");
        write_repeated(&differs, &chunk, times, b"last 2\n");
        let lines = (times * 16 * 1024) as u64;

        let start = Instant::now();
        for mode in [Mode::Exact, Mode::Lines, Mode::Tokens, Mode::Float] {
            let o = opts(mode);
            assert!(
                compare_files(&expected, &same, &o).unwrap().is_accepted(),
                "{mode:?}"
            );
            let Outcome::Wrong(m) = compare_files(&expected, &differs, &o).unwrap() else {
                panic!("{mode:?}: accepted a different output");
            };
            assert_eq!(m.line, Some(lines + 1), "{mode:?}");
            assert_eq!(m.column, Some(6), "{mode:?}");
            assert_eq!(
                m.looser, None,
                "{mode:?}: files over 8 MiB get no looser hint"
            );
            if matches!(mode, Mode::Tokens | Mode::Float) {
                assert!(
                    m.summary.contains(&format!("(token {})", lines * 9 + 2)),
                    "{}",
                    m.summary
                );
            }
        }
        let elapsed = start.elapsed();
        // generous bound: this only catches pathological slowness (debug builds are slow)
        assert!(elapsed.as_secs() < 300, "took {elapsed:?}");
    }

    #[test]
    fn one_huge_line_in_lines_mode() {
        let dir = TempDir::new("hugeline");
        let chunk = b"ab ".repeat(1 << 18);
        let expected = dir.0.join("expected");
        let actual = dir.0.join("actual");
        write_repeated(&expected, &chunk, 24, b"end\n");
        write_repeated(&actual, &chunk, 24, b"end   \r\n\n\n");
        let o = opts(Mode::Lines);
        assert!(compare_files(&expected, &actual, &o).unwrap().is_accepted());
        write_repeated(&actual, &chunk, 24, b"enD\n");
        let Outcome::Wrong(m) = compare_files(&expected, &actual, &o).unwrap() else {
            panic!("accepted a different output");
        };
        assert_eq!(m.line, Some(1));
        assert_eq!(m.column, Some(3 * (1 << 18) * 24 + 3));
        assert!(
            m.expected.starts_with('…') && m.expected.ends_with("end⏎"),
            "{}",
            m.expected
        );
        assert!(m.actual.ends_with("enD⏎"), "{}", m.actual);
    }
}
