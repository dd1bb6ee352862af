//! `verify`: runs every jury submission of an ICPC/Kattis package (`submissions/<verdict>/`) and
//! compares the verdict (and, in a scoring package, the score and group rules) obtained with what
//! the jury recorded. Hands the header, notes and one row per submission to a [`Watch`] (the
//! command prints them) and returns the tally.

use super::PythonChoice;
use super::expect::{class, group_rule_violations};
use super::submissions::{Of, Ready, Submission, jury_submissions, prepare_sub};
use super::timelimit::{grade_ready, infer_keeping_runs, set_time_limit, slowest};
use crate::error::{Error, Result};
use crate::judge::{self, RunOptions, Verdict};
use crate::lang::Table;
use crate::problem::{Package, Problem};
use crate::sandbox::SandboxInfo;
use std::path::Path;
use std::time::Duration;

/// Whether a source reads the clock (its verdict may depend on the machine).
fn reads_clock(file: &Path) -> bool {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    [
        "time(",
        "clock(",
        "chrono::",
        "currentTimeMillis",
        "nanoTime",
        "time.time",
        "perf_counter",
        "Instant::now",
        "Date.now",
    ]
    .iter()
    .any(|p| text.contains(p))
}

/// What `verify` found.
pub struct Tally {
    pub agreed: u32,
    pub judged: u32,
    pub skipped: u32,
    /// Of the agreed, those that got the jury's verdict only with extra time (problemtools' rule,
    /// [`Judged::extra_time`]).
    pub extra_time: u32,
}

/// Where `verify` hands what it finds, as it goes (`grader verify` prints it as a table).
pub trait Watch {
    /// The package, its notes and its time limit: `inferred` says how it was inferred, empty
    /// when the package gives it.
    fn header(&mut self, problem: &Problem, pkg: &Package, inferred: &str);
    /// A note about the jury submissions (a folder skipped, a `submissions.yaml` not read).
    fn note(&mut self, note: &str);
    /// The rows begin (`scoring`: they show scores).
    fn columns(&mut self, scoring: bool);
    /// One jury submission, once judged or skipped.
    fn row(&mut self, row: &Row);
}

/// One jury submission's row.
pub struct Row {
    /// The submission, relative to `submissions/`.
    pub shown: String,
    /// What the jury expects: verdict classes, where they come from (`@` a source's header, `*`
    /// `submissions.yaml`), the score in a scoring package.
    pub expected: String,
    /// What it got, or why it could not run here (a skip).
    pub outcome: std::result::Result<Judged, String>,
}

/// A judged jury submission: whether it got what the jury expects, what it got, its slowest
/// test, and the remarks.
pub struct Judged {
    pub ok: bool,
    pub got: String,
    pub time: Duration,
    pub marks: Vec<String>,
    /// Agreed only with extra time: a time limit exceeded under the package's limit, and the
    /// jury's verdict under the limit × `time_limit_to_tle`, which problemtools' `verifyproblem`
    /// accepts ("OK with extra time"); the higher limit.
    pub extra_time: Option<Duration>,
}

/// Runs every jury submission of a package (its time limit inferred first when it gives none)
/// and hands a row each to `watch`; with `only`, the submissions whose path under
/// `submissions/` matches it (a glob or a substring, as `--tests`).
pub fn verify(
    mut problem: Problem,
    table: &Table,
    (jobs, python): (usize, PythonChoice),
    only: Option<&str>,
    watch: &mut dyn Watch,
) -> Result<Tally> {
    let Some(pkg) = problem.package.clone() else {
        return Err(Error::usage(format!(
            "`{}` is not an ICPC/Kattis package",
            problem.dir.display()
        )));
    };
    let (mut subs, notes) = jury_submissions(&pkg.submissions, pkg.scoring)?;
    if subs.is_empty() {
        return Err(Error::usage(format!(
            "`{}` has no submissions under submissions/<verdict>/",
            problem.dir.display()
        )));
    }
    let info = SandboxInfo::probe();
    let (inferred, mut timed) =
        infer_keeping_runs(&mut problem, &subs, table, (jobs, python), &info)?;
    watch.header(&problem, &pkg, &inferred);
    if !problem.tests.iter().any(|t| t.name.starts_with("secret/")) {
        // BAPCtools packages whose generators.yaml defines no secret case (`secret: data: []`).
        watch.note("no secret test data: the submissions are judged on the samples only");
    }
    for n in notes {
        watch.note(&n);
    }
    legacy_expectations(&pkg, &mut subs);
    let options = RunOptions {
        slow: true,
        all: true,
        jobs,
        // The first failure decides, as a jury's judging does; a scoring package's score
        // needs every test.
        fail_fast: !pkg.scoring,
        filter: None,
        no_cache: false,
        engine: None,
        files: Vec::new(),
    };
    let mut tally = Tally {
        agreed: 0,
        judged: 0,
        skipped: 0,
        extra_time: 0,
    };
    let max = f64::from(problem.max_score());
    watch.columns(pkg.scoring);
    for s in &subs {
        let shown = s
            .file
            .strip_prefix(&pkg.submissions)
            .unwrap_or(&s.file)
            .display()
            .to_string();
        if only.is_some_and(|p| !crate::judge::matches(p, &shown)) {
            continue;
        }
        let expected = expected_text(s, &pkg, max);
        let outcome = match prepare_sub(s, Of::problem(&problem), table, python) {
            Ok(ready) => {
                let options = RunOptions {
                    // Group rules look at every case.
                    fail_fast: options.fail_fast && s.groups.is_empty(),
                    ..options.clone()
                };
                let report = match timed.remove(&s.file) {
                    Some(report) => report,
                    None => grade_ready(&problem, &ready, table, options.clone(), &info)?,
                };
                let mut judged = judge_one(&problem, &pkg, s, &ready, &report);
                if !judged.ok && report.tests.iter().any(|t| t.verdict == Verdict::TLE) {
                    let high = with_extra_time(&problem, pkg.time_limit_to_tle);
                    let report = grade_ready(&high, &ready, table, options, &info)?;
                    let again = judge_one(&high, &pkg, s, &ready, &report);
                    if again.ok {
                        judged = agreed_with_extra_time(judged, again, &problem, &high);
                    }
                }
                tally.judged += 1;
                tally.agreed += u32::from(judged.ok);
                tally.extra_time += u32::from(judged.extra_time.is_some());
                Ok(judged)
            }
            Err(why) => {
                tally.skipped += 1;
                Err(why)
            }
        };
        watch.row(&Row {
            shown,
            expected,
            outcome,
        });
    }
    Ok(tally)
}

/// The package with every test's time limit × `factor` (`time_limit_to_tle`): problemtools
/// judges each submission under it too.
fn with_extra_time(problem: &Problem, factor: f64) -> Problem {
    let mut high = problem.clone();
    let time = problem.limits.time.mul_f64(factor);
    let source = format!("the time limit × time_limit_to_tle {factor}");
    set_time_limit(&mut high, time, source);
    high
}

/// The row of a submission that exceeded the time limit under the package's limit (`low`) and
/// got the jury's verdict under the higher one (`high`): agreed, as problemtools' "OK with extra
/// time", and marked so.
fn agreed_with_extra_time(low: Judged, high: Judged, problem: &Problem, extra: &Problem) -> Judged {
    let mut marks = vec![format!(
        "agrees only with extra time (problemtools' rule): {} under the {} s limit, {} under {} s",
        low.got,
        problem.limits.time.as_secs_f64(),
        high.got,
        extra.limits.time.as_secs_f64()
    )];
    marks.extend(high.marks);
    Judged {
        ok: true,
        marks,
        extra_time: Some(extra.limits.time),
        ..high
    }
}

/// A score as the table shows it: whole, or with 2 decimals.
fn num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

/// A legacy scoring package's verdict is its default grader's: partially accepted
/// submissions are accepted (accept_if_any_accepted) with less than the full score.
fn legacy_expectations(pkg: &Package, subs: &mut [Submission]) {
    if pkg.legacy_verdict.is_empty() {
        return;
    }
    for s in subs
        .iter_mut()
        .filter(|s| s.folder == "partially_accepted" && s.source != Some("@EXPECTED_RESULTS@"))
    {
        s.expected = vec!["AC".into()];
    }
}

/// The "expected" column of a submission: its verdicts, where they come from, and in a
/// scoring package the score.
fn expected_text(s: &Submission, pkg: &Package, max: f64) -> String {
    let expected = s.expected.join("|");
    let expected = match s.source {
        // Marked: from the source's @EXPECTED_RESULTS@ header (@) or submissions.yaml (*).
        Some(src) => format!("{expected}{}", if src.starts_with('@') { "@" } else { "*" }),
        None => expected,
    };
    // A scoring package's rows show the score expected and obtained.
    match (pkg.scoring, s.score) {
        (false, _) => expected,
        (true, Some((lo, hi))) if lo == hi => format!("{expected} {}", num(lo)),
        (true, Some((lo, hi))) => format!("{expected} {}-{}", num(lo), num(hi)),
        (true, None) if s.folder == "partially_accepted" => {
            format!("{expected} 0<s<{}", num(max))
        }
        (true, None) => expected,
    }
}

/// Compares one jury submission's report with the jury's verdict, score and group rules.
fn judge_one(
    problem: &Problem,
    pkg: &Package,
    s: &Submission,
    ready: &Ready,
    report: &judge::Report,
) -> Judged {
    let max = f64::from(problem.max_score());
    let first = class(report.verdict);
    let got = match report.verdict {
        Verdict::CE | Verdict::JE => first,
        _ => {
            let cases: Vec<(String, &'static str)> = report
                .tests
                .iter()
                .map(|t| (t.name.clone(), class(t.verdict)))
                .collect();
            pkg.legacy_verdict(&cases).unwrap_or(first)
        }
    };
    // Stopped at the output limit (a TLE class): DOMjudge judges a program that ends past the
    // limit OUTPUT-LIMIT (an RTE), one that writes on until the time limit TLE; which one it
    // was, the grader cannot tell after stopping it.
    let ole = report.verdict == Verdict::OLE;
    let mut ok = s.expected.iter().any(|e| e == got || (ole && e == "RTE"));
    let legacy_differs = got != first;
    if pkg.scoring && !matches!(report.verdict, Verdict::CE | Verdict::JE) {
        let x = report.score;
        match s.score {
            Some((lo, hi)) => ok &= lo - 1e-6 <= x && x <= hi + 1e-6,
            None if s.folder == "partially_accepted" => ok &= x > 0.0 && x < max,
            None => {}
        }
    }
    let broken = if matches!(report.verdict, Verdict::CE | Verdict::JE) {
        Vec::new()
    } else {
        let mut b = group_rule_violations(&s.groups, report);
        let cases: Vec<(String, &'static str)> = report
            .tests
            .iter()
            .map(|t| (t.name.clone(), class(t.verdict)))
            .collect();
        let groups: Vec<(String, f64)> = report
            .groups
            .iter()
            .map(|g| (g.name.clone(), g.score))
            .collect();
        b.extend(pkg.legacy_range_violations(&cases, &groups));
        b
    };
    ok &= broken.is_empty();
    let got = if pkg.scoring {
        format!("{got} {}", num(report.score))
    } else {
        got.to_string()
    };
    let time = slowest(report);
    let marks = marks(
        problem,
        pkg,
        s,
        &ready.main,
        report,
        (ok, legacy_differs),
        broken,
    );
    Judged {
        ok,
        got,
        time,
        marks,
        extra_time: None,
    }
}

/// The remarks of a row: machine-dependent verdicts, the legacy grader's verdict, group rules
/// met or `broken`, and why it disagrees.
fn marks(
    problem: &Problem,
    pkg: &Package,
    s: &Submission,
    main: &Path,
    report: &judge::Report,
    (ok, legacy_differs): (bool, bool),
    broken: Vec<String>,
) -> Vec<String> {
    let tl = problem.limits.time;
    let time = slowest(report);
    let mut marks = Vec::new();
    // Within the margins the format asks for, the verdict may change with the machine.
    let tight = match report.verdict {
        Verdict::AC => time.as_secs_f64() * pkg.ac_to_time_limit > tl.as_secs_f64(),
        Verdict::TLE => false,
        _ => time.as_secs_f64() * pkg.time_limit_to_tle > tl.as_secs_f64(),
    };
    if tight {
        marks.push("machine-dependent: close to the time limit".to_string());
    }
    if reads_clock(main) {
        marks.push("machine-dependent: reads the clock".to_string());
    }
    if legacy_differs && let Some(t) = &report.first_failure {
        marks.push(format!(
            "legacy grader's verdict; first failure {} on {t}",
            report.verdict.as_str()
        ));
    }
    if !s.groups.is_empty() && broken.is_empty() && ok {
        marks.push(format!("{} group rule(s) met", s.groups.len()));
    }
    marks.extend(broken);
    if !ok && !legacy_differs {
        let why = report
            .first_failure
            .as_ref()
            .map(|t| format!("{} on {t}", report.verdict.as_str()))
            .or_else(|| report.message.clone().map(|m| excerpt_line(&m)))
            .unwrap_or_default();
        if !why.is_empty() {
            marks.push(why);
        }
    }
    marks
}

fn excerpt_line(m: &str) -> String {
    let line = m.lines().next().unwrap_or("");
    line.chars().take(100).collect()
}
