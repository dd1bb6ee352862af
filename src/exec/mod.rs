//! The execution layer: one test, between the answer kinds and the sandbox. It owns the job a
//! test runs as (limits scaled per language, environment, access, per-slot folders: `job`),
//! the verdict of one test from its raw outcome (`verdict`, with the measurement-vs-limit
//! evidence of `versus`), and the judged result of one test (`result`). It imports the sandbox,
//! languages, the problem model and the comparison; the kinds and the engine build on it.

mod job;
mod result;
mod verdict;
pub mod versus;

pub use job::*;
pub use result::*;
pub use verdict::*;
