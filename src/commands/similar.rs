//! `grader similar DIR`: reads the submissions of a class (as `batch` finds them, inside the
//! folder), the code every student got (a problem's starters, `--base` files), compares them
//! (`crate::similar`) and prints the pairs most similar first. Also what `batch --similarity`
//! calls. Exit 0 whatever it finds; 2 on bad usage.

use super::options;
use crate::batch::{self, Class, Submission};
use crate::error::{Error, Result};
use crate::similar::{self, Input, Report, Skipped};
use std::path::{Path, PathBuf};

pub fn run(args: &options::Similar) -> Result<u8> {
    let table = crate::lang::Table::load()?;
    let (class, subs) = batch::discover(&args.source, &table)?;
    let mut base = Vec::new();
    if let Some(name) = &args.problem {
        let dir = crate::problem::resolve(name, args.problems.as_deref())?;
        let problem = crate::package::load(&dir, None)?;
        base.extend(starters(&problem.dir, &problem.id)?);
    }
    for file in &args.base {
        let bytes = std::fs::read(file).map_err(|e| {
            Error::usage(format!(
                "cannot read the base file `{}`: {e}; give a file every student got",
                file.display()
            ))
        })?;
        base.push(Input {
            path: file.display().to_string(),
            bytes,
        });
    }
    let report = compare(&class, &subs, &base, &args.options).0;
    if args.json {
        crate::outln!("{}", similar::render::json(&report, args.top));
    } else {
        crate::outln!("{}", similar::render::human(&report, args.top).trim_end());
    }
    Ok(crate::exit::ACCEPTED)
}

/// The starters of problem `id` in `dir`: `solutions-template/<id>/` beside the problems
/// folder, read inside the repository; none when there is no such folder.
pub fn starters(dir: &Path, id: &str) -> Result<Vec<Input>> {
    let Some(repo) = dir.parent().and_then(Path::parent) else {
        return Ok(Vec::new());
    };
    let files =
        crate::problem::inside::files_in(repo, &format!("solutions-template/{id}"), "repository")?;
    files
        .into_iter()
        .filter(|f| similar::tokens::Grammar::of(f).is_some())
        .map(|f: PathBuf| {
            let bytes = std::fs::read(&f).map_err(|e| {
                Error::judge(format!("cannot read the starter `{}`: {e}", f.display()))
            })?;
            Ok(Input {
                path: f.display().to_string(),
                bytes,
            })
        })
        .collect()
}

/// Compares the submissions of `class` (a submission that cannot be read is skipped with its
/// reason) and returns the report with the files read.
pub fn compare(
    class: &Class,
    subs: &[Submission],
    base: &[Input],
    options: &similar::Options,
) -> (Report, Vec<Input>) {
    let mut inputs = Vec::new();
    let mut skipped = Vec::new();
    for s in subs {
        let shown = |f: &Path| class.base.join(f).display().to_string();
        match (&s.file, &s.error) {
            (Some(f), None) => match class.read(f) {
                Ok(bytes) => inputs.push(Input {
                    path: shown(f),
                    bytes,
                }),
                Err(e) => skipped.push(Skipped {
                    path: shown(f),
                    reason: e.why,
                }),
            },
            (file, error) => skipped.push(Skipped {
                path: file.as_deref().map_or_else(|| s.student.clone(), shown),
                reason: error.clone().unwrap_or_else(|| "no file".into()),
            }),
        }
    }
    let mut report = similar::compare(&inputs, base, options);
    skipped.append(&mut report.skipped);
    report.skipped = skipped;
    (report, inputs)
}
