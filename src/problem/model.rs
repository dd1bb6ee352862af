//! The validated problem: everything resolved (defaults, group settings, test files found),
//! ready to be judged. Built by `load` from the wire types in `spec`.

use super::compare_spec as compare;
use super::spec::{Difficulty, HintVerdict, Kind, Protocol, ScoreRule, Visibility};
use super::types::ValueType;
use crate::units::Wall;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Problem {
    /// The folder name.
    pub id: String,
    pub dir: PathBuf,
    pub title: String,
    pub kind: Kind,
    pub tags: Vec<String>,
    pub difficulty: Option<Difficulty>,
    pub function: Option<FunctionSig>,
    /// kind = "sql": the schema, the reference query and the comparison options.
    pub sql: Option<SqlSpec>,
    /// `[python] requirements`, sorted and without duplicates: Python answers run in a
    /// virtualenv holding them (empty: the interpreter as found).
    pub python_requirements: Vec<String>,
    pub tests: Vec<Test>,
    pub groups: Vec<Group>,
    pub expect: Vec<Expect>,
    /// `[[hints]]`, in order, each trimmed and not empty.
    pub hints: Vec<String>,
    /// The problem-wide limits (before any per-test override), for display.
    pub limits: TestLimits,
    /// Set when the problem was read from an ICPC/Kattis package (`problem.yaml`).
    pub package: Option<Package>,
    /// `[generator]`: the program that prints random tests for `grader stress`.
    pub generator: Option<Generator>,
    /// An interactive or multi-pass problem: each test's checker (a package's output validator,
    /// or `interactor` of `problem.toml`) talks with the submission or asks for more passes.
    pub interaction: Option<Interaction>,
}

/// How an interactive or multi-pass problem runs a test. The test's checker (Kattis protocol:
/// `checker input answer feedback_dir/`, exit 42 accepts, 43 rejects) is the validator.
#[derive(Debug, Clone, PartialEq)]
pub struct Interaction {
    /// The validator runs beside the submission, its stdin the submission's stdout and its
    /// stdout the submission's stdin; else (multi-pass only) it reads each pass's output after.
    pub interactive: bool,
    /// Passes allowed: 1, or a multi-pass problem's `limits.validation_passes`. A pass the
    /// validator accepts with `nextpass.in` in its feedback folder runs the submission again on
    /// that input.
    pub passes: u32,
}

/// A problem's test generator: a source file of the problem folder, run as `FILE SEED SIZE`,
/// that prints one test (a JSON array of arguments, or stdin text). Untrusted: it runs in the
/// sandbox like an answer.
#[derive(Debug, Clone)]
pub struct Generator {
    /// The file as `problem.toml` names it (for messages).
    pub name: String,
    /// Its host path, checked to be inside the problem folder.
    pub file: PathBuf,
    /// The largest size `grader stress` asks for unless told otherwise.
    pub max_size: usize,
}

/// What an ICPC/Kattis package adds to the model: where its limits came from and the settings
/// that infer a time limit from the accepted submissions.
#[derive(Debug, Clone)]
pub struct Package {
    /// Where the time limit came from (`problem.yaml limits.time_limit`, `.timelimit`,
    /// `domjudge-problem.ini`), or `None` when it must be inferred from the accepted submissions.
    pub time_limit_source: Option<String>,
    pub ac_to_time_limit: f64,
    pub time_limit_to_tle: f64,
    pub time_resolution: f64,
    /// The package's `submissions/` folder.
    pub submissions: PathBuf,
    /// `type: scoring`: the groups carry the package's points (the sample scores 0).
    pub scoring: bool,
    /// A legacy scoring package: how problemtools' default grader aggregates each data folder's
    /// verdict (the root `""` first), for `verify`'s legacy verdict (computed in
    /// `package::kattis`, which interprets it). Empty otherwise.
    pub legacy_verdict: Vec<LegacyNode>,
    /// Notes for the report (format version, inferred limits, ignored features).
    pub notes: Vec<String>,
    /// `problem.yaml`'s `constants` as the `{{...}}` sequences to substitute in submissions,
    /// included files and the output validator, with their values (2025-09).
    pub constants: Vec<(String, String)>,
}

/// The verdict settings of one data folder of a legacy scoring package (after inheritance).
#[derive(Debug, Clone, PartialEq)]
pub struct LegacyNode {
    /// The folder's path below `data/` (`""` for `data/` itself).
    pub name: String,
    /// `on_reject: break`: the results after the first rejected one do not count.
    pub on_reject_break: bool,
    /// `first_error` (else `worst_error`).
    pub first_error: bool,
    pub accept_if_any: bool,
    /// Only the last result counts (`ignore_sample` at the root: secret's).
    pub ignore_sample: bool,
    /// `range: LOW HIGH`: the folder's score must lie in it (problemtools reports an error).
    pub range: Option<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TestLimits {
    /// CPU time, before the language's time factor.
    pub time: Duration,
    pub wall: Wall,
    pub memory: u64,
    pub output: u64,
    /// Allocations past the memory limit are refused (the data limit is the memory limit, as
    /// problemtools' RLIMIT_AS), even where a cgroup could let them through to an OOM kill. Kattis
    /// packages judge this way: their memory-hog submissions expect a run-time error, fast.
    pub refuse_allocations: bool,
    /// The language's time factor and offset apply to `time` (`limits.time_factors`, default
    /// true). Packages give every language the one limit, as problemtools, Kattis and BAPCtools do.
    pub time_factors: bool,
    /// Judged as contest juries judge (ICPC/Kattis packages): a fork refused at the process
    /// limit fails and the program runs on, and the working folder is read-only.
    pub jury: bool,
}

impl Default for TestLimits {
    fn default() -> Self {
        TestLimits {
            time: Duration::from_secs(2),
            wall: Wall::Auto,
            memory: 256 << 20,
            output: 8 << 20,
            refuse_allocations: false,
            time_factors: true,
            jury: false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct FunctionSig {
    pub name: String,
    pub params: Vec<(String, ValueType)>,
    pub returns: ValueType,
    pub unordered: bool,
    /// A class-shaped problem: `name` is the class, each test's `args` are its calls, and
    /// `params` (with `methods`) the constructor's parameters.
    pub class: bool,
    /// A class's typed methods; empty for a class driven by shape only (Python and JavaScript).
    pub methods: Vec<Method>,
    /// The problem's Python check function (`check(args, expected, got)`), if any.
    pub check: Option<std::path::PathBuf>,
    /// Problem-supplied drivers by language id; a language without one cannot answer.
    pub drivers: std::collections::BTreeMap<String, std::path::PathBuf>,
}

/// A typed method of a class-shaped problem.
#[derive(Debug, Clone)]
pub struct Method {
    pub name: String,
    pub params: Vec<(String, ValueType)>,
    /// `None`: returns nothing (null in the tests).
    pub returns: Option<ValueType>,
}

impl FunctionSig {
    /// A plain function's signature (no class, no check function, no drivers).
    pub fn plain(name: &str, params: Vec<(String, ValueType)>, returns: ValueType) -> FunctionSig {
        FunctionSig {
            name: name.to_string(),
            params,
            returns,
            unordered: false,
            class: false,
            methods: Vec::new(),
            check: None,
            drivers: Default::default(),
        }
    }

    /// Every type of the signature the answer sees: the parameters', the return value's (not a
    /// class's: its `returns` is the internal `any` of its calls' results), then each method's
    /// parameters' and return value's.
    pub fn types(&self) -> impl Iterator<Item = &ValueType> {
        self.params
            .iter()
            .map(|(_, t)| t)
            .chain((!self.class).then_some(&self.returns))
            .chain(
                self.methods
                    .iter()
                    .flat_map(|m| m.params.iter().map(|(_, t)| t).chain(m.returns.as_ref())),
            )
    }

    /// The typed method called `name`, if the class declares its methods.
    pub fn method(&self, name: &str) -> Option<&Method> {
        self.methods.iter().find(|m| m.name == name)
    }
}

/// The `[sql]` table, resolved.
#[derive(Debug, Clone)]
pub struct SqlSpec {
    /// The reference query's file.
    pub reference: PathBuf,
    /// The schema's SQL text.
    pub schema: String,
    pub foreign_keys: bool,
    /// VM steps per query.
    pub max_steps: u64,
    /// Rows per query.
    pub max_rows: u64,
    pub compare: super::sql_options::Options,
    pub plan: Option<SqlPlan>,
    pub dml: Option<SqlDml>,
    /// The engines every answer runs on (SQLite first when both).
    pub engines: Vec<super::sql_options::Engine>,
    pub postgres_policy: super::sql_options::PgPolicy,
    /// The schema's PostgreSQL spelling, when it differs.
    pub schema_postgres: Option<String>,
}

/// `[sql.plan]`, resolved (regexes compiled).
#[derive(Debug, Clone)]
pub struct SqlPlan {
    pub datasets: Vec<String>,
    pub require: Vec<regex::Regex>,
    pub forbid: Vec<regex::Regex>,
    pub max_fullscan_steps: Option<u64>,
    pub max_vm_steps_ratio: Option<f64>,
    pub max_sorts: Option<u64>,
    pub feedback: Option<String>,
}

/// `[sql.dml]`, resolved: statement kinds upper-case.
#[derive(Debug, Clone)]
pub struct SqlDml {
    pub allow: Vec<String>,
    pub tables: Vec<String>,
    pub check: String,
}

/// The value of a named SQL parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum SqlParam {
    /// `"@null"` in the test: SQL's NULL.
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

/// One part of an SQL dataset, applied in order after the schema.
#[derive(Debug, Clone)]
pub enum SqlSeed {
    Sql(Data),
    Csv { table: String, file: PathBuf },
}

#[derive(Debug, Clone)]
pub struct Checker {
    /// The checker's source or executable, or a folder of sources (a Kattis output validator).
    pub program: PathBuf,
    pub protocol: Protocol,
    /// Extra arguments after the protocol's own (a Kattis package's `output_validator_args`).
    pub args: Vec<String>,
    /// The checker's `score.txt` / `score_multiplier.txt` give an accepted case a partial score
    /// (Kattis protocol; `custom.scores`, or a 2025-09 scoring package's validator).
    pub scores: bool,
}

/// How a test's output is judged: exactly one of a built-in mode, the ICPC/Kattis default output
/// validator, or a custom checker.
#[derive(Debug, Clone)]
pub enum CompareSpec {
    /// A built-in mode compares the output with the answer.
    Builtin(compare::Options),
    /// The ICPC/Kattis default output validator decides with these flags, with problemtools'
    /// exact semantics (a Kattis package's tests, or `mode = "kattis"`).
    Kattis(compare::Flags),
    /// A custom checker program decides (`mode = "custom"`, or a package's output validator).
    Checker(Checker),
}

impl Default for CompareSpec {
    fn default() -> Self {
        CompareSpec::Builtin(compare::Options::default())
    }
}

impl CompareSpec {
    /// The built-in comparison: the one that decides (`Builtin`), the closest one, used only to
    /// explain a difference (`Kattis`), the defaults (`Checker`). Function answers take their
    /// float tolerance from it.
    pub fn options(&self) -> compare::Options {
        match self {
            CompareSpec::Builtin(o) => o.clone(),
            CompareSpec::Kattis(flags) => flags.compare_options(),
            CompareSpec::Checker(_) => compare::Options::default(),
        }
    }

    /// The custom checker, if one decides.
    pub fn checker(&self) -> Option<&Checker> {
        match self {
            CompareSpec::Checker(c) => Some(c),
            _ => None,
        }
    }

    /// The default output validator's flags, if it decides.
    pub fn kattis(&self) -> Option<&compare::Flags> {
        match self {
            CompareSpec::Kattis(f) => Some(f),
            _ => None,
        }
    }
}

/// Where a piece of test data lives.
#[derive(Debug, Clone)]
pub enum Data {
    Inline(String),
    File(PathBuf),
}

#[derive(Debug, Clone)]
pub enum TestData {
    Stdio {
        input: Data,
        answer: Data,
    },
    Function {
        args: serde_json::Value,
        expected: serde_json::Value,
    },
    /// A dataset of an SQL problem.
    Sql {
        seeds: Vec<SqlSeed>,
        /// Named parameters bound to the queries on this dataset (name without the `:`).
        params: Vec<(String, SqlParam)>,
    },
}

#[derive(Debug, Clone)]
pub struct Test {
    /// Position in test order.
    pub index: usize,
    /// Unique: the inline `name` (default `test-N`), or `GROUP/NAME` for files in `tests/GROUP/`.
    pub name: String,
    pub group: Option<usize>,
    pub data: TestData,
    pub visibility: Visibility,
    pub points: u32,
    pub hint: Option<String>,
    /// The verdicts the hint is shown with (WA unless the spec says `hint_on`).
    pub hint_on: Vec<HintVerdict>,
    /// Skipped by `run` and `check` unless `--slow` (`slow = true` on the test or its group).
    pub slow: bool,
    pub limits: TestLimits,
    pub compare: CompareSpec,
}

impl Test {
    /// The hint to show with `verdict` (`"WA"`, `"TLE"`, ...), if it was written for it.
    pub fn hint_for(&self, verdict: &str) -> Option<String> {
        let written_for = self.hint_on.iter().any(|v| v.as_str() == verdict);
        self.hint.clone().filter(|_| written_for)
    }
}

#[derive(Debug, Clone)]
pub struct Group {
    pub name: String,
    /// `None`: the sum of its tests' points.
    pub points: Option<u32>,
    pub score: ScoreRule,
    /// Indices of groups that must pass in full first.
    pub require: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Expect {
    pub file: PathBuf,
    /// Verdict names (`AC`, `WA`, ...), any of which is acceptable; or, each written `!AC`,
    /// those it must not get.
    pub verdicts: Vec<String>,
    pub lang: Option<String>,
    /// `[[sql.case]]` with `engine`: checked only when that engine runs.
    pub engine: Option<super::sql_options::Engine>,
    /// The score it must get, an inclusive range (`score = 65` or `score = [60, 70]`).
    pub score: Option<(f64, f64)>,
}

impl Problem {
    /// The most points this problem gives.
    pub fn max_score(&self) -> u32 {
        let ungrouped: u32 = self
            .tests
            .iter()
            .filter(|t| t.group.is_none())
            .map(|t| t.points)
            .sum();
        let grouped: u32 = (0..self.groups.len()).map(|g| self.group_max(g)).sum();
        ungrouped + grouped
    }

    /// The most points group `g` gives.
    pub fn group_max(&self, g: usize) -> u32 {
        self.groups[g].points.unwrap_or_else(|| {
            self.tests
                .iter()
                .filter(|t| t.group == Some(g))
                .map(|t| t.points)
                .sum()
        })
    }

    /// The order in which groups may run: a group's requirements come in an earlier wave.
    pub fn wave_of_group(&self, g: usize) -> usize {
        fn depth(p: &Problem, g: usize, guard: usize) -> usize {
            if guard > p.groups.len() {
                return 0;
            }
            p.groups[g]
                .require
                .iter()
                .map(|&r| depth(p, r, guard + 1) + 1)
                .max()
                .unwrap_or(0)
        }
        depth(self, g, 0)
    }
}
