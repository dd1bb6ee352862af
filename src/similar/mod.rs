//! Similarity between submissions (`grader similar`, `grader batch --similarity`): each file's
//! normalised token stream (`tokens`, tree-sitter grammars) is fingerprinted by winnowing
//! (`winnow`), the fingerprints are indexed across the class, and every pair of files of one
//! language that shares some is scored (`pairs`): the shared fragments, grown token by token
//! from the shared fingerprints, over the two files' lengths. Code every student was given (a
//! starter, `--base`) is cut out first. Imports nothing above `report`'s layer: `commands` and
//! `batch`'s caller hand it the files and write what it returns (`render`).

pub mod pairs;
pub mod render;
pub mod tokens;
pub mod winnow;

use serde::Serialize;
use std::path::Path;
use tokens::Grammar;

/// The most a file may hold to be compared (larger files are skipped with the reason).
pub const MAX_BYTES: usize = 1 << 20;

/// The similarity at or above which a pair is reported as a likely copy. Measured on the
/// generated class of `tests/integration/similar.rs` (40 two-sum answers, Python and Java,
/// k = 23, w = 8): the 4 copies (renamed, reordered, re-commented, dead code added) score 0.94
/// to 1.0, the 36 independent answers at most 0.74 (two Java answers with one uncommon
/// algorithm and the same way of reading the input); 0.8 sits above every independent pair
/// with room to spare, below every copy. See README.md, "Similarity".
pub const THRESHOLD: f64 = 0.8;

/// How the comparison is made.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Tokens per k-gram.
    pub k: usize,
    /// K-grams per winnowing window: any shared run of `w + k - 1` tokens is found.
    pub w: usize,
    /// Pairs at or above it are reported as likely copies and make the clusters.
    pub threshold: f64,
    /// Code (a k-gram) found in more files of one language than this joins no shared fragment
    /// (an idiom much of the class writes alike); it still counts in the files' lengths.
    /// `None`: no limit (the default: on the measured class a limit hid copies of common
    /// answers as much as it hid boilerplate).
    pub max_files: Option<usize>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            k: 23,
            w: 8,
            threshold: THRESHOLD,
            max_files: None,
        }
    }
}

/// A file to compare: its path as the user gave it, and its bytes.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A file left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// The outcome of a comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub threshold: f64,
    pub k: usize,
    pub w: usize,
    /// Files compared (skipped ones excluded).
    pub files: usize,
    /// The base files whose code was cut out.
    pub base: Vec<String>,
    /// Every pair that shares a fragment, most similar first.
    pub pairs: Vec<pairs::Pair>,
    /// Groups of three or more files linked by pairs at or above the threshold, largest first.
    pub clusters: Vec<Vec<String>>,
    pub skipped: Vec<Skipped>,
}

/// A readable source file of a known language, or why not.
pub(crate) fn source(input: &Input) -> Result<(Grammar, &str), String> {
    let grammar = Grammar::detect(Path::new(&input.path))
        .map_err(|e| format!("cannot tell its language: {e}"))?;
    let grammar = grammar.ok_or_else(|| {
        let ext = Path::new(&input.path)
            .extension()
            .map(|e| format!("`.{}`", e.to_string_lossy()))
            .unwrap_or_else(|| "no extension".into());
        format!("unknown extension ({ext}): compared are .py, .java, .js, .c, .cpp and .rs files")
    })?;
    if input.bytes.len() > MAX_BYTES {
        return Err(format!(
            "{} bytes: larger than the {MAX_BYTES} bytes a source file may have here",
            input.bytes.len()
        ));
    }
    if input.bytes.contains(&0) {
        return Err("binary: holds a NUL byte".into());
    }
    let text = std::str::from_utf8(&input.bytes)
        .map_err(|e| format!("not UTF-8 text (byte {})", e.valid_up_to()))?;
    Ok((grammar, text))
}

fn tokenise(input: &Input) -> Result<(Grammar, Vec<tokens::Token>), String> {
    let (grammar, text) = source(input)?;
    Ok((grammar, tokens::tokens(grammar, text)?))
}

/// `f` of every item, in order, on as many threads as there are cores (each takes a
/// contiguous share).
pub(crate) fn parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || items.len() < 2 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Compares every pair of `files` of one language, with the code of `base` cut out.
pub fn compare(files: &[Input], base: &[Input], options: &Options) -> Report {
    let mut skipped = Vec::new();
    let mut docs = Vec::new();
    for (input, parsed) in files.iter().zip(parallel(files, tokenise)) {
        match parsed {
            Ok((grammar, tokens)) => docs.push(pairs::Doc::new(&input.path, grammar, tokens)),
            Err(reason) => skipped.push(Skipped {
                path: input.path.clone(),
                reason,
            }),
        }
    }
    let mut base_tokens = Vec::new();
    let mut base_names = Vec::new();
    for input in base {
        match tokenise(input) {
            Ok(t) => {
                base_tokens.push(t);
                base_names.push(input.path.clone());
            }
            Err(reason) => skipped.push(Skipped {
                path: input.path.clone(),
                reason: format!("base file not used: {reason}"),
            }),
        }
    }
    let pairs = pairs::score(&mut docs, &base_tokens, options);
    let clusters = pairs::clusters(&pairs, options.threshold);
    Report {
        threshold: options.threshold,
        k: options.k,
        w: options.w,
        files: docs.len(),
        base: base_names,
        pairs,
        clusters,
        skipped,
    }
}

/// A report with the text of the files of its most similar pairs: what a side-by-side view
/// of those pairs needs.
#[derive(Debug, Clone, Serialize)]
pub struct Similarity {
    pub report: Report,
    /// Path -> text, for the files of the first `top` pairs.
    pub sources: std::collections::BTreeMap<String, String>,
}

/// Keeps the texts of the files in the first `top` pairs of `report`.
pub fn with_sources(report: Report, inputs: &[Input], top: usize) -> Similarity {
    let wanted: std::collections::BTreeSet<&str> = report
        .pairs
        .iter()
        .take(top)
        .flat_map(|p| [p.a.as_str(), p.b.as_str()])
        .collect();
    let sources = inputs
        .iter()
        .filter(|i| wanted.contains(i.path.as_str()))
        .map(|i| {
            (
                i.path.clone(),
                String::from_utf8_lossy(&i.bytes).into_owned(),
            )
        })
        .collect();
    Similarity { report, sources }
}
