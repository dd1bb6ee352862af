//! ICPC/Kattis problem packages read as they are: a folder with `problem.yaml` (and no
//! `problem.toml`) turned into the grader's [`Problem`] model. Owns the package layout
//! (`data/sample`, `data/secret` with nested groups, `.in`/`.ans` pairs in lexicographic order),
//! the argument files (`testdata.yaml`, `test_group.yaml`, per-test `.yaml`), the limits
//! (`problem.yaml`, `.timelimit`, DOMjudge's `domjudge-problem.ini`, or inferred later from the
//! accepted submissions) and the choice of output validator (default or custom). Both the legacy
//! format and version 2025-09 are read; scoring problems get their groups' points from
//! `scoring`; interactive and multi-pass problems run their output validator as the interactor
//! (see [`Interaction`]); submit-answer problems are refused with a message naming the feature.

use super::include;
use crate::error::{Error, Result};
use crate::problem::compare_spec::Flags;
use crate::problem::inside::{Folder, Found};
use crate::problem::spec::{Kind, Protocol, ScoreRule, Visibility};
use crate::problem::{
    Checker, CompareSpec, Data, Group, Interaction, LegacyNode, PACKAGE_FILE, Package, Problem,
    Test, TestData, TestLimits,
};
use crate::units::{Limit, Wall};
use serde_norway::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub(super) fn spec_err(path: &Path, message: impl std::fmt::Display) -> Error {
    Error::spec(format!("{}: {message}", path.display()))
}

pub(super) fn read_yaml(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::usage(format!("cannot read `{}`: {e}", path.display())))?;
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_norway::from_str(&text).map_err(|e| spec_err(path, format!("invalid YAML: {e}")))
}

pub(super) fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.as_mapping().and_then(|m| m.get(key))
}

pub(super) fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// An argument list: a string split on whitespace (legacy) or a list of strings (2025-09).
fn args_of(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::String(s) => Some(s.split_whitespace().map(str::to_string).collect()),
        Value::Sequence(items) => Some(
            items
                .iter()
                .map(|i| match i {
                    Value::String(s) => s.clone(),
                    other => serde_norway::to_string(other)
                        .unwrap_or_default()
                        .trim()
                        .to_string(),
                })
                .collect(),
        ),
        _ => None,
    }
}

/// The output validator arguments set by a YAML file, if it sets any.
fn validator_args(v: &Value) -> Option<Vec<String>> {
    get(v, "output_validator_args")
        .or_else(|| get(v, "output_validator_flags"))
        .and_then(args_of)
}

/// How the package's outputs are judged.
enum Validation {
    Default,
    /// A custom output validator: a folder of sources, or one source file.
    Custom(PathBuf),
}

/// Loads the package in `dir`.
pub fn load(dir: &Path) -> Result<Problem> {
    // Every file read below resolves inside the package folder (see `inside`).
    let pkg = Folder::open(dir, "package folder")?;
    let yaml_path = pkg
        .file(PACKAGE_FILE)
        .map_err(|r| pkg.error("", PACKAGE_FILE, &r))?;
    let yaml = read_yaml(&yaml_path)?;
    if !yaml.is_null() && !yaml.is_mapping() {
        return Err(spec_err(&yaml_path, "expected a mapping of keys"));
    }
    let version = get(&yaml, "problem_format_version")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "legacy".into());
    let mut notes = vec![format!("ICPC/Kattis package (format {version})")];

    let (scoring, validation, kinds) = problem_types(&yaml, &yaml_path)?;

    let title = match get(&yaml, "name") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Mapping(m)) => m
            .get("en")
            .or_else(|| m.values().next())
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        _ => String::new(),
    };
    let id = dir
        .canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| dir.display().to_string());
    let title = if title.is_empty() { id.clone() } else { title };

    let PackageLimits {
        limits,
        ac_to_time_limit,
        time_limit_to_tle,
        time_resolution,
        time_limit_source,
    } = package_limits(&pkg, &yaml, &yaml_path, &version)?;
    let legacy = legacy_scoring(&pkg, &version);
    let constants = include::constants(&yaml).map_err(|e| spec_err(&yaml_path, e))?;

    // Output validation.
    let problem_args = get(&yaml, "validator_flags")
        .and_then(args_of)
        .unwrap_or_default();
    let validation = match validators_folder(&pkg)? {
        Some(d)
            if validation.starts_with("custom")
                || legacy_or_present(&version)
                || kinds.interactive
                || kinds.multi_pass =>
        {
            let program = single_validator(&pkg, Path::new(d))?;
            Validation::Custom(include::with_constants(program, &constants)?)
        }
        _ if validation.starts_with("custom") => {
            return Err(spec_err(
                &yaml_path,
                "`validation: custom` but there is no output_validators/ (or output_validator/) folder",
            ));
        }
        _ => Validation::Default,
    };
    let interaction = interaction(kinds, &validation, &yaml, &yaml_path)?;
    notes.extend(interaction.as_ref().map(interaction_note));
    if let Validation::Default = validation {
        Flags::parse(&problem_args)
            .map_err(|e| spec_err(&yaml_path, format!("validator_flags: {e}")))?;
    }

    // Test data.
    let data = dir.join("data");
    check_data(&pkg)?;
    let root_args = read_group_args(&pkg, Path::new("data"))?.unwrap_or(problem_args);
    let mut tests = Vec::new();
    let mut groups = Vec::new();
    let walk = Walk {
        pkg: &pkg,
        validation: &validation,
        // A legacy package's custom validator scores its cases too (score.txt, up to the
        // folder's range).
        scores: scoring,
        limits: &limits,
    };
    for part in ["sample", "secret"] {
        let d = Path::new("data").join(part);
        if pkg.find(&d).ok() == Some(Found::Folder) {
            collect(&walk, &d, part, &root_args, &mut tests, &mut groups)?;
        }
    }
    let legacy_verdict = if scoring {
        let scored = Scored {
            pkg: &pkg,
            yaml: &yaml,
            data: &data,
            legacy,
            custom: matches!(validation, Validation::Custom(_)),
        };
        scored.apply(&mut tests, &mut groups, &mut notes)?
    } else {
        Vec::new()
    };
    drop_empty_groups(&mut tests, &mut groups);
    if tests.is_empty() {
        return Err(spec_err(
            &data,
            "no test cases: expected NAME.in with NAME.ans under data/sample or data/secret",
        ));
    }
    if time_limit_source.is_none() {
        notes.push(
            "no time limit is given: it is inferred from the accepted submissions".to_string(),
        );
    }
    Ok(Problem {
        id,
        dir: dir.to_path_buf(),
        title,
        kind: Kind::Stdio,
        tags: Vec::new(),
        difficulty: None,
        function: None,
        sql: None,
        python_requirements: Vec::new(),
        hints: Vec::new(),
        tests,
        groups,
        expect: Vec::new(),
        limits,
        package: Some(Package {
            time_limit_source,
            ac_to_time_limit,
            time_limit_to_tle,
            time_resolution,
            submissions: dir.join("submissions"),
            scoring,
            legacy_verdict,
            notes,
            constants,
        }),
        generator: None,
        interaction,
    })
}

/// The package's problem types and its `validation` setting; refuses what the grader cannot
/// judge. Returns whether it is a scoring problem, the `validation` words, and whether it is
/// interactive and multi-pass.
fn problem_types(yaml: &Value, yaml_path: &Path) -> Result<(bool, String, Kinds)> {
    let mut types: Vec<String> = match get(yaml, "type") {
        Some(Value::String(s)) => s.split_whitespace().map(str::to_string).collect(),
        Some(Value::Sequence(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    let validation = get(yaml, "validation")
        .and_then(Value::as_str)
        .unwrap_or("default")
        .to_string();
    types.extend(
        validation
            .split_whitespace()
            .filter(|w| *w != "custom" && *w != "default")
            .map(str::to_string),
    );
    let scoring = types.iter().any(|t| t == "scoring");
    let mut kinds = Kinds::default();
    for t in &types {
        match t.as_str() {
            "pass-fail" | "scoring" => {}
            "interactive" => kinds.interactive = true,
            "multi-pass" => kinds.multi_pass = true,
            "submit-answer" => {
                return Err(spec_err(
                    yaml_path,
                    "this package is `submit-answer`: submit-answer problems (the answers are files, not a program) are not supported yet; pass-fail, scoring, interactive and multi-pass problems can be judged",
                ));
            }
            other => {
                return Err(spec_err(
                    yaml_path,
                    format!(
                        "unknown problem type `{other}` (expected pass-fail, scoring, interactive, multi-pass or submit-answer)"
                    ),
                ));
            }
        }
    }
    Ok((scoring, validation, kinds))
}

/// Whether a package is interactive, multi-pass, both or neither.
#[derive(Debug, Default, Clone, Copy)]
struct Kinds {
    interactive: bool,
    multi_pass: bool,
}

/// The report's note on an interactive or multi-pass package.
fn interaction_note(i: &Interaction) -> String {
    match (i.interactive, i.passes) {
        (true, 1) => "interactive: the output validator talks with the submission".into(),
        (true, n) => format!("interactive, multi-pass (up to {n} passes)"),
        (false, n) => format!("multi-pass (up to {n} passes)"),
    }
}

/// How an interactive or multi-pass package runs its tests (the output validator decides, so
/// it must have one); `None` for the others.
fn interaction(
    kinds: Kinds,
    validation: &Validation,
    yaml: &Value,
    yaml_path: &Path,
) -> Result<Option<Interaction>> {
    if !kinds.interactive && !kinds.multi_pass {
        return Ok(None);
    }
    if let Validation::Default = validation {
        return Err(spec_err(
            yaml_path,
            "an interactive or multi-pass problem needs its own output validator (in output_validator/ or output_validators/), which talks with the submission",
        ));
    }
    let passes = if kinds.multi_pass {
        let v = get(yaml, "limits").and_then(|l| get(l, "validation_passes"));
        match v.map(number) {
            None => 2,
            Some(Some(n)) if n.fract() == 0.0 && (2.0..=1000.0).contains(&n) => n as u32,
            Some(_) => {
                return Err(spec_err(
                    yaml_path,
                    "limits.validation_passes must be a whole number from 2 to 1000",
                ));
            }
        }
    } else {
        1
    };
    Ok(Some(Interaction {
        interactive: kinds.interactive,
        passes,
    }))
}

/// The limits of a package and the settings that infer a time limit.
struct PackageLimits {
    limits: TestLimits,
    ac_to_time_limit: f64,
    time_limit_to_tle: f64,
    time_resolution: f64,
    /// Where the time limit came from; `None`: inferred from the accepted submissions.
    time_limit_source: Option<String>,
}

/// `limits` of `problem.yaml` (and the legacy places of the time limit), within the sane bounds
/// of `problem.toml`.
fn package_limits(
    pkg: &Folder,
    yaml: &Value,
    yaml_path: &Path,
    version: &str,
) -> Result<PackageLimits> {
    let limits_yaml = get(yaml, "limits").cloned().unwrap_or(Value::Null);
    let lim = |k: &str| get(&limits_yaml, k).and_then(number);
    let legacy = version == "legacy";
    let mult = get(&limits_yaml, "time_multipliers").cloned();
    let ac_to_time_limit = mult
        .as_ref()
        .and_then(|m| get(m, "ac_to_time_limit"))
        .and_then(number)
        .or_else(|| lim("time_multiplier"))
        .unwrap_or(if legacy { 5.0 } else { 2.0 });
    let time_limit_to_tle = mult
        .as_ref()
        .and_then(|m| get(m, "time_limit_to_tle"))
        .and_then(number)
        .or_else(|| lim("time_safety_margin"))
        .unwrap_or(if legacy { 2.0 } else { 1.5 });
    let time_resolution = lim("time_resolution").unwrap_or(1.0);
    let (time, time_limit_source) = match time_limit(pkg, yaml, &limits_yaml)? {
        Some((t, source)) => (t, Some(source)),
        // A placeholder until the accepted submissions have been timed.
        None => (1.0, None),
    };
    let positive = |v: f64, what: &str| {
        if v.is_finite() && v > 0.0 {
            Ok(v)
        } else {
            Err(spec_err(
                yaml_path,
                format!("{what} must be a positive number"),
            ))
        }
    };
    let time = positive(time, "the time limit")?;
    // Without a memory limit: the legacy format leaves it to the judge system; problemtools, its
    // reference, gives 1024 MiB (its config/problem.yaml), as the GCPC 2021 and 2022 juries'
    // memory-error verdicts need (NWERC 2023's judges had more: docs/agreement.md). The
    // 2023-07 and 2025-09 formats' own default is 2048 MiB.
    let default_memory = if legacy { 1024.0 } else { 2048.0 };
    let memory_mib = positive(lim("memory").unwrap_or(default_memory), "limits.memory")?;
    let output_mib = positive(lim("output").unwrap_or(8.0), "limits.output")?;
    // The sane bounds of problem.toml (a package has no key to lift them); checked before the
    // conversions, which would overflow.
    let bounded = |limit: Limit, value: f64, unit: f64| {
        limit
            .check_sane((value * unit).min(u128::MAX as f64) as u128)
            .map(|()| value)
            .map_err(|e| spec_err(yaml_path, e))
    };
    let time = bounded(Limit::Time, time, 1e9)?;
    let memory_mib = bounded(Limit::Memory, memory_mib, 1024.0 * 1024.0)?;
    let output_mib = bounded(Limit::Output, output_mib, 1024.0 * 1024.0)?;
    let limits = TestLimits {
        time: Duration::from_secs_f64(time),
        wall: Wall::Auto,
        memory: (memory_mib * 1024.0 * 1024.0) as u64,
        output: (output_mib * 1024.0 * 1024.0) as u64,
        refuse_allocations: true,
        // One limit for every language, as the juries' systems give.
        time_factors: false,
        jury: true,
    };
    Ok(PackageLimits {
        limits,
        ac_to_time_limit,
        time_limit_to_tle,
        time_resolution,
        time_limit_source,
    })
}

/// The note that lists a scoring problem's groups: name, points, aggregation.
fn scoring_note(tests: &[Test], groups: &[Group]) -> String {
    format!(
        "scoring problem: {}",
        groups
            .iter()
            .enumerate()
            .filter(|(g, _)| tests.iter().any(|t| t.group == Some(*g)))
            .map(|(_, g)| format!(
                "{} {} ({})",
                g.name,
                g.points.unwrap_or(0),
                match g.score {
                    ScoreRule::All => "pass-fail",
                    ScoreRule::Sum => "sum",
                    ScoreRule::Min => "min",
                }
            ))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// In 2025-09 the presence of `output_validator/` alone makes the validator custom; in the
/// legacy format `validation: custom` must say so.
fn legacy_or_present(version: &str) -> bool {
    version != "legacy"
}

/// The package's output validators folder (`output_validator/`, or legacy
/// `output_validators/`), if it has one inside.
fn validators_folder(pkg: &Folder) -> Result<Option<&'static str>> {
    for d in ["output_validator", "output_validators"] {
        match pkg.probe(d) {
            Ok(Some(Found::Folder)) => return Ok(Some(d)),
            Ok(_) => {}
            Err(r) => return Err(pkg.error("the output validators folder", d, &r)),
        }
    }
    Ok(None)
}

/// Checks that the package has a `data/` folder and that every file below it is inside the
/// package (once, so that the scoring rules' reads of the groups' YAML files stay inside too).
fn check_data(pkg: &Folder) -> Result<()> {
    match pkg.probe("data") {
        Ok(Some(Found::Folder)) => {}
        Ok(_) => {
            return Err(spec_err(
                pkg.root(),
                "this package has no data/ folder (expected data/sample and data/secret)",
            ));
        }
        Err(r) => return Err(pkg.error("", "data", &r)),
    }
    pkg.walk("data")
        .map_err(|(p, r)| pkg.error("test data file", p, &r))?;
    Ok(())
}

/// The one output validator of a validators folder: the folder itself when it holds sources,
/// else its only subfolder or file. Files that are no program (no known language, not the
/// format's `build`/`run`: a BAPCtools `validate.ctd.template`, a README) do not make the
/// folder a program beside a subfolder that is one, as problemtools' `find_programs` leaves
/// them out. Every file below the folder resolves inside the package.
fn single_validator(pkg: &Folder, dir: &Path) -> Result<PathBuf> {
    pkg.walk(dir)
        .map_err(|(p, r)| pkg.error("output validator file", p, &r))?;
    let entries = pkg
        .list(dir)
        .map_err(|(p, r)| pkg.error("output validator file", p, &r))?;
    let files: Vec<&Path> = entries
        .iter()
        .filter(|e| e.found == Found::File)
        .map(|e| e.rel.as_path())
        .collect();
    let folders: Vec<&Path> = entries
        .iter()
        .filter(|e| e.found == Found::Folder)
        .map(|e| e.rel.as_path())
        .collect();
    // The language table is read only when a folder has files beside it.
    let no_program = |files: &[&Path]| -> Result<bool> {
        if files.is_empty() {
            return Ok(true);
        }
        let table = crate::lang::Table::load()?;
        Ok(!files.iter().any(|rel| {
            rel.file_name().is_some_and(|n| n == "build" || n == "run")
                || table.detect(&pkg.path(rel), None).is_ok()
        }))
    };
    match (folders.as_slice(), files.is_empty()) {
        ([one], _) if no_program(&files)? => Ok(pkg.path(one)),
        (_, false) => Ok(pkg.path(dir)),
        _ => Err(spec_err(
            &pkg.path(dir),
            "expected exactly one output validator (one folder of sources)",
        )),
    }
}

/// The text of the package's file `rel` when there is one.
fn optional_text(pkg: &Folder, rel: &str) -> Result<Option<String>> {
    pkg.read_optional(rel).map_err(|r| pkg.error("", rel, &r))
}

/// The time limit the package gives, and where it comes from.
fn time_limit(pkg: &Folder, yaml: &Value, limits: &Value) -> Result<Option<(f64, String)>> {
    if let Some(t) = get(limits, "time_limit").and_then(number) {
        return Ok(Some((t, "problem.yaml limits.time_limit".into())));
    }
    if let Some(t) = get(yaml, "time_limit").and_then(number) {
        return Ok(Some((t, "problem.yaml time_limit".into())));
    }
    let file = pkg.path(".timelimit");
    if let Some(text) = optional_text(pkg, ".timelimit")? {
        let t: f64 = text.trim().parse().map_err(|_| {
            spec_err(
                &file,
                format!("expected a number of seconds, found `{}`", text.trim()),
            )
        })?;
        return Ok(Some((t, ".timelimit".into())));
    }
    let ini = pkg.path("domjudge-problem.ini");
    if let Some(text) = optional_text(pkg, "domjudge-problem.ini")? {
        for line in text.lines() {
            if let Some((k, v)) = line.split_once('=')
                && k.trim() == "timelimit"
            {
                let v = v.trim().trim_matches(['\'', '"']);
                let t: f64 = v.parse().map_err(|_| {
                    spec_err(
                        &ini,
                        format!("timelimit: expected a number of seconds, found `{v}`"),
                    )
                })?;
                return Ok(Some((t, "domjudge-problem.ini timelimit".into())));
            }
        }
    }
    Ok(None)
}

/// What scoring a package needs from `load`.
struct Scored<'a> {
    pkg: &'a Folder,
    yaml: &'a Value,
    data: &'a Path,
    /// Scored by the legacy rules (see `legacy_scoring`).
    legacy: bool,
    /// A custom output validator.
    custom: bool,
}

impl Scored<'_> {
    /// Gives the groups their points and rules (legacy, DOMjudge's reading, or 2025-09) and
    /// returns the legacy grader's verdict settings (none when the first failure decides).
    fn apply(
        &self,
        tests: &mut [Test],
        groups: &mut [Group],
        notes: &mut Vec<String>,
    ) -> Result<Vec<LegacyNode>> {
        let mut legacy_verdict = Vec::new();
        if self.legacy {
            let grading = get(self.yaml, "grading").cloned().unwrap_or(Value::Null);
            let domjudge = domjudge_scores(self.pkg);
            let note = match (self.custom, domjudge) {
                (true, _) => Some(
                    "the output validator's score.txt gives a case its score, up to its folder's range",
                ),
                (false, true) => Some(
                    "scores as DOMjudge reads testdata.yaml (the jury's @EXPECTED_SCORE@ headers): a folder's accept_score once when all its cases pass",
                ),
                (false, false) => None,
            };
            notes.extend(note.map(str::to_string));
            let reading = super::scoring::Reading {
                domjudge,
                validator: self.custom,
            };
            legacy_verdict =
                super::scoring::apply_legacy(self.data, &grading, reading, tests, groups)?;
            if domjudge {
                // DOMjudge's verdict is the first failure, not problemtools' worst error.
                legacy_verdict.clear();
            }
        } else {
            super::scoring::apply_2025(self.data, tests, groups)?;
        }
        notes.push(scoring_note(tests, groups));
        Ok(legacy_verdict)
    }
}

/// Whether the jury's expected scores are DOMjudge's `@EXPECTED_SCORE@` headers: such a
/// package's scores were set by DOMjudge, which reads a legacy `accept_score` as the score of
/// its folder (once, when every case passes) where problemtools gives it to each case.
/// A package written for problemtools' grader (an `ignore_sample` in a `testdata.yaml`, which
/// DOMjudge's example packages never set) keeps problemtools' reading. (A `range` does not
/// tell: DOMjudge reads it too, and its `knapsack` example sets one.)
fn domjudge_scores(pkg: &Folder) -> bool {
    let for_problemtools = pkg.walk("data").is_ok_and(|files| {
        files
            .iter()
            .filter(|f| f.file_name().is_some_and(|n| n == "testdata.yaml"))
            .any(|f| {
                pkg.read_to_string(f)
                    .is_ok_and(|t| t.contains("ignore_sample"))
            })
    });
    !for_problemtools
        && pkg.walk("submissions").is_ok_and(|files| {
            files
                .iter()
                .any(|f| super::expect::headers(&pkg.path(f), true).1.is_some())
        })
}

/// Whether the package's scoring follows the legacy rules (`testdata.yaml` with `accept_score`,
/// `range`, `grader_flags`): a legacy package, or a 2023-07-draft one without any
/// `test_group.yaml`, as problemtools (the draft's reference) reads its own `oddecho` example.
fn legacy_scoring(pkg: &Folder, version: &str) -> bool {
    match version {
        "legacy" => true,
        v if v.starts_with("2023-07") => !pkg.walk("data").is_ok_and(|files| {
            files
                .iter()
                .any(|f| f.file_name().is_some_and(|n| n == "test_group.yaml"))
        }),
        _ => false,
    }
}

/// The validator arguments a group folder sets (`test_group.yaml`, or legacy `testdata.yaml`).
fn read_group_args(pkg: &Folder, dir: &Path) -> Result<Option<Vec<String>>> {
    for name in ["test_group.yaml", "testdata.yaml"] {
        let rel = dir.join(name);
        if pkg.probe(&rel).map_err(|r| pkg.error("", &rel, &r))? == Some(Found::File) {
            let v = read_yaml(&pkg.path(&rel))?;
            if let Some(a) = validator_args(&v) {
                return Ok(Some(a));
            }
        }
    }
    Ok(None)
}

/// What every step of the walk over `data/` carries.
struct Walk<'a> {
    pkg: &'a Folder,
    validation: &'a Validation,
    scores: bool,
    limits: &'a TestLimits,
}

/// Adds the test cases of `dir` (relative to the package, named `prefix/…`), its files and
/// subgroups interleaved in lexicographic order, each folder a pass-fail group.
fn collect(
    w: &Walk,
    dir: &Path,
    prefix: &str,
    inherited: &[String],
    tests: &mut Vec<Test>,
    groups: &mut Vec<Group>,
) -> Result<()> {
    let Walk {
        pkg,
        validation,
        scores,
        limits,
    } = *w;
    let args = read_group_args(pkg, dir)?.unwrap_or_else(|| inherited.to_vec());
    let entries = pkg
        .list(dir)
        .map_err(|(p, r)| pkg.error("test data file", p, &r))?;
    let is_file = |name: &str| {
        entries
            .iter()
            .any(|e| e.name == name && e.found == Found::File)
    };
    let g = groups.len();
    groups.push(Group {
        name: prefix.to_string(),
        points: None,
        score: ScoreRule::All,
        require: Vec::new(),
    });
    let visibility = if prefix == "sample" {
        Visibility::Sample
    } else {
        // The package's data is on disk: nothing is gained by hiding it.
        Visibility::Public
    };
    for entry in &entries {
        let name = &entry.name;
        let path = pkg.path(&entry.rel);
        if entry.found == Found::Folder {
            collect(
                w,
                &entry.rel,
                &format!("{prefix}/{name}"),
                &args,
                tests,
                groups,
            )?;
            continue;
        }
        let Some(stem) = name.strip_suffix(".in") else {
            continue;
        };
        let answer = pkg.path(dir.join(format!("{stem}.ans")));
        if !is_file(&format!("{stem}.ans")) {
            return Err(spec_err(
                &path,
                format!("test case `{stem}` has no answer file `{stem}.ans`"),
            ));
        }
        let own = pkg.path(dir.join(format!("{stem}.yaml")));
        let case_args = if is_file(&format!("{stem}.yaml")) {
            validator_args(&read_yaml(&own)?).unwrap_or_else(|| args.clone())
        } else {
            args.clone()
        };
        let compare = match validation {
            Validation::Default => {
                let flags = Flags::parse(&case_args).map_err(|e| {
                    spec_err(
                        &path,
                        format!("output validator arguments of `{stem}`: {e}"),
                    )
                })?;
                CompareSpec::Kattis(flags)
            }
            Validation::Custom(program) => CompareSpec::Checker(Checker {
                program: program.clone(),
                protocol: Protocol::Kattis,
                args: case_args,
                scores,
            }),
        };
        tests.push(Test {
            index: tests.len(),
            name: format!("{prefix}/{stem}"),
            group: Some(g),
            data: TestData::Stdio {
                input: Data::File(path.clone()),
                answer: Data::File(answer),
            },
            visibility,
            points: 1,
            hint: None,
            hint_on: crate::problem::spec::HintVerdict::default_set(),
            slow: false,
            limits: limits.clone(),
            compare,
        });
    }
    Ok(())
}

/// Removes the groups that hold no test case directly (`secret` when all its cases are in
/// subgroups), renumbering the tests' group indices.
fn drop_empty_groups(tests: &mut [Test], groups: &mut Vec<Group>) {
    let used: Vec<bool> = (0..groups.len())
        .map(|g| tests.iter().any(|t| t.group == Some(g)))
        .collect();
    let mut new_index = Vec::with_capacity(groups.len());
    let mut next = 0;
    for &u in &used {
        new_index.push(next);
        if u {
            next += 1;
        }
    }
    for t in tests.iter_mut() {
        t.group = t.group.map(|g| new_index[g]);
    }
    for g in groups.iter_mut() {
        g.require = g
            .require
            .iter()
            .filter(|&&r| used[r])
            .map(|&r| new_index[r])
            .collect();
    }
    let mut g = 0;
    groups.retain(|_| {
        g += 1;
        used[g - 1]
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(files: &[(&str, &str)]) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let p = d.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        d
    }

    #[test]
    fn limits_outside_the_sane_range_are_refused_not_overflowed() {
        for (limits, want) in [
            ("time_limit: 1e20", "time limit"),
            ("memory: 1e30", "memory limit"),
            (
                "memory: 0.5",
                "memory limit 512 KiB is outside the sane range",
            ),
            ("output: 4096", "output limit 4 GiB"),
        ] {
            let d = package(&[
                ("problem.yaml", &format!("name: T\nlimits:\n  {limits}\n")),
                ("data/sample/1.in", ""),
                ("data/sample/1.ans", ""),
            ]);
            let e = load(d.path()).unwrap_err().to_string();
            assert!(
                e.contains("problem.yaml") && e.contains(want),
                "{limits}: {e}"
            );
        }
    }

    #[test]
    fn samples_then_secret_in_lexicographic_order_with_nested_groups() {
        let d = package(&[
            (
                "problem.yaml",
                "name: T\nlimits:\n  time_limit: 2.5\n  memory: 64\n",
            ),
            ("data/sample/2.in", ""),
            ("data/sample/2.ans", ""),
            ("data/sample/1.in", ""),
            ("data/sample/1.ans", ""),
            ("data/secret/b.in", ""),
            ("data/secret/b.ans", ""),
            ("data/secret/a/x.in", ""),
            ("data/secret/a/x.ans", ""),
            (
                "data/secret/a/test_group.yaml",
                "output_validator_args: [float_tolerance, '1e-3']\n",
            ),
            ("data/secret/c/y.in", ""),
            ("data/secret/c/y.ans", ""),
            (
                "data/secret/c/y.yaml",
                "output_validator_args: case_sensitive\n",
            ),
        ]);
        let p = load(d.path()).unwrap();
        let names: Vec<&str> = p.tests.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "sample/1",
                "sample/2",
                "secret/a/x",
                "secret/b",
                "secret/c/y"
            ]
        );
        assert_eq!(p.limits.time, Duration::from_millis(2500));
        assert_eq!(p.limits.memory, 64 << 20);
        assert_eq!(p.limits.output, 8 << 20);
        assert_eq!(
            p.package.as_ref().unwrap().time_limit_source.as_deref(),
            Some("problem.yaml limits.time_limit")
        );
        let flags = |i: usize| p.tests[i].compare.kattis().cloned().unwrap();
        assert_eq!(flags(2).float_abs, Some(1e-3));
        assert_eq!(flags(3), Flags::default());
        assert!(flags(4).case_sensitive);
        assert_eq!(p.tests[0].visibility, Visibility::Sample);
    }

    #[test]
    fn limits_from_timelimit_and_domjudge_ini_or_inferred() {
        let d = package(&[
            ("problem.yaml", ""),
            (".timelimit", "3\n"),
            ("data/secret/1.in", ""),
            ("data/secret/1.ans", ""),
        ]);
        let p = load(d.path()).unwrap();
        assert_eq!(p.limits.time, Duration::from_secs(3));
        // Legacy: problemtools' default; 2025-09: the format's own.
        assert_eq!(p.limits.memory, 1024 << 20);
        let d = package(&[
            ("problem.yaml", "problem_format_version: 2025-09\nname: x\n"),
            (".timelimit", "3\n"),
            ("data/secret/1.in", ""),
            ("data/secret/1.ans", ""),
        ]);
        assert_eq!(load(d.path()).unwrap().limits.memory, 2048 << 20);
        let d = package(&[
            ("problem.yaml", "name: x\n"),
            ("domjudge-problem.ini", "name='x'\ntimelimit='1.5'\n"),
            ("data/secret/1.in", ""),
            ("data/secret/1.ans", ""),
        ]);
        assert_eq!(
            load(d.path()).unwrap().limits.time,
            Duration::from_millis(1500)
        );
        let d = package(&[
            ("problem.yaml", "problem_format_version: 2025-09\n"),
            ("data/secret/1.in", ""),
            ("data/secret/1.ans", ""),
        ]);
        let p = load(d.path()).unwrap();
        let pkg = p.package.unwrap();
        assert!(pkg.time_limit_source.is_none());
        assert_eq!((pkg.ac_to_time_limit, pkg.time_limit_to_tle), (2.0, 1.5));
    }

    #[test]
    fn reads_interactive_and_multi_pass_and_refuses_bad_packages() {
        let data = [("data/secret/1.in", ""), ("data/secret/1.ans", "")];
        let validator = ("output_validators/v/v.py", "exit(42)\n");
        for (yaml, interactive, passes) in [
            ("type: interactive\n", true, 1),
            ("validation: custom interactive\n", true, 1),
            ("type: [pass-fail, multi-pass]\n", false, 2),
            (
                "type: [interactive, multi-pass]\nlimits:\n  validation_passes: 5\n",
                true,
                5,
            ),
        ] {
            let d = package(&[&[("problem.yaml", yaml), validator][..], &data].concat());
            let p = load(d.path()).unwrap();
            let i = p.interaction.unwrap();
            assert_eq!((i.interactive, i.passes), (interactive, passes), "{yaml}");
            assert!(p.tests[0].compare.checker().is_some());
            // Without a validator there is nothing to talk with.
            let d = package(&[&[("problem.yaml", yaml)][..], &data].concat());
            let e = load(d.path()).unwrap_err();
            assert_eq!(e.kind, crate::error::ErrorKind::Spec);
            assert!(e.message.contains("output_validator"), "{}", e.message);
        }
        for (yaml, words) in [
            (
                "type: submit-answer\n",
                "submit-answer problems (the answers are files",
            ),
            (
                "type: multi-pass\nlimits:\n  validation_passes: 1\n",
                "limits.validation_passes must be a whole number from 2 to 1000",
            ),
        ] {
            let d = package(&[&[("problem.yaml", yaml), validator][..], &data].concat());
            let e = load(d.path()).unwrap_err();
            assert_eq!(e.kind, crate::error::ErrorKind::Spec);
            assert!(e.message.contains(words), "{}", e.message);
        }
        let d = package(&[("problem.yaml", ""), ("data/secret/1.in", "")]);
        assert!(load(d.path()).unwrap_err().message.contains("1.ans"));
        let d = package(&[
            ("problem.yaml", "validator_flags: ignore_case\n"),
            ("data/secret/1.in", ""),
            ("data/secret/1.ans", ""),
        ]);
        assert!(load(d.path()).unwrap_err().message.contains("ignore_case"));
    }

    #[test]
    fn files_that_are_no_program_leave_a_validators_folder_s_one_program_folder() {
        // KARWa 2024's `antennes`: BAPCtools' skeleton leaves two `.template` files beside the
        // validator's folder; problemtools finds one program there.
        let files = [
            ("problem.yaml", "validation: custom\n"),
            ("output_validators/v/v.py", "exit(42)\n"),
            ("output_validators/validate.ctd.template", "INT(1, 10)\n"),
            ("data/secret/1.in", ""),
            ("data/secret/1.ans", ""),
        ];
        let program = |files: &[(&str, &str)]| {
            let d = package(files);
            let p = load(d.path()).unwrap();
            let c = p.tests[0].compare.checker().unwrap().program.clone();
            c.strip_prefix(d.path().canonicalize().unwrap())
                .unwrap_or(&c)
                .to_path_buf()
        };
        assert!(program(&files).ends_with("output_validators/v"));
        // A source beside the folder makes the folder itself the program, as before (the
        // checker then names what it found).
        let with_source = [
            &files[..],
            &[("output_validators/validate.py", "exit(42)\n")],
        ]
        .concat();
        assert!(program(&with_source).ends_with("output_validators"));
    }

    fn names_and_points(p: &Problem) -> Vec<(String, Option<u32>, ScoreRule)> {
        p.groups
            .iter()
            .map(|g| (g.name.clone(), g.points, g.score))
            .collect()
    }

    #[test]
    fn scoring_2025_groups_get_points_rules_and_requirements() {
        let d = package(&[
            (
                "problem.yaml",
                "problem_format_version: 2025-09\ntype: scoring\n",
            ),
            ("data/sample/1.in", ""),
            ("data/sample/1.ans", ""),
            ("data/secret/a/1.in", ""),
            ("data/secret/a/1.ans", ""),
            ("data/secret/a/deep/2.in", ""),
            ("data/secret/a/deep/2.ans", ""),
            ("data/secret/a/test_group.yaml", "max_score: 25\n"),
            ("data/secret/b/1.in", ""),
            ("data/secret/b/1.ans", ""),
            (
                "data/secret/b/test_group.yaml",
                "max_score: 75\nscore_aggregation: min\nrequire_pass: [sample, secret/a]\n",
            ),
        ]);
        let p = load(d.path()).unwrap();
        assert!(p.package.as_ref().unwrap().scoring);
        assert_eq!(
            names_and_points(&p),
            [
                ("sample".to_string(), Some(0), ScoreRule::All),
                ("secret/a".to_string(), Some(25), ScoreRule::All),
                ("secret/b".to_string(), Some(75), ScoreRule::Min),
            ]
        );
        // The folder below a test data group is part of it.
        assert_eq!(p.tests[2].name, "secret/a/deep/2");
        assert_eq!(p.tests[2].group, Some(1));
        assert_eq!(p.groups[2].require, [0, 1]);
        assert_eq!(p.max_score(), 100);

        // Test cases directly in secret: one group of secret's max_score and aggregation.
        let d = package(&[
            (
                "problem.yaml",
                "problem_format_version: 2025-09\ntype: scoring\n",
            ),
            ("data/secret/1.in", ""),
            ("data/secret/1.ans", ""),
            ("data/secret/test_group.yaml", "max_score: 40\n"),
        ]);
        let p = load(d.path()).unwrap();
        assert_eq!(
            names_and_points(&p),
            [("secret".to_string(), Some(40), ScoreRule::Sum)]
        );
    }

    #[test]
    fn scoring_legacy_maps_accept_scores_and_grader_flags() {
        let d = package(&[
            ("problem.yaml", "type: scoring\n"),
            ("data/sample/1.in", ""),
            ("data/sample/1.ans", ""),
            ("data/secret/testdata.yaml", "on_reject: continue\n"),
            ("data/secret/g1/1.in", ""),
            ("data/secret/g1/1.ans", ""),
            ("data/secret/g1/2.in", ""),
            ("data/secret/g1/2.ans", ""),
            (
                "data/secret/g1/testdata.yaml",
                "accept_score: 20\ngrader_flags: min\n",
            ),
            ("data/secret/g2/1.in", ""),
            ("data/secret/g2/1.ans", ""),
            ("data/secret/g2/2.in", ""),
            ("data/secret/g2/2.ans", ""),
            ("data/secret/g2/testdata.yaml", "accept_score: 5\n"),
        ]);
        let p = load(d.path()).unwrap();
        // Without ignore_sample the sample counts: accept_score 1 per case, summed.
        assert_eq!(
            names_and_points(&p),
            [
                ("sample".to_string(), Some(1), ScoreRule::Sum),
                ("secret/g1".to_string(), Some(20), ScoreRule::All),
                ("secret/g2".to_string(), Some(10), ScoreRule::Sum),
            ]
        );
        // The default grader's verdict: worst error, with secret continuing past a rejection.
        let pkg = p.package.as_ref().unwrap();
        let names: Vec<&str> = pkg.legacy_verdict.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["", "sample", "secret", "secret/g1", "secret/g2"]);
        let cases = |v: [&'static str; 5]| -> Vec<(String, &'static str)> {
            p.tests.iter().map(|t| t.name.clone()).zip(v).collect()
        };
        assert_eq!(pkg.legacy_verdict(&cases(["AC"; 5])), Some("AC"));
        assert_eq!(
            pkg.legacy_verdict(&cases(["AC", "WA", "AC", "AC", "TLE"])),
            Some("TLE"),
            "worst_error over secret's groups: TLE is worse than WA"
        );
        let mut first_error = pkg.clone();
        first_error.legacy_verdict[2].first_error = true;
        first_error.legacy_verdict[2].accept_if_any = false;
        assert_eq!(
            first_error.legacy_verdict(&cases(["AC", "WA", "AC", "AC", "TLE"])),
            Some("WA")
        );
        let mut any = pkg.clone();
        any.legacy_verdict[2].accept_if_any = true;
        assert_eq!(
            any.legacy_verdict(&cases(["AC", "WA", "AC", "AC", "TLE"])),
            Some("TLE"),
            "g2 is not accepted either (worst_error inside it)"
        );
        assert_eq!(
            any.legacy_verdict(&cases(["AC", "WA", "AC", "AC", "AC"])),
            Some("AC")
        );
        // The root breaks at a rejected sample.
        assert_eq!(
            any.legacy_verdict(&cases(["RTE", "AC", "AC", "AC", "AC"])),
            Some("RTE")
        );
    }

    #[test]
    fn scoring_refuses_what_it_cannot_reproduce_exactly() {
        let v2025 = "problem_format_version: 2025-09\ntype: scoring\n";
        for (files, word) in [
            (
                vec![
                    ("problem.yaml", v2025),
                    ("data/secret/test_group.yaml", "max_score: unbounded\n"),
                ],
                "unbounded",
            ),
            (
                vec![
                    ("problem.yaml", v2025),
                    ("data/secret/test_group.yaml", "score_aggregation: min\n"),
                    ("data/secret/g/test_group.yaml", "max_score: 100\n"),
                ],
                "score_aggregation: min",
            ),
            (
                vec![
                    ("problem.yaml", v2025),
                    ("data/secret/g/test_group.yaml", "max_score: 90\n"),
                ],
                "sum to 90",
            ),
            (
                vec![("problem.yaml", v2025), ("data/secret/g/x.yaml", "")],
                "needs a max_score",
            ),
            (
                vec![
                    ("problem.yaml", "type: scoring\nvalidation: custom\n"),
                    ("output_validators/v/v.py", "import sys\nsys.exit(42)\n"),
                ],
                "score.txt without a `range: LOW HIGH`",
            ),
            (
                vec![
                    ("problem.yaml", "type: scoring\n"),
                    ("data/secret/testdata.yaml", "reject_score: 1\n"),
                ],
                "reject_score",
            ),
            (
                vec![
                    ("problem.yaml", "type: scoring\n"),
                    ("data/secret/testdata.yaml", "grader_flags: max\n"),
                ],
                "grader_flags max",
            ),
            (
                vec![
                    ("problem.yaml", "type: scoring\n"),
                    ("data/secret/testdata.yaml", "grading: custom\n"),
                ],
                "custom grader",
            ),
            (
                vec![
                    ("problem.yaml", "type: scoring\n"),
                    ("data/testdata.yaml", "grader_flags: ignore_sample\n"),
                ],
                "ignore_sample below the root",
            ),
            (
                vec![
                    ("problem.yaml", "type: scoring\n"),
                    ("data/secret/testdata.yaml", "range: 0\n"),
                ],
                "range: expected two numbers",
            ),
            (
                vec![
                    ("problem.yaml", v2025),
                    (
                        "data/secret/test_group.yaml",
                        "score_aggregation: pass-fail\n",
                    ),
                    ("data/secret/g/test_group.yaml", "score_aggregation: sum\n"),
                ],
                "must too",
            ),
            (
                vec![
                    ("problem.yaml", "type: scoring\n"),
                    (
                        "data/secret/testdata.yaml",
                        "grader_flags: accept_if_any_accepted\n",
                    ),
                    ("data/secret/g/2.in", ""),
                    ("data/secret/g/2.ans", ""),
                ],
                "on_reject: break",
            ),
        ] {
            let mut all = vec![("data/secret/g/1.in", ""), ("data/secret/g/1.ans", "")];
            all.extend(files);
            let d = package(&all);
            let e = load(d.path()).unwrap_err();
            assert_eq!(e.kind, crate::error::ErrorKind::Spec, "{}", e.message);
            assert!(e.message.contains(word), "{word}: {}", e.message);
            assert!(!e.message.contains('\n'), "{}", e.message);
        }
    }
}
