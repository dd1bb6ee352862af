//! The engine against the scripted sandbox ([`crate::sandbox::fake`]): raw outcomes, as a slot
//! would return them, turned into every verdict with its evidence, and the jobs the engine hands
//! over, all without starting a process.

use super::engine::{RunOptions, Submission, grade_in};
use super::outcome::{Report, Silent};
use crate::exec::TestResult;
use crate::exec::{TleKind, Verdict};
use crate::lang::{Table, Tool, Toolchain};
use crate::sandbox::fake::{self, Fake, Scripted};
use crate::sandbox::{Job, Killer, Level, SandboxInfo};
use std::path::PathBuf;
use std::time::Duration;

/// A problem folder written from `toml`, a Python submission, and the language table.
pub(crate) struct Fixture {
    _dir: tempfile::TempDir,
    pub problem: crate::problem::Problem,
    pub file: PathBuf,
    pub table: Table,
}

pub(crate) fn fixture(toml: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let problem_dir = dir.path().join("scripted");
    std::fs::create_dir_all(&problem_dir).unwrap();
    std::fs::write(problem_dir.join("problem.toml"), toml).unwrap();
    let problem = crate::problem::load(&problem_dir).unwrap();
    let file = dir.path().join("answer.py");
    // A function answer names its function (one that does not is a CE before any job runs).
    let text = match &problem.function {
        Some(sig) => format!("def {}(*args):\n    print(42)\n", sig.name),
        None => "print(42)\n".to_string(),
    };
    std::fs::write(&file, text).unwrap();
    Fixture {
        problem,
        file,
        table: Table::load().unwrap(),
        _dir: dir,
    }
}

/// Options that run every test (slow ones too) on `jobs` lanes without the build cache; `all`
/// goes on after the first failure.
pub(super) fn quick(jobs: usize, all: bool) -> RunOptions {
    RunOptions {
        slow: true,
        all,
        jobs,
        fail_fast: false,
        filter: None,
        no_cache: true,
        engine: None,
        files: Vec::new(),
    }
}

/// Grades the fixture's submission on the fake, with a given toolchain (none is looked for).
pub(crate) fn grade(f: &Fixture, fake: &Fake, jobs: usize) -> Report {
    let options = quick(jobs, true);
    let submission = Submission {
        file: &f.file,
        lang: f.table.get("python3").unwrap(),
        toolchain: Some(Toolchain {
            tool: Tool {
                path: PathBuf::from("/usr/bin/python3"),
                version: "Python 3 (scripted)".into(),
            },
            run_tool: None,
        }),
        expected: Default::default(),
    };
    grade_in(
        fake,
        &f.problem,
        submission,
        &f.table,
        &options,
        &mut Silent,
    )
    .unwrap()
}

/// The test's input, from the job's stdin file; `None` for the syntax check (no stdin).
pub(crate) fn input(job: &Job) -> Option<String> {
    let text = std::fs::read_to_string(job.stdin.as_ref()?).ok()?;
    Some(text.trim().to_string())
}

/// One test per verdict, each named for the outcome it is scripted to get.
pub(crate) const EVERY_VERDICT: &str = r#"
format_version = 1
title = "Scripted outcomes"
kind = "stdio"

[limits]
time = "1s"
memory = "64MiB"
output = "1MiB"

[[tests]]
name = "ac"
input = "ac\n"
output = "42\n"

[[tests]]
name = "wa"
input = "wa\n"
output = "42\n"

[[tests]]
name = "tle-cpu"
input = "tle-cpu\n"
output = "42\n"

[[tests]]
name = "tle-wall"
input = "tle-wall\n"
output = "42\n"

[[tests]]
name = "mle"
input = "mle\n"
output = "42\n"

[[tests]]
name = "ole-stdout"
input = "ole-stdout\n"
output = "42\n"

[[tests]]
name = "ole-stderr"
input = "ole-stderr\n"
output = "42\n"

[[tests]]
name = "re-exit"
input = "re-exit\n"
output = "42\n"

[[tests]]
name = "re-signal"
input = "re-signal\n"
output = "42\n"

[[tests]]
name = "re-processes"
input = "re-processes\n"
output = "42\n"

[[tests]]
name = "je-setup"
input = "je-setup\n"
output = "42\n"

[[tests]]
name = "je-sandbox"
input = "je-sandbox\n"
output = "42\n"
"#;

/// What each test of [`EVERY_VERDICT`] does (Python's limits: cpu 2 s, wall 4 s).
pub(crate) fn every_verdict(job: &Job) -> Result<Scripted, String> {
    let ms = Duration::from_millis;
    let Some(input) = input(job) else {
        return Ok(Scripted::exit(0));
    };
    Ok(match input.as_str() {
        "ac" => Scripted::printed("42\n"),
        "wa" => Scripted::printed("41\n").stderr("debug: thinking\n"),
        "tle-cpu" => Scripted::killed(Killer::CpuLimit)
            .cpu(ms(2_400))
            .wall(ms(2_500)),
        "tle-wall" => Scripted::killed(Killer::WallLimit)
            .cpu(ms(30))
            .wall(ms(4_000)),
        "mle" => Scripted::signal(libc::SIGKILL).oom_killed().peak(64 << 20),
        "ole-stdout" => Scripted::killed(Killer::OutputLimit).stdout(vec![b'x'; 2 << 20]),
        "ole-stderr" => Scripted::killed(Killer::OutputLimit).stderr(vec![b'e'; 2 << 20]),
        "re-exit" => {
            Scripted::exit(1).stderr("Traceback (most recent call last):\nValueError: boom\n")
        }
        "re-signal" => Scripted::signal(libc::SIGSEGV),
        "re-processes" => Scripted::killed(Killer::ProcessLimit)
            .tasks_refused(64)
            .leftovers(63),
        "je-setup" => Scripted::setup_error("cannot open the input"),
        "je-sandbox" => return Err("the helper vanished".into()),
        other => panic!("no script for {other}"),
    })
}

/// Each test's name and verdict, in test order.
fn verdicts(report: &Report) -> Vec<(&str, Verdict)> {
    report
        .tests
        .iter()
        .map(|t| (t.name.as_str(), t.verdict))
        .collect()
}

fn test<'a>(report: &'a Report, name: &str) -> &'a TestResult {
    report
        .tests
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no test {name}"))
}

#[test]
fn every_raw_outcome_becomes_its_verdict_with_the_evidence() {
    let f = fixture(EVERY_VERDICT);
    let fake = Fake::new(fake::info(Level::Minimal), every_verdict);
    let report = grade(&f, &fake, 1);
    let verdicts = verdicts(&report);
    use Verdict::*;
    assert_eq!(
        verdicts,
        [
            ("ac", AC),
            ("wa", WA),
            ("tle-cpu", TLE),
            ("tle-wall", TLE),
            ("mle", MLE),
            ("ole-stdout", OLE),
            ("ole-stderr", OLE),
            ("re-exit", RE),
            ("re-signal", RE),
            ("re-processes", RE),
            ("je-setup", JE),
            ("je-sandbox", JE),
        ]
    );
    // The first failure decides; the score counts the one accepted test.
    assert_eq!(report.verdict, WA);
    assert_eq!(report.first_failure.as_deref(), Some("wa"));
    assert_eq!((report.score, report.max_score), (1.0, 12.0));

    let wa = test(&report, "wa");
    assert!(wa.details.mismatch.is_some(), "{wa:?}");
    assert_eq!(wa.details.stderr.as_deref(), Some("debug: thinking"));
    let cpu = test(&report, "tle-cpu");
    assert_eq!(cpu.tle, Some(TleKind::Cpu));
    assert_eq!(cpu.time, Duration::from_millis(2_400));
    assert_eq!(cpu.killed_by, Some(Killer::CpuLimit));
    assert!(
        cpu.message
            .starts_with("cpu 2.40s > limit 2.00s; killed by the grader (cpu limit)"),
        "{}",
        cpu.message
    );
    let wall = test(&report, "tle-wall");
    assert_eq!(wall.tle, Some(TleKind::Wall));
    assert!(
        wall.message.contains("the program was waiting"),
        "{}",
        wall.message
    );
    assert_eq!(
        test(&report, "mle").message,
        "peak 64 MiB = limit 64 MiB (whole process tree); killed by the OOM killer"
    );
    // Stdout is cut at the output limit plus one byte (RLIMIT_FSIZE), stderr counted in full.
    let out = test(&report, "ole-stdout");
    assert_eq!(out.output_bytes, (1 << 20) + 1);
    assert_eq!(
        out.message,
        "stdout 1048577 B > limit 1048576 B; stopped by the grader"
    );
    assert_eq!(
        test(&report, "ole-stderr").message,
        "stderr 2 MiB > limit 1 MiB; stopped by the grader"
    );
    let exit = test(&report, "re-exit");
    assert_eq!((exit.exit_code, exit.signal), (Some(1), None));
    assert!(
        exit.message.starts_with("exit code 1: "),
        "{}",
        exit.message
    );
    assert!(
        exit.details
            .stderr
            .as_deref()
            .is_some_and(|e| e.contains("ValueError: boom")),
        "{exit:?}"
    );
    let signal = test(&report, "re-signal");
    assert_eq!(signal.signal, Some(libc::SIGSEGV));
    assert!(
        signal.message.starts_with("killed by SIGSEGV (11)"),
        "{}",
        signal.message
    );
    assert_eq!(
        test(&report, "re-processes").message,
        "process limit reached: 64 processes (threads included): a fork or thread was refused; \
         killed by the grader (process limit); 63 leftover process(es) killed afterwards"
    );
    assert_eq!(
        test(&report, "je-setup").message,
        "the sandbox could not start the program: cannot open the input"
    );
    assert_eq!(
        test(&report, "je-sandbox").message,
        "the sandbox failed: the helper vanished"
    );
    // The failed slot was replaced once, and every test after it still ran.
    assert_eq!(fake.respawns(), 1);
}

#[test]
fn the_jobs_carry_the_limits_of_the_sandbox_info_the_engine_is_handed() {
    let f = fixture(EVERY_VERDICT);
    let data_limit = |info: SandboxInfo| {
        let fake = Fake::new(info, every_verdict);
        grade(&f, &fake, 1);
        let jobs = fake.jobs();
        // The syntax check, then one job per test with its input as stdin.
        assert_eq!(jobs.len(), 1 + f.problem.tests.len());
        assert!(jobs[0].stdin.is_none());
        // The first test's (its inline input written to the run's scratch folder, gone now).
        let run = &jobs[1];
        assert!(
            run.stdin.as_ref().unwrap().ends_with("inline/0.in"),
            "{run:?}"
        );
        assert_eq!(
            run.limits.cpu,
            Duration::from_millis(2_400),
            "2 s plus the grace"
        );
        assert_eq!(run.limits.wall, Duration::from_secs(4));
        assert_eq!(run.limits.file_size, Some((1 << 20) + 1));
        assert_eq!(run.limits.memory, Some(64 << 20));
        assert_eq!(run.limits.tasks, Some(64));
        assert!(run.access.is_some(), "a submission runs confined");
        run.limits.data
    };
    // Without a cgroup the data limit is the memory limit; with one, a backstop at four times.
    assert_eq!(data_limit(fake::info(Level::Minimal)), Some(64 << 20));
    assert_eq!(
        data_limit(fake::info_with_cgroup(Level::Strong)),
        Some(256 << 20)
    );
}

#[test]
fn a_failing_syntax_check_is_a_compile_error_and_nothing_runs() {
    let f = fixture(EVERY_VERDICT);
    let fake = Fake::in_order(
        fake::info(Level::Minimal),
        vec![Ok(Scripted::exit(1).stderr("SyntaxError: invalid syntax\n"))],
    );
    let report = grade(&f, &fake, 1);
    assert_eq!(report.verdict, Verdict::CE);
    assert!(report.tests.is_empty());
    assert_eq!(
        report.message.as_deref(),
        Some("SyntaxError: invalid syntax")
    );
    assert_eq!(fake.jobs().len(), 1);
}

#[test]
fn parallel_slots_give_the_same_verdicts_in_test_order() {
    let f = fixture(EVERY_VERDICT);
    let one = grade(&f, &Fake::new(fake::info(Level::Minimal), every_verdict), 1);
    let fake = Fake::new(fake::info(Level::Minimal), every_verdict);
    let three = grade(&f, &fake, 3);
    let verdicts = |r: &Report| -> Vec<(String, Verdict)> {
        r.tests
            .iter()
            .map(|t| (t.name.clone(), t.verdict))
            .collect()
    };
    assert_eq!(verdicts(&one), verdicts(&three));
    assert_eq!(fake.jobs().len(), 1 + f.problem.tests.len());
}

const FUNCTION: &str = r#"
format_version = 1
title = "Double it"
kind = "function"

[function]
name = "double"
params = [{ name = "x", type = "int" }]
returns = "int"

[[tests]]
name = "one"
args = [1]
expected = 2

[[tests]]
name = "loops"
args = [2]
expected = 4

[[tests]]
name = "three"
args = [3]
expected = 6
"#;

/// The function harness as a script: it reads its tests (and nonce) from stdin and reports on
/// the channel. With all three tests it returns for `one`, then never returns from `loops` (the
/// process is stopped at its cpu limit); alone, each test returns twice its argument.
fn harness(job: &Job) -> Result<Scripted, String> {
    let Some(stdin) = &job.stdin else {
        return Ok(Scripted::exit(0));
    };
    let spec: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(stdin).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    let nonce = spec["nonce"].as_str().unwrap_or_default();
    let tests = spec["tests"].as_array().cloned().unwrap_or_default();
    let record = |t: &serde_json::Value| {
        let i = t["i"].as_u64().unwrap_or_default();
        let value = t["args"][0].as_i64().unwrap_or_default() * 2;
        format!(
            "{}\n",
            serde_json::json!({"nonce": nonce, "i": i, "value": value, "cpu": 0.01, "wall": 0.01})
        )
    };
    if tests.len() == 1 {
        return Ok(Scripted::exit(0).channel(record(&tests[0])));
    }
    let channel = format!(
        "{}{}\n",
        record(&tests[0]),
        serde_json::json!({"nonce": nonce, "start": tests[1]["i"]})
    );
    Ok(Scripted::killed(Killer::CpuLimit)
        .cpu(Duration::from_secs(9))
        .channel(channel))
}

#[test]
fn a_function_batch_that_dies_hands_back_the_tests_it_never_reached() {
    let f = fixture(FUNCTION);
    let fake = Fake::new(fake::info(Level::Minimal), harness);
    let report = grade(&f, &fake, 1);
    let verdicts = verdicts(&report);
    assert_eq!(
        verdicts,
        [
            ("one", Verdict::AC),
            ("loops", Verdict::TLE),
            ("three", Verdict::AC)
        ]
    );
    let loops = test(&report, "loops");
    assert!(
        loops.message.ends_with("; the call never returned"),
        "{}",
        loops.message
    );
    // The syntax check, the batch of three, then `three` run again alone.
    let jobs = fake.jobs();
    assert_eq!(jobs.len(), 3, "{jobs:?}");
    assert!(jobs[2].channel.is_some());
}
