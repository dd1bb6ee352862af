//! ICPC/Kattis problem packages: `read` turns a `problem.yaml` package into the model and
//! `scoring` maps a scoring package's groups onto the grader's.

mod read;
mod scoring;

pub use read::{load, set_time_limit};
