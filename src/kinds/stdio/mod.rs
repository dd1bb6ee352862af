//! Stdio answers, one process per test: a test's job staged (its input as stdin, its output captured in one of two
//! lanes of files, so that one test is judged while the next one runs), then judged from the
//! raw outcome: the process's own verdict (TLE, MLE, OLE, RE, JE), else the comparison of its
//! output (the default Kattis validator, a custom checker, or a comparison mode), with the
//! evidence a report shows.

mod case_score;
mod interactive;

use super::sandboxed::{Ready, Sandboxed, scaling_text};
use super::{Answer, AnswerKind, Prepared, Schedule, Staged, Stop, Units};
use crate::compare::checker;
use crate::compare::{self, Outcome as CmpOutcome};
use crate::error::Result;
use crate::exec::{Details, LanguageInfo, Ran, TestResult, group_name};
use crate::exec::{Effective, Verdict, classify};
use crate::exec::{SlotDirs, effective, head, slot_dirs};
use crate::lang::excerpt;
use crate::problem::{Data, Test, TestData, TestLimits, Visibility};
use crate::sandbox::{Job, RawOutcome, Sandbox};
use case_score::{CaseMax, case_fraction, case_max};
use std::path::{Path, PathBuf};

/// A test's verdict from comparing its output: WA with the mismatch (shown on a visible test),
/// or JE when the files could not be read.
fn judge_compared(
    r: &mut TestResult,
    compared: std::io::Result<Option<compare::Mismatch>>,
    visible: bool,
) {
    match compared {
        Ok(None) => {}
        Ok(Some(m)) => {
            r.verdict = Verdict::WA;
            if visible {
                r.message = m.summary.clone();
                r.details.mismatch = Some(m);
            } else {
                r.message = "wrong answer on a hidden test".into();
            }
        }
        Err(e) => {
            r.verdict = Verdict::JE;
            r.message = format!("cannot compare the output: {e}");
        }
    }
}

fn data_path(data: &Data, scratch: &Path, name: &str) -> std::io::Result<PathBuf> {
    match data {
        Data::File(p) => Ok(p.clone()),
        Data::Inline(text) => {
            let dir = scratch.join("inline");
            std::fs::create_dir_all(&dir)?;
            let p = dir.join(name);
            if !p.exists() {
                std::fs::write(&p, text)?;
            }
            Ok(p)
        }
    }
}

/// A preview of the input for the report: the start and the size.
fn input_preview(path: &Path) -> String {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let text = head(path, 400);
    if size as usize > text.len() {
        format!("{}… ({} bytes in all)", text.trim_end(), size)
    } else {
        text
    }
}

fn judge_error(t: &Test, shared: &Ready, lim: Effective, message: String) -> TestResult {
    let mut r = TestResult::skipped(t, group_name(shared.problem, t), lim, message);
    r.verdict = Verdict::JE;
    r
}

/// Runs one stdio test and judges it.
fn run_stdio(shared: &Ready, slot: &mut dyn Sandbox, t: &Test) -> TestResult {
    match prepare_stdio(shared, t, 0) {
        Ok((job, p)) => {
            let raw = slot.run(&job);
            finish_stdio(shared, slot, t, p, raw)
        }
        Err(r) => *r,
    }
}

/// Where a stdio test ready to run has its data and outputs.
struct StagedTest {
    input: PathBuf,
    answer: PathBuf,
    dirs: SlotDirs,
    lim: Effective,
}

/// Prepares a stdio test's job; `lane` picks one of two sets of output files, so that one test
/// can be judged while the next one runs.
fn prepare_stdio(
    shared: &Ready,
    t: &Test,
    lane: usize,
) -> std::result::Result<(Job, StagedTest), Box<TestResult>> {
    let lim = effective(&t.limits, shared.lang);
    let TestData::Stdio { input, answer } = &t.data else {
        return Err(Box::new(judge_error(
            t,
            shared,
            lim,
            "a function test reached the stdio runner".into(),
        )));
    };
    let (input, answer) = match (
        data_path(input, shared.scratch, &format!("{}.in", t.index)),
        data_path(answer, shared.scratch, &format!("{}.ans", t.index)),
    ) {
        (Ok(i), Ok(a)) => (i, a),
        (Err(e), _) | (_, Err(e)) => {
            return Err(Box::new(judge_error(
                t,
                shared,
                lim,
                format!("cannot prepare the test data: {e}"),
            )));
        }
    };
    let dirs = match slot_dirs(shared.scratch, lane) {
        Ok(d) => d,
        Err(e) => {
            return Err(Box::new(judge_error(
                t,
                shared,
                lim,
                format!("cannot prepare the work folder: {e}"),
            )));
        }
    };
    let job = shared
        .runner()
        .job(&shared.lang.run, &lim, &dirs)
        .stdin(Some(input.clone()));
    Ok((
        job,
        StagedTest {
            input,
            answer,
            dirs,
            lim,
        },
    ))
}

/// Judges a stdio test from its run's raw outcome (the slot is used again only by a checker).
fn finish_stdio(
    shared: &Ready,
    slot: &mut dyn Sandbox,
    t: &Test,
    p: StagedTest,
    raw: std::io::Result<RawOutcome>,
) -> TestResult {
    let StagedTest {
        input,
        answer,
        dirs,
        lim,
    } = p;
    let raw = match raw {
        Ok(r) => r,
        // The helper died: a fresh one runs the next test.
        Err(e) => return judge_error(t, shared, lim, slot.recover(&e)),
    };
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let out_bytes = size(&dirs.stdout);
    let stderr = head(&dirs.stderr, 4096).replace(&format!("{}/", shared.build.dir.display()), "");
    let visible = t.visibility != Visibility::Hidden;
    let mut r = TestResult {
        index: t.index,
        name: t.name.clone(),
        group: group_name(shared.problem, t),
        verdict: Verdict::AC,
        time: raw.cpu,
        wall: raw.wall,
        memory: raw.peak_memory,
        output_bytes: out_bytes,
        exit_code: raw.exit_code,
        signal: raw.signal,
        killed_by: raw.killed_by,
        tle: None,
        points: 0,
        max_points: t.points,
        score_fraction: None,
        message: String::new(),
        visibility: t.visibility,
        limits: lim,
        rerun_alone: false,
        details: Details::default(),
    };
    if let Some(c) = classify(&raw, &lim, out_bytes, &stderr) {
        r.verdict = c.verdict;
        r.tle = c.tle;
        r.message = c.evidence;
        if matches!(c.verdict, Verdict::RE | Verdict::MLE) && !stderr.trim().is_empty() {
            // A hidden test's stderr could carry its input: shown only for visible tests.
            r.details.stderr = Some(if visible {
                excerpt(&stderr)
            } else {
                "(stderr of a hidden test is not shown)".into()
            });
        }
    } else if let Some(flags) = t.compare.kattis() {
        let explain = t.compare.options();
        let compared = crate::compare::kattis::judge_files(&answer, &dirs.stdout, flags, &explain);
        judge_compared(&mut r, compared, visible);
    } else if let Some(checker) = t.compare.checker().and_then(|c| {
        shared
            .checkers
            .iter()
            .find(|(p, r)| *p == c.program && r.protocol == c.protocol)
            .map(|(_, r)| r)
    }) {
        let dir = dirs.root.join("check");
        let _ = std::fs::create_dir_all(&dir);
        match checker::check(
            checker,
            slot,
            &input,
            &answer,
            &dirs.stdout,
            &dir,
            t.compare.checker().map_or(&[][..], |c| &c.args),
        ) {
            Ok(checker::Decision::Accepted(file)) => {
                let scores = t.compare.checker().is_some_and(|c| c.scores);
                match file
                    .filter(|_| scores)
                    .map(|f| case_fraction(shared.problem, t, f))
                {
                    None | Some(Ok(None)) => {}
                    Some(Ok(Some(f))) => r.score_fraction = Some(f),
                    Some(Err(why)) => {
                        r.verdict = Verdict::JE;
                        r.message = why;
                    }
                }
            }
            Ok(checker::Decision::Rejected(_, Some(_)))
                if t.compare.checker().is_some_and(|c| c.scores)
                    && case_max(shared.problem, t) != CaseMax::Ignored =>
            {
                r.verdict = Verdict::JE;
                r.message =
                    "the output validator rejected the case but wrote a score file (a judge error in the format)".into();
            }
            Ok(checker::Decision::Rejected(msg, _)) => {
                r.verdict = Verdict::WA;
                r.message = if visible {
                    msg
                } else {
                    "the checker rejected the output".into()
                };
            }
            Err(e) => {
                r.verdict = Verdict::JE;
                r.message = e.message;
            }
        }
    } else {
        let compared =
            compare::compare_files(&answer, &dirs.stdout, &t.compare.options()).map(|o| match o {
                CmpOutcome::Accepted => None,
                CmpOutcome::Wrong(m) => Some(m),
            });
        judge_compared(&mut r, compared, visible);
    }
    if r.verdict == Verdict::AC {
        r.points = t.points;
    } else {
        r.details.hint = t.hint_for(r.verdict.as_str());
        if visible && r.verdict != Verdict::JE {
            r.details.input = Some(input_preview(&input));
        }
        if r.verdict == Verdict::WA && !stderr.trim().is_empty() && visible {
            r.details.stderr = Some(excerpt(&stderr));
        }
        if r.verdict == Verdict::WA && out_bytes <= crate::exec::OBTAINED_MAX as u64 {
            r.details.obtained = std::fs::read(&dirs.stdout)
                .ok()
                .map(|b| String::from_utf8_lossy(&b).into_owned());
        }
    }
    if raw.leftovers_killed > 0 && r.verdict != Verdict::AC {
        r.message.push_str(&format!(
            "; {} leftover process(es) killed afterwards",
            raw.leftovers_killed
        ));
    }
    if out_bytes > 1 << 20 {
        // Never keep a big output around until the end of the run.
        let _ = std::fs::remove_file(&dirs.stdout);
    }
    r
}

/// A stdio answer: a program that reads a test's input on stdin, run once per test.
pub struct Stdio<'a>(Sandboxed<'a>, Validators);

/// The second slots of interactive tests (their validators'), kept for the next test.
type Validators = std::sync::Mutex<Vec<Box<dyn Sandbox>>>;

impl<'a> Stdio<'a> {
    pub fn new(answer: Answer<'a>) -> Self {
        Stdio(Sandboxed::new(answer), Validators::default())
    }

    /// Runs an interactive or multi-pass test, on `slot` and a second slot for its validator.
    fn run_interactive(
        &self,
        ready: &Ready,
        slot: &mut dyn Sandbox,
        t: &Test,
        how: &crate::problem::Interaction,
    ) -> TestResult {
        let spare = self.1.lock().ok().and_then(|mut v| v.pop());
        let mut spare = match spare.map_or_else(|| self.0.answer.pool.slot(), Ok) {
            Ok(s) => s,
            Err(e) => {
                let lim = effective(&t.limits, ready.lang);
                let why = format!("cannot start the sandbox helper of the validator: {e}");
                return judge_error(t, ready, lim, why);
            }
        };
        let r = interactive::run(ready, slot, &mut *spare, t, how);
        if let Ok(mut v) = self.1.lock() {
            v.push(spare);
        }
        r
    }
}

impl AnswerKind for Stdio<'_> {
    fn limits(&self, l: &TestLimits) -> Effective {
        effective(l, self.0.answer.lang)
    }

    fn scaling(&self) -> String {
        scaling_text(self.0.answer.problem, self.0.answer.lang)
    }

    fn describe(
        &mut self,
        notes: &mut Vec<String>,
    ) -> Result<std::result::Result<LanguageInfo, String>> {
        self.0.describe(notes)
    }

    fn prepare(&mut self, _notes: &mut Vec<String>) -> Result<Prepared> {
        self.0.prepare(None)
    }

    fn schedule(&self) -> Schedule {
        Schedule {
            units: Units::EachTest,
            sandboxed: true,
            rerun_borderline: true,
        }
    }

    fn run(&self, slot: Option<&mut dyn Sandbox>, tests: &[&Test], _stop: Stop) -> Vec<Ran> {
        let (Some(ready), Some(slot)) = (self.0.ready(), slot) else {
            return tests
                .iter()
                .map(|t| Ran::Judged(not_ready(self, t)))
                .collect();
        };
        if let Some(how) = &ready.problem.interaction {
            return tests
                .iter()
                .map(|t| Ran::Judged(self.run_interactive(&ready, slot, t, how)))
                .collect();
        }
        tests
            .iter()
            .map(|t| Ran::Judged(run_stdio(&ready, slot, t)))
            .collect()
    }

    fn stage(&self, t: &Test, lane: usize) -> Option<std::result::Result<Staged, Box<TestResult>>> {
        // A checker needs the slot for itself: such a test runs as a unit.
        if t.compare.checker().is_some() {
            return None;
        }
        let ready = self.0.ready()?;
        Some(match prepare_stdio(&ready, t, lane) {
            Ok((job, staged)) => Ok(Staged {
                job,
                state: Box::new(staged),
            }),
            Err(r) => Err(r),
        })
    }

    fn judge_staged(
        &self,
        slot: &mut dyn Sandbox,
        t: &Test,
        staged: Staged,
        raw: std::io::Result<RawOutcome>,
    ) -> TestResult {
        match (self.0.ready(), staged.state.downcast::<StagedTest>()) {
            (Some(ready), Ok(files)) => finish_stdio(&ready, slot, t, *files, raw),
            _ => not_ready(self, t),
        }
    }
}

/// The judge error of a test run before its answer was ready (the engine never does).
pub(crate) fn not_ready(kind: &dyn AnswerKind, t: &Test) -> TestResult {
    let why = "the answer was not ready to run tests".to_string();
    let mut r = TestResult::skipped(t, None, kind.limits(&t.limits), why);
    r.verdict = Verdict::JE;
    r
}
