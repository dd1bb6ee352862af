//! The comparison layer (between `problem` and the judge): decides whether a program's output
//! matches the expected answer and, when it does not, explains why. Its submodules hold the
//! default Kattis output validator (`kattis`), custom checkers run through the sandbox
//! (`checker`) and the structural comparison of function values (`value`). It imports only
//! `problem`, `lang` and `sandbox`.
//!
//!
//! This module owns the comparison semantics of every [`Mode`] (`exact`, `lines`, `tokens`,
//! `float`, `unordered`, `regex`), the human explanation of a difference ([`Mismatch`]: position
//! of the first difference, the differing pieces, a short unified diff and the looser comparison
//! that would have accepted the output) and the rendering of invisible characters ([`visible`]).
//! It knows nothing about processes, limits or verdict aggregation.
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
        Err(err) => Outcome::Wrong(Mismatch {
            summary: format!("judge error: {err}"),
            line: None,
            column: None,
            expected: String::new(),
            actual: String::new(),
            diff: String::new(),
            looser: None,
        }),
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
// inputs

/// One side of a comparison: a file (re-opened whenever it is read again) or bytes in memory.
#[derive(Clone, Copy)]
enum Source<'a> {
    File(&'a Path),
    Bytes(&'a [u8]),
}

impl<'a> Source<'a> {
    fn reader(self) -> io::Result<Reader<'a>> {
        let inner: Box<dyn Read + 'a> = match self {
            Source::File(path) => Box::new(File::open(path)?),
            Source::Bytes(bytes) => Box::new(bytes),
        };
        Ok(Reader {
            inner,
            buf: vec![0; read_buf_size()].into_boxed_slice(),
            pos: 0,
            end: 0,
            offset: 0,
        })
    }

    fn len(self) -> io::Result<u64> {
        match self {
            Source::File(path) => Ok(std::fs::metadata(path)?.len()),
            Source::Bytes(bytes) => Ok(bytes.len() as u64),
        }
    }

    /// Up to `max` bytes starting at byte `start`.
    fn read_range(self, start: u64, max: usize) -> io::Result<Vec<u8>> {
        match self {
            Source::Bytes(bytes) => {
                let from = usize::try_from(start).map_or(bytes.len(), |s| s.min(bytes.len()));
                let to = from.saturating_add(max).min(bytes.len());
                Ok(bytes[from..to].to_vec())
            }
            Source::File(path) => {
                let mut file = File::open(path)?;
                file.seek(SeekFrom::Start(start))?;
                let mut out = Vec::with_capacity(max.min(DIFF_INPUT_CAP));
                file.take(max as u64).read_to_end(&mut out)?;
                Ok(out)
            }
        }
    }

    /// The whole content, or `None` when it is larger than `cap` bytes.
    fn read_capped(self, cap: u64) -> io::Result<Option<Cow<'a, [u8]>>> {
        match self {
            Source::Bytes(bytes) => Ok((bytes.len() as u64 <= cap).then_some(Cow::Borrowed(bytes))),
            Source::File(path) => {
                let file = File::open(path)?;
                if file.metadata()?.len() > cap {
                    return Ok(None);
                }
                let mut out = Vec::new();
                file.take(cap.saturating_add(1)).read_to_end(&mut out)?;
                Ok((out.len() as u64 <= cap).then_some(Cow::Owned(out)))
            }
        }
    }
}

#[cfg(test)]
thread_local! {
    /// Read buffer size used by this thread's readers; tests shrink it to hit buffer boundaries.
    static TEST_READ_BUF: std::cell::Cell<usize> = const { std::cell::Cell::new(READ_BUF) };
}

fn read_buf_size() -> usize {
    #[cfg(test)]
    let size = TEST_READ_BUF.with(std::cell::Cell::get);
    #[cfg(not(test))]
    let size = READ_BUF;
    size
}

/// A buffered reader that knows the absolute offset of its next byte.
struct Reader<'a> {
    inner: Box<dyn Read + 'a>,
    buf: Box<[u8]>,
    pos: usize,
    end: usize,
    /// Offset of `buf[pos]` in the input.
    offset: u64,
}

impl Reader<'_> {
    /// Refills the buffer when it is empty; returns the number of buffered bytes (0 at the end).
    fn fill(&mut self) -> io::Result<usize> {
        if self.pos == self.end {
            self.pos = 0;
            self.end = 0;
            loop {
                match self.inner.read(&mut self.buf) {
                    Ok(n) => {
                        self.end = n;
                        break;
                    }
                    Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                    Err(err) => return Err(err),
                }
            }
        }
        Ok(self.end - self.pos)
    }

    fn data(&self) -> &[u8] {
        &self.buf[self.pos..self.end]
    }

    fn consume(&mut self, n: usize) {
        debug_assert!(n <= self.end - self.pos);
        self.pos += n;
        self.offset += n as u64;
    }

    fn peek(&mut self) -> io::Result<Option<u8>> {
        Ok(if self.fill()? == 0 {
            None
        } else {
            Some(self.buf[self.pos])
        })
    }

    /// Skips token separators; returns whether a token follows.
    fn skip_space(&mut self) -> io::Result<bool> {
        while self.fill()? > 0 {
            let data = self.data();
            match data.iter().position(|&b| !is_space(b)) {
                Some(i) => {
                    self.consume(i);
                    return Ok(true);
                }
                None => {
                    let n = data.len();
                    self.consume(n);
                }
            }
        }
        Ok(false)
    }

    /// Appends up to `max` bytes of the current token to `out`; returns how many (0 at its end).
    fn read_token(&mut self, out: &mut Vec<u8>, max: usize) -> io::Result<usize> {
        let mut n = 0;
        while n < max && self.fill()? > 0 {
            let data = self.data();
            let limit = data.len().min(max - n);
            let end = data[..limit]
                .iter()
                .position(|&b| is_space(b))
                .unwrap_or(limit);
            out.extend_from_slice(&data[..end]);
            n += end;
            self.consume(end);
            if end < limit {
                break;
            }
        }
        Ok(n)
    }

    /// Skips the rest of the current token.
    fn skip_token(&mut self) -> io::Result<()> {
        while self.fill()? > 0 {
            let data = self.data();
            match data.iter().position(|&b| is_space(b)) {
                Some(i) => {
                    self.consume(i);
                    return Ok(());
                }
                None => {
                    let n = data.len();
                    self.consume(n);
                }
            }
        }
        Ok(())
    }

    /// Skips spaces, tabs and carriage returns; returns whether the line has more content.
    fn skip_line_ws(&mut self) -> io::Result<bool> {
        while self.fill()? > 0 {
            let data = self.data();
            match data.iter().position(|&b| !is_line_ws(b)) {
                Some(i) => {
                    let content = data[i] != b'\n';
                    self.consume(i);
                    return Ok(content);
                }
                None => {
                    let n = data.len();
                    self.consume(n);
                }
            }
        }
        Ok(false)
    }

    /// Consumes a newline if one is next; returns whether it did.
    fn eat_newline(&mut self) -> io::Result<bool> {
        if self.peek()? == Some(b'\n') {
            self.consume(1);
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// Skips blank lines (from the current position); returns the offset of the first line with
    /// content, or `None` when only blank lines remain.
    fn skip_blank_lines(&mut self) -> io::Result<Option<u64>> {
        loop {
            let start = self.offset;
            if self.skip_line_ws()? {
                return Ok(Some(start));
            }
            if !self.eat_newline()? {
                return Ok(None);
            }
        }
    }

    /// Reads the next line (without its newline) into `out`, keeping at most `cap` bytes.
    /// `None` at the end of the input.
    fn read_line(&mut self, out: &mut Vec<u8>, cap: usize) -> io::Result<Option<LineRead>> {
        out.clear();
        if self.fill()? == 0 {
            return Ok(None);
        }
        let start = self.offset;
        let mut overflow = false;
        while self.fill()? > 0 {
            let data = self.data();
            let newline = data.iter().position(|&b| b == b'\n');
            let segment = &data[..newline.unwrap_or(data.len())];
            let keep = segment.len().min(cap.saturating_sub(out.len()));
            out.extend_from_slice(&segment[..keep]);
            overflow |= segment[keep..].iter().any(|&b| !is_line_ws(b));
            let used = segment.len() + usize::from(newline.is_some());
            self.consume(used);
            if newline.is_some() {
                return Ok(Some(LineRead {
                    start,
                    terminated: true,
                    overflow,
                }));
            }
        }
        Ok(Some(LineRead {
            start,
            terminated: false,
            overflow,
        }))
    }
}

/// A line read by [`Reader::read_line`].
struct LineRead {
    /// Offset of the line's first byte.
    start: u64,
    /// Whether the line ended with a newline.
    terminated: bool,
    /// Whether non-whitespace bytes were dropped because the line exceeded the cap.
    overflow: bool,
}

// ---------------------------------------------------------------------------------------------
// character classes

/// Token separators: ASCII whitespace including vertical tab.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Whitespace ignored at the end of a line.
fn is_line_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r')
}

/// UTF-8 continuation byte.
fn is_continuation(b: u8) -> bool {
    b & 0xc0 == 0x80
}

fn byte_eq(a: u8, b: u8, ci: bool) -> bool {
    a == b || (ci && a.eq_ignore_ascii_case(&b))
}

fn bytes_eq(a: &[u8], b: &[u8], ci: bool) -> bool {
    if ci {
        a.eq_ignore_ascii_case(b)
    } else {
        a == b
    }
}

/// Length of the common prefix of `a` and `b`.
fn common_prefix(a: &[u8], b: &[u8], ci: bool) -> usize {
    const BLOCK: usize = 512;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + BLOCK <= n && bytes_eq(&a[i..i + BLOCK], &b[i..i + BLOCK], ci) {
        i += BLOCK;
    }
    while i < n && byte_eq(a[i], b[i], ci) {
        i += 1;
    }
    i
}

fn trim_line_end(line: &[u8]) -> &[u8] {
    let end = line
        .iter()
        .rposition(|&b| !is_line_ws(b))
        .map_or(0, |i| i + 1);
    &line[..end]
}

/// Whether `token` is a decimal number: optional sign, digits, optional fraction, optional
/// exponent (at least one digit before or after the point). Rejects `0x10`, `inf`, `nan`.
fn is_decimal(token: &[u8]) -> bool {
    let digits = |from: usize| {
        token[from..]
            .iter()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or(token.len() - from)
    };
    let mut i = usize::from(matches!(token.first(), Some(b'+' | b'-')));
    let int_digits = digits(i);
    i += int_digits;
    let mut frac_digits = 0;
    if token.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = digits(i);
        i += frac_digits;
    }
    if int_digits + frac_digits == 0 {
        return false;
    }
    if matches!(token.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(token.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp_digits = digits(i);
        if exp_digits == 0 {
            return false;
        }
        i += exp_digits;
    }
    i == token.len()
}

/// The value of a decimal token, if it is one and finite.
fn parse_decimal(token: &[u8]) -> Option<f64> {
    if !is_decimal(token) {
        return None;
    }
    let value: f64 = std::str::from_utf8(token).ok()?.parse().ok()?;
    value.is_finite().then_some(value)
}

/// Whether two tokens are numbers within tolerance.
fn numbers_close(expected: &[u8], actual: &[u8], abs: f64, rel: f64) -> bool {
    match (parse_decimal(expected), parse_decimal(actual)) {
        (Some(e), Some(a)) => {
            let diff = (a - e).abs();
            diff <= abs || diff <= rel * e.abs()
        }
        _ => false,
    }
}

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

fn find_exact(mut e: Reader<'_>, mut a: Reader<'_>, ci: bool) -> io::Result<Option<Found>> {
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
struct LineState {
    /// Offsets where the current line starts.
    e_line: u64,
    a_line: u64,
    /// Whether the line has a non-whitespace byte so far.
    content: bool,
    /// Offsets where the run of whitespace ending at the current positions starts.
    run: Option<(u64, u64)>,
}

impl LineState {
    /// Accounts for `region`, identical on both sides, starting at the given offsets.
    fn advance(&mut self, region: &[u8], e_off: u64, a_off: u64) {
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

enum Step {
    Continue,
    Done(Option<Found>),
}

fn find_lines(mut e: Reader<'_>, mut a: Reader<'_>, ci: bool) -> io::Result<Option<Found>> {
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

fn resolve_lines(e: &mut Reader<'_>, a: &mut Reader<'_>, st: &mut LineState) -> io::Result<Step> {
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

fn find_tokens(
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
fn count_tokens(region: &[u8]) -> u64 {
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

// ----- unordered

/// The expected items of `unordered` mode, counted.
struct Multiset<'a> {
    /// Normalised expected answer (lowercased when comparing case-insensitively).
    norm: Cow<'a, [u8]>,
    /// Item ranges in expected order.
    items: Vec<(u32, u32)>,
    /// Distinct items, sorted by their normalised bytes.
    keys: Vec<(u32, u32)>,
    /// Remaining count of each key.
    counts: Vec<u64>,
}

impl Multiset<'_> {
    fn get(&self, range: (u32, u32)) -> &[u8] {
        &self.norm[range.0 as usize..range.1 as usize]
    }

    fn key_of(&self, item: &[u8]) -> Option<usize> {
        self.keys.binary_search_by(|&k| self.get(k).cmp(item)).ok()
    }

    /// Takes one occurrence of `item`; returns whether there was one.
    fn take(&mut self, item: &[u8]) -> bool {
        match self.key_of(item) {
            Some(k) if self.counts[k] > 0 => {
                self.counts[k] -= 1;
                true
            }
            _ => false,
        }
    }

    /// Takes up to `n` occurrences of `item`; returns how many there were.
    fn take_many(&mut self, item: &[u8], n: u64) -> u64 {
        match self.key_of(item) {
            Some(k) => {
                let taken = self.counts[k].min(n);
                self.counts[k] -= taken;
                taken
            }
            None => 0,
        }
    }

    fn remaining(&self, item: &[u8]) -> u64 {
        self.key_of(item).map_or(0, |k| self.counts[k])
    }
}

/// Output items of `unordered` mode that match no expected item.
struct Unexpected {
    count: u64,
    /// The first one (its first bytes) and its offset in the output.
    first: Option<(Vec<u8>, u64)>,
}

impl Unexpected {
    fn note(&mut self, item: &[u8], off: u64, n: u64) {
        self.count += n;
        if self.first.is_none() {
            self.first = Some((item[..item.len().min(PIECE_BYTES)].to_vec(), off));
        }
    }
}

/// Ranges of the items of `text`: normalised lines (trailing blank lines dropped) or tokens.
fn split_items(text: &[u8], unit: Unit) -> Vec<(u32, u32)> {
    let mut items = Vec::new();
    match unit {
        Unit::Lines => {
            let mut start = 0;
            for line in text.split(|&b| b == b'\n') {
                let end = start + trim_line_end(line).len();
                items.push((start as u32, end as u32));
                start += line.len() + 1;
            }
            while items.last().is_some_and(|&(s, e)| s == e) {
                items.pop();
            }
        }
        Unit::Tokens => {
            let mut i = 0;
            while i < text.len() {
                if is_space(text[i]) {
                    i += 1;
                    continue;
                }
                let start = i;
                while i < text.len() && !is_space(text[i]) {
                    i += 1;
                }
                items.push((start as u32, i as u32));
            }
        }
    }
    items
}

fn build_multiset(raw: &[u8], unit: Unit, ci: bool) -> Multiset<'_> {
    let norm = if ci {
        Cow::Owned(raw.to_ascii_lowercase())
    } else {
        Cow::Borrowed(raw)
    };
    let items = split_items(raw, unit);
    let mut sorted = items.clone();
    let slice = |r: &(u32, u32)| &norm[r.0 as usize..r.1 as usize];
    sorted.sort_unstable_by(|x, y| slice(x).cmp(slice(y)));
    let mut keys: Vec<(u32, u32)> = Vec::new();
    let mut counts: Vec<u64> = Vec::new();
    for item in sorted {
        match (keys.last(), counts.last_mut()) {
            (Some(last), Some(count)) if slice(last) == slice(&item) => *count += 1,
            _ => {
                keys.push(item);
                counts.push(1);
            }
        }
    }
    Multiset {
        norm,
        items,
        keys,
        counts,
    }
}

/// Renders an unordered item; a blank line shows as `⏎`.
fn show_item(item: &[u8]) -> String {
    if item.is_empty() {
        "⏎".to_owned()
    } else {
        visible(&String::from_utf8_lossy(item), PIECE_MAX)
    }
}

fn find_unordered(
    exp: Source<'_>,
    act: Source<'_>,
    unit: Unit,
    ci: bool,
) -> io::Result<Option<Found>> {
    let raw = exp.read_capped(UNORDERED_EXPECTED_CAP)?.ok_or_else(|| {
        invalid_data(format!(
            "expected answer is too large for unordered comparison (limit {UNORDERED_EXPECTED_CAP} bytes)"
        ))
    })?;
    let mut set = build_multiset(&raw, unit, ci);
    let longest = set
        .keys
        .iter()
        .map(|&(s, e)| (e - s) as usize)
        .max()
        .unwrap_or(0);
    let cap = (longest + 1).max(PIECE_BYTES);

    let mut reader = act.reader()?;
    let mut buf = Vec::new();
    let mut extra = Unexpected {
        count: 0,
        first: None,
    };
    match unit {
        Unit::Lines => {
            // blank lines wait for a later non-blank line: trailing blank lines are ignored
            let mut blanks = 0u64;
            let mut failing_blank: Option<u64> = None;
            while let Some(line) = reader.read_line(&mut buf, cap)? {
                let trimmed = trim_line_end(&buf);
                if trimmed.is_empty() && !line.overflow {
                    if blanks == set.remaining(b"") {
                        failing_blank.get_or_insert(line.start);
                    }
                    blanks += 1;
                    continue;
                }
                if blanks > 0 {
                    let taken = set.take_many(b"", blanks);
                    if taken < blanks {
                        extra.note(b"", failing_blank.unwrap_or(line.start), blanks - taken);
                    }
                    blanks = 0;
                    failing_blank = None;
                }
                let matched = !line.overflow
                    && if ci {
                        set.take(&trimmed.to_ascii_lowercase())
                    } else {
                        set.take(trimmed)
                    };
                if !matched {
                    extra.note(trimmed, line.start, 1);
                }
            }
        }
        Unit::Tokens => {
            while reader.skip_space()? {
                let start = reader.offset;
                buf.clear();
                let n = reader.read_token(&mut buf, cap)?;
                let overflow = n == cap && reader.peek()?.is_some_and(|b| !is_space(b));
                if overflow {
                    reader.skip_token()?;
                }
                let matched = !overflow
                    && if ci {
                        set.take(&buf.to_ascii_lowercase())
                    } else {
                        set.take(&buf)
                    };
                if !matched {
                    extra.note(&buf, start, 1);
                }
            }
        }
    }

    let missing_total: u64 = set.counts.iter().sum();
    let unexpected = extra.count;
    if missing_total == 0 && unexpected == 0 {
        return Ok(None);
    }
    let noun = match unit {
        Unit::Lines => "line",
        Unit::Tokens => "token",
    };
    let missing = set
        .items
        .iter()
        .copied()
        .find(|&r| set.remaining(set.get(r)) > 0);
    let mut parts = Vec::new();
    let mut expected = String::new();
    if let Some((s, e)) = missing {
        expected = show_item(&raw[s as usize..e as usize]);
        parts.push(format!("expected {noun} `{expected}` is missing"));
    }
    let mut actual = String::new();
    let mut locate = None;
    if let Some((item, off)) = &extra.first {
        actual = show_item(item);
        locate = Some(*off);
        parts.push(format!("unexpected {noun} `{actual}`"));
    }
    let summary = format!(
        "{} ({missing_total} missing, {unexpected} unexpected)",
        parts.join("; ")
    );
    Ok(Some(Found::Ready(Ready {
        summary,
        line: None,
        column: None,
        locate,
        expected,
        actual,
    })))
}

// ----- regex

/// The error message of a regex, on one line.
fn regex_error(err: &regex::Error) -> String {
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
fn compile_patterns(raw: &[u8], ci: bool) -> io::Result<(Vec<&str>, Vec<usize>, Vec<Regex>)> {
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
fn show_line(content: &[u8], terminated: bool) -> String {
    let mut text = String::from_utf8_lossy(&content[..content.len().min(PIECE_BYTES)]).into_owned();
    if terminated {
        text.push('\n');
    }
    visible(&text, PIECE_MAX)
}

fn find_regex(exp: Source<'_>, act: Source<'_>, ci: bool) -> io::Result<Option<Found>> {
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

// ---------------------------------------------------------------------------------------------
// explanation

/// A position in the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pos {
    line: u64,
    /// 1-based, in characters.
    col: u64,
    /// Offset of the line's first byte.
    line_start: u64,
}

/// Line and column of byte `off` of `src`.
fn locate(src: Source<'_>, off: u64) -> io::Result<Pos> {
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
fn char_start(exp: Source<'_>, act: Source<'_>, e_off: u64, a_off: u64) -> io::Result<(u64, u64)> {
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
fn through_newline(bytes: &[u8]) -> &[u8] {
    match bytes.iter().position(|&b| b == b'\n') {
        Some(i) => &bytes[..=i],
        None => bytes,
    }
}

/// The line around byte `off` (which starts at `line_start`), rendered from the line start or
/// from a little before `off` when the line is long.
fn line_window(src: Source<'_>, line_start: u64, off: u64) -> io::Result<String> {
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
fn rest_of_line(src: Source<'_>, off: u64) -> io::Result<String> {
    let bytes = src.read_range(off, PIECE_BYTES)?;
    Ok(visible(
        &String::from_utf8_lossy(through_newline(&bytes)),
        PIECE_MAX,
    ))
}

/// The token starting at byte `off`, rendered.
fn token_at(src: Source<'_>, off: u64) -> io::Result<String> {
    let bytes = src.read_range(off, PIECE_BYTES)?;
    let end = bytes
        .iter()
        .position(|&b| is_space(b))
        .unwrap_or(bytes.len());
    Ok(visible(&String::from_utf8_lossy(&bytes[..end]), PIECE_MAX))
}

struct Described {
    summary: String,
    line: Option<u64>,
    column: Option<u64>,
    expected: String,
    actual: String,
}

fn describe_at(exp: Source<'_>, act: Source<'_>, mode: Mode, at: &At) -> io::Result<Described> {
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

fn explain(exp: Source<'_>, act: Source<'_>, opts: &Options, found: Found) -> io::Result<Mismatch> {
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

// ----- rendering

/// An unchanged diff line: line terminator dropped, control characters visible, truncated.
fn plain(line: &str, max: usize) -> String {
    let line = line.strip_suffix('\n').unwrap_or(line);
    let line = line.strip_suffix('\r').unwrap_or(line);
    render(
        line,
        max,
        |c| if c == '\t' { c } else { control_picture(c) },
    )
}

/// Collects diff lines up to the limit and counts the rest.
struct DiffOut {
    lines: Vec<String>,
    more: usize,
}

impl DiffOut {
    fn push(&mut self, line: impl FnOnce() -> String) {
        if self.lines.len() < DIFF_MAX_LINES {
            self.lines.push(line());
        } else {
            self.more += 1;
        }
    }
}

fn hunk_range(range: std::ops::Range<usize>) -> String {
    if range.is_empty() {
        format!("{},0", range.start)
    } else {
        format!("{},{}", range.start + 1, range.len())
    }
}

/// A unified line diff of `expected` and `actual` ("-" expected, "+" actual).
fn render_diff(expected: &str, actual: &str, truncated: bool) -> String {
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

fn unified_diff(exp: Source<'_>, act: Source<'_>) -> io::Result<String> {
    let e = exp.read_range(0, DIFF_INPUT_CAP + 1)?;
    let a = act.read_range(0, DIFF_INPUT_CAP + 1)?;
    let truncated = e.len() > DIFF_INPUT_CAP || a.len() > DIFF_INPUT_CAP;
    let e = String::from_utf8_lossy(&e[..e.len().min(DIFF_INPUT_CAP)]);
    let a = String::from_utf8_lossy(&a[..a.len().min(DIFF_INPUT_CAP)]);
    Ok(render_diff(&e, &a, truncated))
}

// ----- looser comparisons

/// The looser comparisons worth trying after `opts` rejected an output, in order, with the
/// phrase reported when one accepts. A comparison is left out when `opts` already accepts
/// everything it accepts (it could not pass).
fn looser_candidates(opts: &Options) -> Vec<(&'static str, Options)> {
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
fn looser(exp: Source<'_>, act: Source<'_>, opts: &Options) -> io::Result<Option<String>> {
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
    use std::io::Write;
    use std::path::PathBuf;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::Instant;

    fn opts(mode: Mode) -> Options {
        Options {
            mode,
            ..Options::default()
        }
    }

    fn ci(mode: Mode) -> Options {
        Options {
            mode,
            case_sensitive: false,
            ..Options::default()
        }
    }

    fn unordered(unit: Unit) -> Options {
        Options {
            mode: Mode::Unordered,
            unordered: unit,
            ..Options::default()
        }
    }

    fn accepts(expected: &str, actual: &str, o: &Options) -> bool {
        compare_bytes(expected.as_bytes(), actual.as_bytes(), o).is_accepted()
    }

    #[track_caller]
    fn wrong(expected: &str, actual: &str, o: &Options) -> Mismatch {
        wrong_bytes(expected.as_bytes(), actual.as_bytes(), o)
    }

    #[track_caller]
    fn wrong_bytes(expected: &[u8], actual: &[u8], o: &Options) -> Mismatch {
        match try_compare_bytes(expected, actual, o).expect("no judge error") {
            Outcome::Wrong(m) => m,
            Outcome::Accepted => panic!("expected a mismatch for {expected:?} vs {actual:?}"),
        }
    }

    /// A directory under the system temp dir, removed on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(tag: &str) -> Self {
            static NEXT: AtomicU64 = AtomicU64::new(0);
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            let dir = std::env::temp_dir().join(format!(
                "grader-compare-{tag}-{}-{nanos}-{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            ));
            std::fs::create_dir_all(&dir).unwrap();
            Self(dir)
        }

        fn file(&self, name: &str, content: &[u8]) -> PathBuf {
            let path = self.0.join(name);
            std::fs::write(&path, content).unwrap();
            path
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

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

    // ----- float

    #[test]
    fn float_tolerances() {
        let o = opts(Mode::Float);
        assert!(accepts("0.5", "0.5000009", &o));
        assert!(!accepts("0.5", "0.500002", &o));
        // relative tolerance for large values
        assert!(accepts("1000000000", "1000000500", &o));
        assert!(!accepts("1000000000", "1000002000", &o));
        let loose = Options {
            float_abs: 0.1,
            float_rel: 0.0,
            ..opts(Mode::Float)
        };
        assert!(accepts("1.0", "1.05", &loose));
        assert!(!accepts("1.0", "1.2", &loose));
        // numbers in all accepted notations
        assert!(accepts("1e3 -0.5 .25 5.", "1000 -5e-1 0.25 +5", &o));
    }

    #[test]
    fn float_rejects_non_decimal_numbers() {
        let o = opts(Mode::Float);
        assert!(!accepts("16", "0x10", &o));
        assert!(accepts("0x10", "0x10", &o));
        assert!(!accepts("inf", "1e400", &o));
        assert!(accepts("nan", "nan", &o));
        assert!(!accepts("nan", "NaN", &o));
        assert!(accepts("nan", "NaN", &ci(Mode::Float)));
        assert!(!accepts("1", "1.0.0", &o));
    }

    #[test]
    fn float_non_numeric_tokens_exact() {
        let o = opts(Mode::Float);
        assert!(accepts("Case #1: 0.333333", "Case #1: 0.3333333", &o));
        let m = wrong("Case #1: 0.5", "case #1: 0.5", &o);
        assert_eq!(
            m.summary,
            "first difference at line 1, column 1 (token 1): expected `Case`, got `case`"
        );
        assert!(accepts(
            "Case #1: 0.5",
            "case #1: 0.5000001",
            &ci(Mode::Float)
        ));
    }

    #[test]
    fn decimal_grammar() {
        for ok in ["0", "-1", "+2", "3.", ".5", "1e5", "1E+5", "-2.5e-3", "007"] {
            assert!(is_decimal(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "", "+", ".", "e5", "1e", "1e+", "0x10", "inf", "nan", "1_000", "1,5", "--1", "1.2.3",
        ] {
            assert!(!is_decimal(bad.as_bytes()), "{bad}");
        }
        assert_eq!(parse_decimal(b"1e400"), None);
        assert_eq!(parse_decimal(b"-2.5e-3"), Some(-0.0025));
    }

    // ----- unordered

    #[test]
    fn unordered_lines_with_duplicates() {
        let o = unordered(Unit::Lines);
        assert!(accepts("a\nb\na\n", "b\na\na\n", &o));
        assert!(accepts("a b\nc\n", "c  \r\na b\n\n", &o));
        assert!(!accepts("a b\n", "b a\n", &o));
        let m = wrong("a\nb\na\n", "b\na\nb\n", &o);
        assert_eq!(
            m.summary,
            "expected line `a` is missing; unexpected line `b` (1 missing, 1 unexpected)"
        );
        assert_eq!((m.line, m.column), (Some(3), Some(1)));
        assert_eq!((m.expected.as_str(), m.actual.as_str()), ("a", "b"));
    }

    #[test]
    fn unordered_missing_or_unexpected_only() {
        let o = unordered(Unit::Lines);
        let m = wrong("a\nb\nc\n", "c\n", &o);
        assert_eq!(
            m.summary,
            "expected line `a` is missing (2 missing, 0 unexpected)"
        );
        assert_eq!(m.line, None);
        let m = wrong("a\n", "a\nz z\nz z\n", &o);
        assert_eq!(m.summary, "unexpected line `z·z` (0 missing, 2 unexpected)");
        assert_eq!(m.line, Some(2));
    }

    #[test]
    fn unordered_blank_lines() {
        let o = unordered(Unit::Lines);
        // blank lines in the middle are items; trailing ones are ignored
        assert!(accepts("a\n\nb\n", "b\n\na\n\n\n", &o));
        let m = wrong("a\nb\n", "a\n\n\nb\n", &o);
        assert_eq!(m.summary, "unexpected line `⏎` (0 missing, 2 unexpected)");
        assert_eq!(m.line, Some(2));
        let m = wrong("a\n\nb\n", "a\n\n\nb\n", &o);
        assert_eq!(m.line, Some(3));
    }

    #[test]
    fn unordered_tokens_with_duplicates() {
        let o = unordered(Unit::Tokens);
        assert!(accepts("3 1 2 1\n", "1\n1 2\n3", &o));
        let m = wrong("3 1 2 1\n", "1 2 3 3", &o);
        assert_eq!(
            m.summary,
            "expected token `1` is missing; unexpected token `3` (1 missing, 1 unexpected)"
        );
        assert_eq!((m.line, m.column), (Some(1), Some(7)));
        // a very long output token cannot match
        let long = "7".repeat(10_000);
        let m = wrong("7", &long, &o);
        assert!(
            m.summary
                .starts_with("expected token `7` is missing; unexpected token `777")
        );
    }

    #[test]
    fn unordered_case_insensitive() {
        assert!(accepts(
            "Alice\nBOB\n",
            "bob\nALICE\n",
            &Options {
                case_sensitive: false,
                ..unordered(Unit::Lines)
            }
        ));
        assert!(!accepts(
            "Alice\nBOB\n",
            "bob\nALICE\n",
            &unordered(Unit::Lines)
        ));
        let m = wrong("Alice\nBOB\n", "bob\nALICE\n", &unordered(Unit::Lines));
        assert_eq!(
            m.looser.as_deref(),
            Some("passes if letter case were ignored")
        );
    }

    #[test]
    fn unordered_long_line_with_trailing_whitespace_matches() {
        let o = unordered(Unit::Lines);
        let actual = format!("x{}\n", " ".repeat(5000));
        assert!(accepts("x\n", &actual, &o));
        let actual = format!("x{}y\n", " ".repeat(5000));
        assert!(!accepts("x\n", &actual, &o));
    }

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

    // ----- visible

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
