//! `grader export --kattis PROBLEM DIR`: writes a stdio `problem.toml` problem as an ICPC/Kattis
//! package (`package::kattis::export`) and says what it wrote.

use super::options;
use crate::error::Result;
use crate::package::kattis;
use crate::problem;

pub fn run(args: &options::Export) -> Result<u8> {
    let dir = problem::resolve(&args.problem, args.problems.as_deref())?;
    let p = crate::package::load(&dir, None)?;
    kattis::exportable(&p, &dir)?;
    let out = &args.dir;
    super::ensure_new_folder(out, "export writes a new package folder")?;
    let done = kattis::export(&p, &dir, out)?;
    crate::outln!(
        "exported `{}` into `{}`: {} tests, {} submission(s)",
        p.id,
        out.display(),
        p.tests.len(),
        done.submissions
    );
    for note in &done.notes {
        crate::outln!("{note}");
    }
    Ok(crate::exit::ACCEPTED)
}
