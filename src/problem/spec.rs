//! The wire format of `problem.toml` (format_version 1), exactly as written by authors.
//! Every table denies unknown keys, so a typo is an error with its position, never ignored.
//! The validated model built from it lives in `model`.

use crate::units::{Dur, Size, Wall};
use serde::Deserialize;
use toml::Spanned;

/// The newest `format_version` this grader understands.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProblemToml {
    pub format_version: Spanned<u32>,
    pub title: String,
    /// Absent: `stdio` (see [`ProblemToml::kind`]).
    pub kind: Option<Spanned<Kind>>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub difficulty: Option<Difficulty>,
    #[serde(default)]
    pub limits: LimitsToml,
    #[serde(default)]
    pub compare: CompareToml,
    pub function: Option<Spanned<FunctionToml>>,
    /// Named value types of a function problem (`nested = "int | list<nested>"`), usable in its
    /// signature and in each other (recursively through a list, set, map or optional).
    pub types: Option<Spanned<std::collections::BTreeMap<String, Spanned<String>>>>,
    /// kind = "sql": the schema, the reference query and how results compare.
    pub sql: Option<Spanned<SqlToml>>,
    /// Python answers (and the problem's Python check function) run in a virtualenv with these
    /// packages.
    pub python: Option<Spanned<PythonToml>>,
    #[serde(default)]
    pub tests: Vec<Spanned<TestToml>>,
    #[serde(default)]
    pub groups: Vec<Spanned<GroupToml>>,
    #[serde(default)]
    pub expect: Vec<Spanned<ExpectToml>>,
    /// A program of the problem folder that prints one random test (`grader stress`).
    pub generator: Option<Spanned<GeneratorToml>>,
    /// Hints `grader hint` shows one at a time, in this order.
    #[serde(default)]
    pub hints: Vec<Spanned<HintToml>>,
    /// Stdio problems: a program of the problem folder that talks with the answer (`interactor
    /// input answer feedback_dir/`, exit 42 accepts, 43 rejects).
    pub interactor: Option<Spanned<String>>,
    /// Multi-pass: the answer runs again on the `nextpass.in` its checker (or interactor) writes,
    /// up to this many runs per test.
    pub passes: Option<Spanned<u32>>,
}

impl ProblemToml {
    /// The kind of answer, `stdio` when the key is absent.
    pub fn kind(&self) -> Kind {
        self.kind.as_ref().map_or(Kind::Stdio, |k| *k.get_ref())
    }
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    #[default]
    Stdio,
    Function,
    Sql,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsToml {
    /// CPU time per test.
    pub time: Option<Spanned<Dur>>,
    /// Wall-clock time per test.
    pub wall: Option<Spanned<Wall>>,
    pub memory: Option<Spanned<Size>>,
    pub output: Option<Spanned<Size>>,
    /// Allocations past the memory limit fail instead of being OOM kills (see `TestLimits`).
    pub refuse_allocations: Option<bool>,
    /// `false`: every language gets `time` as it is, without its time factor (see `TestLimits`).
    pub time_factors: Option<bool>,
    /// Lifts the sane bounds of the limits above (time 1 ms to 1 h, memory 1 MiB to 64 GiB,
    /// output 1 KiB to 1 GiB) to the hard ones (see `units::Bounds`), for a problem that really
    /// needs more or less.
    #[serde(default)]
    pub allow_outside_bounds: bool,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum CompareMode {
    Exact,
    Lines,
    Tokens,
    Float,
    Unordered,
    Regex,
    Custom,
    /// The ICPC/Kattis default output validator (flags in `kattis_args`).
    Kattis,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    /// `checker input answer feedback_dir < output`; exit 42 accepts, 43 rejects.
    Kattis,
    /// `checker input output answer`; exit 0 accepts, 1 or 2 rejects.
    Testlib,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomToml {
    /// Path of the checker's source or executable, or of a folder of sources (a Kattis output
    /// validator), relative to the problem folder.
    pub program: String,
    #[serde(default = "default_protocol")]
    pub protocol: Protocol,
    /// Arguments after the protocol's own.
    #[serde(default)]
    pub args: Vec<String>,
    /// Kattis protocol only: an accepted case's `score.txt` (its score) or
    /// `score_multiplier.txt` (a fraction of its maximum) in the feedback folder gives it a
    /// partial score within its group (`sum` or `min`), as in a 2025-09 scoring package.
    #[serde(default)]
    pub scores: bool,
}

fn default_protocol() -> Protocol {
    Protocol::Kattis
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareToml {
    pub mode: Option<Spanned<CompareMode>>,
    pub case_sensitive: Option<bool>,
    pub float_abs: Option<Spanned<f64>>,
    pub float_rel: Option<Spanned<f64>>,
    pub unordered: Option<super::compare_spec::Unit>,
    pub custom: Option<Spanned<CustomToml>>,
    /// The flags of the ICPC/Kattis default output validator (implies mode = "kattis").
    pub kattis_args: Option<Spanned<Vec<String>>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunctionToml {
    /// The function's name; exactly one of `name` and `class`.
    pub name: Option<String>,
    /// A class-shaped problem: the class the candidate defines, driven by each test's `calls`.
    pub class: Option<String>,
    /// The function's parameters; with `class` and `methods`, the constructor's.
    #[serde(default)]
    pub params: Vec<ParamToml>,
    /// A class's typed methods (with `class` only): what Java, C++, Rust and C answers need.
    pub methods: Option<Spanned<Vec<MethodToml>>>,
    /// Required with `name`; not used with `class` (see `methods`).
    pub returns: Option<Spanned<String>>,
    /// A Python check function of the problem folder, for answers with several right forms.
    pub check: Option<Spanned<String>>,
    /// Problem-supplied drivers, by language id (`{ python3 = "harness/python.py" }`): each
    /// test's `args` go to the driver's `run(solution, *args)`, which drives the candidate's
    /// function or class (with fakes of its own) and returns the value compared with `expected`.
    pub harness: Option<Spanned<std::collections::BTreeMap<String, String>>>,
    /// Returned lists may be in any order.
    #[serde(default)]
    pub unordered: bool,
}

/// The `[python]` table: the packages Python answers need.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PythonToml {
    /// pip requirement specifiers (`"Django>=5,<6"`); the grader builds one cached virtualenv
    /// per set and runs Python answers with its interpreter.
    #[serde(default)]
    pub requirements: Vec<Spanned<String>>,
}

/// One method of a class-shaped problem: `{ name = "get", params = [...], returns = "int" }`;
/// no `returns` means it returns nothing (its expected value is null).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MethodToml {
    pub name: String,
    #[serde(default)]
    pub params: Vec<ParamToml>,
    pub returns: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamToml {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: Spanned<String>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Shown in full, and in `grader show`.
    Sample,
    /// Input, output and diff shown on failure.
    #[default]
    Public,
    /// Verdict and hint shown; the data is not.
    Hidden,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestToml {
    pub name: Option<Spanned<String>>,
    pub group: Option<Spanned<String>>,
    /// stdio: the input given on stdin.
    pub input: Option<String>,
    /// stdio: the expected output.
    pub output: Option<String>,
    /// function: the arguments.
    pub args: Option<Vec<toml::Value>>,
    /// function: the expected return value (class: one value per call).
    pub expected: Option<toml::Value>,
    /// class-shaped function problems: the calls, `[["LRUCache", 2], ["put", 1, 1], ["get", 1]]`.
    pub calls: Option<Vec<toml::Value>>,
    pub visibility: Option<Visibility>,
    pub points: Option<u32>,
    pub hint: Option<String>,
    /// The verdicts the hint is shown with (default: `["WA"]`).
    pub hint_on: Option<Vec<HintVerdict>>,
    /// A slow test: `run` and `check` skip it unless `--slow`.
    pub slow: Option<bool>,
    pub limits: Option<LimitsToml>,
    pub compare: Option<CompareToml>,
    /// sql: SQL run after the schema to fill the tables (INSERTs).
    pub seed: Option<String>,
    /// sql: a `.sql` file of the problem folder, run like `seed` (before it).
    pub seed_file: Option<String>,
    /// sql: table name → CSV file of the problem folder (a header row naming columns; `\N` is
    /// NULL), loaded after the seeds.
    pub csv: Option<std::collections::BTreeMap<String, String>>,
    /// sql: named parameters bound to the query on this dataset (`:name` in the SQL).
    pub params: Option<std::collections::BTreeMap<String, toml::Value>>,
    /// sql: a dataset shared by the bank's problems: the `.sql` and `.csv` files of the folder
    /// `datasets/NAME/` beside the problem folders, loaded before this test's own seeds.
    pub dataset: Option<String>,
}

/// The `[sql]` table of a `kind = "sql"` problem.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SqlToml {
    /// The reference query: a `.sql` file of the problem folder (usually `reference/…`). It runs
    /// on every dataset; expected results are never stored.
    pub reference: Spanned<String>,
    /// The schema (CREATE TABLE statements), inline.
    pub schema: Option<String>,
    /// The schema as a `.sql` file of the problem folder.
    pub schema_file: Option<Spanned<String>>,
    /// Enforce declared foreign keys while seeding (the bundled SQLite enforces them by default;
    /// datasets with dangling keys need this off, the default).
    #[serde(default)]
    pub foreign_keys: bool,
    /// The deterministic budget of one query, in SQLite VM steps.
    pub max_steps: Option<u64>,
    /// The most rows a query may return.
    pub max_rows: Option<u64>,
    #[serde(default)]
    pub compare: super::sql_options::CompareToml,
    /// Optimisation rules: `EXPLAIN QUERY PLAN` patterns and counters, on named datasets.
    pub plan: Option<Spanned<SqlPlanToml>>,
    /// The answer is one write statement, graded by a check query over the resulting tables.
    pub dml: Option<Spanned<SqlDmlToml>>,
    /// The engines every answer runs on: `["sqlite"]` (the default) or `["sqlite", "postgres"]`.
    pub engines: Option<Vec<super::sql_options::Engine>>,
    /// What PostgreSQL's verdicts weigh: `required` (they count; PostgreSQL must be installed)
    /// or `advisory` (notes only; skipped when PostgreSQL is missing).
    pub postgres_policy: Option<super::sql_options::PgPolicy>,
    /// The schema for PostgreSQL when its spelling differs (default: `schema`).
    #[serde(alias = "ddl_postgres")]
    pub schema_postgres: Option<String>,
    /// The PostgreSQL schema as a `.sql` file of the problem folder.
    pub schema_postgres_file: Option<Spanned<String>>,
    /// The problem's regression answers: each file must get the expected outcome.
    #[serde(default, rename = "case")]
    pub cases: Vec<Spanned<SqlCaseToml>>,
}

/// `[[sql.case]]`: a regression answer and what `grader check` must see.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SqlCaseToml {
    /// A `.sql` file of the problem folder.
    pub file: String,
    /// `"pass"` (AC), `"fail"` (anything but AC and JE), or verdict names (`"WA"`, `["WA", "RE"]`).
    pub expect: OneOrMany,
    /// Why the answer is right or wrong (for the author and reviewers).
    pub why: Option<String>,
    /// Check this case only when this engine runs (an answer only one dialect rejects).
    pub engine: Option<super::sql_options::Engine>,
}

/// `[sql.plan]`: rules on how the answer runs, checked on named datasets once its result is right.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SqlPlanToml {
    /// The datasets (test names) the rules apply to.
    pub datasets: Vec<String>,
    /// Regexes: each must match some line of the answer's `EXPLAIN QUERY PLAN`.
    #[serde(default)]
    pub require: Vec<String>,
    /// Regexes: none may match any line of the plan.
    #[serde(default)]
    pub forbid: Vec<String>,
    /// The most full-scan steps (SQLite's FULLSCAN_STEP counter) the answer may take.
    pub max_fullscan_steps: Option<u64>,
    /// The most VM steps, as a multiple of the reference's on the same dataset.
    pub max_vm_steps_ratio: Option<f64>,
    /// The most sort operations (SORT counter: ORDER BY, GROUP BY, DISTINCT without an index).
    pub max_sorts: Option<u64>,
    /// Said with every failed rule.
    pub feedback: Option<String>,
}

/// `[sql.dml]`: which writes the answer may make, and the query that reads the result.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SqlDmlToml {
    /// Statement kinds: "INSERT", "UPDATE", "DELETE".
    pub allow: Vec<String>,
    /// The tables they may write.
    pub tables: Vec<String>,
    /// Run after the answer's statement and after the reference's; the results are compared.
    pub check: String,
}

/// A verdict a test's hint may be written for (`hint_on`): a hint shows only with these.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, serde::Serialize)]
pub enum HintVerdict {
    WA,
    RE,
    TLE,
    MLE,
    OLE,
}

impl HintVerdict {
    /// Without `hint_on`, a hint is about a wrong result: it shows on WA only.
    pub fn default_set() -> Vec<HintVerdict> {
        vec![HintVerdict::WA]
    }

    pub fn as_str(self) -> &'static str {
        match self {
            HintVerdict::WA => "WA",
            HintVerdict::RE => "RE",
            HintVerdict::TLE => "TLE",
            HintVerdict::MLE => "MLE",
            HintVerdict::OLE => "OLE",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ScoreRule {
    /// All or nothing.
    All,
    /// Points in proportion to the passed tests' points.
    #[default]
    Sum,
    /// The lowest test score (for pass/fail tests, the same as `all`).
    Min,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupToml {
    pub name: Spanned<String>,
    pub points: Option<u32>,
    pub score: Option<ScoreRule>,
    #[serde(default)]
    pub require: Vec<Spanned<String>>,
    pub visibility: Option<Visibility>,
    pub hint: Option<String>,
    pub hint_on: Option<Vec<HintVerdict>>,
    /// A slow test: `run` and `check` skip it unless `--slow`.
    pub slow: Option<bool>,
    pub limits: Option<LimitsToml>,
    pub compare: Option<CompareToml>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectToml {
    /// A submission, relative to the problem folder.
    pub file: String,
    /// The verdict (or any of several) `grader check` must see.
    pub verdict: OneOrMany,
    /// Force a language instead of detecting it from the extension.
    pub lang: Option<String>,
    /// The score it must get: a number, or an inclusive `[low, high]` range.
    pub score: Option<toml::Value>,
}

/// `[generator]`: a program run as `PROGRAM SEED SIZE` that prints one test on stdout (a JSON
/// array of the arguments for a function problem, the stdin text for a stdio one).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeneratorToml {
    /// One source file of the problem folder; its language comes from its extension.
    pub file: Spanned<String>,
    /// The largest size `grader stress` asks for by default (100 when absent).
    pub max_size: Option<Spanned<u64>>,
}

/// `[[hints]]`: one hint of the problem, shown by `grader hint` after the ones before it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HintToml {
    /// Markdown text that leads towards the idea without giving the code.
    pub text: Spanned<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(v) => vec![v.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// The verdict names a problem file may write (`[[expect]] verdict`, `[[sql.case]] expect`), in
/// the judge's order; the judge's `Verdict::parse` reads them through [`verdict_name`].
pub const VERDICT_NAMES: [&str; 9] = ["AC", "WA", "TLE", "MLE", "OLE", "RE", "CE", "JE", "SK"];

/// The verdict name `s` spells (any case, surrounding whitespace ignored), if it is one.
pub fn verdict_name(s: &str) -> Option<&'static str> {
    let s = s.trim();
    VERDICT_NAMES
        .into_iter()
        .find(|n| n.eq_ignore_ascii_case(s))
}
