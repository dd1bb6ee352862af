//! The inputs of a comparison: a side as a file or bytes ([`Source`]), the buffered reader that
//! streams it with absolute offsets ([`Reader`]), and the byte classes every mode shares.

use super::*;

// ---------------------------------------------------------------------------------------------
// inputs

/// One side of a comparison: a file (re-opened whenever it is read again) or bytes in memory.
#[derive(Clone, Copy)]
pub(super) enum Source<'a> {
    File(&'a Path),
    Bytes(&'a [u8]),
}

impl<'a> Source<'a> {
    pub(super) fn reader(self) -> io::Result<Reader<'a>> {
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

    pub(super) fn len(self) -> io::Result<u64> {
        match self {
            Source::File(path) => Ok(std::fs::metadata(path)?.len()),
            Source::Bytes(bytes) => Ok(bytes.len() as u64),
        }
    }

    /// Up to `max` bytes starting at byte `start`.
    pub(super) fn read_range(self, start: u64, max: usize) -> io::Result<Vec<u8>> {
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
    pub(super) fn read_capped(self, cap: u64) -> io::Result<Option<Cow<'a, [u8]>>> {
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
    pub(super) static TEST_READ_BUF: std::cell::Cell<usize> = const { std::cell::Cell::new(READ_BUF) };
}

pub(super) fn read_buf_size() -> usize {
    #[cfg(test)]
    let size = TEST_READ_BUF.with(std::cell::Cell::get);
    #[cfg(not(test))]
    let size = READ_BUF;
    size
}

/// A buffered reader that knows the absolute offset of its next byte.
pub(super) struct Reader<'a> {
    pub(super) inner: Box<dyn Read + 'a>,
    pub(super) buf: Box<[u8]>,
    pub(super) pos: usize,
    pub(super) end: usize,
    /// Offset of `buf[pos]` in the input.
    pub(super) offset: u64,
}

impl Reader<'_> {
    /// Refills the buffer when it is empty; returns the number of buffered bytes (0 at the end).
    pub(super) fn fill(&mut self) -> io::Result<usize> {
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

    pub(super) fn data(&self) -> &[u8] {
        &self.buf[self.pos..self.end]
    }

    pub(super) fn consume(&mut self, n: usize) {
        debug_assert!(n <= self.end - self.pos);
        self.pos += n;
        self.offset += n as u64;
    }

    pub(super) fn peek(&mut self) -> io::Result<Option<u8>> {
        Ok(if self.fill()? == 0 {
            None
        } else {
            Some(self.buf[self.pos])
        })
    }

    /// Skips token separators; returns whether a token follows.
    pub(super) fn skip_space(&mut self) -> io::Result<bool> {
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
    pub(super) fn read_token(&mut self, out: &mut Vec<u8>, max: usize) -> io::Result<usize> {
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
    pub(super) fn skip_token(&mut self) -> io::Result<()> {
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
    pub(super) fn skip_line_ws(&mut self) -> io::Result<bool> {
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
    pub(super) fn eat_newline(&mut self) -> io::Result<bool> {
        if self.peek()? == Some(b'\n') {
            self.consume(1);
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// Skips blank lines (from the current position); returns the offset of the first line with
    /// content, or `None` when only blank lines remain.
    pub(super) fn skip_blank_lines(&mut self) -> io::Result<Option<u64>> {
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
    pub(super) fn read_line(
        &mut self,
        out: &mut Vec<u8>,
        cap: usize,
    ) -> io::Result<Option<LineRead>> {
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
pub(super) struct LineRead {
    /// Offset of the line's first byte.
    pub(super) start: u64,
    /// Whether the line ended with a newline.
    pub(super) terminated: bool,
    /// Whether non-whitespace bytes were dropped because the line exceeded the cap.
    pub(super) overflow: bool,
}

// ---------------------------------------------------------------------------------------------
// character classes

/// Token separators: ASCII whitespace including vertical tab.
pub(super) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Whitespace ignored at the end of a line.
pub(super) fn is_line_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r')
}

/// UTF-8 continuation byte.
pub(super) fn is_continuation(b: u8) -> bool {
    b & 0xc0 == 0x80
}

pub(super) fn byte_eq(a: u8, b: u8, ci: bool) -> bool {
    a == b || (ci && a.eq_ignore_ascii_case(&b))
}

pub(super) fn bytes_eq(a: &[u8], b: &[u8], ci: bool) -> bool {
    if ci {
        a.eq_ignore_ascii_case(b)
    } else {
        a == b
    }
}

/// Length of the common prefix of `a` and `b`.
pub(super) fn common_prefix(a: &[u8], b: &[u8], ci: bool) -> usize {
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

pub(super) fn trim_line_end(line: &[u8]) -> &[u8] {
    let end = line
        .iter()
        .rposition(|&b| !is_line_ws(b))
        .map_or(0, |i| i + 1);
    &line[..end]
}
