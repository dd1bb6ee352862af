//! The search: batches of generated tests of growing sizes until the answer and the reference
//! disagree (or the count or the time budget runs out), then the failing input shrunk while
//! the answer still fails it the same way, many candidates per run of the judge.

use super::generate::Generator;
use super::oracle::{Answer, Failure, Oracle};
use super::shrink::{self, Input};
use super::{Found, Options, Outcome, Progress};
use crate::error::{Error, Result};
use std::time::Instant;

/// Generated tests per batch (one run of the reference and one of the answer each): a function
/// answer runs a batch in one process; a stdio answer starts one per test, so its batches are
/// smaller and reach large sizes sooner.
const BATCH: usize = 16;
const STDIO_BATCH: usize = 8;
/// Candidates tried per run of the judge while shrinking: function answers run them in one
/// process; stdio answers start a process per candidate, so fewer at a time.
const FUNCTION_ROUND: usize = 256;
const STDIO_ROUND: usize = 8;
/// Shrink steps at most.
const STEPS: usize = 500;

/// The sizes of batch `b`: growing from 0 up to `min(max_size, 4^(b+1))` across the batch, so
/// small inputs (size 0 first) come first and every size up to `max_size` is soon reached.
pub fn sizes(b: usize, max_size: usize, batch: usize) -> Vec<usize> {
    let cap = max_size.min(1usize << (2 * (b + 1)).min(40));
    (0..batch).map(|j| cap * j / (batch - 1)).collect()
}

/// Runs the search and the shrinking.
pub fn run(
    oracle: &Oracle,
    generator: &mut Generator,
    options: &Options,
    progress: &mut dyn Progress,
) -> Result<Outcome> {
    let started = Instant::now();
    let mut tries = 0;
    let mut batch = 0;
    // Inputs already run (a small size repeats itself): each runs once.
    let mut seen = std::collections::HashSet::new();
    let max_size = options.max_size.unwrap_or(generator.max_size());
    // The smallest test the generator makes (at size 0): shrinking goes no lower, as a smaller
    // input may be outside the problem (an empty line where a word is promised).
    let mut floor = usize::MAX;
    let per_batch = if generator.is_function() {
        BATCH
    } else {
        STDIO_BATCH
    };
    while tries < options.count && started.elapsed() < options.time {
        let made: Vec<(u64, usize)> = sizes(batch, max_size, per_batch)
            .into_iter()
            .take(options.count - tries)
            .enumerate()
            .map(|(j, size)| (options.seed.wrapping_add((tries + j) as u64), size))
            .collect();
        batch += 1;
        let generated = generator.generate(&made)?;
        for ((_, size), input) in made.iter().zip(&generated) {
            if *size == 0 {
                floor = floor.min(input.size());
            }
        }
        let before = tries;
        tries += made.len();
        let (made, inputs): (Vec<_>, Vec<_>) = made
            .into_iter()
            .zip(generated)
            .filter(|(_, input)| seen.insert(format!("{input:?}")))
            .unzip();
        if inputs.is_empty() {
            continue;
        }
        let expected = oracle.expected(&inputs)?;
        refuse_unclean(oracle, generator, &expected, &made)?;
        let answer = oracle.against(&inputs, &expected, None)?;
        match answer {
            Answer::Agrees => {
                progress.tried(tries, made.last().map_or(0, |m| m.1));
            }
            Answer::DoesNotCompile(message) => {
                return Ok(Outcome::compile_error(options.seed, tries, message));
            }
            Answer::Fails(f) => {
                let (seed, size) = made[f.index];
                // The tests up to the failing one (by its seed).
                tries = before + (seed.wrapping_sub(options.seed) as usize - before) + 1;
                let input = inputs[f.index].clone();
                let generated_size = input.size();
                progress.shrinking(generated_size);
                let found_after = started.elapsed();
                let floor = floor.min(generated_size);
                let (input, failure, steps) =
                    shrink_failure(oracle, generator, (input, floor), f, options, progress)?;
                return Ok(Outcome {
                    found: Some(Found {
                        verdict: failure.verdict,
                        input,
                        expected: failure.expected,
                        obtained: failure.obtained,
                        message: failure.message,
                        generator_seed: seed,
                        generator_size: size,
                        generated_size,
                        shrink_steps: steps,
                    }),
                    tries,
                    seed: options.seed,
                    compile_error: None,
                    elapsed: started.elapsed(),
                    found_after,
                });
            }
        }
    }
    Ok(Outcome {
        found: None,
        tries,
        seed: options.seed,
        compile_error: None,
        elapsed: started.elapsed(),
        found_after: started.elapsed(),
    })
}

/// A generated test the reference does not run cleanly on is the problem's bug (its generator
/// or its reference), never the answer's.
fn refuse_unclean(
    oracle: &Oracle,
    generator: &Generator,
    expected: &[std::result::Result<String, String>],
    made: &[(u64, usize)],
) -> Result<()> {
    if let Some((i, Err(why))) = expected.iter().enumerate().find(|(_, e)| e.is_err()) {
        let (seed, size) = made[i];
        return Err(Error::spec(format!(
            "the reference `{}` fails on a test of the generator `{}` (seed {seed}, size {size}): {why}; fix the generator or the reference",
            super::oracle::shown(&oracle.reference.file),
            generator.name()
        )));
    }
    Ok(())
}

/// Shrinks `input`, on which the answer fails with `failure`, while it fails the same way and
/// its size stays at least `floor`.
fn shrink_failure(
    oracle: &Oracle,
    generator: &Generator,
    (input, floor): (Input, usize),
    failure: Failure,
    options: &Options,
    progress: &mut dyn Progress,
) -> Result<(Input, Failure, usize)> {
    let started = Instant::now();
    let verdict = failure.verdict;
    let round = if matches!(input, Input::Args(_)) {
        FUNCTION_ROUND
    } else {
        STDIO_ROUND
    };
    let mut last = failure;
    let (small, steps) = shrink::shrink(input, STEPS, |cands: &[Input]| {
        if started.elapsed() > options.shrink_time {
            return Ok(None);
        }
        let fitting: Vec<usize> = (0..cands.len())
            .filter(|&i| cands[i].size() >= floor && generator.fits(&cands[i]))
            .collect();
        for chunk in fitting.chunks(round) {
            let inputs: Vec<Input> = chunk.iter().map(|&i| cands[i].clone()).collect();
            match oracle.first_failing(&inputs, Some(verdict))? {
                Answer::Fails(f) => {
                    let at = chunk[f.index];
                    progress.shrinking(cands[at].size());
                    last = f;
                    return Ok(Some(at));
                }
                Answer::Agrees => {}
                Answer::DoesNotCompile(m) => {
                    return Err(Error::judge(format!(
                        "the answer stopped compiling while shrinking: {m}"
                    )));
                }
            }
            if started.elapsed() > options.shrink_time {
                break;
            }
        }
        Ok(None)
    })?;
    Ok((small, last, steps))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_grow_from_one_to_the_cap() {
        assert_eq!(
            sizes(0, 100, BATCH),
            [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4]
        );
        assert_eq!(*sizes(1, 100, BATCH).last().unwrap(), 16);
        assert_eq!(*sizes(2, 100, BATCH).last().unwrap(), 64);
        assert_eq!(*sizes(3, 100, BATCH).last().unwrap(), 100);
        assert_eq!(*sizes(5, 2000, STDIO_BATCH).last().unwrap(), 2000);
        assert_eq!(sizes(5, 1, BATCH)[0], 0);
        assert_eq!(*sizes(5, 1, BATCH).last().unwrap(), 1);
        assert!(sizes(4, 100, STDIO_BATCH).windows(2).all(|w| w[0] <= w[1]));
    }
}
