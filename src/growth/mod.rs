//! How an answer's time grows with its input (`grader growth`): the answer and the reference run
//! on inputs of the problem's `[generator]` of doubling size (one seed), each input a few times,
//! one test at a time; the least CPU time of each size is fitted (`fit`) as
//! `c · n^k`, after the fixed cost (a process's start, the time of the smallest input) is taken
//! off. Sizes double (a square root of two apart once the time stands out) until a program
//! needs [`TARGET`] per test, times out, or the time budget is spent; while the fit is unclear (a
//! noisy moment), every size runs again when the budget still holds a whole round. Above the judge: every run goes through `crate::stress`'s oracle.

pub mod fit;

use crate::error::Result;
use crate::exec::Scratch;
use crate::lang::Table;
use crate::problem::Problem;
use crate::sandbox::{Helpers, SandboxInfo};
use crate::stress::oracle::{Oracle, Program};
use crate::stress::{AnswerFile, Generator, Input, no_generator, reference_for};
use fit::Fit;
use serde::Serialize;
use std::path::Path;
use std::time::{Duration, Instant};

/// The time per test at which a program's sizes stop doubling (seconds).
pub const TARGET: f64 = 1.0;

/// The first size measured (after size 1, which gives the fixed cost).
const FIRST: usize = 16;

/// The largest size asked of the generator.
const LARGEST: usize = 1 << 23;

/// Rounds of measuring every size again while the fit is unclear (within the budget).
const REMEASURE: usize = 2;

/// What to measure.
#[derive(Debug, Clone)]
pub struct Options {
    /// The generator's seed, for every size.
    pub seed: u64,
    /// Runs of each size's input (the least time counts).
    pub reps: usize,
    /// The time the whole measurement may take (both programs).
    pub budget: Duration,
    /// Whether the reference is measured too (a quick look after a TLE measures the answer
    /// alone, with the whole budget).
    pub reference: bool,
}

/// One program's measurement.
#[derive(Debug, Clone, Serialize)]
pub struct Measured {
    /// The file measured, as given.
    pub file: String,
    pub sizes: Vec<usize>,
    /// The least CPU time of each size's runs (seconds).
    pub times: Vec<f64>,
    /// The fixed cost taken off each time (seconds): the least time of size 1.
    pub fixed: f64,
    /// The exponent `k` of `t ≈ c · n^k`, when the fit is clear.
    pub exponent: Option<f64>,
    pub spread: Option<f64>,
    /// The size at which it did not end within the problem's limits, if it did not.
    pub timed_out_at: Option<usize>,
    /// Why the sizes ended at the generator (a test it could not print within its limits).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generator_limit: Option<String>,
    #[serde(skip)]
    pub fit: Option<Fit>,
}

/// Both programs, and what the problem's own tests ask.
#[derive(Debug, Clone, Serialize)]
pub struct Growth {
    pub answer: Measured,
    /// The reference's measurement; none in a quick look at the answer alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<Measured>,
    /// The largest input among the problem's tests (characters and elements).
    pub largest_test: usize,
    /// The problem's time limit for the answer's language (seconds).
    pub limit: f64,
    /// The answer's predicted time on `largest_test`, when its fit is clear (seconds).
    pub predicted: Option<f64>,
}

/// Measures the answer and the problem's reference (in the answer's language when there is
/// one). A problem without a generator is a usage error saying how to add one.
pub fn growth(
    problem: &Problem,
    answer: AnswerFile,
    table: &Table,
    info: &SandboxInfo,
    options: &Options,
) -> Result<Growth> {
    if problem.generator.is_none() {
        return Err(no_generator(problem));
    }
    let reference = reference_for(problem, Some(answer.lang), table)?;
    let pool = Helpers::new(info);
    let scratch = Scratch::new()?;
    let mut generator = Generator::prepare(problem, table, &pool, scratch.path())?;
    let answer = Program {
        file: answer.file.to_path_buf(),
        lang: answer.lang,
    };
    let oracle = Oracle {
        pool: &pool,
        problem,
        table,
        reference,
        answer,
    };
    let started = Instant::now();
    // Half the budget each: the answer first; its last size may run past its half (a size's
    // runs are never cut short), and the reference still gets at least its own half.
    let half = match options.reference {
        true => options.budget / 2,
        false => options.budget,
    };
    let answer = measure(&oracle, &oracle.answer, &mut generator, options, half)?;
    let rest = options.budget.saturating_sub(started.elapsed()).max(half);
    let reference = match options.reference {
        true => Some(measure(
            &oracle,
            &oracle.reference,
            &mut generator,
            options,
            rest,
        )?),
        false => None,
    };
    let largest_test = problem
        .tests
        .iter()
        .filter_map(|t| test_size(&t.data))
        .max()
        .unwrap_or(0);
    let limit = crate::exec::effective(&problem.limits, oracle.answer.lang)
        .cpu
        .as_secs_f64();
    let predicted = answer
        .fit
        .as_ref()
        // Said only for tests as large as the sizes measured: no one asks about n = 8.
        .filter(|f| f.clear() && largest_test >= FIRST)
        .map(|f| answer.fixed + f.predict(largest_test as f64));
    Ok(Growth {
        answer,
        reference,
        largest_test,
        limit,
        predicted,
    })
}

/// Measures one program: the fixed cost at size 1 (and how much it varies: the noise), then
/// doubling sizes, a square root of two apart once the time stands out, up to [`TARGET`];
/// again, while the fit is unclear and the budget holds a round.
fn measure(
    oracle: &Oracle,
    who: &Program,
    generator: &mut Generator,
    options: &Options,
    budget: Duration,
) -> Result<Measured> {
    let started = Instant::now();
    let reps = options.reps.max(1);
    // The same input `reps` times: the least of its times is the one least disturbed by the
    // rest of the machine (caches, frequency), as `timeit` does.
    // `Err` inside: the generator could not make a test that large (its own limits).
    let mut at =
        |size: usize, reps: usize| -> Result<std::result::Result<Option<Vec<f64>>, String>> {
            let input = match generator.generate(&[(options.seed, size)]) {
                Ok(input) => input,
                Err(e) if size > 1 => return Ok(Err(e.message)),
                Err(e) => return Err(e),
            };
            let inputs: Vec<Input> = std::iter::repeat_n(input, reps).flatten().collect();
            let times = oracle.times(who, &inputs)?;
            Ok(Ok(times.into_iter().collect::<Option<Vec<f64>>>()))
        };
    let least = |t: &[f64]| t.iter().copied().fold(f64::INFINITY, f64::min);
    let base = at(1, reps.max(5))?.ok().flatten().unwrap_or_default();
    let fixed = if base.is_empty() { 0.0 } else { least(&base) };
    let deviations: Vec<f64> = base.iter().map(|t| t - fixed).collect();
    let floor = (4.0 * fit::median(&deviations)).max(fit::NOISE_FLOOR);
    let (mut sizes, mut times, mut timed_out_at) = (Vec::new(), Vec::new(), None);
    // What measuring every size once more costs: the wall time of the first pass (the
    // generator's run included).
    let mut round_cost = Duration::ZERO;
    let mut generator_limit = None;
    let mut size = FIRST as f64;
    while size as usize <= LARGEST && started.elapsed() < budget {
        let n = size as usize;
        let pass = Instant::now();
        let t = match at(n, reps)? {
            Ok(Some(t)) => t,
            Ok(None) => {
                timed_out_at = Some(n);
                break;
            }
            // The generator's own limits end the sizes (a test too large to print).
            Err(why) => {
                generator_limit = Some(format!("n = {n}: {why}"));
                break;
            }
        };
        round_cost += pass.elapsed();
        let t = least(&t);
        sizes.push(n);
        times.push(t);
        if t - fixed >= TARGET {
            break;
        }
        size *= if t - fixed >= TARGET / 8.0 {
            2f64.sqrt()
        } else {
            2.0
        };
        size = size.round();
    }
    let points = |times: &[f64]| -> Vec<(f64, f64)> {
        sizes
            .iter()
            .map(|&n| n as f64)
            .zip(times.iter().copied())
            .collect()
    };
    let mut fit = fit::fit(&points(&times), fixed, floor);
    // A noisy moment (another program, a frequency step) blurs the fit: while it is unclear
    // and the budget still holds a whole round, every size runs `reps` times more and keeps its
    // least time (a busy machine only adds time), for at most [`REMEASURE`] rounds.
    let mut round = 0;
    while round < REMEASURE
        && sizes.len() >= 3
        && !fit.as_ref().is_some_and(Fit::clear)
        && started.elapsed() + round_cost <= budget
    {
        for (i, &n) in sizes.iter().enumerate() {
            if let Ok(Some(t)) = at(n, reps)? {
                times[i] = times[i].min(least(&t));
            }
        }
        fit = fit::fit(&points(&times), fixed, floor);
        round += 1;
    }
    let clear = fit.as_ref().filter(|f| f.clear());
    Ok(Measured {
        file: shown(&who.file),
        sizes,
        times,
        fixed,
        exponent: clear.map(|f| f.exponent),
        spread: fit.as_ref().map(|f| f.spread),
        timed_out_at,
        generator_limit,
        fit,
    })
}

/// The size of a test's input, as the generator counts it (characters and elements).
fn test_size(data: &crate::problem::TestData) -> Option<usize> {
    use crate::problem::{Data, TestData};
    match data {
        TestData::Function {
            args: serde_json::Value::Array(a),
            ..
        } => Some(Input::Args(a.clone()).size()),
        TestData::Stdio { input, .. } => {
            let text = match input {
                Data::Inline(s) => s.clone(),
                Data::File(p) => std::fs::read_to_string(p).ok()?,
            };
            Some(Input::Text(text).size())
        }
        _ => None,
    }
}

fn shown(p: &Path) -> String {
    crate::stress::oracle::shown(p)
}

/// The one-line summary: "your answer grows like n^2.0 (the reference like n^1.0): at n =
/// 50,000 it would need about 40 s, the limit is 1 s", or why it cannot be said.
pub fn summary(g: &Growth) -> String {
    let reference = match g.reference.as_ref().map(|r| r.exponent) {
        Some(Some(k)) => format!(" (the reference like n^{k:.1})"),
        Some(None) => " (the reference's growth is unclear)".into(),
        None => String::new(),
    };
    let mut line = match g.answer.exponent {
        Some(k) => format!("your answer grows like n^{k:.1}{reference}"),
        None => format!(
            "your answer's growth is unclear{}{reference}",
            g.answer
                .spread
                .map(|s| format!(": the sizes disagree by ±{s:.1} on the exponent"))
                .unwrap_or_else(|| ": too few sizes stood clear of the noise".into()),
        ),
    };
    if let Some(t) = g.predicted {
        line.push_str(&format!(
            ": at n = {} it would need about {}, the limit is {}",
            thousands(g.largest_test),
            seconds(t),
            seconds(g.limit)
        ));
    }
    if let Some(n) = g.answer.timed_out_at {
        line.push_str(&format!("; it timed out at n = {}", thousands(n)));
    }
    line
}

/// `50000` as `50,000`.
fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A duration in seconds, as a person says it.
fn seconds(t: f64) -> String {
    if t >= 2.0 * 86400.0 {
        format!("{:.0} days", t / 86400.0)
    } else if t >= 2.0 * 3600.0 {
        format!("{:.0} hours", t / 3600.0)
    } else if t >= 100.0 {
        format!("{:.0} s", t)
    } else if t >= 1.0 {
        format!("{} s", (t * 10.0).round() / 10.0)
    } else {
        format!("{:.0} ms", t * 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(thousands(50000), "50,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(seconds(40.24), "40.2 s");
        assert_eq!(seconds(1.0), "1 s");
        assert_eq!(seconds(0.25), "250 ms");
        assert_eq!(seconds(1234.0), "1234 s");
        assert_eq!(seconds(440593.0), "5 days");
        assert_eq!(seconds(9000.0), "2 hours");
    }

    fn measured(exponent: Option<f64>, spread: Option<f64>) -> Measured {
        Measured {
            file: "a.py".into(),
            sizes: vec![],
            times: vec![],
            fixed: 0.0,
            exponent,
            spread,
            timed_out_at: None,
            generator_limit: None,
            fit: None,
        }
    }

    #[test]
    fn the_summary_names_the_reference_only_when_it_was_measured() {
        let mut g = Growth {
            answer: measured(Some(2.04), Some(0.1)),
            reference: Some(measured(Some(0.98), Some(0.05))),
            largest_test: 50_000,
            limit: 1.0,
            predicted: Some(40.2),
        };
        assert_eq!(
            summary(&g),
            "your answer grows like n^2.0 (the reference like n^1.0): at n = 50,000 it would \
             need about 40.2 s, the limit is 1 s"
        );
        g.reference = Some(measured(None, Some(0.8)));
        assert!(
            summary(&g)
                .starts_with("your answer grows like n^2.0 (the reference's growth is unclear):"),
            "{}",
            summary(&g)
        );
        // A quick look after a TLE measures the answer alone.
        g.reference = None;
        g.answer = measured(None, Some(0.8));
        g.answer.timed_out_at = Some(4096);
        g.predicted = None;
        assert_eq!(
            summary(&g),
            "your answer's growth is unclear: the sizes disagree by ±0.8 on the exponent; it \
             timed out at n = 4,096"
        );
    }
}
