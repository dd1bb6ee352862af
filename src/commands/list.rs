//! `grader list`: the problems under the problems folder, one line each. A `problem.toml`
//! problem is read light (`problem::summary`: the spec and the names of its test files, not
//! the tests); an ICPC/Kattis package is loaded in full.

use super::options;
use crate::error::Result;
use crate::problem::{self, Summary};
use colored::Colorize;
use std::path::Path;

pub fn run(args: &options::List) -> Result<u8> {
    let root = problem::problems_root(args.problems.as_deref())?;
    let ids = problem::list_ids(&root);
    if ids.is_empty() {
        crate::outln!("no problems in `{}`", root.display());
        return Ok(crate::exit::ACCEPTED);
    }
    let mut invalid = false;
    for id in ids {
        match problem::problem_dir(&root, &id).and_then(|dir| summary(&dir)) {
            Ok(p) => {
                let difficulty = p
                    .difficulty
                    .map(|d| format!("{d:?}").to_lowercase())
                    .unwrap_or_default();
                let kind = format!("{:?}", p.kind).to_lowercase();
                crate::outln!(
                    "{:<28} {:<9} {:<7} {:>4} tests  {}",
                    id.bold(),
                    kind,
                    difficulty,
                    p.tests,
                    p.title
                );
            }
            Err(e) => {
                invalid = true;
                crate::outln!("{:<28} {} {e}", id.bold(), "invalid:".red());
            }
        }
    }
    Ok(if invalid {
        crate::exit::USAGE
    } else {
        crate::exit::ACCEPTED
    })
}

/// What the list shows of the problem in `dir`.
fn summary(dir: &Path) -> Result<Summary> {
    if problem::is_package(dir) {
        return crate::package::load(dir, None).map(|p| Summary::of(&p));
    }
    problem::summary(dir)
}
