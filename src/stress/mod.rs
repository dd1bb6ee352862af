//! `grader stress`: random tests from the problem's `[generator]`, run on the answer and on a
//! reference, until they disagree (WA, RE, TLE of the answer where the reference runs cleanly);
//! the failing input is then shrunk while the answer still fails it the same way
//! (`shrink`, pure). `generate` runs the generator in the sandbox, `oracle` grades batches of
//! inputs through the judge's public API, `search` drives both. Above the judge: every run of
//! an answer goes through `crate::judge`.

mod generate;
pub mod oracle;
mod search;
pub mod shrink;

pub use generate::{Generator, no_generator};
pub use shrink::Input;

use crate::error::{Error, Result};
use crate::exec::Scratch;
use crate::judge::Verdict;
use crate::lang::{Language, Table};
use crate::problem::Problem;
use crate::sandbox::{Helpers, SandboxInfo};
use oracle::{Oracle, Program};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What to search.
#[derive(Debug, Clone)]
pub struct Options {
    /// The first generator seed; test `i` gets `seed + i`.
    pub seed: u64,
    /// The most tests to generate.
    pub count: usize,
    /// How long to search for a failing input.
    pub time: Duration,
    /// How long to shrink one.
    pub shrink_time: Duration,
    /// The largest size given to the generator (`None`: the problem's `[generator] max_size`).
    pub max_size: Option<usize>,
}

/// A failing input, shrunk.
#[derive(Debug, Clone)]
pub struct Found {
    pub verdict: Verdict,
    pub input: Input,
    /// The reference's output: a returned value as JSON, or stdout.
    pub expected: String,
    /// The answer's output, if it gave one.
    pub obtained: Option<String>,
    /// The verdict's evidence on the shrunk input.
    pub message: String,
    /// The generator's arguments for the test that failed first.
    pub generator_seed: u64,
    pub generator_size: usize,
    /// That test's size before shrinking (characters and elements).
    pub generated_size: usize,
    pub shrink_steps: usize,
}

/// What the search found.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub found: Option<Found>,
    /// Generated tests run (up to and including the failing one).
    pub tries: usize,
    /// The first seed: the same options and seed repeat the search.
    pub seed: u64,
    /// The answer does not compile (the compiler's message).
    pub compile_error: Option<String>,
    /// The whole search, shrinking included.
    pub elapsed: Duration,
    /// Until the first failing test was found (before shrinking).
    pub found_after: Duration,
}

impl Outcome {
    fn compile_error(seed: u64, tries: usize, message: String) -> Outcome {
        Outcome {
            found: None,
            tries,
            seed,
            compile_error: Some(message),
            elapsed: Duration::ZERO,
            found_after: Duration::ZERO,
        }
    }
}

/// Told how the search goes (a progress bar on a terminal).
pub trait Progress {
    /// `tries` tests generated and passed so far, the last of size `size`.
    fn tried(&mut self, tries: usize, size: usize);
    /// Shrinking: the failing input is down to `size` characters and elements.
    fn shrinking(&mut self, size: usize);
}

/// A [`Progress`] that says nothing.
pub struct Quiet;

impl Progress for Quiet {
    fn tried(&mut self, _: usize, _: usize) {}
    fn shrinking(&mut self, _: usize) {}
}

/// The answer measured or stressed (`grader stress`, `grader growth`): its file and language.
pub struct AnswerFile<'a> {
    pub file: &'a Path,
    pub lang: &'a Language,
}

/// Searches for an input on which `answer` and the problem's reference disagree, and shrinks
/// it. Returns the reference used with the outcome.
pub fn stress(
    problem: &Problem,
    answer: AnswerFile,
    table: &Table,
    info: &SandboxInfo,
    options: &Options,
    progress: &mut dyn Progress,
) -> Result<(PathBuf, Outcome)> {
    if problem.generator.is_none() {
        // Said before anything is built.
        return Err(no_generator(problem));
    }
    let reference = reference_for(problem, Some(answer.lang), table)?;
    let pool = Helpers::new(info);
    let scratch = Scratch::new()?;
    let mut generator = Generator::prepare(problem, table, &pool, scratch.path())?;
    let oracle = Oracle {
        pool: &pool,
        problem,
        table,
        reference,
        answer: Program {
            file: answer.file.to_path_buf(),
            lang: answer.lang,
        },
    };
    let outcome = search::run(&oracle, &mut generator, options, progress)?;
    Ok((oracle.reference.file.clone(), outcome))
}

/// `grader check`'s test of a problem's generator: it runs (seed 1, size 5) and prints a test
/// the reference runs cleanly on. Returns the generator's file; `Err` says what is wrong.
pub fn check_generator(problem: &Problem, table: &Table, info: &SandboxInfo) -> Result<PathBuf> {
    let Some(g) = &problem.generator else {
        return Err(no_generator(problem));
    };
    let reference = reference_for(problem, None, table)?;
    let pool = Helpers::new(info);
    let scratch = Scratch::new()?;
    let mut generator = Generator::prepare(problem, table, &pool, scratch.path())?;
    let (seed, size) = (1, 5);
    let inputs = generator.generate(&[(seed, size)])?;
    let oracle = Oracle {
        pool: &pool,
        problem,
        table,
        answer: Program {
            file: reference.file.clone(),
            lang: reference.lang,
        },
        reference,
    };
    if let Some(Err(why)) = oracle.expected(&inputs)?.into_iter().next() {
        return Err(Error::spec(format!(
            "the reference `{}` fails on the test of the generator `{}` (seed {seed}, size {size}): {why}; fix the generator or the reference",
            oracle::shown(&oracle.reference.file),
            g.name
        )));
    }
    Ok(g.file.clone())
}

/// The reference the answer is compared with: a file of `reference/` in the answer's language,
/// else in Python, else the first of a known language (by name).
pub fn reference_for<'t>(
    problem: &Problem,
    lang: Option<&Language>,
    table: &'t Table,
) -> Result<Program<'t>> {
    let mut files = crate::problem::inside::files_in(&problem.dir, "reference", "problem folder")?;
    files.sort();
    let known: Vec<(PathBuf, &Language)> = files
        .into_iter()
        .filter_map(|f| table.detect(&f, None).ok().map(|l| (f, l)))
        .collect();
    let pick = known
        .iter()
        .find(|(_, l)| lang.is_some_and(|lang| l.id == lang.id))
        .or_else(|| known.iter().find(|(_, l)| l.id == "python3"))
        .or_else(|| known.first())
        .ok_or_else(|| {
            Error::usage(format!(
                "problem `{}` has no reference solution to compare with: put one in its reference/ folder",
                problem.id
            ))
        })?;
    Ok(Program {
        file: pick.0.clone(),
        lang: pick.1,
    })
}
