//! `grader run PROBLEM FILE`: grade one submission and report. FILE is the user's own choice and
//! may be anywhere, but only a regular text file is graded.

use super::options::{self, PythonChoice};
use crate::batch::contain::{MAX_SOURCE, nul_at};
use crate::error::{Error, Result};
use crate::exit;
use crate::judge::{self, RunOptions, Verdict};
use crate::lang::Table;
use crate::problem;
use crate::report::RunReporter;
use crate::sandbox::SandboxInfo;
use std::io::Read;
use std::path::Path;

pub fn run(args: &options::Run) -> Result<u8> {
    Ok(exit_code(grade(args)?.verdict))
}

/// Grades the submission as `run` does, printing its report; gives the report.
pub fn grade(args: &options::Run) -> Result<judge::Report> {
    let dir = problem::resolve(&args.problem, args.problems.as_deref())?;
    let mut problem = crate::package::load(&dir, args.tests_from.as_deref())?;
    if args.expect_spec_sha256.is_some() {
        let sha = problem::spec_sha256_with(&dir, args.tests_from.as_deref())?;
        problem::expect_sha256(&problem.id, &sha, args.expect_spec_sha256.as_deref())?;
    }
    let table = Table::load()?;
    check_submission(&args.file)?;
    if args.file.is_dir() && problem.package.is_none() {
        return Err(a_folder(&args.file, &table));
    }
    // A package's submission as `verify` grades it: a folder's main file with the others
    // beside it, and the package's included files and constants. A single file that cannot be
    // prepared gets the plainer messages below.
    let prepared = problem.package.as_ref().map(|_| {
        let of = crate::package::kattis::Of::problem(&problem);
        crate::package::kattis::prepare_in(of, &args.file, None, &table, args.python)
    });
    let (file, files) = match &prepared {
        Some(Ok(ready)) => (ready.main.clone(), ready.files.clone()),
        Some(Err(why)) if args.file.is_dir() => {
            return Err(crate::error::Error::usage(why.clone()));
        }
        _ => (args.file.clone(), Vec::new()),
    };
    let lang = table.detect(&file, args.lang.as_deref());
    if problem.package.is_some() {
        // Jury submissions come in every language: say plainly which cannot run here.
        let ext = file
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy()))
            .unwrap_or_else(|| "no extension".into());
        let python2 = lang.as_ref().is_ok_and(|l| l.id == "python3")
            && crate::lang::is_python2(
                &file,
                Some(&std::fs::read_to_string(&file).unwrap_or_default()),
            );
        if python2 {
            return Err(crate::error::Error::usage(format!(
                "language not available: `{}` is Python 2 (a python2 shebang or a print statement); only Python 3 runs here",
                file.display()
            )));
        }
        if let Err(e) = &lang {
            return Err(crate::error::Error::usage(format!(
                "language not available ({ext}): {}",
                e.message
            )));
        }
    }
    let lang = python_rule(&problem, lang?, &table, args.python, args.lang.is_some())?;
    if problem
        .package
        .as_ref()
        .is_some_and(|p| p.time_limit_source.is_none())
    {
        let how =
            crate::package::kattis::infer_time_limit(&mut problem, &table, args.jobs, args.python)?;
        eprintln!("note: {how}");
    }
    let options = RunOptions {
        jobs: args.jobs,
        fail_fast: args.fail_fast,
        all: args.all,
        slow: args.slow,
        filter: args.tests.clone(),
        no_cache: args.no_cache,
        engine: args.engine,
        files,
    };
    let lang_id = lang.id.clone();
    let info = SandboxInfo::probe();
    // One pool for the problem's own code (checked first) and the answer's tests.
    let pool = crate::sandbox::Helpers::new(&info);
    crate::kinds::check_problem(&problem, &table, &pool)?;
    let mut reporter =
        RunReporter::new(args.outputs.clone(), std::io::stdout().lock(), args.verbose);
    let submission = judge::Submission {
        file: &file,
        lang,
        toolchain: None,
        expected: judge::Expected::Tests,
    };
    let report = judge::grade_in(&pool, &problem, submission, &table, &options, &mut reporter)?;
    reporter.finish()?;
    if args.outputs.stdout == crate::report::Format::Human {
        let graded = Graded {
            args,
            problem: &problem,
            file: &file,
            lang,
            report: &report,
            table: &table,
            info: &info,
        };
        hidden_failure_hint(graded);
        timeout_hint(graded);
    }
    learner_loop(args, &problem, &file, &lang_id, &report);
    Ok(report)
}

/// The language a file detected as `lang` runs as under `--python` (`run` and `check` alike): a
/// package's Python file is PyPy or CPython as `python` says (unless `--lang` named it,
/// `lang_given`); a problem.toml problem's is CPython unless `--python pypy`.
pub(super) fn python_rule<'t>(
    problem: &problem::Problem,
    lang: &'t crate::lang::Language,
    table: &'t Table,
    python: PythonChoice,
    lang_given: bool,
) -> Result<&'t crate::lang::Language> {
    if problem.package.is_some() && !lang_given {
        crate::package::kattis::python_for(lang, table, python).map_err(Error::usage)
    } else if python == PythonChoice::Pypy && lang.id == "python3" {
        table.get("pypy3")
    } else {
        Ok(lang)
    }
}

/// A graded run, as the hints a human report ends with read it.
#[derive(Clone, Copy)]
struct Graded<'a> {
    args: &'a options::Run,
    problem: &'a problem::Problem,
    file: &'a Path,
    lang: &'a crate::lang::Language,
    report: &'a judge::Report,
    table: &'a Table,
    info: &'a SandboxInfo,
}

/// The line a human report of a TLE ends with, when the problem has a generator: how the
/// answer's time grows, from a quick look at the answer alone ([`QUICK_GROWTH`]), or (`--growth`)
/// against the reference. An answer that timed out on every test it ran, the smallest included,
/// is not measured: its time does not grow, it does not end.
fn timeout_hint(g: Graded) {
    let timed_out = g.report.tests.iter().any(|t| t.verdict == Verdict::TLE);
    if !timed_out || g.problem.generator.is_none() || g.problem.package.is_some() {
        return;
    }
    let command = format!(
        "`grader growth {} {}`",
        g.args.problem,
        g.args.file.display()
    );
    let ended = g
        .report
        .tests
        .iter()
        .any(|t| !matches!(t.verdict, Verdict::TLE | Verdict::SK));
    if !ended && !g.args.growth {
        crate::outln!(
            "it timed out on every test it ran, the smallest included: look for a loop that never \
             ends ({command} measures how its time grows)"
        );
        return;
    }
    let options = crate::growth::Options {
        seed: 1,
        reps: 3,
        budget: match g.args.growth {
            true => std::time::Duration::from_secs(20),
            false => QUICK_GROWTH,
        },
        reference: g.args.growth,
    };
    let answer = crate::stress::AnswerFile {
        file: g.file,
        lang: g.lang,
    };
    // The run's verdict stands whatever happens to the measurement.
    match crate::growth::growth(g.problem, answer, g.table, g.info, &options) {
        Ok(grown) if g.args.growth => crate::outln!("{}", crate::growth::summary(&grown)),
        Ok(grown) => crate::outln!(
            "{} (a quick look; {command} measures it against the reference)",
            crate::growth::summary(&grown)
        ),
        Err(e) => crate::outln!("measuring how its time grows failed: {e}"),
    }
}

/// The time a TLE's quick look at how the answer's time grows may take (the answer alone).
const QUICK_GROWTH: std::time::Duration = std::time::Duration::from_secs(3);

/// The search a human report of WA or RE on a hidden test ends with, when the problem has a
/// generator: the command to run, or (`--stress`) its result. It never fails the run: a search
/// that fails is said in a line, and the run's verdict stands.
fn hidden_failure_hint(g: Graded) {
    let hidden_failure = g.report.tests.iter().any(|t| {
        t.visibility == problem::Visibility::Hidden
            && matches!(t.verdict, Verdict::WA | Verdict::RE)
    });
    if !hidden_failure || g.problem.generator.is_none() || g.problem.package.is_some() {
        return;
    }
    if !g.args.stress {
        crate::outln!(
            "a smaller failing input: run `grader stress {} {}`",
            g.args.problem,
            g.args.file.display()
        );
        return;
    }
    crate::outln!("\nsearching for a smaller failing input (grader stress)...");
    let options = crate::stress::Options {
        seed: 1,
        count: 1000,
        time: std::time::Duration::from_secs(3),
        shrink_time: std::time::Duration::from_secs(3),
        max_size: None,
    };
    let answer = crate::stress::AnswerFile {
        file: g.file,
        lang: g.lang,
    };
    let quiet = &mut crate::stress::Quiet;
    // The run's verdict stands whatever happens to the search.
    let (reference, outcome) =
        match crate::stress::stress(g.problem, answer, g.table, g.info, &options, quiet) {
            Ok(found) => found,
            Err(e) => {
                crate::outln!("the search failed: {e}");
                return;
            }
        };
    let shown = super::stress::Shown {
        problem: g.problem,
        file: g.file,
        reference: &reference,
    };
    super::stress::print_human(&shown, &outcome);
}

/// After a graded run: add it to the learner's history, and end a failing human report with
/// the way to a hint. Neither ever changes the run's result. A judge error graded nothing (it is
/// never charged to the candidate), so it is neither an attempt nor a reason for a hint.
fn learner_loop(
    args: &options::Run,
    problem: &problem::Problem,
    file: &Path,
    lang: &str,
    report: &judge::Report,
) {
    if report.verdict == Verdict::JE {
        return;
    }
    let entry = crate::state::history::Entry {
        time: crate::state::history::now(),
        problem: problem.id.clone(),
        file_sha256: crate::state::history::file_sha256(file),
        lang: lang.to_string(),
        score: report.score,
        max: report.max_score,
        verdict: report.verdict.to_string(),
        wall_s: report.wall.as_secs_f64(),
        tests: args.tests.clone(),
    };
    crate::state::history::record(&crate::state::dir(), &entry);
    if report.verdict != Verdict::AC
        && args.outputs.stdout == crate::report::Format::Human
        && let Some(line) = super::hint::stuck_line(problem, &args.problem)
    {
        crate::outln!("\n{line}");
    }
}

/// The user's own file, which may be anywhere: a symlink is named with what it resolves to (a
/// path, never its content); a FIFO, a device or a binary file is refused before anything reads
/// or quotes it (a compiler would quote a binary's bytes as its error).
pub(super) fn check_submission(file: &Path) -> Result<()> {
    use std::os::unix::fs::FileTypeExt;
    let shown = file.display();
    let meta = std::fs::metadata(file).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            _ => e.to_string(),
        };
        Error::usage(format!("cannot read submission `{shown}`: {why}"))
    })?;
    if std::fs::symlink_metadata(file).is_ok_and(|m| m.file_type().is_symlink())
        && let Ok(target) = std::fs::canonicalize(file)
    {
        eprintln!("note: `{shown}` is a symlink to `{}`", target.display());
    }
    let ft = meta.file_type();
    if ft.is_dir() {
        return Ok(());
    }
    if !ft.is_file() {
        let what = if ft.is_fifo() {
            "a FIFO"
        } else if ft.is_socket() {
            "a socket"
        } else {
            "a device"
        };
        return Err(Error::usage(format!(
            "`{shown}` is not a regular file ({what}); give the candidate's source file"
        )));
    }
    let mut head = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(MAX_SOURCE + 1).read_to_end(&mut head))
        .map_err(|e| Error::usage(format!("cannot read submission `{shown}`: {e}")))?;
    if let Some(at) = nul_at(&head) {
        return Err(Error::usage(format!(
            "`{shown}` is not a text file (a NUL byte at offset {at}); give the candidate's source file"
        )));
    }
    Ok(())
}

/// A folder given as FILE to a problem that takes one file: say so, with the source files it
/// holds.
fn a_folder(dir: &Path, table: &Table) -> Error {
    let mut sources: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_file() && table.detect(&e.path(), None).is_ok())
        .map(|e| format!("`{}`", e.path().display()))
        .collect();
    sources.sort();
    let holds = match sources.len() {
        0 => String::new(),
        1..=3 => format!(" (it holds {})", sources.join(", ")),
        n => format!(" (it holds {} and {} more)", sources[..3].join(", "), n - 3),
    };
    Error::usage(format!(
        "`{}` is a folder, not a file; give the candidate's source file{holds}",
        dir.display()
    ))
}

/// The exit code for an overall verdict.
pub fn exit_code(v: Verdict) -> u8 {
    match v {
        Verdict::AC => exit::ACCEPTED,
        Verdict::JE => exit::JUDGE_ERROR,
        _ => exit::NOT_ACCEPTED,
    }
}
