//! `grader import PKG DIR`: writes an ICPC/Kattis package as a `problem.toml` problem folder
//! (`package::kattis::import`) and says what it wrote; `grader import --tests FILE PROBLEM`
//! adds (input, output) pairs to a problem as tests (`pairs`).

mod pairs;

pub use pairs::run as tests;

use super::options;
use crate::error::{Error, Result};
use crate::package::kattis;
use crate::problem;

pub fn run(args: &options::Import) -> Result<u8> {
    let dir = problem::resolve(&args.package, args.problems.as_deref())?;
    let mut p = crate::package::load(&dir, None)?;
    if p.package.is_none() {
        return Err(Error::usage(format!(
            "`{}` is not an ICPC/Kattis package (no problem.yaml)",
            dir.display()
        )));
    }
    let out = &args.dir;
    super::ensure_new_folder(out, "import writes a new problem folder")?;
    let done = kattis::import(&mut p, &dir, out, args.jobs, &mut |n| {
        eprintln!("note: {n}")
    })?;
    crate::outln!(
        "imported `{}` into `{}`: {} tests in {} groups, {} reference(s), {} wrong answer(s) with [[expect]]{}",
        p.id,
        out.display(),
        done.tests,
        done.groups,
        done.references,
        done.wrong,
        if done.skipped > 0 {
            format!(
                ", {} submission(s) not imported (language not available)",
                done.skipped
            )
        } else {
            String::new()
        }
    );
    Ok(crate::exit::ACCEPTED)
}
