//! Time-limit inference for an ICPC/Kattis package that gives none, as the format says: the
//! accepted submissions are timed under a generous probe limit, and the limit is the smallest
//! multiple of `time_resolution` at least the slowest of them × `ac_to_time_limit` (used by
//! `verify`, `run` and `import`).

use super::PythonChoice;
use super::submissions::{Of, Ready, Submission, jury_submissions, prepare_sub};
use crate::error::{Error, Result};
use crate::judge::{self, RunOptions, Silent, Verdict};
use crate::lang::Table;
use crate::problem::Problem;
use crate::sandbox::SandboxInfo;
use std::time::Duration;

/// The slowest test's CPU time of a report.
pub(super) fn slowest(report: &judge::Report) -> Duration {
    report
        .tests
        .iter()
        .map(|t| t.time)
        .max()
        .unwrap_or_default()
}

/// Grades a prepared jury submission (its files beside it), every test, silently.
pub(super) fn grade_ready(
    problem: &Problem,
    ready: &Ready,
    table: &Table,
    options: RunOptions,
    info: &SandboxInfo,
) -> Result<judge::Report> {
    let options = RunOptions {
        slow: true,
        all: true,
        files: ready.files.clone(),
        ..options
    };
    judge::grade(
        problem,
        &ready.main,
        ready.lang,
        table,
        &options,
        info,
        &mut Silent,
    )
}

/// Infers the time limit of a package that gives none, the way the format says: the smallest
/// multiple of `time_resolution` at least the slowest accepted submission × `ac_to_time_limit`.
/// Returns the description of the inference.
pub fn infer_time_limit(
    problem: &mut Problem,
    table: &Table,
    jobs: usize,
    python: PythonChoice,
) -> Result<String> {
    let Some(pkg) = problem
        .package
        .as_ref()
        .filter(|p| p.time_limit_source.is_none())
    else {
        return Ok(String::new());
    };
    let (subs, _) = jury_submissions(&pkg.submissions, pkg.scoring)?;
    let info = SandboxInfo::probe();
    Ok(infer_keeping_runs(problem, &subs, table, (jobs, python), &info)?.0)
}

/// The accepted submissions' runs that set an inferred limit, by submission file: each was
/// accepted with every test well within the limit, so its report under the limit is the same
/// (`verify` does not run them again).
pub(super) type TimedRuns = std::collections::HashMap<std::path::PathBuf, judge::Report>;

/// [`infer_time_limit`] from the package's jury submissions `subs` (as `jury_submissions`
/// reads them), keeping the accepted runs it timed.
pub(super) fn infer_keeping_runs(
    problem: &mut Problem,
    subs: &[Submission],
    table: &Table,
    (jobs, python): (usize, PythonChoice),
    info: &SandboxInfo,
) -> Result<(String, TimedRuns)> {
    let mut runs = TimedRuns::new();
    let Some(pkg) = problem.package.clone() else {
        return Ok((String::new(), runs));
    };
    if pkg.time_limit_source.is_some() {
        return Ok((String::new(), runs));
    }
    // The submissions that must be accepted (their folder, header or submissions.yaml permits
    // AC only): a lower bound of the limit, as the format says.
    let accepted: Vec<&Submission> = subs.iter().filter(|s| s.expected == ["AC"]).collect();
    // Time the accepted submissions under a generous probe limit.
    let mut probe = problem.clone();
    set_time_limit(&mut probe, Duration::from_secs(10), "probe".into());
    let options = RunOptions {
        slow: true,
        all: true,
        jobs: 1.max(jobs.min(2)),
        fail_fast: true,
        filter: None,
        no_cache: false,
        engine: None,
        files: Vec::new(),
    };
    let mut worst = Duration::ZERO;
    let mut timed = 0;
    for s in accepted {
        let Ok(ready) = prepare_sub(s, Of::problem(problem), table, python) else {
            continue;
        };
        let report = grade_ready(&probe, &ready, table, options.clone(), info)?;
        if report.verdict == Verdict::AC {
            timed += 1;
            worst = worst.max(slowest(&report));
            runs.insert(s.file.clone(), report);
        }
    }
    if timed == 0 {
        return Err(Error::spec(format!(
            "{}: no time limit is given (limits.time_limit, .timelimit or domjudge-problem.ini) and no accepted submission ran to infer it from; add limits.time_limit to problem.yaml",
            problem.dir.join("problem.yaml").display()
        )));
    }
    let res = pkg.time_resolution;
    let raw = worst.as_secs_f64() * pkg.ac_to_time_limit;
    let steps = (raw / res - 1e-9).ceil().max(1.0);
    let limit = steps * res;
    let text = format!(
        "time limit {limit} s inferred from {timed} accepted submission(s): slowest test {:.3} s × ac_to_time_limit {} = {:.3} s, rounded up to a multiple of time_resolution {res} s",
        worst.as_secs_f64(),
        pkg.ac_to_time_limit,
        raw
    );
    set_time_limit(
        problem,
        Duration::from_secs_f64(limit),
        format!("inferred from {timed} accepted submission(s)"),
    );
    Ok((text, runs))
}

/// Sets the time limit of every test (once inferred from the accepted submissions).
pub fn set_time_limit(problem: &mut Problem, time: Duration, source: String) {
    problem.limits.time = time;
    for t in &mut problem.tests {
        t.limits.time = time;
    }
    if let Some(p) = &mut problem.package {
        p.time_limit_source = Some(source);
    }
}
