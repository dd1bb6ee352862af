//! `grader run PROBLEM FILE`: grade one submission and report.

use crate::cli::{Cli, Format, RunArgs, default_jobs};
use crate::error::Result;
use crate::exit;
use crate::judge::{self, Reporter, RunOptions, Verdict};
use crate::lang::Table;
use crate::problem;
use crate::report::{Final, Human, Json, Machine};
use crate::sandbox::SandboxInfo;

pub fn run(cli: &Cli, args: &RunArgs) -> Result<u8> {
    let dir = problem::resolve(&args.problem, cli.problems.as_deref())?;
    let mut problem = problem::load_with(&dir, args.tests_from.as_deref())?;
    if args.expect_spec_sha256.is_some() {
        let sha = problem::spec_sha256_with(&dir, args.tests_from.as_deref())?;
        problem::expect_sha256(&problem.id, &sha, args.expect_spec_sha256.as_deref())?;
    }
    let table = Table::load()?;
    if !args.file.exists() {
        return Err(crate::error::Error::usage(format!(
            "cannot read submission `{}`: no such file",
            args.file.display()
        )));
    }
    // A package's multi-file submission (a folder): its main file, the others beside it.
    let (file, files) = if args.file.is_dir() && problem.package.is_some() {
        let ready = super::verify::prepare(&args.file, &table, args.python)
            .map_err(crate::error::Error::usage)?;
        (ready.main, ready.files)
    } else {
        (args.file.clone(), Vec::new())
    };
    let lang = table.detect(&file, args.lang.as_deref());
    if problem.package.is_some() {
        // Jury submissions come in every language: say plainly which cannot run here.
        let ext = file
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy()))
            .unwrap_or_else(|| "no extension".into());
        let python2 = lang.as_ref().is_ok_and(|l| l.id == "python3")
            && super::verify::is_python2(&std::fs::read_to_string(&file).unwrap_or_default());
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
    let mut lang = lang?;
    if problem.package.is_some() && args.lang.is_none() {
        lang = super::verify::python_for(lang, &table, args.python)
            .map_err(crate::error::Error::usage)?;
    } else if args.python == crate::cli::PythonChoice::Pypy && lang.id == "python3" {
        lang = table.get("pypy3")?;
    }
    if problem
        .package
        .as_ref()
        .is_some_and(|p| p.time_limit_source.is_none())
    {
        let how = super::verify::infer_time_limit(
            &mut problem,
            &table,
            args.jobs.unwrap_or_else(default_jobs),
            args.python,
        )?;
        eprintln!("note: {how}");
    }
    let options = RunOptions {
        jobs: args.jobs.unwrap_or_else(default_jobs),
        fail_fast: args.fail_fast,
        filter: args.tests.clone(),
        no_cache: args.no_cache,
        engine: args.engine.map(crate::cli::EngineChoice::engine),
        files,
    };
    let info = SandboxInfo::probe();
    let stdout = std::io::stdout();
    let mut reporter: Box<dyn Reporter> = match args.format {
        Format::Human => {
            let mut h = Human::new(stdout.lock());
            h.verbose = args.verbose;
            Box::new(h)
        }
        Format::Json => Box::new(Json::new(stdout.lock())),
        Format::Junit => Box::new(Final {
            format: Machine::Junit,
        }),
        Format::Tap => Box::new(Final {
            format: Machine::Tap,
        }),
        Format::Github => Box::new(Final {
            format: Machine::Github,
        }),
        Format::Gradescope => Box::new(Final {
            format: Machine::Gradescope,
        }),
        Format::Exercism => Box::new(Final {
            format: Machine::Exercism,
        }),
    };
    let report = judge::grade(
        &problem,
        &file,
        lang,
        &table,
        &options,
        &info,
        reporter.as_mut(),
    )?;
    Ok(exit_code(report.verdict))
}

/// The exit code for an overall verdict.
pub fn exit_code(v: Verdict) -> u8 {
    match v {
        Verdict::AC => exit::ACCEPTED,
        Verdict::JE => exit::JUDGE_ERROR,
        _ => exit::NOT_ACCEPTED,
    }
}
