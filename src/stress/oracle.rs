//! Running inputs on the reference and on the answer, many per call of the judge: the inputs
//! become the tests of a copy of the problem (for a function problem the judge runs them all in
//! one process; stdio tests share the run's slots), graded through `crate::judge::grade_in`.
//! The reference's run is the oracle's ([`Expected::ThisRun`]): its outputs
//! (`Details::obtained`) become the expected answers of the answer's run.

use super::shrink::Input;
use crate::error::{Error, Result};
use crate::judge::{self, Expected, RunOptions, Silent, Submission, TestResult, Verdict};
use crate::lang::{Language, Table};
use crate::problem::compare_spec::{Mode, Options as CompareOptions};
use crate::problem::{CompareSpec, Data, Kind, Problem, Test, TestData, Visibility};
use crate::sandbox::Pool;
use std::path::{Path, PathBuf};

/// The stdio reference's expected answer: an output no program prints, so that its run is a WA
/// and its stdout is kept.
const NO_OUTPUT: &str = "\u{1}grader-stress: any output differs from this\u{1}";

/// A source file in a language.
pub struct Program<'a> {
    pub file: PathBuf,
    pub lang: &'a Language,
}

/// What the answer did on the first input it got wrong.
#[derive(Debug, Clone)]
pub struct Failure {
    /// Its position in the inputs given.
    pub index: usize,
    pub verdict: Verdict,
    /// The reference's output: a returned value as JSON, or stdout.
    pub expected: String,
    /// The answer's output, when it gave one (not on RE or TLE).
    pub obtained: Option<String>,
    /// The verdict's one-line evidence.
    pub message: String,
}

/// What running inputs on the answer gave.
pub enum Answer {
    /// The answer agrees with the reference on every input the reference runs cleanly on.
    Agrees,
    Fails(Failure),
    /// The answer does not build: no input can help.
    DoesNotCompile(String),
}

/// Runs inputs on a reference and on an answer.
pub struct Oracle<'a> {
    pub pool: &'a dyn Pool,
    pub problem: &'a Problem,
    pub table: &'a Table,
    pub reference: Program<'a>,
    pub answer: Program<'a>,
}

impl Oracle<'_> {
    /// The reference's output on each input; `Err(why)` for an input it does not run cleanly
    /// on (an error, a timeout: such an input is outside what the problem promises).
    pub fn expected(&self, inputs: &[Input]) -> Result<Vec<std::result::Result<String, String>>> {
        let problem = self.unjudged(inputs);
        // The reference is the oracle: each test keeps the value it returned.
        let report = self.grade(&problem, &self.reference, Expected::ThisRun, false)?;
        if matches!(report.verdict, Verdict::CE | Verdict::JE) && report.tests.is_empty() {
            let what = if report.verdict == Verdict::CE {
                "does not compile"
            } else {
                "cannot be run"
            };
            return Err(Error::judge(format!(
                "the reference `{}` {what}: {}",
                shown(&self.reference.file),
                first_line(report.message.as_deref().unwrap_or(""))
            )));
        }
        let mut out = vec![Err("not run".to_string()); inputs.len()];
        for r in report.tests {
            if r.verdict == Verdict::JE {
                return Err(Error::judge(format!(
                    "the reference `{}` could not be judged: {}",
                    shown(&self.reference.file),
                    r.message
                )));
            }
            let clean = matches!(r.verdict, Verdict::AC | Verdict::WA);
            out[r.index] = match (clean, r.details.obtained) {
                (true, Some(o)) => Ok(o),
                (true, None) => Err("its output is larger than 64 KiB".into()),
                (false, _) => Err(format!("{}: {}", r.verdict.as_str(), r.message)),
            };
        }
        Ok(out)
    }

    /// The CPU time `who` takes on each input (seconds), one test at a time (no other test
    /// competes for the machine); `None` where it did not end cleanly within the problem's
    /// limits (a timeout, a crash). `grader growth` measures with it.
    pub fn times(&self, who: &Program, inputs: &[Input]) -> Result<Vec<Option<f64>>> {
        let problem = self.unjudged(inputs);
        let report = self.grade_on(&problem, who, Expected::Tests, false, 1)?;
        if report.tests.is_empty() || matches!(report.verdict, Verdict::CE) {
            return Err(Error::judge(format!(
                "`{}` cannot be measured: {} {}",
                shown(&who.file),
                report.verdict,
                first_line(report.message.as_deref().unwrap_or(""))
            )));
        }
        let mut out = vec![None; inputs.len()];
        for r in report.tests {
            if matches!(r.verdict, Verdict::AC | Verdict::WA) {
                out[r.index] = Some(r.time.as_secs_f64());
            }
        }
        Ok(out)
    }

    /// The first of `cases` (an input and the reference's output) the answer gets wrong, in
    /// order; with `only`, the first it gets wrong with that verdict.
    pub fn answer(&self, cases: &[(&Input, &str)], only: Option<Verdict>) -> Result<Answer> {
        let mut start = 0;
        while start < cases.len() {
            let tests: Vec<Test> = cases[start..]
                .iter()
                .enumerate()
                .map(|(i, (input, expected))| self.test(i, input, Some(expected)))
                .collect();
            let problem = self.copy(tests);
            let report = self.grade(&problem, &self.answer, Expected::Tests, true)?;
            if report.verdict == Verdict::CE {
                return Ok(Answer::DoesNotCompile(
                    report.message.clone().unwrap_or_default(),
                ));
            }
            if report.verdict == Verdict::JE && report.tests.is_empty() {
                return Err(Error::judge(first_line(
                    report
                        .message
                        .as_deref()
                        .unwrap_or("the answer could not be judged"),
                )));
            }
            let Some(r) = report
                .tests
                .iter()
                .find(|r| !matches!(r.verdict, Verdict::AC | Verdict::SK))
            else {
                return Ok(Answer::Agrees);
            };
            if r.verdict == Verdict::JE {
                return Err(Error::judge(format!(
                    "the answer could not be judged: {}",
                    r.message
                )));
            }
            let index = start + r.index;
            if only.is_none_or(|v| v == r.verdict) {
                return Ok(Answer::Fails(failure(index, r, cases[index].1)));
            }
            // Another verdict: the inputs after it are tried again.
            start = index + 1;
        }
        Ok(Answer::Agrees)
    }

    /// The reference's outputs, then the first input the answer gets wrong (with `only`, with
    /// that verdict) among those the reference runs cleanly on.
    pub fn first_failing(&self, inputs: &[Input], only: Option<Verdict>) -> Result<Answer> {
        let expected = self.expected(inputs)?;
        self.against(inputs, &expected, only)
    }

    /// The first input the answer gets wrong among those whose reference output is known.
    pub fn against(
        &self,
        inputs: &[Input],
        expected: &[std::result::Result<String, String>],
        only: Option<Verdict>,
    ) -> Result<Answer> {
        let clean: Vec<usize> = (0..inputs.len()).filter(|&i| expected[i].is_ok()).collect();
        let cases: Vec<(&Input, &str)> = clean
            .iter()
            .map(|&i| (&inputs[i], expected[i].as_deref().unwrap_or_default()))
            .collect();
        Ok(match self.answer(&cases, only)? {
            Answer::Fails(mut f) => {
                f.index = clean[f.index];
                Answer::Fails(f)
            }
            other => other,
        })
    }

    /// A copy of the problem whose tests are `inputs`, with nothing to expect and no check
    /// function (a value is kept whatever one would say of it): for the reference's run, and
    /// for measuring times.
    fn unjudged(&self, inputs: &[Input]) -> Problem {
        let tests: Vec<Test> = inputs
            .iter()
            .enumerate()
            .map(|(i, input)| self.test(i, input, None))
            .collect();
        let mut problem = self.copy(tests);
        if let Some(f) = &mut problem.function {
            f.check = None;
        }
        problem
    }

    /// A copy of the problem with `tests` as its only tests (no groups, no expectations).
    fn copy(&self, tests: Vec<Test>) -> Problem {
        let mut p = self.problem.clone();
        p.tests = tests;
        p.groups = Vec::new();
        p.expect = Vec::new();
        p
    }

    /// Test `index` for `input`: against `expected`, or (the reference's run, graded as the
    /// oracle, [`Expected::ThisRun`]) against nothing it could print (a function test's null is
    /// a placeholder).
    fn test(&self, index: usize, input: &Input, expected: Option<&str>) -> Test {
        let template = self.problem.tests.first();
        let data = match input {
            Input::Args(args) => TestData::Function {
                args: serde_json::Value::Array(args.clone()),
                expected: expected
                    .and_then(|e| serde_json::from_str(e).ok())
                    .unwrap_or(serde_json::Value::Null),
            },
            Input::Text(text) => TestData::Stdio {
                input: Data::Inline(text.clone()),
                answer: Data::Inline(expected.unwrap_or(NO_OUTPUT).to_string()),
            },
        };
        let compare = match (expected, self.problem.kind) {
            (None, Kind::Stdio) => CompareSpec::Builtin(CompareOptions {
                mode: Mode::Exact,
                ..CompareOptions::default()
            }),
            _ => template.map(|t| t.compare.clone()).unwrap_or_default(),
        };
        Test {
            index,
            name: format!("stress-{index}"),
            group: None,
            data,
            visibility: Visibility::Public,
            points: 1,
            hint: None,
            hint_on: crate::problem::spec::HintVerdict::default_set(),
            slow: false,
            limits: self.problem.limits.clone(),
            compare,
        }
    }

    fn grade(
        &self,
        problem: &Problem,
        who: &Program,
        expected: Expected,
        fail_fast: bool,
    ) -> Result<judge::Report> {
        let jobs = if problem.kind == Kind::Function {
            1
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        };
        self.grade_on(problem, who, expected, fail_fast, jobs)
    }

    /// `problem`'s tests on `who`, graded against `expected`.
    fn grade_on(
        &self,
        problem: &Problem,
        who: &Program,
        expected: Expected,
        fail_fast: bool,
        jobs: usize,
    ) -> Result<judge::Report> {
        let options = RunOptions {
            slow: true,
            jobs,
            fail_fast,
            // Every input runs to its limit: a timeout is a disagreement to find, not to skip.
            all: true,
            filter: None,
            no_cache: false,
            engine: None,
            files: Vec::new(),
        };
        let submission = Submission {
            file: &who.file,
            lang: who.lang,
            toolchain: None,
            expected,
        };
        judge::grade_in(
            self.pool,
            problem,
            submission,
            self.table,
            &options,
            &mut Silent,
        )
    }
}

fn failure(index: usize, r: &TestResult, expected: &str) -> Failure {
    Failure {
        index,
        verdict: r.verdict,
        expected: expected.to_string(),
        obtained: r.details.obtained.clone(),
        message: r.message.clone(),
    }
}

fn first_line(s: &str) -> String {
    s.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .to_string()
}

/// A path as messages show it: its last two parts (`reference/sol.py`).
pub fn shown(p: &Path) -> String {
    let parts: Vec<_> = p.iter().collect();
    let n = parts.len();
    parts[n.saturating_sub(2)..]
        .iter()
        .map(|s| s.to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
