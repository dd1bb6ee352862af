//! Scoring and the final report: the score of each group by its rule (a validator's score file
//! counted for a case where the format allows it), the overall verdict (the first test that was
//! not accepted, unless the whole submission has one), and the [`Report`] assembled from them.

use super::outcome::*;
use crate::compare::checker;
use crate::exec::TestResult;
use crate::exec::Verdict;
use crate::problem::spec::ScoreRule;
use crate::problem::{Problem, Test};
use std::time::Instant;

/// The end of a run, assembled into its [`Report`]: the header and the selected tests, with
/// their results, the build's outcome, notes, and the whole submission's verdict when it has one.
pub struct Finish<'a> {
    problem: &'a Problem,
    selected: &'a [&'a Test],
    header: Header,
    started: Instant,
    tests: Vec<TestResult>,
    compile: Option<CompileInfo>,
    notes: Vec<String>,
    /// A verdict of the whole submission (CE, JE) and its message.
    whole: Option<(Verdict, String)>,
}

impl<'a> Finish<'a> {
    /// A run of `selected` tests of `problem` that started at `started`, with no result yet.
    pub fn new(
        problem: &'a Problem,
        selected: &'a [&'a Test],
        header: Header,
        started: Instant,
    ) -> Finish<'a> {
        Finish {
            problem,
            selected,
            header,
            started,
            tests: Vec::new(),
            compile: None,
            notes: Vec::new(),
            whole: None,
        }
    }

    pub fn tests(mut self, tests: Vec<TestResult>) -> Self {
        self.tests = tests;
        self
    }

    pub fn compile(mut self, compile: Option<CompileInfo>) -> Self {
        self.compile = compile;
        self
    }

    pub fn notes(mut self, notes: Vec<String>) -> Self {
        self.notes = notes;
        self
    }

    /// The whole submission's verdict (a compile or judge error) and why.
    pub fn whole(mut self, verdict: Verdict, message: String) -> Self {
        self.whole = Some((verdict, message));
        self
    }

    /// The report: scores, the overall verdict, the first failure.
    pub fn report(self) -> Report {
        let (score, max_score, groups) = score(self.problem, self.selected, &self.tests);
        // The ICPC rule: the first test that was not accepted decides, unless the whole
        // submission already has a verdict (CE, JE).
        let first = self
            .tests
            .iter()
            .find(|r| !matches!(r.verdict, Verdict::AC | Verdict::SK));
        let first_failure = first.map(|r| r.name.clone());
        let (verdict, message) = match self.whole {
            Some((v, m)) => (v, Some(m)),
            None => (first.map_or(Verdict::AC, |r| r.verdict), None),
        };
        Report {
            format_version: 1,
            header: self.header,
            verdict,
            score,
            max_score,
            first_failure,
            compile: self.compile,
            message,
            notes: self.notes,
            groups,
            tests: self.tests,
            wall: self.started.elapsed(),
            grader: GraderInfo::now(),
        }
    }
}

/// What a case's score file may give it.
#[derive(Debug, PartialEq)]
pub(super) enum CaseMax {
    /// A case of a group worth 0 points (a scoring package's sample): score files are ignored.
    Ignored,
    /// A case of an all-or-nothing group: a score file is a judge error.
    PassFail,
    /// The case's maximum score: its share of a `sum` group, or a `min` group's points.
    Bounded(f64),
}

pub(super) fn case_max(problem: &Problem, t: &Test) -> CaseMax {
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
pub(super) fn case_fraction(
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

/// Scores the results: ungrouped tests give their points; a group gives its points by its rule.
fn score(
    problem: &Problem,
    selected: &[&Test],
    results: &[TestResult],
) -> (f64, f64, Vec<GroupScore>) {
    let ac = |i: usize| {
        results
            .iter()
            .any(|r| r.index == i && r.verdict == Verdict::AC)
    };
    // The share of an accepted case's points it earns (a validator's score file), 1 otherwise.
    let fraction = |i: usize| {
        results
            .iter()
            .find(|r| r.index == i)
            .and_then(|r| r.score_fraction)
            .unwrap_or(1.0)
    };
    let mut total = 0.0;
    let mut max = 0.0;
    for t in selected.iter().filter(|t| t.group.is_none()) {
        max += t.points as f64;
        if ac(t.index) {
            total += t.points as f64 * fraction(t.index);
        }
    }
    let mut groups = Vec::new();
    for (gi, g) in problem.groups.iter().enumerate() {
        let members: Vec<&&Test> = selected.iter().filter(|t| t.group == Some(gi)).collect();
        if members.is_empty() {
            continue;
        }
        let test_points: u32 = members.iter().map(|t| t.points).sum();
        let gmax = g.points.unwrap_or(test_points) as f64;
        let passed_points: f64 = members
            .iter()
            .filter(|t| ac(t.index))
            .map(|t| t.points as f64 * fraction(t.index))
            .sum();
        let passed = members.iter().filter(|t| ac(t.index)).count();
        let gscore = match g.score {
            ScoreRule::All => {
                if passed == members.len() {
                    gmax
                } else {
                    0.0
                }
            }
            ScoreRule::Min if passed == members.len() => {
                gmax * members
                    .iter()
                    .map(|t| fraction(t.index))
                    .fold(1.0, f64::min)
            }
            ScoreRule::Min => 0.0,
            ScoreRule::Sum if test_points > 0 => gmax * passed_points / test_points as f64,
            ScoreRule::Sum => 0.0,
        };
        let gscore = (gscore * 100.0).round() / 100.0;
        total += gscore;
        max += gmax;
        groups.push(GroupScore {
            name: g.name.clone(),
            score: gscore,
            max_score: gmax,
            rule: g.score,
            passed,
            tests: members.len(),
        });
    }
    ((total * 100.0).round() / 100.0, max, groups)
}
