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
    let problem = problem::load_with(&dir, args.tests_from.as_deref())?;
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
    let lang = table.detect(&args.file, args.lang.as_deref())?;
    let options = RunOptions {
        jobs: args.jobs.unwrap_or_else(default_jobs),
        fail_fast: args.fail_fast,
        filter: args.tests.clone(),
        no_cache: args.no_cache,
        engine: args.engine.map(crate::cli::EngineChoice::engine),
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
        &args.file,
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
