//! The learner's quick rule (`grader run` without `--all`; `check`, `batch` and `verify` always
//! run every test to its limit). A hopeless answer should get its verdict in seconds, not wait
//! out every test's limit:
//!
//! 1. A test that never ended (killed at its limit and grace, or at its wall limit) puts the run in
//!    probe mode: every test started after it runs with a probe limit, a tenth of its own (at
//!    least 50 ms before the language's factor). A test that ends within the probe keeps its
//!    real verdict; one that does not is SK, "not run to its limit".
//! 2. Once three tests have timed out (sure timeouts or probes overrun) and none has ended, the
//!    tests not started yet are SK, "not run": the answer has not finished a single test.
//!
//! The first failing test and its verdict are those of `--all` (every skipped test comes after
//! a timeout), and so is the score whenever each test either ends within its probe or never
//! ends, as with an answer that loops, or one that is only too slow on the large tests (which
//! are then all too slow). A test that needs more than its probe but less than its limit is
//! the one case where `--all` scores more; the report's note says how many tests were probed.

use crate::exec::{Effective, Ran, TestResult, Verdict};
use crate::kinds::AnswerKind;
use crate::problem::Test;
use crate::units::{Wall, human_secs};
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

/// Timeouts, with no test ended, after which the tests not started are not run.
const HOPELESS_AFTER: usize = 3;

/// The rule's state for one run, shared by the workers.
pub(super) struct Quick {
    /// Each selected test's index, and its copy with the probe limit, made the first time it is
    /// asked for (most runs never need one).
    probes: HashMap<usize, OnceLock<Test>>,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// The first test that never ended.
    first: Option<String>,
    /// Tests that timed out (sure timeouts and probes overrun), and tests that ended.
    timeouts: usize,
    ended: usize,
    /// Tests handed out with their probe limit; those of them that ran, and that overran it.
    probed: HashSet<usize>,
    ran: usize,
    overrun: usize,
    /// Tests not run because the answer looked hopeless.
    not_run: usize,
    /// Sure timeouts already counted (seen in a raw outcome before the test was judged).
    counted: HashSet<usize>,
}

/// How the tests about to start run.
pub(super) enum Mode {
    /// To their limit.
    Full,
    /// With their probe limit.
    Probe,
    /// Not at all: SK with this message.
    Hopeless(String),
}

/// `t` with its probe limit: a tenth of its time limit, at least 50 ms (never more than the
/// limit), and the wall limit that goes with it.
fn probed(t: &Test) -> Test {
    let mut p = t.clone();
    let tenth = (t.limits.time / 10).max(Duration::from_millis(50));
    p.limits.time = tenth.min(t.limits.time);
    p.limits.wall = Wall::Auto;
    p
}

impl Quick {
    pub(super) fn new(selected: &[&Test]) -> Quick {
        Quick {
            probes: selected
                .iter()
                .map(|t| (t.index, OnceLock::new()))
                .collect(),
            state: Mutex::new(State::default()),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().expect("quick rule lock")
    }

    /// How the tests about to start run.
    pub(super) fn mode(&self) -> Mode {
        let s = self.state();
        if s.timeouts >= HOPELESS_AFTER && s.ended == 0 {
            Mode::Hopeless(format!(
                "not run: {} tests timed out and none has finished yet (`grader run --all` runs every test to its limit)",
                s.timeouts
            ))
        } else if s.first.is_some() {
            Mode::Probe
        } else {
            Mode::Full
        }
    }

    /// `t` as it runs in `mode`: with its probe limit in probe mode (remembered, so that its
    /// result is read as a probe's).
    pub(super) fn test<'a>(&'a self, t: &'a Test, mode: &Mode) -> &'a Test {
        match (mode, self.probes.get(&t.index)) {
            (Mode::Probe, Some(p)) => {
                self.state().probed.insert(t.index);
                p.get_or_init(|| probed(t))
            }
            _ => t,
        }
    }

    /// A test that ran to its full limit was killed there: a sure timeout, known from its raw
    /// outcome before it is judged (so that the next test already gets its probe).
    pub(super) fn killed(&self, t: &Test) {
        let mut s = self.state();
        if !s.probed.contains(&t.index) && s.counted.insert(t.index) {
            s.first.get_or_insert_with(|| t.name.clone());
            s.timeouts += 1;
        }
    }

    /// Counts a test not run because the answer looked hopeless.
    pub(super) fn not_run(&self, n: usize) {
        self.state().not_run += n;
    }

    /// Reads a unit's results: a sure timeout starts probe mode; a probe overrun becomes SK
    /// (with the test's own limits); ended tests are counted.
    pub(super) fn settle(&self, results: &mut [Ran], kind: &dyn AnswerKind, tests: &[&Test]) {
        let mut s = self.state();
        for r in results.iter_mut().filter_map(|r| match r {
            Ran::Judged(r) => Some(r),
            Ran::RunAlone(_) | Ran::Later(_) => None,
        }) {
            let probe = s.probed.contains(&r.index);
            s.ran += usize::from(probe && r.verdict != Verdict::SK);
            match r.verdict {
                Verdict::TLE if probe => {
                    let first = s.first.clone().unwrap_or_default();
                    let own = tests.iter().find(|t| t.index == r.index);
                    overrun(r, &first, own.map(|t| kind.limits(&t.limits)));
                    s.timeouts += 1;
                    s.overrun += 1;
                }
                // Killed at its limit (a wall kill of a program starved of CPU on a busy machine
                // too: whatever its verdict becomes, it did not end).
                Verdict::TLE if r.killed_by.is_some() => {
                    if s.counted.insert(r.index) {
                        s.first.get_or_insert_with(|| r.name.clone());
                        s.timeouts += 1;
                    }
                }
                Verdict::TLE | Verdict::SK | Verdict::JE => {}
                _ => s.ended += 1,
            }
        }
    }

    /// The report's note, when the rule changed anything.
    pub(super) fn note(&self) -> Option<String> {
        let s = self.state();
        let first = s.first.as_ref()?;
        let mut parts = vec![format!(
            "quick rule: after `{first}` timed out, {} later test(s) ran with a probe limit (a tenth of theirs) and {} needed more",
            s.ran, s.overrun
        )];
        if s.not_run > 0 {
            parts.push(format!("{} were not run", s.not_run));
        }
        parts.push("`grader run --all` runs every test to its limit".into());
        Some(parts.join("; "))
    }
}

/// Makes a probe's timeout an SK that says why, with the test's own limits.
fn overrun(r: &mut TestResult, first: &str, own: Option<Effective>) {
    let probe = human_secs(r.limits.cpu);
    r.verdict = Verdict::SK;
    r.tle = None;
    r.points = 0;
    r.message = format!(
        "not run to its limit: `{first}` timed out, so later tests ran with a {probe} probe and this one needed more (`grader run --all` runs every test to its limit)"
    );
    if let Some(own) = own {
        r.limits = own;
    }
}
