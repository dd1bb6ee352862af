//! Scoring and the final report: the score of each group by its rule (a validator's score file
//! counted for a case where the format allows it), the overall verdict (the first test that was
//! not accepted, unless the whole submission has one), and the [`Report`] assembled from them.

use super::outcome::*;
use crate::exec::CompileInfo;
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
