//! Scoring pairs: the fingerprints of every file go into one index; two files of one language
//! that share a fingerprint get a seed there, and each seed grows, token by token in both
//! files, into a maximal shared fragment (a hash collision grows into nothing). A pair's
//! similarity is the share of both files' tokens that lie in shared fragments. Tokens of the
//! base code (k-grams found in a base file) neither count nor join fragments.

use super::Options;
use super::tokens::{Grammar, Token};
use super::winnow;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// One file, tokenised.
#[derive(Debug)]
pub struct Doc {
    pub path: String,
    pub grammar: Grammar,
    tokens: Vec<Token>,
    ids: Vec<u64>,
    /// What each token is: the file's own, common to much of the class, or base code.
    mask: Vec<Mask>,
}

impl Doc {
    pub fn new(path: &str, grammar: Grammar, tokens: Vec<Token>) -> Doc {
        let ids = tokens.iter().map(|t| t.id).collect();
        let mask = vec![Mask::Own; tokens.len()];
        Doc {
            path: path.to_string(),
            grammar,
            tokens,
            ids,
            mask,
        }
    }

    /// Tokens that count (not base code).
    fn own(&self) -> usize {
        self.mask.iter().filter(|m| **m != Mask::Base).count()
    }

    fn lines(&self, start: usize, len: usize) -> [u32; 2] {
        [
            self.tokens[start].line,
            self.tokens[start + len - 1].end_line,
        ]
    }
}

/// What a token is, for the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Mask {
    /// Counts and may be shared.
    Own,
    /// Counts (in the file's length) but is never part of a shared fragment: code most of the
    /// class writes alike.
    Common,
    /// Neither: code every student was given.
    Base,
}

/// A fragment found in both files: its length in tokens and the lines it spans in each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Fragment {
    pub tokens: usize,
    pub a: [u32; 2],
    pub b: [u32; 2],
}

/// Two files that share code.
#[derive(Debug, Clone, Serialize)]
pub struct Pair {
    pub a: String,
    pub b: String,
    pub language: &'static str,
    /// Tokens of both files inside shared fragments over the tokens of both (0-1).
    pub similarity: f64,
    /// Tokens inside shared fragments (the smaller of the two files' counts).
    pub shared_tokens: usize,
    pub longest_fragment: Fragment,
    /// The lines of `a` (and of `b`) inside shared fragments, as merged ranges.
    pub a_lines: Vec<[u32; 2]>,
    pub b_lines: Vec<[u32; 2]>,
    /// The shared fragments, longest first.
    pub fragments: Vec<Fragment>,
}

/// Two files by index, the first the smaller.
type Files = (u32, u32);
/// Where a shared fingerprint is in each of two files.
type Seed = (u32, u32);

/// A shared run: where it starts in each file and its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    a: usize,
    b: usize,
    len: usize,
}

/// Every pair of `docs` of one language that shares a fragment, most similar first; marks the
/// base code of each doc on the way.
pub fn score(docs: &mut [Doc], base: &[(Grammar, Vec<Token>)], options: &Options) -> Vec<Pair> {
    let k = options.k;
    let base_grams: HashSet<(Grammar, u64)> = base
        .iter()
        .flat_map(|(g, t)| {
            let ids: Vec<u64> = t.iter().map(|t| t.id).collect();
            winnow::kgrams(&ids, k).into_iter().map(move |h| (*g, h))
        })
        .collect();
    let grams: Vec<Vec<u64>> = docs.iter().map(|d| winnow::kgrams(&d.ids, k)).collect();
    let common = common_grams(docs, &grams, options.max_files);
    // Fingerprint -> (doc, position), per language.
    let mut index: HashMap<(Grammar, u64), Vec<(u32, u32)>> = HashMap::new();
    for (d, doc) in docs.iter_mut().enumerate() {
        let mask = |h: &u64| {
            if base_grams.contains(&(doc.grammar, *h)) {
                Mask::Base
            } else if common.contains(&(doc.grammar, *h)) {
                Mask::Common
            } else {
                Mask::Own
            }
        };
        let given = |h: &u64| mask(h) != Mask::Own;
        for (i, h) in grams[d].iter().enumerate() {
            let m = mask(h);
            doc.mask[i..i + k].iter_mut().for_each(|t| *t = (*t).max(m));
        }
        for f in winnow::winnow(&grams[d], options.w) {
            if !given(&f.hash) {
                index
                    .entry((doc.grammar, f.hash))
                    .or_default()
                    .push((d as u32, f.pos as u32));
            }
        }
    }
    let mut seeds: HashMap<Files, Vec<Seed>> = HashMap::new();
    for hits in index.values() {
        if hits.len() < 2 {
            continue;
        }
        for (i, &(da, pa)) in hits.iter().enumerate() {
            for &(db, pb) in &hits[i + 1..] {
                if da != db {
                    let (x, y) = if da < db {
                        ((da, db), (pa, pb))
                    } else {
                        ((db, da), (pb, pa))
                    };
                    seeds.entry(x).or_default().push(y);
                }
            }
        }
    }
    let own: Vec<usize> = docs.iter().map(Doc::own).collect();
    let seeds: Vec<(Files, Vec<Seed>)> = seeds.into_iter().collect();
    let docs = &*docs;
    let mut pairs: Vec<Pair> = super::parallel(&seeds, |((a, b), s)| {
        let (a, b) = (*a as usize, *b as usize);
        let runs = grow(&docs[a], &docs[b], s.clone(), k);
        pair(&docs[a], &docs[b], own[a] + own[b], runs)
    })
    .into_iter()
    .flatten()
    .collect();
    pairs.sort_by(|x, y| {
        y.similarity
            .total_cmp(&x.similarity)
            .then(y.shared_tokens.cmp(&x.shared_tokens))
            .then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b)))
    });
    pairs
}

/// The k-grams found in more files of one language than `max_files` (none without a limit):
/// code much of a class writes alike (reading the input, the class and `main` around it) is
/// weak evidence of copying; such tokens count in a file's length but join no fragment.
fn common_grams(
    docs: &[Doc],
    grams: &[Vec<u64>],
    max_files: Option<usize>,
) -> HashSet<(Grammar, u64)> {
    let Some(limit) = max_files else {
        return HashSet::new();
    };
    let mut files: HashMap<(Grammar, u64), usize> = HashMap::new();
    for (doc, grams) in docs.iter().zip(grams) {
        let distinct: HashSet<u64> = grams.iter().copied().collect();
        for h in distinct {
            *files.entry((doc.grammar, h)).or_default() += 1;
        }
    }
    files
        .into_iter()
        .filter(|(_, n)| *n > limit)
        .map(|(key, _)| key)
        .collect()
}

/// The maximal shared runs grown from the seeds (positions of equal fingerprints).
fn grow(a: &Doc, b: &Doc, mut seeds: Vec<(u32, u32)>, k: usize) -> Vec<Run> {
    let diagonal = |&(pa, pb): &(u32, u32)| i64::from(pa) - i64::from(pb);
    seeds.sort_by_key(|s| (diagonal(s), s.0));
    let same = |i: usize, j: usize| {
        a.ids[i] == b.ids[j] && a.mask[i] == Mask::Own && b.mask[j] == Mask::Own
    };
    let mut runs: Vec<Run> = Vec::new();
    // The end (in `a`) of the last run on the current diagonal.
    let mut last: Option<(i64, usize)> = None;
    for s in seeds {
        let (i, j) = (s.0 as usize, s.1 as usize);
        let d = diagonal(&s);
        if last.is_some_and(|(ld, end)| ld == d && i < end) {
            continue;
        }
        if !(0..k).all(|t| same(i + t, j + t)) {
            continue;
        }
        let (mut start_a, mut start_b) = (i, j);
        while start_a > 0 && start_b > 0 && same(start_a - 1, start_b - 1) {
            start_a -= 1;
            start_b -= 1;
        }
        let (mut end_a, mut end_b) = (i + k, j + k);
        while end_a < a.ids.len() && end_b < b.ids.len() && same(end_a, end_b) {
            end_a += 1;
            end_b += 1;
        }
        runs.push(Run {
            a: start_a,
            b: start_b,
            len: end_a - start_a,
        });
        last = Some((d, end_a));
    }
    runs
}

/// Tokens covered by `spans` (start, len), overlaps counted once.
fn covered(mut spans: Vec<(usize, usize)>) -> usize {
    spans.sort_unstable();
    let (mut total, mut reach) = (0, 0);
    for (start, len) in spans {
        let end = start + len;
        if end > reach {
            total += end - start.max(reach);
            reach = end;
        }
    }
    total
}

/// Line ranges merged where they overlap or touch.
fn merged(mut ranges: Vec<[u32; 2]>) -> Vec<[u32; 2]> {
    ranges.sort_unstable();
    let mut out: Vec<[u32; 2]> = Vec::new();
    for r in ranges {
        match out.last_mut() {
            Some(last) if r[0] <= last[1] + 1 => last[1] = last[1].max(r[1]),
            _ => out.push(r),
        }
    }
    out
}

fn pair(a: &Doc, b: &Doc, own: usize, runs: Vec<Run>) -> Option<Pair> {
    if runs.is_empty() || own == 0 {
        return None;
    }
    let cov_a = covered(runs.iter().map(|r| (r.a, r.len)).collect());
    let cov_b = covered(runs.iter().map(|r| (r.b, r.len)).collect());
    let mut fragments: Vec<Fragment> = runs
        .iter()
        .map(|r| Fragment {
            tokens: r.len,
            a: a.lines(r.a, r.len),
            b: b.lines(r.b, r.len),
        })
        .collect();
    fragments.sort_by(|x, y| y.tokens.cmp(&x.tokens).then(x.a.cmp(&y.a)));
    let similarity = ((cov_a + cov_b) as f64 / own as f64).min(1.0);
    Some(Pair {
        a: a.path.clone(),
        b: b.path.clone(),
        language: a.grammar.name(),
        similarity: (similarity * 1000.0).round() / 1000.0,
        shared_tokens: cov_a.min(cov_b),
        longest_fragment: fragments[0],
        a_lines: merged(fragments.iter().map(|f| f.a).collect()),
        b_lines: merged(fragments.iter().map(|f| f.b).collect()),
        fragments,
    })
}

/// Groups of three or more files joined by pairs at or above `threshold` (connected
/// components), each sorted, largest first.
pub fn clusters(pairs: &[Pair], threshold: f64) -> Vec<Vec<String>> {
    let mut parent: HashMap<&str, &str> = HashMap::new();
    fn root<'a>(parent: &mut HashMap<&'a str, &'a str>, x: &'a str) -> &'a str {
        let mut r = x;
        while let Some(&p) = parent.get(r) {
            if p == r {
                break;
            }
            r = p;
        }
        parent.insert(x, r);
        r
    }
    for p in pairs.iter().filter(|p| p.similarity >= threshold) {
        parent.entry(&p.a).or_insert(&p.a);
        parent.entry(&p.b).or_insert(&p.b);
        let (ra, rb) = (root(&mut parent, &p.a), root(&mut parent, &p.b));
        if ra != rb {
            parent.insert(ra.max(rb), ra.min(rb));
        }
    }
    let mut groups: HashMap<&str, Vec<String>> = HashMap::new();
    let members: Vec<&str> = parent.keys().copied().collect();
    for m in members {
        let r = root(&mut parent, m);
        groups.entry(r).or_default().push(m.to_string());
    }
    let mut out: Vec<Vec<String>> = groups
        .into_values()
        .filter(|g| g.len() >= 3)
        .map(|mut g| {
            g.sort();
            g
        })
        .collect();
    out.sort_by(|x, y| y.len().cmp(&x.len()).then(x.cmp(y)));
    out
}

#[cfg(test)]
mod tests {
    use super::super::{Input, Options, compare};

    fn input(path: &str, text: &str) -> Input {
        Input {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    const A: &str = "def helper(values, goal):\n    table = {}\n    for index, value in enumerate(values):\n        need = goal - value\n        if need in table:\n            return [table[need], index]\n        table[value] = index\n    return []\n\n\ndef main():\n    n, t = map(int, input().split())\n    xs = list(map(int, input().split()))\n    print(*helper(xs, t))\n\n\nmain()\n";

    #[test]
    fn a_renamed_copy_is_whole_and_unrelated_code_is_not() {
        let renamed = A
            .replace("helper", "solve")
            .replace("table", "seen")
            .replace("index", "k");
        let other = "import sys\nclass Node:\n    def __init__(self):\n        self.kids = []\n\nwhile True:\n    line = sys.stdin.readline()\n    if not line:\n        break\n    print(line.strip()[::-1])\n";
        let r = compare(
            &[
                input("a.py", A),
                input("b.py", &renamed),
                input("c.py", other),
            ],
            &[],
            &Options::default(),
        );
        assert_eq!(r.files, 3);
        let top = &r.pairs[0];
        assert_eq!((top.a.as_str(), top.b.as_str()), ("a.py", "b.py"));
        assert_eq!(top.similarity, 1.0);
        assert_eq!(top.a_lines, vec![[1, 17]]);
        assert!(
            r.pairs
                .iter()
                .all(|p| p.a != "c.py" && p.b != "c.py" || p.similarity < 0.3)
        );
    }

    #[test]
    fn base_code_does_not_count() {
        let base = "def main():\n    n, t = map(int, input().split())\n    xs = list(map(int, input().split()))\n    print(*helper(xs, t))\n\n\nmain()\n";
        let b = format!(
            "def helper(a, g):\n    for i in range(len(a)):\n        for j in range(i + 1, len(a)):\n            if a[i] + a[j] == g:\n                return [i, j]\n    return []\n\n\n{base}"
        );
        let without = compare(
            &[input("a.py", A), input("b.py", &b)],
            &[],
            &Options::default(),
        );
        assert!(without.pairs[0].similarity > 0.3, "{:?}", without.pairs);
        let with = compare(
            &[input("a.py", A), input("b.py", &b)],
            &[input("starter.py", base)],
            &Options::default(),
        );
        assert_eq!(with.base, vec!["starter.py"]);
        assert!(
            with.pairs.first().is_none_or(|p| p.similarity < 0.2),
            "{:?}",
            with.pairs
        );
    }

    #[test]
    fn bad_files_are_skipped_with_a_reason() {
        let big = "x = 1\n".repeat(200_000);
        let r = compare(
            &[
                input("a.py", A),
                input("notes.txt", "hello"),
                Input {
                    path: "bin.py".into(),
                    bytes: vec![0x7f, b'E', 0, 1],
                },
                input("big.py", &big),
                Input {
                    path: "latin.java".into(),
                    bytes: vec![b'c', 0xe9],
                },
            ],
            &[],
            &Options::default(),
        );
        assert_eq!(r.files, 1);
        let reasons: Vec<(&str, &str)> = r
            .skipped
            .iter()
            .map(|s| (s.path.as_str(), s.reason.as_str()))
            .collect();
        assert_eq!(reasons.len(), 4);
        assert!(
            reasons[0].1.starts_with("unknown extension (`.txt`)"),
            "{reasons:?}"
        );
        assert_eq!(reasons[1].1, "binary: holds a NUL byte");
        assert!(
            reasons[2].1.contains("larger than the 1048576 bytes"),
            "{reasons:?}"
        );
        assert!(reasons[3].1.starts_with("not UTF-8"), "{reasons:?}");
    }

    #[test]
    fn code_in_more_files_than_max_files_joins_no_fragment() {
        let renamed = A.replace("helper", "solve");
        let files = [input("a.py", A), input("b.py", &renamed), input("c.py", A)];
        let all = compare(&files, &[], &Options::default());
        assert_eq!(all.pairs.len(), 3);
        assert!(all.pairs.iter().all(|p| p.similarity == 1.0));
        let limited = Options {
            max_files: Some(2),
            ..Options::default()
        };
        let r = compare(&files, &[], &limited);
        assert!(r.pairs.is_empty(), "{:?}", r.pairs);
        assert_eq!(r.files, 3);
    }

    #[test]
    fn clusters_need_three() {
        let mk = |a: &str, b: &str, s: f64| super::Pair {
            a: a.into(),
            b: b.into(),
            language: "python",
            similarity: s,
            shared_tokens: 1,
            longest_fragment: super::Fragment {
                tokens: 1,
                a: [1, 1],
                b: [1, 1],
            },
            a_lines: vec![],
            b_lines: vec![],
            fragments: vec![],
        };
        let pairs = vec![
            mk("a", "b", 0.9),
            mk("c", "b", 0.8),
            mk("d", "e", 0.9),
            mk("e", "f", 0.1),
        ];
        assert_eq!(super::clusters(&pairs, 0.6), vec![vec!["a", "b", "c"]]);
        assert!(super::clusters(&pairs, 0.85).is_empty());
    }
}
