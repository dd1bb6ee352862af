//! Problem packages of other formats, read into the grader's model and worked with as a whole:
//! `kattis` (ICPC/Kattis `problem.yaml` packages: read, scoring, jury submissions and what they
//! must get, time-limit inference, `verify`, `import`, `export`). Sits above `judge` (it grades
//! jury submissions) and below `commands`; the `problem` layer only recognises a package folder.

pub mod kattis;

use crate::error::Result;
use crate::problem::{self, Problem};
use std::path::Path;

/// Loads the problem in `dir`: an ICPC/Kattis package (`problem.yaml` and no `problem.toml`)
/// read as it is, else a `problem.toml` problem with the private tests of `tests_from`
/// (`--tests-from`; a package takes none).
pub fn load(dir: &Path, tests_from: Option<&Path>) -> Result<Problem> {
    if problem::is_package(dir) {
        return kattis::load(dir);
    }
    problem::load_with(dir, tests_from)
}
