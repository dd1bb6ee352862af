//! Problems: the `problem.toml` wire format (`spec`), the validated model (`model`), loading and
//! discovery (`load`), units and function value types, and the comparison settings as data
//! (`compare_spec`, `sql_options`). A leaf above `lang`: it imports no judging code.

pub mod compare_spec;
mod digest;
mod discover;
pub mod inside;
mod load;
#[cfg(test)]
mod load_fuzz;
mod model;
pub mod spec;
pub mod sql_options;
pub mod types;
/// The units of `problem.toml` live below every layer (the language table uses them too).
pub use crate::units;
pub mod visible;

pub use digest::{expect_sha256, sha256_hex, spec_sha256, spec_sha256_with};
pub(crate) use load::check_plain;
pub use load::{
    PACKAGE_FILE, SPEC_FILE, STATEMENT_FILE, Summary, did_you_mean, is_package, is_problem_dir,
    list_ids, load, load_with, problem_dir, problems_root, resolve, shows_data, summary,
};
pub use model::*;
pub use spec::{Kind, Visibility};
