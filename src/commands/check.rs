//! `grader check [PROBLEM...]`: the problem bank's own CI. Every spec must load, every file in
//! `reference/` must be accepted, every starter in `solutions-template/<id>/` must run and not
//! be accepted, and every `[[expect]]` entry must get one of its verdicts.

use crate::cli::{CheckArgs, Cli, default_jobs};
use crate::error::{Error, Result};
use crate::exit;
use crate::judge::{self, RunOptions, Silent, Verdict};
use crate::lang::Table;
use crate::problem::{self, Problem};
use crate::report::paint;
use crate::sandbox::SandboxInfo;
use colored::Colorize;
use std::path::{Path, PathBuf};

/// What a submission must get.
enum Want {
    Accepted,
    /// Runs, but is not accepted (templates): anything but AC, CE and JE.
    NotAccepted,
    AnyOf(Vec<Verdict>),
}

impl Want {
    fn met(&self, v: Verdict) -> bool {
        match self {
            Want::Accepted => v == Verdict::AC,
            Want::NotAccepted => !matches!(v, Verdict::AC | Verdict::CE | Verdict::JE),
            Want::AnyOf(vs) => vs.contains(&v),
        }
    }
    fn text(&self) -> String {
        match self {
            Want::Accepted => "AC".into(),
            Want::NotAccepted => "not AC (a template)".into(),
            Want::AnyOf(vs) => vs.iter().map(|v| v.as_str()).collect::<Vec<_>>().join("|"),
        }
    }
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    files
}

#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
    invalid_specs: usize,
    judge_errors: usize,
}

pub fn run(cli: &Cli, args: &CheckArgs) -> Result<u8> {
    let dirs: Vec<PathBuf> = if args.ids.is_empty() {
        let root = problem::problems_root(cli.problems.as_deref())?;
        problem::list_ids(&root)
            .into_iter()
            .map(|id| root.join(id))
            .collect()
    } else {
        args.ids
            .iter()
            .map(|p| problem::resolve(p, cli.problems.as_deref()))
            .collect::<Result<_>>()?
    };
    if dirs.is_empty() {
        return Err(Error::usage("no problems to check"));
    }
    let table = Table::load()?;
    let info = SandboxInfo::probe();
    let jobs = args.jobs.unwrap_or_else(default_jobs);
    let mut tally = Tally::default();
    for dir in &dirs {
        let p = match problem::load(dir) {
            Ok(p) => p,
            Err(e) => {
                tally.invalid_specs += 1;
                crate::outln!("{} {}\n   {e}", "invalid".red().bold(), dir.display());
                continue;
            }
        };
        if p.package.is_some() {
            // An ICPC/Kattis package is checked by its jury submissions.
            match super::verify::verify(p, &table, jobs, crate::cli::PythonChoice::Auto) {
                Ok(t) => {
                    tally.passed += t.agreed as usize;
                    tally.failed += (t.judged - t.agreed) as usize;
                }
                Err(e) if e.kind == crate::error::ErrorKind::Judge => {
                    tally.judge_errors += 1;
                    crate::outln!("   {e}");
                }
                Err(e) => {
                    tally.invalid_specs += 1;
                    crate::outln!("   {e}");
                }
            }
            continue;
        }
        crate::outln!(
            "{} {} ({} tests)",
            p.id.bold(),
            p.title.dimmed(),
            p.tests.len()
        );
        for (file, lang, want) in plan(&p) {
            check_one(
                &p,
                &file,
                lang.as_deref(),
                want,
                &table,
                &info,
                jobs,
                &mut tally,
            );
        }
    }
    let summary = format!(
        "{} passed, {} failed, {} invalid spec(s), {} judge error(s)",
        tally.passed, tally.failed, tally.invalid_specs, tally.judge_errors
    );
    crate::outln!("\n{summary}");
    Ok(if tally.invalid_specs > 0 {
        exit::USAGE
    } else if tally.judge_errors > 0 {
        exit::JUDGE_ERROR
    } else if tally.failed > 0 {
        exit::NOT_ACCEPTED
    } else {
        exit::ACCEPTED
    })
}

/// The submissions to check for a problem, with what each must get.
fn plan(p: &Problem) -> Vec<(PathBuf, Option<String>, Want)> {
    let mut plan = Vec::new();
    for f in files_in(&p.dir.join("reference")) {
        plan.push((f, None, Want::Accepted));
    }
    let templates = p
        .dir
        .parent()
        .and_then(Path::parent)
        .map(|repo| repo.join("solutions-template").join(&p.id));
    if let Some(t) = templates {
        for f in files_in(&t) {
            plan.push((f, None, Want::NotAccepted));
        }
    }
    for e in &p.expect {
        let verdicts = e
            .verdicts
            .iter()
            .filter_map(|v| Verdict::parse(v))
            .collect();
        plan.push((e.file.clone(), e.lang.clone(), Want::AnyOf(verdicts)));
    }
    plan
}

#[expect(clippy::too_many_arguments, reason = "one check with its context")]
fn check_one(
    p: &Problem,
    file: &Path,
    lang: Option<&str>,
    want: Want,
    table: &Table,
    info: &SandboxInfo,
    jobs: usize,
    tally: &mut Tally,
) {
    let shown = file
        .strip_prefix(&p.dir)
        .or_else(|_| {
            file.strip_prefix(
                p.dir
                    .parent()
                    .and_then(Path::parent)
                    .unwrap_or(Path::new("/")),
            )
        })
        .unwrap_or(file)
        .display()
        .to_string();
    let lang = match table.detect(file, lang) {
        Ok(l) => l,
        Err(e) => {
            tally.failed += 1;
            crate::outln!("  {} {shown}: {e}", "FAIL".red().bold());
            return;
        }
    };
    let options = RunOptions {
        jobs,
        // Stopping at the first failure keeps the overall verdict (the first failing test in
        // order), so known-wrong answers and templates need not run every test.
        fail_fast: !matches!(want, Want::Accepted),
        filter: None,
        no_cache: false,
        files: Vec::new(),
    };
    match judge::grade(p, file, lang, table, &options, info, &mut Silent) {
        Ok(report) => {
            let got = report.verdict;
            let at = report
                .first_failure
                .as_deref()
                .map(|t| format!(" on {t}"))
                .unwrap_or_default();
            let time = format!("{:.1}s", report.wall.as_secs_f64());
            if want.met(got) {
                tally.passed += 1;
                crate::outln!(
                    "  {} {shown:<40} {}{at} {}",
                    "ok".green(),
                    paint(got),
                    time.dimmed()
                );
            } else {
                if got == Verdict::JE {
                    tally.judge_errors += 1;
                } else {
                    tally.failed += 1;
                }
                let why = report
                    .message
                    .clone()
                    .or_else(|| {
                        report
                            .tests
                            .iter()
                            .find(|t| t.verdict == got)
                            .map(|t| t.message.clone())
                    })
                    .unwrap_or_default();
                crate::outln!(
                    "  {} {shown:<40} expected {}, got {}{at}: {}",
                    "FAIL".red().bold(),
                    want.text(),
                    paint(got),
                    why.lines().next().unwrap_or("")
                );
            }
        }
        Err(e) => {
            tally.failed += 1;
            crate::outln!("  {} {shown}: {e}", "FAIL".red().bold());
        }
    }
}
