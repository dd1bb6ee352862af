//! What each command is given: its options, already resolved from the command line by `cli`
//! (defaults filled in, clap's value enums turned into the types below the commands). As
//! ripgrep's high-level args, these know nothing of clap, so `commands` imports nothing from
//! `cli`.

use crate::judge::sql::Engine;
use crate::report::Outputs;
use std::path::PathBuf;

/// Which Python runs `.py` submissions of ICPC/Kattis packages.
pub use crate::package::kattis::PythonChoice;

/// `grader run PROBLEM FILE`.
#[derive(Debug, Clone)]
pub struct Run {
    /// The problems folder (`--problems`), when given.
    pub problems: Option<PathBuf>,
    pub problem: String,
    pub file: PathBuf,
    pub lang: Option<String>,
    pub jobs: usize,
    pub fail_fast: bool,
    /// `--all`: every test to its limit (no quick rule).
    pub all: bool,
    /// `--slow`: the tests marked slow run too.
    pub slow: bool,
    pub tests: Option<String>,
    /// `--format` and the report files.
    pub outputs: Outputs,
    pub no_cache: bool,
    pub verbose: bool,
    pub engine: Option<Engine>,
    pub tests_from: Option<PathBuf>,
    pub expect_spec_sha256: Option<String>,
    pub python: PythonChoice,
    /// `--stress`: on WA or RE on a hidden test, search for a small failing input at once.
    pub stress: bool,
    /// `--growth`: on TLE, measure how the answer's time grows at once.
    pub growth: bool,
}

/// `grader stress PROBLEM FILE`.
#[derive(Debug, Clone)]
pub struct Stress {
    pub problems: Option<PathBuf>,
    pub problem: String,
    pub file: PathBuf,
    pub lang: Option<String>,
    /// Human or JSON.
    pub format: crate::report::Format,
    pub search: crate::stress::Options,
}

/// `grader growth PROBLEM FILE`.
#[derive(Debug, Clone)]
pub struct Growth {
    pub problems: Option<PathBuf>,
    pub problem: String,
    pub file: PathBuf,
    pub lang: Option<String>,
    /// Human or JSON.
    pub format: crate::report::Format,
    pub measure: crate::growth::Options,
}

/// `grader list`.
#[derive(Debug, Clone)]
pub struct List {
    pub problems: Option<PathBuf>,
}

/// `grader show PROBLEM`.
#[derive(Debug, Clone)]
pub struct Show {
    pub problems: Option<PathBuf>,
    pub problem: String,
}

/// `grader check [PROBLEM...]`.
#[derive(Debug, Clone)]
pub struct Check {
    pub problems: Option<PathBuf>,
    pub ids: Vec<String>,
    pub jobs: usize,
    pub engine: Option<Engine>,
    /// `--slow`: the tests marked slow run too.
    pub slow: bool,
    pub outputs: Outputs,
    /// `--python`: the Python of `.py` files, as for `run` and `verify`.
    pub python: PythonChoice,
}

/// `grader batch PROBLEM DIR`.
#[derive(Debug, Clone)]
pub struct Batch {
    pub problems: Option<PathBuf>,
    pub problem: String,
    pub source: PathBuf,
    pub out: Option<PathBuf>,
    pub jobs: usize,
    pub lang: Option<String>,
    pub tests: Option<String>,
    pub no_cache: bool,
    pub outputs: Outputs,
    /// Part I of N: `(I, N)`.
    pub shard: Option<(usize, usize)>,
    pub tests_from: Option<PathBuf>,
    pub expect_spec_sha256: Option<String>,
    /// `--similarity`: also compare the submissions with each other.
    pub similarity: bool,
    /// `--roster FILE`: the class's students.
    pub roster: Option<PathBuf>,
    /// `--roster-columns`: which roster column holds each field.
    pub roster_columns: crate::batch::roster::Columns,
    /// `--lms canvas|moodle` with `--assignment` and `--points`.
    pub lms: Option<crate::batch::lms::Export>,
}

/// `grader similar DIR`.
#[derive(Debug, Clone)]
pub struct Similar {
    pub problems: Option<PathBuf>,
    pub source: PathBuf,
    /// `--problem`: its starters are cut out.
    pub problem: Option<String>,
    /// `--base FILE...`: code every student got.
    pub base: Vec<PathBuf>,
    pub options: crate::similar::Options,
    /// Pairs shown (`--top`).
    pub top: usize,
    pub json: bool,
}

/// `grader merge -o OUT SHARD_DIR...`.
#[derive(Debug, Clone)]
pub struct Merge {
    pub out: PathBuf,
    pub shards: Vec<PathBuf>,
    pub outputs: Outputs,
    /// `--lms canvas|moodle` with `--assignment` and `--points` (the shards' roster).
    pub lms: Option<crate::batch::lms::Export>,
}

/// `grader verify PKG`.
#[derive(Debug, Clone)]
pub struct Verify {
    pub problems: Option<PathBuf>,
    pub problem: String,
    pub jobs: usize,
    pub python: PythonChoice,
    /// `--format json`: one JSON document instead of the table.
    pub json: bool,
    /// `--submissions`: judge only the jury submissions whose path matches.
    pub only: Option<String>,
}

/// `grader import PKG DIR`.
#[derive(Debug, Clone)]
pub struct Import {
    pub problems: Option<PathBuf>,
    pub package: String,
    pub dir: PathBuf,
    pub jobs: usize,
}

/// `grader import --tests FILE PROBLEM`: (input, output) pairs added as tests.
#[derive(Debug, Clone)]
pub struct ImportTests {
    pub problems: Option<PathBuf>,
    pub problem: String,
    /// A JSON or JSON Lines file of pairs, or a folder of NAME.in + NAME.out.
    pub file: PathBuf,
    /// The group folder the tests go in.
    pub group: Option<String>,
    /// The stem of the file written (default: FILE's).
    pub name: Option<String>,
}

/// `grader export --kattis PROBLEM DIR`.
#[derive(Debug, Clone)]
pub struct Export {
    pub problems: Option<PathBuf>,
    pub problem: String,
    pub dir: PathBuf,
}

/// What `grader hint` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HintAction {
    /// Show the next hint and remember it.
    Next,
    /// Show again every hint shown so far.
    All,
    /// Forget how many were shown.
    Reset,
}

/// `grader hint PROBLEM`.
#[derive(Debug, Clone)]
pub struct Hint {
    pub problems: Option<PathBuf>,
    pub problem: String,
    pub action: HintAction,
}

/// `grader status`.
#[derive(Debug, Clone)]
pub struct Status {
    pub problems: Option<PathBuf>,
    /// `--format json`.
    pub json: bool,
}

/// `grader completions SHELL`.
#[derive(Debug, Clone)]
pub struct Completions {
    pub problems: Option<PathBuf>,
    pub shell: clap_complete::Shell,
    /// The whole command line, as `cli` declares it.
    pub command: clap::Command,
}

/// `grader new ID --kind KIND [--lang ...]`.
#[derive(Debug, Clone)]
pub struct New {
    pub problems: Option<PathBuf>,
    pub id: String,
    pub kind: crate::problem::Kind,
    /// `--lang`: the languages of the reference, starter and wrong answer (none: python3).
    pub langs: Vec<String>,
}
