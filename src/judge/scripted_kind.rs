//! The engine against a scripted answer kind: an [`AnswerKind`] that judges each test by its
//! name, with no build, no sandbox and no process. It shows the engine's own rules through the
//! trait alone: group waves and requirements, fail-fast, a kind's CE and JE, a one-process kind
//! whose process died (the tests it never reached run again, one per unit), staged tests, and
//! the notes a kind adds.

use super::engine::{Run, RunOptions, drive, select};
use super::outcome::{Report, Silent};
use super::scripted::quick;
use crate::error::Result;
use crate::exec::{CompileInfo, Effective, LanguageInfo, Ran, TestResult, TleKind, Verdict};
use crate::kinds::{AnswerKind, Prepared, Schedule, Staged, Stop, Units};
use crate::problem::{Problem, Test, TestLimits};
use crate::sandbox::fake::{self, Fake, Scripted};
use crate::sandbox::{Job, Killer, Level, Limits, RawOutcome, Sandbox};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How the scripted kind behaves.
#[derive(Clone, Copy, Default)]
struct Script {
    /// `prepare` says the answer does not compile.
    compile_error: bool,
    /// Every test in one process, which dies at the test named `die` (the rest come back as
    /// "run alone").
    one_process: bool,
    /// Tests are staged and judged from their raw outcome.
    staged: bool,
    /// Units run on sandbox slots (and the quick rule applies, unless `--all`).
    sandboxed: bool,
}

/// Judges a test by its name: `wa*` is WA, anything else AC; remembers each unit it ran.
struct ScriptedKind {
    script: Script,
    units: Arc<Mutex<Vec<Vec<String>>>>,
}

fn result(t: &Test, verdict: Verdict) -> TestResult {
    let mut r = TestResult::skipped(t, None, limits(), String::new());
    r.verdict = verdict;
    r.limits.cpu = t.limits.time;
    if verdict == Verdict::AC {
        r.points = t.points;
    }
    if verdict == Verdict::TLE {
        // Killed at the end of the grace period: a sure timeout.
        r.tle = Some(TleKind::Cpu);
        r.killed_by = Some(Killer::CpuLimit);
        r.time = t.limits.time + t.limits.time / 5;
    }
    r
}

fn limits() -> Effective {
    Effective {
        cpu: Duration::from_secs(1),
        wall: Duration::from_secs(2),
        memory: 1 << 26,
        output: 1 << 20,
        runtime_memory: 0,
        refuse_allocations: false,
        jury: false,
    }
}

/// `wa*` is WA; `loop*` never ends (TLE at any limit); `slow*` needs 300 ms (TLE under a
/// shorter limit, such as the quick rule's probe of a 1 s limit); anything else is AC.
fn by_name(t: &Test) -> Verdict {
    if t.name.starts_with("wa") {
        Verdict::WA
    } else if t.name.starts_with("loop")
        || (t.name.starts_with("slow") && t.limits.time < Duration::from_millis(300))
    {
        Verdict::TLE
    } else {
        Verdict::AC
    }
}

impl AnswerKind for ScriptedKind {
    fn limits(&self, _l: &TestLimits) -> Effective {
        limits()
    }

    fn describe(
        &mut self,
        _notes: &mut Vec<String>,
    ) -> Result<std::result::Result<LanguageInfo, String>> {
        Ok(Ok(LanguageInfo {
            id: "scripted".into(),
            name: "Scripted".into(),
            version: "1".into(),
        }))
    }

    fn prepare(&mut self, notes: &mut Vec<String>) -> Result<Prepared> {
        notes.push("prepared by the scripted kind".into());
        Ok(if self.script.compile_error {
            Prepared::CompileError {
                message: "scripted: does not compile".into(),
                time: Duration::ZERO,
            }
        } else {
            let compile = CompileInfo {
                cached: false,
                time: Duration::ZERO,
                message: String::new(),
            };
            Prepared::Ready {
                compile,
                slot: None,
            }
        })
    }

    fn schedule(&self) -> Schedule {
        Schedule {
            units: if self.script.one_process {
                Units::OneProcess
            } else {
                Units::EachTest
            },
            sandboxed: self.script.staged || self.script.sandboxed,
            rerun_borderline: false,
        }
    }

    fn run(&self, _slot: Option<&mut dyn Sandbox>, tests: &[&Test], stop: Stop) -> Vec<Ran> {
        let names = tests.iter().map(|t| t.name.clone()).collect();
        self.units.lock().unwrap().push(names);
        let mut out = Vec::new();
        let (mut died, mut stopped) = (false, false);
        for t in tests {
            if stopped {
                out.push(Ran::Later(t.index));
            } else if died {
                out.push(Ran::RunAlone(t.index));
            } else if self.script.one_process && t.name == "die" && tests.len() > 1 {
                // The process dies in this test: it gets RE, the rest run again alone.
                out.push(Ran::Judged(result(t, Verdict::RE)));
                died = true;
            } else {
                let verdict = by_name(t);
                stopped = verdict == Verdict::TLE && stop.at_timeout;
                out.push(Ran::Judged(result(t, verdict)));
            }
        }
        out
    }

    fn stage(
        &self,
        t: &Test,
        _lane: usize,
    ) -> Option<std::result::Result<Staged, Box<TestResult>>> {
        self.script.staged.then(|| {
            let argv = vec!["scripted".to_string()];
            let limits = Limits {
                cpu: Duration::from_secs(1),
                wall: Duration::from_secs(2),
                data: None,
                stack: None,
                file_size: None,
                open_files: 64,
                memory: None,
                tasks: None,
                address_space: None,
            };
            let job = Job::new(argv, std::path::Path::new("/"), limits);
            Ok(Staged {
                job,
                state: Box::new(t.name.clone()),
            })
        })
    }

    fn judge_staged(
        &self,
        _slot: &mut dyn Sandbox,
        t: &Test,
        staged: Staged,
        raw: std::io::Result<RawOutcome>,
    ) -> TestResult {
        assert_eq!(*staged.state.downcast::<String>().unwrap(), t.name);
        let verdict = match raw {
            Ok(raw) if raw.exit_code == Some(0) => by_name(t),
            _ => Verdict::JE,
        };
        result(t, verdict)
    }

    fn notes(&self) -> Vec<String> {
        vec![format!("{} unit(s) ran", self.units.lock().unwrap().len())]
    }
}

const GROUPS: &str = r#"
format_version = 1
title = "Scripted kind"
kind = "stdio"

[[groups]]
name = "first"
points = 50

[[groups]]
name = "second"
points = 50
require = ["first"]

[[tests]]
name = "a-1"
group = "first"
input = "1\n"
output = "1\n"

[[tests]]
name = "TEST2"
group = "first"
input = "2\n"
output = "2\n"

[[tests]]
name = "b-1"
group = "second"
input = "3\n"
output = "3\n"

[[tests]]
name = "b-2"
group = "second"
input = "4\n"
output = "4\n"
"#;

/// Grades the fixture's problem (with its second test named `second`) through the kind; gives
/// the report, the units the kind ran (test names), and the jobs the slots received.
fn grade(second: &str, script: Script, fail_fast: bool) -> (Report, Vec<Vec<String>>, usize) {
    let options = RunOptions {
        slow: true,
        all: true,
        jobs: 2,
        fail_fast,
        filter: None,
        no_cache: true,
        engine: None,
        files: Vec::new(),
    };
    grade_toml(&GROUPS.replace("TEST2", second), script, &options)
}

/// Grades the problem of `toml` through the scripted kind.
fn grade_toml(
    toml: &str,
    script: Script,
    options: &RunOptions,
) -> (Report, Vec<Vec<String>>, usize) {
    let f = super::scripted::fixture(toml);
    let problem: &Problem = &f.problem;
    let pool = Fake::new(fake::info(Level::Minimal), |_job| Ok(Scripted::exit(0)));
    let units = Arc::new(Mutex::new(Vec::new()));
    let kind = ScriptedKind {
        script,
        units: Arc::clone(&units),
    };
    let selected = select(problem, &f.file, options).unwrap();
    let kind: Box<dyn AnswerKind> = Box::new(kind);
    let run = Run::start(
        &pool,
        problem,
        &f.file,
        &selected,
        options,
        &*kind,
        Instant::now(),
    );
    let report = drive(run, &pool, kind, options, &mut Silent).unwrap();
    let units = units.lock().unwrap().clone();
    (report, units, pool.jobs().len())
}

fn verdicts(r: &Report) -> Vec<(String, Verdict)> {
    r.tests
        .iter()
        .map(|t| (t.name.clone(), t.verdict))
        .collect()
}

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_group_that_requires_a_failed_one_is_skipped_and_never_run() {
    let (r, units, _) = grade("wa-2", Script::default(), false);
    assert_eq!(
        verdicts(&r),
        [
            ("a-1".into(), Verdict::AC),
            ("wa-2".into(), Verdict::WA),
            ("b-1".into(), Verdict::SK),
            ("b-2".into(), Verdict::SK),
        ]
    );
    assert!(
        r.tests[2].message.contains("requires group `first`"),
        "{}",
        r.tests[2].message
    );
    let ran: Vec<String> = units.into_iter().flatten().collect();
    assert!(!ran.iter().any(|n| n.starts_with("b-")), "{ran:?}");
    assert_eq!(r.verdict, Verdict::WA);
    // The first group's `sum` rule gives half its points for one of its two tests.
    assert_eq!(r.score, 25.0);
    assert!(
        r.notes.iter().any(|n| n == "prepared by the scripted kind"),
        "{:?}",
        r.notes
    );
    assert!(
        r.notes.iter().any(|n| n == "2 unit(s) ran"),
        "{:?}",
        r.notes
    );
}

#[test]
fn every_group_runs_in_waves_when_the_first_passes() {
    let (r, units, _) = grade("a-2", Script::default(), false);
    assert!(
        r.tests.iter().all(|t| t.verdict == Verdict::AC),
        "{:?}",
        verdicts(&r)
    );
    assert_eq!(r.score, 100.0);
    // One test per unit; the second group only after the first.
    assert!(units.iter().all(|u| u.len() == 1), "{units:?}");
    let order: Vec<String> = units.into_iter().flatten().collect();
    let last_first = order.iter().rposition(|n| n.starts_with("a-")).unwrap();
    let first_second = order.iter().position(|n| n.starts_with("b-")).unwrap();
    assert!(last_first < first_second, "{order:?}");
}

#[test]
fn fail_fast_skips_what_comes_after_the_first_failure() {
    let f = Script::default();
    let (r, _, _) = grade("wa-2", f, true);
    assert_eq!(r.tests[1].verdict, Verdict::WA);
    assert!(
        r.tests[2..].iter().all(|t| t.verdict == Verdict::SK),
        "{:?}",
        verdicts(&r)
    );
}

#[test]
fn a_compile_error_is_the_whole_verdict_and_no_test_runs() {
    let script = Script {
        compile_error: true,
        ..Script::default()
    };
    let (r, units, _) = grade("a-2", script, false);
    assert_eq!(r.verdict, Verdict::CE);
    assert!(units.is_empty(), "{units:?}");
    assert_eq!(
        r.compile.as_ref().unwrap().message,
        "scripted: does not compile"
    );
}

#[test]
fn tests_a_dead_process_never_reached_run_again_one_per_unit() {
    let script = Script {
        one_process: true,
        ..Script::default()
    };
    let (r, units, _) = grade("die", script, false);
    assert_eq!(units[0], names(&["a-1", "die", "b-1", "b-2"]));
    assert_eq!(units[1..].len(), 2, "{units:?}");
    assert!(units[1..].iter().all(|u| u.len() == 1), "{units:?}");
    // The test the process died in keeps its verdict; its group failed, so the second group's
    // tests, which ran again alone and passed, become SK afterwards.
    assert_eq!(
        verdicts(&r),
        [
            ("a-1".into(), Verdict::AC),
            ("die".into(), Verdict::RE),
            ("b-1".into(), Verdict::SK),
            ("b-2".into(), Verdict::SK),
        ]
    );
}

#[test]
fn staged_tests_go_to_a_slot_and_are_judged_from_their_raw_outcome() {
    let script = Script {
        staged: true,
        ..Script::default()
    };
    let (r, units, jobs) = grade("wa-2", script, false);
    // Staged tests never run as units; each went to a slot as a job.
    assert!(units.is_empty(), "{units:?}");
    assert_eq!(jobs, 2, "the first group's two tests");
    assert_eq!(r.tests[0].verdict, Verdict::AC);
    assert_eq!(r.tests[1].verdict, Verdict::WA);
    assert_eq!(r.tests[2].verdict, Verdict::SK);
}

/// Five ungrouped tests of 20 points, named for how the scripted answer does on them.
fn five(names: [&str; 5]) -> String {
    let mut toml = String::from(
        "format_version = 1\ntitle = \"Quick rule\"\nkind = \"stdio\"\n[limits]\ntime = \"1s\"\n",
    );
    for n in names {
        toml.push_str(&format!(
            "[[tests]]\nname = \"{n}\"\npoints = 20\ninput = \"1\\n\"\noutput = \"1\\n\"\n"
        ));
    }
    toml
}

const ON_SLOTS: Script = Script {
    compile_error: false,
    one_process: false,
    staged: false,
    sandboxed: true,
};

#[test]
fn after_a_sure_timeout_later_tests_get_a_probe_and_keep_their_verdict_if_they_end() {
    let toml = five(["ok-1", "loop-2", "wa-3", "slow-4", "ok-5"]);
    let (r, units, _) = grade_toml(&toml, ON_SLOTS, &quick(1, false));
    assert_eq!(
        verdicts(&r),
        [
            ("ok-1".into(), Verdict::AC),
            ("loop-2".into(), Verdict::TLE),
            ("wa-3".into(), Verdict::WA),
            ("slow-4".into(), Verdict::SK),
            ("ok-5".into(), Verdict::AC),
        ]
    );
    assert_eq!(units.len(), 5, "every test ran: {units:?}");
    let slow = &r.tests[3];
    assert!(
        slow.message.starts_with(
            "not run to its limit: `loop-2` timed out, so later tests ran with a 0.10s probe"
        ),
        "{}",
        slow.message
    );
    // The skipped test states its own limit, not the probe's.
    assert_eq!(slow.limits.cpu, Duration::from_secs(1));
    assert!(slow.tle.is_none());
    assert_eq!(r.verdict, Verdict::TLE);
    assert_eq!(r.first_failure.as_deref(), Some("loop-2"));
    assert!(
        r.notes.iter().any(|n| n.starts_with(
            "quick rule: after `loop-2` timed out, 3 later test(s) ran with a probe limit (a tenth of theirs) and 1 needed more"
        )),
        "{:?}",
        r.notes
    );
    // With --all the slow test runs to its limit: the one case the rule scores lower.
    let (all, _, _) = grade_toml(&toml, ON_SLOTS, &quick(1, true));
    assert_eq!(all.tests[3].verdict, Verdict::AC);
    assert_eq!((r.score, all.score), (40.0, 60.0));
    assert!(
        all.notes.iter().all(|n| !n.starts_with("quick rule")),
        "{:?}",
        all.notes
    );
}

#[test]
fn three_timeouts_with_nothing_finished_stop_the_run_with_the_same_verdict() {
    let toml = five(["loop-1", "loop-2", "loop-3", "loop-4", "ok-5"]);
    let (r, units, _) = grade_toml(&toml, ON_SLOTS, &quick(1, false));
    let ran: Vec<String> = units.into_iter().flatten().collect();
    assert_eq!(ran, ["loop-1", "loop-2", "loop-3"]);
    assert_eq!(r.tests[0].verdict, Verdict::TLE);
    assert!(r.tests[1..3].iter().all(|t| t.verdict == Verdict::SK));
    for t in &r.tests[3..] {
        assert_eq!(t.verdict, Verdict::SK);
        assert_eq!(
            t.message,
            "not run: 3 tests timed out and none has finished yet (`grader run --all` runs every test to its limit)"
        );
    }
    assert!(
        r.notes.iter().any(|n| n.contains("2 were not run")),
        "{:?}",
        r.notes
    );
    // The verdict and the first failure are --all's; so is the score, but for the last test,
    // which --all runs and the rule does not (it never got there: the rule's one loss).
    let (all, units, _) = grade_toml(&toml, ON_SLOTS, &quick(1, true));
    assert_eq!(units.len(), 5);
    assert_eq!((r.verdict, all.verdict), (Verdict::TLE, Verdict::TLE));
    assert_eq!(r.first_failure, all.first_failure);
    assert_eq!((r.score, all.score), (0.0, 20.0));
}

#[test]
fn a_one_process_kind_stops_at_a_timeout_and_the_rest_runs_again_together_with_probes() {
    let script = Script {
        one_process: true,
        ..ON_SLOTS
    };
    let toml = five(["ok-1", "loop-2", "ok-3", "ok-4", "ok-5"]);
    let (r, units, _) = grade_toml(&toml, script, &quick(2, false));
    assert_eq!(
        units,
        [
            names(&["ok-1", "loop-2", "ok-3", "ok-4", "ok-5"]),
            names(&["ok-3", "ok-4", "ok-5"])
        ]
    );
    assert_eq!(r.tests[1].verdict, Verdict::TLE);
    assert!(
        r.tests[2..].iter().all(|t| t.verdict == Verdict::AC),
        "{:?}",
        verdicts(&r)
    );
    assert_eq!(r.score, 80.0);
    // Under --all the kind is not asked to stop: one process runs everything.
    let (all, units, _) = grade_toml(&toml, script, &quick(2, true));
    assert_eq!(units.len(), 1, "{units:?}");
    assert_eq!(all.score, r.score);
}

#[test]
fn fail_fast_skips_the_tests_after_a_wrong_answer_of_a_one_process_kind() {
    let script = Script {
        one_process: true,
        ..ON_SLOTS
    };
    let toml = five(["ok-1", "wa-2", "ok-3", "loop-4", "ok-5"]);
    let options = RunOptions {
        slow: true,
        fail_fast: true,
        ..quick(1, true)
    };
    let (r, _, _) = grade_toml(&toml, script, &options);
    assert_eq!(r.tests[1].verdict, Verdict::WA);
    for t in &r.tests[2..] {
        assert_eq!(t.verdict, Verdict::SK, "{:?}", verdicts(&r));
        assert_eq!(t.message, "skipped: --fail-fast after an earlier failure");
    }
}

#[test]
fn slow_tests_run_only_when_asked() {
    let toml = five(["ok-1", "ok-2", "ok-3", "ok-4", "ok-5"]).replacen(
        "name = \"ok-4\"\n",
        "name = \"ok-4\"\nslow = true\n",
        1,
    );
    let quick_options = RunOptions {
        slow: false,
        ..quick(1, true)
    };
    let (r, units, _) = grade_toml(&toml, ON_SLOTS, &quick_options);
    let ran: Vec<String> = units.into_iter().flatten().collect();
    assert_eq!(ran, ["ok-1", "ok-2", "ok-3", "ok-5"]);
    assert_eq!(r.tests.len(), 4);
    assert!(
        r.notes
            .iter()
            .any(|n| n == "1 slow test(s) not run (`slow = true`); --slow runs them"),
        "{:?}",
        r.notes
    );
    let (r, units, _) = grade_toml(&toml, ON_SLOTS, &quick(1, true));
    assert_eq!(units.len(), 5);
    assert!(r.notes.iter().all(|n| !n.contains("slow")), "{:?}", r.notes);
}
