//! Problems: the `problem.toml` wire format (`spec`), the validated model (`model`), loading and
//! discovery (`load`), units and function value types.

pub mod kattis;
mod load;
mod model;
pub mod spec;
pub mod types;
pub mod units;

pub use load::{
    SPEC_FILE, did_you_mean, is_problem_dir, list_ids, load, problems_root, resolve, shows_data,
};
pub use model::*;
pub use spec::{Kind, Visibility};
