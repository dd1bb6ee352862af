//! The command line (clap types only) and the dispatch to `commands`.

use crate::commands::{self, options};
use crate::report;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

const EXIT_CODES: &str = "\
Exit codes:
  0  accepted (run), every check passed (check), or success
  1  not accepted, or a check failed
  2  bad usage: unknown option, missing file, unknown problem or language, invalid problem spec
  3  judge error: the grader, a toolchain, a checker or the sandbox failed (not the candidate's fault)";

const BATCH_EXIT_CODES: &str = "\
Exit codes:
  0  the batch completed: every submission has a result (whatever its verdict, CE and
     unusable submissions included)
  2  bad usage: unknown problem, missing folder, bad manifest, invalid problem spec
  3  judge error: some submission got JE (the grader, a toolchain or the sandbox failed; run the
     same command again to retry those), or the outputs could not be written";

const STRESS_EXIT_CODES: &str = "\
Exit codes:
  0  no failing input found (within --count and --time)
  1  a failing input was found (or the answer does not compile)
  2  bad usage or invalid problem spec (a problem without [generator], a generator that fails)
  3  judge error: the grader, a toolchain or the sandbox failed";

/// Grade answers to coding-interview questions: build once, run every test in a sandbox with
/// time, memory and output limits, compare, explain.
#[derive(Debug, Parser)]
#[command(name = "grader", version, after_help = EXIT_CODES, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The problems folder (default: the first `problems/` found from here upwards).
    #[arg(long, global = true, env = "GRADER_PROBLEMS", value_name = "DIR")]
    pub problems: Option<PathBuf>,
    /// Sandbox level: the best this host allows (auto), or exactly the layers of one level
    /// (strong, standard, basic, minimal); see `grader doctor`.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "LEVEL"
    )]
    pub sandbox: SandboxChoice,
    /// Fail (exit 3, naming what is missing) unless the sandbox is at least this level.
    #[arg(long, global = true, value_enum, value_name = "LEVEL")]
    pub require_sandbox: Option<SandboxLevel>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SandboxChoice {
    Auto,
    Strong,
    Standard,
    Basic,
    Minimal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SandboxLevel {
    Strong,
    Standard,
    Basic,
    Minimal,
}

impl SandboxLevel {
    fn level(self) -> crate::sandbox::Level {
        use crate::sandbox::Level;
        match self {
            SandboxLevel::Strong => Level::Strong,
            SandboxLevel::Standard => Level::Standard,
            SandboxLevel::Basic => Level::Basic,
            SandboxLevel::Minimal => Level::Minimal,
        }
    }
}

impl SandboxChoice {
    fn level(self) -> Option<crate::sandbox::Level> {
        match self {
            SandboxChoice::Auto => None,
            SandboxChoice::Strong => Some(SandboxLevel::Strong.level()),
            SandboxChoice::Standard => Some(SandboxLevel::Standard.level()),
            SandboxChoice::Basic => Some(SandboxLevel::Basic.level()),
            SandboxChoice::Minimal => Some(SandboxLevel::Minimal.level()),
        }
    }
}

/// Which Python runs `.py` submissions of ICPC/Kattis packages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum PythonChoice {
    /// PyPy when installed (the contest convention), else CPython.
    #[default]
    Auto,
    Cpython,
    Pypy,
}

/// What `run` writes on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Per-test lines and explained failures, for people.
    Human,
    /// The whole report as one JSON document.
    Json,
    /// JUnit XML (Ant/Jenkins layout), for CI test dashboards.
    Junit,
    /// TAP version 14.
    Tap,
    /// GitHub Actions annotations, plus a Markdown job summary into $GITHUB_STEP_SUMMARY.
    Github,
    /// Gradescope autograder results.json.
    Gradescope,
    /// Exercism test runner results.json, version 3.
    Exercism,
}

/// What `check` and `batch` write on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Lines for people.
    Human,
    /// One JSON document.
    Json,
    /// JUnit XML (Ant/Jenkins layout).
    Junit,
    /// TAP version 14.
    Tap,
    /// GitHub Actions annotations, plus a Markdown job summary into $GITHUB_STEP_SUMMARY.
    Github,
}

impl Format {
    fn format(self) -> report::Format {
        match self {
            Format::Human => report::Format::Human,
            Format::Json => report::Format::Json,
            Format::Junit => report::Format::Junit,
            Format::Tap => report::Format::Tap,
            Format::Github => report::Format::Github,
            Format::Gradescope => report::Format::Gradescope,
            Format::Exercism => report::Format::Exercism,
        }
    }
}

impl ListFormat {
    fn format(self) -> report::Format {
        match self {
            ListFormat::Human => report::Format::Human,
            ListFormat::Json => report::Format::Json,
            ListFormat::Junit => report::Format::Junit,
            ListFormat::Tap => report::Format::Tap,
            ListFormat::Github => report::Format::Github,
        }
    }
}

impl PythonChoice {
    fn python(self) -> options::PythonChoice {
        match self {
            PythonChoice::Auto => options::PythonChoice::Auto,
            PythonChoice::Cpython => options::PythonChoice::Cpython,
            PythonChoice::Pypy => options::PythonChoice::Pypy,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Grade FILE against PROBLEM.
    #[command(after_help = EXIT_CODES)]
    Run(RunArgs),
    /// Grade FILE against PROBLEM, then again on every save, saying what changed (Ctrl-C stops).
    #[command(after_help = EXIT_CODES)]
    Watch(RunArgs),
    /// Search for a small input on which FILE and the problem's reference disagree: random
    /// tests from the problem's [generator], growing, then the failing one shrunk.
    #[command(after_help = STRESS_EXIT_CODES)]
    Stress(StressArgs),
    /// Measure how FILE's time grows with its input, against the problem's reference: inputs of
    /// doubling size from the problem's [generator], and the exponent of each.
    #[command(after_help = EXIT_CODES)]
    Growth(GrowthArgs),
    /// List the problems.
    List,
    /// Show a problem: statement, signature, limits, groups, samples.
    Show {
        /// A problem id under the problems folder, or a folder holding problem.toml.
        problem: String,
    },
    /// Check problems: every spec valid, every reference accepted, every template not accepted,
    /// every [[expect]] verdict met. All problems when none is named.
    #[command(after_help = EXIT_CODES)]
    Check(CheckArgs),
    /// Grade every submission in DIR (files, one folder per student, or a CSV manifest) in
    /// parallel; write a gradebook, JSON and an HTML report. A killed batch resumes.
    #[command(after_help = BATCH_EXIT_CODES)]
    Batch(BatchArgs),
    /// Find submissions in DIR that share code (likely copies): pairs most similar first, with
    /// the shared line ranges, and clusters of three or more.
    Similar(SimilarArgs),
    /// Join the outputs of `grader batch --shard I/N` runs into one gradebook, JSON and HTML
    /// report, identical to an unsharded run's.
    #[command(after_help = BATCH_EXIT_CODES)]
    Merge(MergeArgs),
    /// Run every jury submission of an ICPC/Kattis package (submissions/<verdict>/) and compare
    /// the verdicts with the jury's; exit 1 on any disagreement.
    #[command(after_help = EXIT_CODES)]
    Verify(VerifyArgs),
    /// Write an ICPC/Kattis package as a problem.toml problem folder that judges the same way
    /// (groups, limits, validator, jury submissions as reference/ and wrong/ with [[expect]]);
    /// or, with --tests FILE PROBLEM, add FILE's (input, output) pairs to PROBLEM as tests.
    #[command(after_help = EXIT_CODES)]
    Import(ImportArgs),
    /// Write a stdio problem as an ICPC/Kattis package (legacy format).
    #[command(after_help = EXIT_CODES)]
    Export(ExportArgs),
    /// Scaffold a new problem ID under the problems folder (spec, statement, one sample, a
    /// reference, a starter, a wrong answer) that `grader check ID` passes as created.
    New(NewArgs),
    /// Show the languages found (with versions) and the sandbox: every layer probed, in force or
    /// missing with its cause and fix.
    Doctor,
    /// Show PROBLEM's next hint (they come one at a time; how many were shown is remembered).
    Hint(HintArgs),
    /// Your progress over the problem bank (from the history of graded runs) and what to try next.
    Status {
        #[arg(long, value_parser = ["human", "json"], default_value = "human")]
        format: String,
    },
    /// Print the completion script of SHELL (problem ids and --lang values of the bank now).
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff).
    Man,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The new problem's id: lowercase letters, digits and dashes.
    pub id: String,
    /// What the answer is: a program (stdin/stdout), a function, or an SQL query.
    #[arg(long, value_enum)]
    pub kind: KindChoice,
    /// The languages of the reference, starter and wrong answer (default: python3; not for sql).
    #[arg(long = "lang", value_name = "ID", value_delimiter = ',',
          value_parser = clap::builder::PossibleValuesParser::new(commands::new::LANG_IDS))]
    pub langs: Vec<String>,
}

/// `--kind` of `grader new`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindChoice {
    Stdio,
    Function,
    Sql,
}

#[derive(Debug, Args)]
pub struct HintArgs {
    /// A problem id under the problems folder, or a folder holding problem.toml.
    pub problem: String,
    /// Show again every hint shown so far.
    #[arg(long, conflicts_with = "reset")]
    pub all: bool,
    /// Forget how many hints were shown: the next `grader hint` shows the first.
    #[arg(long)]
    pub reset: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// A problem id under the problems folder, or a folder holding problem.toml or an
    /// ICPC/Kattis package (problem.yaml).
    pub problem: String,
    /// The submission.
    pub file: PathBuf,
    /// Force the language instead of detecting it from the extension (see `grader doctor`).
    #[arg(long, value_name = "ID")]
    pub lang: Option<String>,
    /// Tests run in parallel (default: the number of cores).
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Stop at the first test that is not accepted (later tests are skipped).
    #[arg(long)]
    pub fail_fast: bool,
    /// Run every test to its limit, as a judge does (by default, once a test times out, later
    /// tests run with a short probe limit, and none runs after three timeouts with no test
    /// finished).
    #[arg(long)]
    pub all: bool,
    /// Run the tests marked `slow = true` too (skipped by default).
    #[arg(long)]
    pub slow: bool,
    /// Run only tests whose name matches (a glob such as `large/*`, or a substring).
    #[arg(long, value_name = "PATTERN")]
    pub tests: Option<String>,
    /// What to print on stdout (the report files below are written too).
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Compile again even if an identical build is cached.
    #[arg(long)]
    pub no_cache: bool,
    /// Show the details of every failing test, not only the first three.
    #[arg(short, long)]
    pub verbose: bool,
    /// SQL answers: run on this engine only (default: every engine the problem enables).
    #[arg(long, value_enum, value_name = "ENGINE")]
    pub engine: Option<EngineChoice>,
    /// Add the tests in DIR (laid out like a problem's tests/), all hidden: private tests kept
    /// outside the problem's repository.
    #[arg(long, value_name = "DIR")]
    pub tests_from: Option<PathBuf>,
    /// Refuse to grade (exit 2) unless the problem folder (and --tests-from) hashes to this
    /// SHA-256, as printed by `grader show` and recorded in batch results.
    #[arg(long, value_name = "HEX")]
    pub expect_spec_sha256: Option<String>,
    /// The Python of an ICPC/Kattis package's `.py` submissions: PyPy when installed (auto), or
    /// always CPython or PyPy. Problems of problem.toml always use CPython unless --lang says.
    #[arg(long, value_enum, default_value = "auto", value_name = "IMPL")]
    pub python: PythonChoice,
    /// On WA or RE on a hidden test of a problem with a [generator], search for a small failing
    /// input right away (a few seconds; see `grader stress`).
    #[arg(long)]
    pub stress: bool,
    /// On TLE on a problem with a [generator], measure how the answer's time grows against the
    /// reference's right away (about 20 seconds; see `grader growth`) and say it in one line.
    #[arg(long)]
    pub growth: bool,
    #[command(flatten)]
    pub files: ReportFiles,
    #[command(flatten)]
    pub platform_files: PlatformFiles,
}

#[derive(Debug, Args)]
pub struct StressArgs {
    /// A problem id under the problems folder, or a folder holding problem.toml (with a
    /// [generator]).
    pub problem: String,
    /// The answer.
    pub file: PathBuf,
    /// The first generator seed (default: from the clock; printed, so a search can be repeated).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// The most tests to generate.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub count: usize,
    /// How long to search (shrinking a failing input may take as long again).
    #[arg(long, value_name = "BUDGET", default_value = "10s", value_parser = humantime::parse_duration)]
    pub time: std::time::Duration,
    /// The largest size given to the generator (sizes grow from 0; default: the problem's
    /// [generator] max_size, else 100).
    #[arg(long, value_name = "N")]
    pub max_size: Option<usize>,
    /// Force the answer's language instead of detecting it from the extension.
    #[arg(long, value_name = "ID")]
    pub lang: Option<String>,
    /// What to print on stdout.
    #[arg(long, value_enum, default_value = "human")]
    pub format: StressFormat,
}

#[derive(Debug, Args)]
pub struct GrowthArgs {
    /// A problem id under the problems folder, or a folder holding problem.toml (with a
    /// [generator]).
    pub problem: String,
    /// The answer.
    pub file: PathBuf,
    /// The generator's seed, for every size.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub seed: u64,
    /// Runs of each size's input (the least CPU time counts).
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub reps: usize,
    /// How long the whole measurement may take (the answer and the reference).
    #[arg(long, value_name = "BUDGET", default_value = "40s", value_parser = humantime::parse_duration)]
    pub time: std::time::Duration,
    /// Force the answer's language instead of detecting it from the extension.
    #[arg(long, value_name = "ID")]
    pub lang: Option<String>,
    /// What to print on stdout.
    #[arg(long, value_enum, default_value = "human")]
    pub format: StressFormat,
}

impl GrowthArgs {
    fn options(&self, problems: Option<PathBuf>) -> options::Growth {
        options::Growth {
            problems,
            problem: self.problem.clone(),
            file: self.file.clone(),
            lang: self.lang.clone(),
            format: match self.format {
                StressFormat::Human => report::Format::Human,
                StressFormat::Json => report::Format::Json,
            },
            measure: crate::growth::Options {
                seed: self.seed,
                reps: self.reps.clamp(1, 15),
                budget: self.time,
                reference: true,
            },
        }
    }
}

/// What `stress` writes on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StressFormat {
    /// The smallest failing input, expected and obtained, for people.
    Human,
    /// One JSON document.
    Json,
}

impl StressArgs {
    fn options(&self, problems: Option<PathBuf>) -> options::Stress {
        let seed = self.seed.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| u64::from(d.subsec_nanos()) % 1_000_000)
        });
        options::Stress {
            problems,
            problem: self.problem.clone(),
            file: self.file.clone(),
            lang: self.lang.clone(),
            format: match self.format {
                StressFormat::Human => report::Format::Human,
                StressFormat::Json => report::Format::Json,
            },
            search: crate::stress::Options {
                seed,
                count: self.count.max(1),
                time: self.time,
                shrink_time: self.time.max(std::time::Duration::from_secs(10)),
                max_size: self.max_size.map(|m| m.max(1)),
            },
        }
    }
}

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// A problem id under the problems folder, or a folder holding problem.toml.
    pub problem: String,
    /// The submissions: a folder of files (`alice.py`) or of folders (one per student), or a
    /// CSV manifest with the columns `student,file`.
    #[arg(value_name = "DIR")]
    pub source: PathBuf,
    /// Where the journal, gradebook.csv, results.json and report.html go (default:
    /// `batch-PROBLEM` in the current folder). Re-running with the same folder resumes.
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Submissions graded at once (default: the number of cores); tests run one after another
    /// within a submission.
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Force one language for every submission instead of detecting it from the extension.
    #[arg(long, value_name = "ID")]
    pub lang: Option<String>,
    /// Run only tests whose name matches (a glob such as `large/*`, or a substring).
    #[arg(long, value_name = "PATTERN")]
    pub tests: Option<String>,
    /// Compile again even if an identical build is cached.
    #[arg(long)]
    pub no_cache: bool,
    /// What to print on stdout when the batch is done (the files in OUT are always written).
    #[arg(long, value_enum, default_value = "human")]
    pub format: ListFormat,
    /// Grade only part I of N of the submissions (round robin over the students in sorted
    /// order, so every shard must see the same DIR); `grader merge` joins the shards' outputs.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub shard: Option<(usize, usize)>,
    /// Add the tests in DIR (laid out like a problem's tests/), all hidden: private tests kept
    /// outside the problem's repository.
    #[arg(long, value_name = "DIR")]
    pub tests_from: Option<PathBuf>,
    /// Refuse to grade (exit 2) unless the problem folder (and --tests-from) hashes to this
    /// SHA-256, as printed by `grader show` and recorded in batch results.
    #[arg(long, value_name = "HEX")]
    pub expect_spec_sha256: Option<String>,
    /// Also compare the submissions with each other (the problem's starters cut out): write
    /// similarity.csv and a section of report.html with the most similar pairs side by side.
    #[arg(long)]
    pub similarity: bool,
    /// The class roster, a CSV with a row per student (columns `id`, and optionally `name`,
    /// `email`, `login`, `section`): submissions match ids by file or folder stem (or the
    /// manifest's `student`); a student without one gets a MISSING row with score 0.
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// The roster's column names, when not `id,name,email,login,section`: e.g.
    /// `id=SIS ID,name=Student,email=Email`.
    #[arg(long, value_name = "FIELD=COLUMN,...", requires = "roster", value_parser = crate::batch::roster::Columns::parse)]
    pub roster_columns: Option<crate::batch::roster::Columns>,
    #[command(flatten)]
    pub lms: LmsArgs,
    #[command(flatten)]
    pub files: ReportFiles,
}

/// `--lms` and its assignment (batch and merge).
#[derive(Debug, Args)]
pub struct LmsArgs {
    /// Also write the grades as this LMS's grade import CSV (canvas.csv or moodle.csv beside
    /// the gradebook), one row per roster student: needs `--roster`.
    #[arg(long, value_enum, value_name = "LMS")]
    pub lms: Option<LmsChoice>,
    /// The assignment's column in the LMS file (default: the problem's title); for Canvas,
    /// `Name (ID)` updates an existing assignment, a bare name creates one.
    #[arg(long, value_name = "NAME", requires = "lms")]
    pub assignment: Option<String>,
    /// Points possible in the LMS; scores are scaled to it (default: the problem's max score).
    #[arg(long, value_name = "N", requires = "lms", value_parser = parse_points)]
    pub points: Option<f64>,
}

/// `--lms`: a learning management system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LmsChoice {
    Canvas,
    Moodle,
}

impl LmsArgs {
    fn export(&self) -> Option<crate::batch::lms::Export> {
        use crate::batch::lms::{Export, Lms};
        self.lms.map(|l| Export {
            lms: match l {
                LmsChoice::Canvas => Lms::Canvas,
                LmsChoice::Moodle => Lms::Moodle,
            },
            assignment: self.assignment.clone(),
            points: self.points,
        })
    }
}

fn parse_points(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x > 0.0 && x.is_finite() => Ok(x),
        _ => Err(format!(
            "`{s}` is not a number of points: write a positive number, e.g. 10"
        )),
    }
}

#[derive(Debug, Args)]
pub struct SimilarArgs {
    /// The submissions: a folder of files (`alice.py`) or of folders (one per student), or a
    /// CSV manifest with the columns `student,file`.
    #[arg(value_name = "DIR")]
    pub source: PathBuf,
    /// Cut out the starter code of this problem (its `solutions-template/<id>/` files).
    #[arg(long, value_name = "PROBLEM")]
    pub problem: Option<String>,
    /// Cut out the code of FILE, given to every student (repeatable).
    #[arg(long, value_name = "FILE")]
    pub base: Vec<PathBuf>,
    /// Pairs at or above this similarity (0-1) are marked as likely copies and form clusters.
    #[arg(long, value_name = "F", default_value_t = crate::similar::THRESHOLD, value_parser = parse_fraction)]
    pub threshold: f64,
    /// Pairs to print, most similar first.
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub top: usize,
    /// Code found in more than N files of one language joins no shared fragment (an idiom much
    /// of the class writes alike; it still counts in the files' lengths). Default: no limit.
    #[arg(long, value_name = "N")]
    pub max_files: Option<usize>,
    #[arg(long, value_parser = ["human", "json"], default_value = "human")]
    pub format: String,
}

fn parse_fraction(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!(
            "`{s}` is not a similarity: write a number from 0 to 1, e.g. 0.8"
        )),
    }
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let bad = || format!("`{s}` is not a shard: write I/N with 1 <= I <= N, e.g. 2/4");
    let (i, n) = s.split_once('/').ok_or_else(bad)?;
    let (i, n): (usize, usize) = (
        i.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if i == 0 || n == 0 || i > n {
        return Err(bad());
    }
    Ok((i, n))
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Where the merged gradebook.csv, results.json and report.html go.
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,
    /// The output folders of every shard (each holding a results.json), in any order.
    #[arg(value_name = "SHARD_DIR", required = true)]
    pub shards: Vec<PathBuf>,
    /// What to print on stdout when the merge is done (the files in OUT are always written).
    #[arg(long, value_enum, default_value = "human")]
    pub format: ListFormat,
    #[command(flatten)]
    pub lms: LmsArgs,
    #[command(flatten)]
    pub files: ReportFiles,
}

/// `--engine`: an SQL engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineChoice {
    Sqlite,
    Postgres,
}

impl EngineChoice {
    fn engine(self) -> crate::judge::sql::Engine {
        match self {
            EngineChoice::Sqlite => crate::judge::sql::Engine::Sqlite,
            EngineChoice::Postgres => crate::judge::sql::Engine::Postgres,
        }
    }
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A package folder (holding problem.yaml), or its id under the problems folder.
    pub problem: String,
    /// Tests run in parallel (default: the number of cores).
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
    /// The Python of `.py` submissions: PyPy when installed (auto), or always CPython or PyPy.
    #[arg(long, value_enum, default_value = "auto", value_name = "IMPL")]
    pub python: PythonChoice,
    /// What is written on stdout: a table for people, or one JSON document (every row, the tally).
    #[arg(long, value_enum, default_value = "human")]
    pub format: VerifyFormat,
    /// Judge only the jury submissions whose path under submissions/ matches (a glob such as
    /// `accepted/*.py` or `*.{py,java}`, or a substring); an inferred time limit still comes
    /// from every accepted submission.
    #[arg(long, value_name = "PATTERN")]
    pub submissions: Option<String>,
}

/// `--format` of `grader verify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VerifyFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The package folder (holding problem.yaml); with --tests, the problem to add tests to.
    #[arg(value_name = "PKG|PROBLEM")]
    pub package: String,
    /// The problem folder to write (new, or empty); not with --tests.
    #[arg(required_unless_present = "tests", conflicts_with = "tests")]
    pub dir: Option<PathBuf>,
    /// (input, output) pairs to add as tests of PROBLEM: a JSON list of [input, output] pairs
    /// (or of {"input": ..., "output": ...}), a JSON Lines file of such objects, or a folder of
    /// NAME.in + NAME.out files. Written as tests/NAME.jsonl (a folder of a stdio problem: its
    /// .in/.out files copied), never over an existing file.
    #[arg(long, value_name = "FILE")]
    pub tests: Option<PathBuf>,
    /// With --tests: put the tests in this group (the folder tests/GROUP/).
    #[arg(long, value_name = "GROUP", requires = "tests")]
    pub group: Option<String>,
    /// With --tests: the name of the file written (default: FILE's own name).
    #[arg(long, value_name = "NAME", requires = "tests")]
    pub name: Option<String>,
    /// Tests run in parallel when the time limit is inferred (default: the number of cores).
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write an ICPC/Kattis package (the only export format).
    #[arg(long, required = true)]
    pub kattis: bool,
    /// A problem id under the problems folder, or a folder holding problem.toml.
    pub problem: String,
    /// The package folder to write (new, or empty).
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Problem ids or folders (default: every problem).
    #[arg(value_name = "PROBLEM")]
    pub ids: Vec<String>,
    /// Tests run in parallel (default: the number of cores).
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
    /// SQL problems: check on this engine only; problems that do not enable it are skipped.
    #[arg(long, value_enum, value_name = "ENGINE")]
    pub engine: Option<EngineChoice>,
    /// Run the tests marked `slow = true` too (skipped by default).
    #[arg(long)]
    pub slow: bool,
    /// The Python of `.py` files, as for `run`: a package's jury submissions use PyPy when
    /// installed (auto), or always CPython or PyPy; problem.toml problems use CPython unless
    /// `--python pypy`.
    #[arg(long, value_enum, default_value = "auto", value_name = "IMPL")]
    pub python: PythonChoice,
    /// What to print on stdout (the report files below are written too).
    #[arg(long, value_enum, default_value = "human")]
    pub format: ListFormat,
    #[command(flatten)]
    pub files: ReportFiles,
}

/// Report files written from the same results as stdout's report, whatever `--format` is.
#[derive(Debug, Args)]
#[command(next_help_heading = "Report files")]
pub struct ReportFiles {
    /// Write the JSON document to PATH.
    #[arg(long, value_name = "PATH")]
    pub json: Option<PathBuf>,
    /// Write JUnit XML to PATH.
    #[arg(long, value_name = "PATH")]
    pub junit: Option<PathBuf>,
    /// Write TAP version 14 to PATH.
    #[arg(long, value_name = "PATH")]
    pub tap: Option<PathBuf>,
    /// Write the GitHub Actions annotations to PATH (and the job summary into
    /// $GITHUB_STEP_SUMMARY).
    #[arg(long, value_name = "PATH")]
    pub github: Option<PathBuf>,
}

/// `run`'s platform files: one submission's results.
#[derive(Debug, Args)]
#[command(next_help_heading = "Report files")]
pub struct PlatformFiles {
    /// Write Gradescope's results.json to PATH.
    #[arg(long, value_name = "PATH")]
    pub gradescope: Option<PathBuf>,
    /// Write Exercism's results.json (version 3) to PATH.
    #[arg(long, value_name = "PATH")]
    pub exercism: Option<PathBuf>,
}

impl ReportFiles {
    /// `--format` on stdout and these files (and `platform`'s), each path given once.
    fn outputs(
        &self,
        stdout: report::Format,
        platform: Option<&PlatformFiles>,
    ) -> crate::error::Result<report::Outputs> {
        use report::Format as F;
        let mut given = vec![
            (F::Json, "--json", &self.json),
            (F::Junit, "--junit", &self.junit),
            (F::Tap, "--tap", &self.tap),
            (F::Github, "--github", &self.github),
        ];
        if let Some(p) = platform {
            given.push((F::Gradescope, "--gradescope", &p.gradescope));
            given.push((F::Exercism, "--exercism", &p.exercism));
        }
        let mut files: Vec<(F, PathBuf, &str)> = Vec::new();
        for (format, flag, path) in given {
            let Some(path) = path else { continue };
            if let Some((_, _, other)) = files.iter().find(|(_, p, _)| p == path) {
                return Err(crate::error::Error::usage(format!(
                    "`{}` is given to both {other} and {flag}; give each report file its own path",
                    path.display()
                )));
            }
            files.push((format, path.clone(), flag));
        }
        Ok(report::Outputs {
            stdout,
            files: files.into_iter().map(|(f, p, _)| (f, p)).collect(),
        })
    }
}

/// Parses the command line and runs the command.
pub fn main() -> ExitCode {
    let raw: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.exit_code() != i32::from(crate::exit::USAGE) => e.exit(),
        Err(e) => {
            // A machine format gets its error document on stdout; clap's text stays on stderr.
            let text = e.render().to_string();
            let first = text
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ");
            error_document(&raw, "usage", first);
            e.exit()
        }
    };
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        colored::control::set_override(false);
    }
    crate::sandbox::init();
    // What killed graders left (`grader doctor` sweeps and lists it itself).
    if !matches!(cli.command, Command::Doctor) {
        commands::sweep_stale();
    }
    if let Err(e) = crate::sandbox::configure(
        cli.sandbox.level(),
        cli.require_sandbox.map(SandboxLevel::level),
    ) {
        eprintln!("grader: error: {e}");
        return ExitCode::from(crate::exit::JUDGE_ERROR);
    }
    let result = dispatch(&cli);
    crate::judge::sql::pg::shutdown();
    crate::sandbox::reap_descendants();
    crate::sandbox::release();
    if let Some(sig) = crate::sandbox::interrupted() {
        // The signal thread is cleaning up and exits with this code; make sure of it.
        crate::sandbox::shutdown();
        return ExitCode::from(128 + sig as u8);
    }
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("grader: error: {e}");
            match e.kind {
                crate::error::ErrorKind::Usage => error_document(&raw, "usage", &e.message),
                crate::error::ErrorKind::Spec => error_document(&raw, "spec", &e.message),
                // A judge error may come after a report was written: stdout keeps that one.
                crate::error::ErrorKind::Judge => {}
            }
            ExitCode::from(e.exit_code())
        }
    }
}

/// Prints the error document of the machine format the raw arguments ask for, if they do.
fn error_document(raw: &[String], kind: &str, message: &str) {
    let format = report::error_doc::requested(raw);
    if let Some(doc) = report::error_doc::render(format, kind, message, crate::exit::USAGE) {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(doc.as_bytes()).and_then(|()| out.flush());
    }
}

/// Turns the subcommand's arguments into its options and runs it.
fn dispatch(cli: &Cli) -> crate::error::Result<u8> {
    let problems = cli.problems.clone();
    match &cli.command {
        Command::Run(args) => commands::run::run(&args.options(problems)?),
        Command::Watch(args) => commands::watch::run(&args.options(problems)?),
        Command::Stress(args) => commands::stress::run(&args.options(problems)),
        Command::Growth(args) => commands::growth::run(&args.options(problems)),
        Command::List => commands::list::run(&options::List { problems }),
        Command::Show { problem } => commands::show::run(&options::Show {
            problems,
            problem: problem.clone(),
        }),
        Command::Check(args) => commands::check::run(&args.options(problems)?),
        Command::Batch(args) => commands::batch::run(&args.options(problems)?),
        Command::Similar(args) => commands::similar::run(&options::Similar {
            problems,
            source: args.source.clone(),
            problem: args.problem.clone(),
            base: args.base.clone(),
            options: crate::similar::Options {
                threshold: args.threshold,
                max_files: args.max_files,
                ..Default::default()
            },
            top: args.top,
            json: args.format == "json",
        }),
        Command::Merge(args) => commands::merge::run(&options::Merge {
            out: args.out.clone(),
            shards: args.shards.clone(),
            outputs: args.files.outputs(args.format.format(), None)?,
            lms: args.lms.export(),
        }),
        Command::Verify(args) => commands::verify::run(&options::Verify {
            problems,
            problem: args.problem.clone(),
            jobs: args.jobs.unwrap_or_else(default_jobs),
            python: args.python.python(),
            json: args.format == VerifyFormat::Json,
            only: args.submissions.clone(),
        }),
        Command::Import(args) => match (&args.tests, &args.dir) {
            (Some(file), _) => commands::import::tests(&options::ImportTests {
                problems,
                problem: args.package.clone(),
                file: file.clone(),
                group: args.group.clone(),
                name: args.name.clone(),
            }),
            (None, dir) => commands::import::run(&options::Import {
                problems,
                package: args.package.clone(),
                dir: dir.clone().unwrap_or_default(),
                jobs: args.jobs.unwrap_or_else(default_jobs),
            }),
        },
        Command::Export(args) => commands::export::run(&options::Export {
            problems,
            problem: args.problem.clone(),
            dir: args.dir.clone(),
        }),
        Command::New(a) => commands::new::run(&options::New {
            problems,
            id: a.id.clone(),
            kind: match a.kind {
                KindChoice::Stdio => crate::problem::Kind::Stdio,
                KindChoice::Function => crate::problem::Kind::Function,
                KindChoice::Sql => crate::problem::Kind::Sql,
            },
            langs: a.langs.clone(),
        }),
        Command::Doctor => commands::doctor::run(),
        Command::Hint(a) => commands::hint::run(&options::Hint {
            problems,
            problem: a.problem.clone(),
            action: match (a.all, a.reset) {
                (true, _) => options::HintAction::All,
                (_, true) => options::HintAction::Reset,
                _ => options::HintAction::Next,
            },
        }),
        Command::Status { format } => commands::status::run(&options::Status {
            problems,
            json: format == "json",
        }),
        Command::Completions { shell } => commands::completions::run(&options::Completions {
            problems,
            shell: *shell,
            command: <Cli as clap::CommandFactory>::command(),
        }),
        Command::Man => commands::completions::man(<Cli as clap::CommandFactory>::command()),
    }
}

impl RunArgs {
    fn options(&self, problems: Option<PathBuf>) -> crate::error::Result<options::Run> {
        Ok(options::Run {
            problems,
            problem: self.problem.clone(),
            file: self.file.clone(),
            lang: self.lang.clone(),
            jobs: self.jobs.unwrap_or_else(default_jobs),
            fail_fast: self.fail_fast,
            all: self.all,
            slow: self.slow,
            tests: self.tests.clone(),
            outputs: self
                .files
                .outputs(self.format.format(), Some(&self.platform_files))?,
            no_cache: self.no_cache,
            verbose: self.verbose,
            engine: self.engine.map(EngineChoice::engine),
            tests_from: self.tests_from.clone(),
            expect_spec_sha256: self.expect_spec_sha256.clone(),
            python: self.python.python(),
            stress: self.stress,
            growth: self.growth,
        })
    }
}

impl CheckArgs {
    fn options(&self, problems: Option<PathBuf>) -> crate::error::Result<options::Check> {
        Ok(options::Check {
            problems,
            ids: self.ids.clone(),
            jobs: self.jobs.unwrap_or_else(default_jobs),
            engine: self.engine.map(EngineChoice::engine),
            slow: self.slow,
            outputs: self.files.outputs(self.format.format(), None)?,
            python: self.python.python(),
        })
    }
}

impl BatchArgs {
    fn options(&self, problems: Option<PathBuf>) -> crate::error::Result<options::Batch> {
        Ok(options::Batch {
            problems,
            problem: self.problem.clone(),
            source: self.source.clone(),
            out: self.out.clone(),
            jobs: self.jobs.unwrap_or_else(default_jobs),
            lang: self.lang.clone(),
            tests: self.tests.clone(),
            no_cache: self.no_cache,
            outputs: self.files.outputs(self.format.format(), None)?,
            shard: self.shard,
            tests_from: self.tests_from.clone(),
            expect_spec_sha256: self.expect_spec_sha256.clone(),
            similarity: self.similarity,
            roster: self.roster.clone(),
            roster_columns: self.roster_columns.clone().unwrap_or_default(),
            lms: self.lms.export(),
        })
    }
}

/// The default parallelism: the number of cores.
fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
