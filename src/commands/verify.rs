//! `grader verify PKG`: runs every jury submission of an ICPC/Kattis package
//! (`submissions/<verdict>/`) and compares the verdict obtained with the one the jury recorded,
//! then prints an agreement figure. Also owns the time-limit inference from the accepted
//! submissions (used by `run` too when a package gives no time limit).

use crate::cli::{Cli, VerifyArgs, default_jobs};
use crate::error::{Error, Result};
use crate::judge::{self, RunOptions, Silent, Verdict};
use crate::lang::{self, Language, Table};
use crate::problem::{self, Problem};
use crate::sandbox::SandboxInfo;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The jury's verdict classes (problemtools': AC, WA, TLE, RTE; MLE and OLE count as RTE).
fn class(v: Verdict) -> &'static str {
    match v {
        Verdict::AC => "AC",
        Verdict::WA => "WA",
        Verdict::TLE => "TLE",
        Verdict::RE | Verdict::MLE | Verdict::OLE => "RTE",
        Verdict::CE => "CE",
        Verdict::JE => "JE",
        Verdict::SK => "SK",
    }
}

/// The verdicts a submissions folder permits.
fn expected_of(dir: &str) -> Option<&'static [&'static str]> {
    Some(match dir {
        "accepted" => &["AC"],
        "wrong_answer" => &["WA"],
        "time_limit_exceeded" => &["TLE"],
        "run_time_error" => &["RTE"],
        "rejected" | "brute_force" => &["WA", "TLE", "RTE"],
        _ => return None,
    })
}

/// One jury submission.
struct Submission {
    file: PathBuf,
    /// The folder name (`accepted`, ...).
    folder: String,
    expected: &'static [&'static str],
}

fn submissions(dir: &Path) -> (Vec<Submission>, Vec<String>) {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    let mut folders: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    for f in folders {
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(expected) = expected_of(&name) else {
            notes.push(format!(
                "submissions/{name}/ is not a verdict folder of the format: skipped"
            ));
            continue;
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(&f)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for file in files {
            out.push(Submission {
                file,
                folder: name.clone(),
                expected,
            });
        }
    }
    (out, notes)
}

/// Why a submission cannot be run here (a skip, never a verdict).
fn unavailable(file: &Path) -> std::result::Result<(), String> {
    if file.is_dir() {
        return Err("multi-file submission (a folder): not supported yet".into());
    }
    let ext = file
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    if ext == "py" {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        if is_python2(&text) {
            return Err("Python 2: language not available (Python 3 runs here)".into());
        }
    }
    Ok(())
}

/// Python 2 sources: a `python2` shebang, or a `print` statement.
pub fn is_python2(text: &str) -> bool {
    let first = text.lines().next().unwrap_or("");
    if first.starts_with("#!") && first.contains("python2") {
        return true;
    }
    let print_stmt = regex::Regex::new(r#"(?m)^\s*print\s+[^\s(=]"#).expect("valid regex");
    print_stmt.is_match(text)
}

/// The language of a jury submission, or why it cannot run here.
fn language<'t>(file: &Path, table: &'t Table) -> std::result::Result<&'t Language, String> {
    unavailable(file)?;
    let ext = file
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_else(|| "no extension".into());
    let lang = table
        .detect(file, None)
        .map_err(|_| format!("language not available ({ext})"))?;
    lang::toolchain(lang).map_err(|e| format!("language not available: {}", e.message))?;
    Ok(lang)
}

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

/// The slowest test's CPU time of a report.
fn slowest(report: &judge::Report) -> Duration {
    report
        .tests
        .iter()
        .map(|t| t.time)
        .max()
        .unwrap_or_default()
}

/// Infers the time limit of a package that gives none, the way the format says: the smallest
/// multiple of `time_resolution` at least the slowest accepted submission × `ac_to_time_limit`.
/// Returns the description of the inference.
pub fn infer_time_limit(problem: &mut Problem, table: &Table, jobs: usize) -> Result<String> {
    let Some(pkg) = problem.package.clone() else {
        return Ok(String::new());
    };
    if pkg.time_limit_source.is_some() {
        return Ok(String::new());
    }
    let (subs, _) = submissions(&pkg.submissions);
    let accepted: Vec<&Submission> = subs.iter().filter(|s| s.folder == "accepted").collect();
    // Time the accepted submissions under a generous probe limit.
    let mut probe = problem.clone();
    problem::kattis::set_time_limit(&mut probe, Duration::from_secs(10), "probe".into());
    let info = SandboxInfo::probe();
    let options = RunOptions {
        jobs: 1.max(jobs.min(2)),
        fail_fast: true,
        filter: None,
        no_cache: false,
    };
    let mut worst = Duration::ZERO;
    let mut timed = 0;
    for s in accepted {
        let Ok(lang) = language(&s.file, table) else {
            continue;
        };
        let report = judge::grade(&probe, &s.file, lang, table, &options, &info, &mut Silent)?;
        if report.verdict == Verdict::AC {
            timed += 1;
            worst = worst.max(slowest(&report));
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
    problem::kattis::set_time_limit(
        problem,
        Duration::from_secs_f64(limit),
        format!("inferred from {timed} accepted submission(s)"),
    );
    Ok(text)
}

pub fn run(cli: &Cli, args: &VerifyArgs) -> Result<u8> {
    let dir = problem::resolve(&args.problem, cli.problems.as_deref())?;
    let mut problem = problem::load(&dir)?;
    let Some(pkg) = problem.package.clone() else {
        return Err(Error::usage(format!(
            "`{}` is not an ICPC/Kattis package (no problem.yaml); `grader check` verifies problem.toml problems",
            dir.display()
        )));
    };
    let table = Table::load()?;
    let jobs = args.jobs.unwrap_or_else(default_jobs);
    let inferred = infer_time_limit(&mut problem, &table, jobs)?;
    outln!("{} · {}", problem.id, problem.title);
    for n in &pkg.notes {
        outln!("note: {n}");
    }
    if inferred.is_empty() {
        outln!(
            "time limit {} s ({})",
            problem.limits.time.as_secs_f64(),
            pkg.time_limit_source.as_deref().unwrap_or("given")
        );
    } else {
        outln!("{inferred}");
    }
    let (subs, notes) = submissions(&pkg.submissions);
    for n in notes {
        outln!("note: {n}");
    }
    if subs.is_empty() {
        return Err(Error::usage(format!(
            "`{}` has no submissions under submissions/<verdict>/",
            dir.display()
        )));
    }
    let info = SandboxInfo::probe();
    let options = RunOptions {
        jobs,
        // The first failure decides, as a jury's judging does.
        fail_fast: true,
        filter: None,
        no_cache: false,
    };
    let tl = problem.limits.time;
    let (mut agreed, mut judged, mut skipped) = (0, 0, 0);
    outln!(
        "{:<8} {:<8} {:<5} {:>7}  submission",
        "expected",
        "obtained",
        "",
        "time"
    );
    for s in &subs {
        let shown = s
            .file
            .strip_prefix(&pkg.submissions)
            .unwrap_or(&s.file)
            .display()
            .to_string();
        let expected = s.expected.join("|");
        let lang = match language(&s.file, &table) {
            Ok(l) => l,
            Err(why) => {
                skipped += 1;
                outln!(
                    "{expected:<8} {:<8} {:<5} {:>7}  {shown}: {why}",
                    "-",
                    "skip",
                    ""
                );
                continue;
            }
        };
        let report = judge::grade(
            &problem,
            &s.file,
            lang,
            &table,
            &options,
            &info,
            &mut Silent,
        )?;
        let got = class(report.verdict);
        let ok = s.expected.contains(&got);
        judged += 1;
        if ok {
            agreed += 1;
        }
        let time = slowest(&report);
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
        if reads_clock(&s.file) {
            marks.push("machine-dependent: reads the clock".to_string());
        }
        if !ok {
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
        outln!(
            "{expected:<8} {got:<8} {:<5} {:>6.2}s  {shown}{}",
            if ok { "ok" } else { "DIFF" },
            time.as_secs_f64(),
            if marks.is_empty() {
                String::new()
            } else {
                format!("  ({})", marks.join("; "))
            }
        );
    }
    let pct = if judged == 0 {
        100.0
    } else {
        100.0 * f64::from(agreed) / f64::from(judged)
    };
    outln!(
        "agreement {agreed}/{judged} ({pct:.0} %){}",
        if skipped > 0 {
            format!(", {skipped} skipped (language not available here)")
        } else {
            String::new()
        }
    );
    Ok(if agreed == judged {
        crate::exit::ACCEPTED
    } else {
        crate::exit::NOT_ACCEPTED
    })
}

fn excerpt_line(m: &str) -> String {
    let line = m.lines().next().unwrap_or("");
    line.chars().take(100).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python2_is_told_from_python3() {
        assert!(is_python2("#!/usr/bin/env python2\nprint(1)\n"));
        assert!(is_python2(
            "import sys\nfor l in sys.stdin:\n    print abs(1)\n"
        ));
        assert!(!is_python2("#!/usr/bin/env python3\nprint(abs(1))\n"));
        assert!(!is_python2("print = 3\nprint (4)\n"));
    }

    #[test]
    fn verdict_classes() {
        assert_eq!(class(Verdict::MLE), "RTE");
        assert_eq!(class(Verdict::OLE), "RTE");
        assert_eq!(expected_of("rejected"), Some(&["WA", "TLE", "RTE"][..]));
        assert_eq!(expected_of("slow_accepted"), None);
    }
}
