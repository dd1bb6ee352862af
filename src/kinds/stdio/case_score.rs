//! The score of one accepted case from its output validator's score file (ICPC/Kattis scoring
//! packages): what a case may earn in its group, and the fraction a `score.txt` or
//! `score_multiplier.txt` gives it.

use crate::compare::checker;
use crate::problem::spec::ScoreRule;
use crate::problem::{Problem, Test};

/// What a case's score file may give it.
#[derive(Debug, PartialEq)]
pub enum CaseMax {
    /// A case of a group worth 0 points (a scoring package's sample): score files are ignored.
    Ignored,
    /// A case of an all-or-nothing group: a score file is a judge error.
    PassFail,
    /// The case's maximum score: its share of a `sum` group, or a `min` group's points.
    Bounded(f64),
}

pub fn case_max(problem: &Problem, t: &Test) -> CaseMax {
    let Some(g) = t.group else {
        return CaseMax::Bounded(f64::from(t.points));
    };
    let gmax = f64::from(problem.group_max(g));
    if gmax == 0.0 {
        return CaseMax::Ignored;
    }
    match problem.groups[g].score {
        ScoreRule::All => CaseMax::PassFail,
        ScoreRule::Min => CaseMax::Bounded(gmax),
        ScoreRule::Sum => {
            let total: u32 = problem
                .tests
                .iter()
                .filter(|x| x.group == Some(g))
                .map(|x| x.points)
                .sum();
            CaseMax::Bounded(gmax * f64::from(t.points) / f64::from(total.max(1)))
        }
    }
}

/// The fraction of its maximum an accepted case earns by its validator's score file (`None`:
/// the file does not count here), or the judge error it is.
pub fn case_fraction(
    problem: &Problem,
    t: &Test,
    file: checker::ScoreFile,
) -> std::result::Result<Option<f64>, String> {
    let max = match case_max(problem, t) {
        CaseMax::Ignored => return Ok(None),
        CaseMax::PassFail => {
            return Err(
                "the output validator wrote a score file for a case of a pass-fail group (a judge error in the format)"
                    .into(),
            );
        }
        CaseMax::Bounded(m) => m,
    };
    let fraction = match file {
        checker::ScoreFile::Invalid(why) => return Err(format!("output validator: {why}")),
        checker::ScoreFile::Multiplier(x) if (0.0..=1.0).contains(&x) => x,
        checker::ScoreFile::Multiplier(x) => {
            return Err(format!(
                "output validator: score_multiplier.txt holds {x}, outside [0, 1]"
            ));
        }
        checker::ScoreFile::Score(x) if x >= 0.0 && x <= max + 1e-9 => {
            if max > 0.0 {
                (x / max).min(1.0)
            } else {
                1.0
            }
        }
        checker::ScoreFile::Score(x) => {
            return Err(format!(
                "output validator: score.txt holds {x}, outside [0, {max}] (the case's maximum score)"
            ));
        }
    };
    Ok(Some(fraction))
}
