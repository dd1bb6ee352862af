//! `unordered` mode: the multiset of lines or tokens of the output must equal the expected one
//! (the expected answer loaded, at most 32 MiB; the output streamed).

use super::*;

// ----- unordered

/// The expected items of `unordered` mode, counted.
pub(super) struct Multiset<'a> {
    /// Normalised expected answer (lowercased when comparing case-insensitively).
    pub(super) norm: Cow<'a, [u8]>,
    /// Item ranges in expected order.
    pub(super) items: Vec<(u32, u32)>,
    /// Distinct items, sorted by their normalised bytes.
    pub(super) keys: Vec<(u32, u32)>,
    /// Remaining count of each key.
    pub(super) counts: Vec<u64>,
}

impl Multiset<'_> {
    pub(super) fn get(&self, range: (u32, u32)) -> &[u8] {
        &self.norm[range.0 as usize..range.1 as usize]
    }

    pub(super) fn key_of(&self, item: &[u8]) -> Option<usize> {
        self.keys.binary_search_by(|&k| self.get(k).cmp(item)).ok()
    }

    /// Takes one occurrence of `item`; returns whether there was one.
    pub(super) fn take(&mut self, item: &[u8]) -> bool {
        match self.key_of(item) {
            Some(k) if self.counts[k] > 0 => {
                self.counts[k] -= 1;
                true
            }
            _ => false,
        }
    }

    /// Takes up to `n` occurrences of `item`; returns how many there were.
    pub(super) fn take_many(&mut self, item: &[u8], n: u64) -> u64 {
        match self.key_of(item) {
            Some(k) => {
                let taken = self.counts[k].min(n);
                self.counts[k] -= taken;
                taken
            }
            None => 0,
        }
    }

    pub(super) fn remaining(&self, item: &[u8]) -> u64 {
        self.key_of(item).map_or(0, |k| self.counts[k])
    }
}

/// Output items of `unordered` mode that match no expected item.
pub(super) struct Unexpected {
    pub(super) count: u64,
    /// The first one (its first bytes) and its offset in the output.
    pub(super) first: Option<(Vec<u8>, u64)>,
}

impl Unexpected {
    pub(super) fn note(&mut self, item: &[u8], off: u64, n: u64) {
        self.count += n;
        if self.first.is_none() {
            self.first = Some((item[..item.len().min(PIECE_BYTES)].to_vec(), off));
        }
    }
}

/// Ranges of the items of `text`: normalised lines (trailing blank lines dropped) or tokens.
pub(super) fn split_items(text: &[u8], unit: Unit) -> Vec<(u32, u32)> {
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

pub(super) fn build_multiset(raw: &[u8], unit: Unit, ci: bool) -> Multiset<'_> {
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
pub(super) fn show_item(item: &[u8]) -> String {
    if item.is_empty() {
        "⏎".to_owned()
    } else {
        visible(&String::from_utf8_lossy(item), PIECE_MAX)
    }
}

pub(super) fn find_unordered(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::testutil::*;

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
}
