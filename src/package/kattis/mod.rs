//! ICPC/Kattis problem packages: `read` turns a `problem.yaml` package into the model and
//! `scoring` maps a scoring package's groups onto the grader's; `submissions` finds the jury
//! submissions and readies one to run, `expect` says what each must get; `timelimit` infers a
//! time limit the package does not give; `verify` judges the jury submissions against the jury; `import` writes a package as a
//! `problem.toml` problem and `export` a `problem.toml` problem as a package.

mod expect;
mod export;
mod import;
mod include;
mod read;
mod scoring;
mod submissions;
mod timelimit;
mod verify;

pub use export::{Exported, export, exportable};
pub use import::{Imported, import};
pub use read::load;
pub use submissions::{
    Of, PythonChoice, Ready, Submission, jury_submissions, prepare, prepare_in, python_for,
    runnable,
};
pub use timelimit::{infer_time_limit, set_time_limit};
pub use verify::{Judged, Row, Tally, Watch, verify};
