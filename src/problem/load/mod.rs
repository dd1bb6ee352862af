//! Finding and loading problems: the problems folder, `problem.toml` parsing with
//! `file:line:col` errors and "did you mean" suggestions, test-file discovery, and validation
//! into the [`Problem`] model. A problem that does not load never runs.

use super::compare_spec as compare;
use super::discover::{discover, test_subfolders};
use super::inside::{Folder, Found, Refusal};
use super::model::*;
use super::spec::{self, CompareToml, Kind, LimitsToml, ProblemToml, Visibility};
use super::types::ValueType;
use super::units::{Limit, Wall};
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

pub const SPEC_FILE: &str = "problem.toml";
/// The statement `grader show` prints.
pub const STATEMENT_FILE: &str = "statement.md";

/// The problems folder: `explicit` (from `--problems` or `GRADER_PROBLEMS`), else the first
/// `problems/` folder found from the current directory upwards.
pub fn problems_root(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        if dir.is_dir() {
            return Ok(dir.to_path_buf());
        }
        return Err(Error::usage(format!(
            "problems folder `{}` does not exist",
            dir.display()
        )));
    }
    let cwd = std::env::current_dir()
        .map_err(|e| Error::usage(format!("cannot read the current directory: {e}")))?;
    // A folder of ICPC/Kattis packages (a contest's problem set) is a problems folder.
    let packages_here = std::fs::read_dir(&cwd)
        .into_iter()
        .flatten()
        .flatten()
        .any(|e| super::kattis::is_package(&e.path()));
    if packages_here {
        return Ok(cwd);
    }
    for dir in cwd.ancestors() {
        let candidate = dir.join("problems");
        if candidate.is_dir() {
            return Ok(candidate);
        }
    }
    Err(Error::usage(
        "no `problems/` folder here or in any parent folder; pass --problems DIR or set GRADER_PROBLEMS",
    ))
}

/// The ids of the problems under `root`, sorted.
pub fn list_ids(root: &Path) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(root)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| is_problem_dir(&e.path()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    ids.sort();
    ids
}

/// The folder of problem `id` of the problems folder `root`. It must stay inside it: a problem
/// that is a symlink out of the bank (or an id with `..`) is refused, as any file a problem names.
pub fn problem_dir(root: &Path, id: &str) -> Result<PathBuf> {
    let bank = Folder::open(root, "problems folder")?;
    match bank.find(id) {
        Ok(Found::Folder) => Ok(root.join(id)),
        Ok(Found::File) => Err(bank.error("problem", id, &Refusal::NotFolder)),
        Err(Refusal::Outside) => Err(Error::usage(format!(
            "{}: problem `{id}` leads outside the problems folder (`..` or a symlink out of it); move the problem into the folder",
            root.display()
        ))),
        Err(r) => Err(bank.error("problem", id, &r)),
    }
}

/// Whether `dir` holds a problem: `problem.toml`, or an ICPC/Kattis package (`problem.yaml`).
pub fn is_problem_dir(dir: &Path) -> bool {
    dir.join(SPEC_FILE).is_file() || dir.join(super::kattis::PACKAGE_FILE).is_file()
}

/// Resolves a PROBLEM argument: a folder holding `problem.toml` or `problem.yaml` (an ICPC/Kattis
/// package), or an id under the problems folder.
pub fn resolve(arg: &str, explicit_root: Option<&Path>) -> Result<PathBuf> {
    let as_path = Path::new(arg);
    if is_problem_dir(as_path) {
        return Ok(as_path.to_path_buf());
    }
    let file_name = as_path.file_name();
    if (file_name == Some(SPEC_FILE.as_ref())
        || file_name == Some(super::kattis::PACKAGE_FILE.as_ref()))
        && as_path.is_file()
    {
        return Ok(as_path.parent().unwrap_or(Path::new(".")).to_path_buf());
    }
    let root = problems_root(explicit_root)
        .map_err(|e| e.context(format!("cannot find problem `{arg}`")))?;
    let dir = root.join(arg);
    if is_problem_dir(&dir) {
        return problem_dir(&root, arg);
    }
    let ids = list_ids(&root);
    let hint = did_you_mean(arg, ids.iter().map(String::as_str))
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_else(|| "; `grader list` shows the problems".to_string());
    Err(Error::usage(format!(
        "unknown problem `{arg}` (no `{arg}/{SPEC_FILE}` in `{}`){hint}",
        root.display()
    )))
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|&(d, c)| d <= (c.len().max(word.len()) / 3).max(2))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// 1-based line and column of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Context for errors in one spec file, and the problem folder its names resolve in.
struct Ctx<'a> {
    path: &'a Path,
    text: &'a str,
    inside: &'a Folder,
}

impl Ctx<'_> {
    fn at(&self, span: std::ops::Range<usize>, message: impl std::fmt::Display) -> Error {
        let (line, col) = line_col(self.text, span.start);
        Error::spec(format!(
            "{}:{line}:{col}: {}",
            self.path.display(),
            one_line(&message.to_string())
        ))
    }
    fn file(&self, message: impl std::fmt::Display) -> Error {
        Error::spec(format!(
            "{}: {}",
            self.path.display(),
            one_line(&message.to_string())
        ))
    }
}

/// An error is one line: a line break quoted from the spec reads `\n`.
fn one_line(message: &str) -> String {
    message.replace('\r', "\\r").replace('\n', "\\n")
}

/// The spec's text, or where it stops being UTF-8 (line and column of the first bad byte).
fn spec_text(path: &Path, bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let text = String::from_utf8_lossy(&bytes[..good]);
        let (line, col) = line_col(&text, good);
        Error::spec(format!(
            "{}:{line}:{col}: not UTF-8 text (byte 0x{:02x}); save the file as UTF-8",
            path.display(),
            bytes[good]
        ))
    })
}

/// Turns a TOML/serde message into ours, adding a "did you mean" for unknown keys and values.
fn explain_toml_message(message: &str) -> String {
    let message = message.trim();
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let unknown = ["unknown field", "unknown variant"]
        .iter()
        .any(|p| message.starts_with(p));
    if unknown && let Some((word, rest)) = quoted.split_first() {
        let what = if message.starts_with("unknown field") {
            "key"
        } else {
            "value"
        };
        let mut out = format!("unknown {what} `{word}`");
        if let Some(best) = did_you_mean(word, rest.iter().copied()) {
            out.push_str(&format!(", did you mean `{best}`?"));
        }
        if !rest.is_empty() {
            out.push_str(&format!(" (expected one of: {})", rest.join(", ")));
        }
        return out;
    }
    // toml's parse errors put what was expected on a line of its own.
    message.lines().collect::<Vec<_>>().join("; ")
}

/// Loads and validates the problem in `dir`.
pub fn load(dir: &Path) -> Result<Problem> {
    load_with(dir, None)
}

/// Loads a problem and adds the tests found in `tests_from` (laid out like `tests/`: files at
/// the top, or in a sub-folder per group), all hidden: private tests kept outside the
/// problem's repository (`--tests-from DIR`).
pub fn load_with(dir: &Path, tests_from: Option<&Path>) -> Result<Problem> {
    if super::kattis::is_package(dir) {
        return super::kattis::load(dir);
    }
    let extra = match tests_from {
        Some(extra) if !extra.is_dir() => {
            return Err(Error::usage(format!(
                "--tests-from `{}`: no such folder",
                extra.display()
            )));
        }
        Some(extra) => Some(Folder::open(extra, "--tests-from folder")?),
        None => None,
    };
    let inside = Folder::open(dir, "problem folder")?;
    let path = dir.join(SPEC_FILE);
    let bytes = inside.read(SPEC_FILE).map_err(|r| match r {
        Refusal::Io(e) => Error::usage(format!("cannot read `{}`: {e}", path.display())),
        r => inside.error("", SPEC_FILE, &r),
    })?;
    let text = spec_text(&path, bytes)?;
    // `grader show` and `export` read the statement: it stays inside the folder too.
    inside
        .probe(STATEMENT_FILE)
        .map_err(|r| inside.error("the statement", STATEMENT_FILE, &r))?;
    let ctx = Ctx {
        path: &path,
        text: &text,
        inside: &inside,
    };
    let wire: ProblemToml = toml::from_str(&text).map_err(|e| {
        let msg = explain_toml_message(e.message());
        match e.span() {
            Some(span) => ctx.at(span, msg),
            None => ctx.file(msg),
        }
    })?;
    let id = dir
        .canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| dir.display().to_string());
    build(&ctx, dir, id, wire, extra.as_ref())
}

fn build(
    ctx: &Ctx,
    dir: &Path,
    id: String,
    wire: ProblemToml,
    tests_from: Option<&Folder>,
) -> Result<Problem> {
    let version = *wire.format_version.get_ref();
    if version != spec::FORMAT_VERSION {
        return Err(ctx.at(
            wire.format_version.span(),
            format!(
                "format_version {version} is not supported (this grader reads format_version {}); {}",
                spec::FORMAT_VERSION,
                if version > spec::FORMAT_VERSION {
                    "update the grader"
                } else {
                    "set format_version = 1"
                }
            ),
        ));
    }
    let kind = wire.kind();
    // Where `kind` is written (a missing table is reported there), else the file's start.
    let kind_span = wire.kind.as_ref().map_or(0..0, |k| k.span());
    let sql = match (&wire.sql, kind) {
        (Some(s), Kind::Sql) => Some(sql_spec(ctx, dir, s)?),
        (None, Kind::Sql) => {
            return Err(ctx.at(
                kind_span.clone(),
                "kind = \"sql\" needs an [sql] table (reference = \"reference/answer.sql\" and a schema)",
            ));
        }
        (Some(s), _) => {
            return Err(ctx.at(s.span(), "[sql] is only valid with kind = \"sql\""));
        }
        (None, _) => None,
    };
    let function = match (&wire.function, kind) {
        (Some(f), Kind::Function) => Some(function_sig(ctx, dir, f)?),
        (None, Kind::Function) => {
            return Err(ctx.at(
                kind_span,
                "kind = \"function\" needs a [function] table (name, params, returns)",
            ));
        }
        (Some(f), _) => {
            return Err(ctx.at(
                f.span(),
                "[function] is only valid with kind = \"function\"",
            ));
        }
        (None, _) => None,
    };
    if kind == Kind::Sql {
        // Output comparison does not apply to query results: say so rather than ignore it.
        let c = &wire.compare;
        let top = c.mode.is_some()
            || c.case_sensitive.is_some()
            || c.float_abs.is_some()
            || c.float_rel.is_some()
            || c.unordered.is_some()
            || c.custom.is_some();
        let nested = wire.groups.iter().any(|g| g.get_ref().compare.is_some());
        if top || nested {
            return Err(ctx.file(
                "[compare] does not apply to kind = \"sql\": results compare under [sql.compare]",
            ));
        }
    }
    let python_requirements = python_requirements(ctx, wire.python.as_ref())?;
    let outside_bounds = wire.limits.allow_outside_bounds;
    let base_limits = merge_limits(ctx, &TestLimits::default(), &wire.limits, false)?;
    let base_compare = merge_compare(ctx, dir, &default_compare(), &wire.compare)?;

    // Groups: declared ones, then the subfolders of tests/ that are not declared.
    let mut groups: Vec<Group> = Vec::new();
    let mut group_wire: Vec<Option<&spec::GroupToml>> = Vec::new();
    let mut group_index: HashMap<String, usize> = HashMap::new();
    for g in &wire.groups {
        let gt = g.get_ref();
        plain_name(ctx, "group name", &gt.name)?;
        if group_index
            .insert(gt.name.get_ref().clone(), groups.len())
            .is_some()
        {
            return Err(ctx.at(
                g.span(),
                format!("group `{}` is declared twice", gt.name.get_ref()),
            ));
        }
        groups.push(Group {
            name: gt.name.get_ref().clone(),
            points: gt.points,
            score: gt.score.unwrap_or_default(),
            require: Vec::new(),
        });
        group_wire.push(Some(gt));
    }
    let tests_dir = Path::new("tests");
    let mut sub_groups = test_subfolders(ctx.inside, tests_dir)?;
    if let Some(extra) = tests_from {
        sub_groups.extend(test_subfolders(extra, Path::new(""))?);
    }
    for name in &sub_groups {
        if !group_index.contains_key(name) {
            group_index.insert(name.clone(), groups.len());
            groups.push(Group {
                name: name.clone(),
                points: None,
                score: Default::default(),
                require: Vec::new(),
            });
            group_wire.push(None);
        }
    }
    let group_names: Vec<String> = groups.iter().map(|g| g.name.clone()).collect();
    let lookup_group = |name: &Spanned<String>| -> Result<usize> {
        group_index.get(name.get_ref()).copied().ok_or_else(|| {
            let hint = did_you_mean(name.get_ref(), group_names.iter().map(String::as_str))
                .map(|s| format!(", did you mean `{s}`?"))
                .unwrap_or_else(|| {
                    " (declare it with [[groups]] name = \"...\" or put its tests in tests/NAME/)"
                        .to_string()
                });
            ctx.at(
                name.span(),
                format!("unknown group `{}`{hint}", name.get_ref()),
            )
        })
    };
    for (gi, gw) in group_wire.iter().enumerate() {
        if let Some(gw) = gw {
            for r in &gw.require {
                let target = lookup_group(r)?;
                if target == gi {
                    return Err(ctx.at(
                        r.span(),
                        format!("group `{}` requires itself", gw.name.get_ref()),
                    ));
                }
                groups[gi].require.push(target);
            }
        }
    }
    check_require_cycles(ctx, &groups)?;

    // Per-group resolved settings.
    let mut group_limits = Vec::new();
    let mut group_compare = Vec::new();
    for gw in &group_wire {
        let (l, c) = match gw {
            Some(g) => (
                match &g.limits {
                    Some(l) => merge_limits(ctx, &base_limits, l, outside_bounds)?,
                    None => base_limits.clone(),
                },
                match &g.compare {
                    Some(c) => merge_compare(ctx, dir, &base_compare, c)?,
                    None => base_compare.clone(),
                },
            ),
            None => (base_limits.clone(), base_compare.clone()),
        };
        group_limits.push(l);
        group_compare.push(c);
    }
    let group_visibility = |g: Option<usize>| {
        g.and_then(|g| group_wire[g].and_then(|w| w.visibility))
            .unwrap_or_default()
    };
    let group_hint = |g: Option<usize>| g.and_then(|g| group_wire[g].and_then(|w| w.hint.clone()));

    let mut tests: Vec<Test> = Vec::new();
    let mut names: HashMap<String, ()> = HashMap::new();
    for (i, t) in wire.tests.iter().enumerate() {
        let tt = t.get_ref();
        if let Some(n) = &tt.name {
            plain_name(ctx, "test name", n)?;
        }
        let name = tt
            .name
            .as_ref()
            .map_or_else(|| format!("test-{}", i + 1), |n| n.get_ref().clone());
        if names.insert(name.clone(), ()).is_some() {
            return Err(ctx.at(t.span(), format!("two tests are named `{name}`")));
        }
        let group = tt.group.as_ref().map(lookup_group).transpose()?;
        let data = inline_data(ctx, dir, t, kind, function.as_ref())?;
        let limits = {
            let base = group.map_or(&base_limits, |g| &group_limits[g]);
            match &tt.limits {
                Some(l) => merge_limits(ctx, base, l, outside_bounds)?,
                None => base.clone(),
            }
        };
        let compare = {
            let base = group.map_or(&base_compare, |g| &group_compare[g]);
            match &tt.compare {
                Some(c) => merge_compare(ctx, dir, base, c)?.spec(),
                None => base.spec(),
            }
        };
        tests.push(Test {
            index: tests.len(),
            name,
            group,
            data,
            visibility: tt.visibility.unwrap_or_else(|| group_visibility(group)),
            points: tt.points.unwrap_or(1),
            hint: tt.hint.clone().or_else(|| group_hint(group)),
            limits,
            compare,
        });
    }

    for file_test in discover(ctx.path, ctx.inside, tests_dir, kind, &group_names)? {
        file_test_name(&file_test).map_err(|e| ctx.file(format!("in tests/: {e}")))?;
        if names.insert(file_test.name.clone(), ()).is_some() {
            return Err(ctx.file(format!(
                "test `{}` exists both inline and in tests/",
                file_test.name
            )));
        }
        let group = file_test
            .group
            .as_deref()
            .and_then(|g| group_index.get(g).copied());
        if let (TestData::Function { args, expected }, Some(f)) =
            (&file_test.data, function.as_ref())
        {
            // Pointed at the signature the test file disagrees with.
            let span = wire.function.as_ref().map_or(0..0, |f| f.span());
            check_args(f, args, expected)
                .map_err(|e| ctx.at(span, format!("test `{}`: {e}", file_test.name)))?;
        }
        tests.push(Test {
            index: tests.len(),
            name: file_test.name,
            group,
            data: file_test.data,
            visibility: group_visibility(group),
            points: 1,
            hint: group_hint(group),
            limits: group.map_or(base_limits.clone(), |g| group_limits[g].clone()),
            compare: group.map_or(&base_compare, |g| &group_compare[g]).spec(),
        });
    }
    if let Some(extra) = tests_from {
        for file_test in discover(ctx.path, extra, Path::new(""), kind, &group_names)? {
            file_test_name(&file_test).map_err(|e| {
                Error::usage(format!("--tests-from `{}`: {e}", extra.root().display()))
            })?;
            if names.insert(file_test.name.clone(), ()).is_some() {
                return Err(Error::usage(format!(
                    "--tests-from `{}`: test `{}` has the name of one of the problem's tests; rename it",
                    extra.root().display(),
                    file_test.name
                )));
            }
            let group = file_test
                .group
                .as_deref()
                .and_then(|g| group_index.get(g).copied());
            if let (TestData::Function { args, expected }, Some(f)) =
                (&file_test.data, function.as_ref())
            {
                check_args(f, args, expected).map_err(|e| {
                    Error::spec(format!(
                        "--tests-from `{}`: test `{}`: {e}",
                        extra.root().display(),
                        file_test.name
                    ))
                })?;
            }
            tests.push(Test {
                index: tests.len(),
                name: file_test.name,
                group,
                data: file_test.data,
                visibility: Visibility::Hidden,
                points: 1,
                hint: group_hint(group),
                limits: group.map_or(base_limits.clone(), |g| group_limits[g].clone()),
                compare: group.map_or(&base_compare, |g| &group_compare[g]).spec(),
            });
        }
    }
    if tests.is_empty() {
        // Pointed at the end of the file, where a [[tests]] table would go.
        return Err(ctx.at(
            ctx.text.len()..ctx.text.len(),
            "the problem has no tests: add [[tests]] or files under tests/",
        ));
    }
    for (gi, g) in groups.iter().enumerate() {
        if !tests.iter().any(|t| t.group == Some(gi)) {
            let span = wire.groups.get(gi).map(|s| s.span()).unwrap_or(0..0);
            return Err(ctx.at(span, format!("group `{}` has no tests", g.name)));
        }
    }

    let mut expect = Vec::new();
    for e in &wire.expect {
        let et = e.get_ref();
        let file = problem_file(ctx, dir, e.span(), "[[expect]] file", &et.file)?;
        let verdicts = et.verdict.to_vec();
        for v in &verdicts {
            if spec::verdict_name(v).is_none() {
                return Err(ctx.at(
                    e.span(),
                    format!("unknown verdict `{v}` (expected one of: AC, WA, TLE, MLE, OLE, RE, CE, JE, SK)"),
                ));
            }
        }
        let num = |v: &toml::Value| match v {
            toml::Value::Integer(i) => Some(*i as f64),
            toml::Value::Float(f) if f.is_finite() => Some(*f),
            _ => None,
        };
        let score = match &et.score {
            None => None,
            Some(toml::Value::Array(r)) if r.len() == 2 => match (num(&r[0]), num(&r[1])) {
                (Some(lo), Some(hi)) if lo <= hi => Some((lo, hi)),
                _ => None,
            },
            Some(v) => num(v).map(|x| (x, x)),
        };
        if et.score.is_some() && score.is_none() {
            return Err(ctx.at(
                e.span(),
                "[[expect]] score: expected a number or a range [low, high] with low <= high",
            ));
        }
        expect.push(Expect {
            file,
            verdicts,
            lang: et.lang.clone(),
            engine: None,
            score,
        });
    }

    for c in wire.sql.iter().flat_map(|s| &s.get_ref().cases) {
        let ct = c.get_ref();
        let file = problem_file(ctx, dir, c.span(), "[[sql.case]] file", &ct.file)?;
        let words = ct.expect.to_vec();
        let verdicts: Vec<String> = match words.as_slice() {
            [w] if w == "pass" => vec!["AC".into()],
            [w] if w == "fail" => ["WA", "TLE", "MLE", "OLE", "RE", "CE"]
                .map(String::from)
                .to_vec(),
            _ => {
                for v in &words {
                    if spec::verdict_name(v).is_none() {
                        return Err(ctx.at(
                            c.span(),
                            format!(
                                "[[sql.case]] expect: `{v}` is not \"pass\", \"fail\" or a verdict (AC, WA, TLE, MLE, OLE, RE, CE)"
                            ),
                        ));
                    }
                }
                words
            }
        };
        if let Some(e) = ct.engine
            && !sql.as_ref().is_some_and(|s| s.engines.contains(&e))
        {
            return Err(ctx.at(
                c.span(),
                format!(
                    "[[sql.case]] engine = \"{}\" is not one of [sql] engines",
                    e.as_str()
                ),
            ));
        }
        expect.push(Expect {
            file,
            verdicts,
            lang: None,
            engine: ct.engine,
            score: None,
        });
    }

    if let Some(plan) = sql.as_ref().and_then(|s| s.plan.as_ref())
        && let Some(d) = plan
            .datasets
            .iter()
            .find(|d| !tests.iter().any(|t| &t.name == *d))
    {
        return Err(ctx.file(format!(
            "[sql.plan] datasets: no dataset is named `{d}` (the rules apply to named [[tests]])"
        )));
    }

    Ok(Problem {
        id,
        dir: dir.to_path_buf(),
        title: wire.title,
        kind,
        tags: wire.tags,
        difficulty: wire.difficulty,
        function,
        sql,
        python_requirements,
        tests,
        groups,
        expect,
        limits: base_limits,
        package: None,
    })
}

/// `[python] requirements`: pip requirement specifiers, sorted and deduplicated. A pip option
/// (`-e`, `--index-url`) or a line break is refused: the set names packages, nothing else.
fn python_requirements(ctx: &Ctx, py: Option<&Spanned<spec::PythonToml>>) -> Result<Vec<String>> {
    let Some(py) = py else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for r in &py.get_ref().requirements {
        let text = r.get_ref().trim();
        if text.is_empty() || text.starts_with('-') || text.contains(['\n', '\r']) {
            return Err(ctx.at(
                r.span(),
                format!(
                    "`{}` is not a requirement specifier: give a package with an optional version, e.g. \"Django>=5,<6\"",
                    r.get_ref().escape_debug()
                ),
            ));
        }
        out.push(text.to_string());
    }
    if out.is_empty() {
        return Err(ctx.at(
            py.span(),
            "[python] needs `requirements` (e.g. [\"Django>=5,<6\"]), or remove the table",
        ));
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn check_require_cycles(ctx: &Ctx, groups: &[Group]) -> Result<()> {
    fn visit(groups: &[Group], g: usize, stack: &mut Vec<usize>) -> bool {
        if stack.contains(&g) {
            return false;
        }
        stack.push(g);
        let ok = groups[g].require.iter().all(|&r| visit(groups, r, stack));
        stack.pop();
        ok
    }
    for g in 0..groups.len() {
        if !visit(groups, g, &mut Vec::new()) {
            return Err(ctx.file(format!(
                "group `{}` is part of a `require` cycle",
                groups[g].name
            )));
        }
    }
    Ok(())
}

fn function_sig(ctx: &Ctx, dir: &Path, f: &Spanned<spec::FunctionToml>) -> Result<FunctionSig> {
    let ft = f.get_ref();
    let parse = |t: &Spanned<String>| -> Result<ValueType> {
        t.get_ref().parse().map_err(|e: String| ctx.at(t.span(), e))
    };
    let (name, class) = match (&ft.name, &ft.class) {
        (Some(n), None) => (n, false),
        (None, Some(c)) => (c, true),
        _ => {
            return Err(ctx.at(
                f.span(),
                "[function] needs exactly one of `name` (a function) and `class` (a class driven by each test's `calls`)",
            ));
        }
    };
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return Err(ctx.at(
            f.span(),
            format!("[function] name `{name}` is not an identifier"),
        ));
    }
    let returns = match (&ft.returns, class) {
        (Some(r), false) => parse(r)?,
        (None, false) => {
            return Err(ctx.at(
                f.span(),
                "[function] needs `returns` (the return value's type)",
            ));
        }
        (Some(r), true) => {
            return Err(ctx.at(
                r.span(),
                "a class's call results are compared by their shape: remove `returns`",
            ));
        }
        (None, true) => ValueType::Any,
    };
    if class && !ft.params.is_empty() && ft.methods.is_none() {
        return Err(ctx.at(
            f.span(),
            "a class's `params` are its constructor's, given with its `methods`; without `methods`, remove `params` (each test's `calls` give the arguments)",
        ));
    }
    let mut methods = Vec::new();
    if let Some(ms) = &ft.methods {
        if !class {
            return Err(ctx.at(
                ms.span(),
                "`methods` belong to a class: write class = \"...\" in place of name",
            ));
        }
        for m in ms.get_ref() {
            if m.name.is_empty()
                || m.name.starts_with('_')
                || !m.name.chars().all(|c| c.is_alphanumeric() || c == '_')
            {
                return Err(ctx.at(
                    ms.span(),
                    format!("method name `{}` is not a public identifier", m.name),
                ));
            }
            if methods
                .iter()
                .any(|x: &crate::problem::model::Method| x.name == m.name)
            {
                return Err(ctx.at(ms.span(), format!("method `{}` is declared twice", m.name)));
            }
            methods.push(crate::problem::model::Method {
                name: m.name.clone(),
                params: m
                    .params
                    .iter()
                    .map(|p| Ok((p.name.clone(), parse(&p.ty)?)))
                    .collect::<Result<_>>()?,
                returns: m.returns.as_ref().map(parse).transpose()?,
            });
        }
    }
    let check = match &ft.check {
        Some(c) => Some(problem_file(
            ctx,
            dir,
            c.span(),
            "the check function",
            c.get_ref(),
        )?),
        None => None,
    };
    let mut drivers = std::collections::BTreeMap::new();
    if let Some(h) = &ft.harness {
        for (lang, file) in h.get_ref() {
            if lang != "python3" && lang != "javascript" {
                return Err(ctx.at(
                    h.span(),
                    format!(
                        "[function] harness: `{lang}` drivers are not supported yet (python3 and javascript are)"
                    ),
                ));
            }
            drivers.insert(
                lang.clone(),
                problem_file(ctx, dir, h.span(), "the harness", file)?,
            );
        }
        if class {
            return Err(ctx.at(
                h.span(),
                "[function] harness drives a function by its `name`; with `class`, tests are `calls`",
            ));
        }
    }
    Ok(FunctionSig {
        name: name.clone(),
        params: ft
            .params
            .iter()
            .map(|p| Ok((p.name.clone(), parse(&p.ty)?)))
            .collect::<Result<_>>()?,
        returns,
        unordered: ft.unordered,
        class,
        methods,
        check,
        drivers,
    })
}

/// Checks a function test's data against the signature: the number and types of the arguments
/// and the type of the expected value.
fn check_args(
    f: &FunctionSig,
    args: &serde_json::Value,
    expected: &serde_json::Value,
) -> std::result::Result<(), String> {
    let values = args.as_array().map_or(&[][..], Vec::as_slice);
    if f.class {
        return check_calls(f, values, expected);
    }
    if values.len() != f.params.len() {
        return Err(format!(
            "`args` has {} value(s) but `{}` takes {} parameter(s)",
            values.len(),
            f.name,
            f.params.len()
        ));
    }
    for (v, (name, ty)) in values.iter().zip(&f.params) {
        super::types::conforms(v, ty).map_err(|e| format!("argument `{name}`: {e}"))?;
    }
    super::types::conforms(expected, &f.returns).map_err(|e| format!("`expected`: {e}"))
}

/// Checks a class test's `calls` (`[["LRUCache", 2], ["put", 1, 1], ...]`: the constructor
/// first, then methods) against its `expected` (one value per call).
fn check_calls(
    f: &FunctionSig,
    calls: &[serde_json::Value],
    expected: &serde_json::Value,
) -> std::result::Result<(), String> {
    for (i, call) in calls.iter().enumerate() {
        let name = call
            .as_array()
            .and_then(|c| c.first())
            .and_then(serde_json::Value::as_str);
        match name {
            None => {
                return Err(format!(
                    "`calls`[{i}] should be a list that starts with a method's name, like [\"get\", 1]"
                ));
            }
            Some(n) if i == 0 && n != f.name => {
                return Err(format!(
                    "`calls` should start with the constructor [\"{}\", ...], not [\"{n}\", ...]",
                    f.name
                ));
            }
            Some(n) if i > 0 && (n.starts_with('_') || n.is_empty()) => {
                return Err(format!("`calls`[{i}]: `{n}` is not a public method's name"));
            }
            _ => {}
        }
    }
    if calls.is_empty() {
        return Err(format!(
            "`calls` is empty: it should start with [\"{}\", ...]",
            f.name
        ));
    }
    let expected = match expected.as_array() {
        Some(e) if e.len() == calls.len() => e,
        _ => {
            return Err(format!(
                "`expected` should be a list of {} value(s), one per call (null for the constructor)",
                calls.len()
            ));
        }
    };
    if f.methods.is_empty() {
        return Ok(());
    }
    // Typed methods: every call names one, with arguments and an expected value of its types.
    for (i, (call, want)) in calls.iter().zip(expected).enumerate() {
        let items = call.as_array().map_or(&[][..], Vec::as_slice);
        let name = items
            .first()
            .and_then(serde_json::Value::as_str)
            .unwrap_or("");
        let (params, returns) = if i == 0 {
            (&f.params, None)
        } else {
            match f.method(name) {
                Some(m) => (&m.params, m.returns.as_ref()),
                None => {
                    let names: Vec<&str> = f.methods.iter().map(|m| m.name.as_str()).collect();
                    return Err(format!(
                        "`calls`[{i}]: `{name}` is not one of the class's `methods` ({})",
                        names.join(", ")
                    ));
                }
            }
        };
        let args = &items[1.min(items.len())..];
        if args.len() != params.len() {
            return Err(format!(
                "`calls`[{i}]: `{name}` takes {} argument(s), not {}",
                params.len(),
                args.len()
            ));
        }
        for (v, (pname, ty)) in args.iter().zip(params) {
            super::types::conforms(v, ty)
                .map_err(|e| format!("`calls`[{i}]: argument `{pname}` of `{name}`: {e}"))?;
        }
        match returns {
            Some(ty) => super::types::conforms(want, ty)
                .map_err(|e| format!("`expected`[{i}] (`{name}`): {e}"))?,
            None if !want.is_null() && i == 0 => {
                return Err(
                    "`expected`[0] should be null: the constructor returns nothing".to_string(),
                );
            }
            None if !want.is_null() => {
                return Err(format!(
                    "`expected`[{i}] should be null: `{name}` returns nothing (give it `returns`)"
                ));
            }
            None => {}
        }
    }
    Ok(())
}

/// A file named by the spec: a regular file that resolves inside the problem folder (see
/// [`Folder`]); its host path, the one checked.
fn problem_file(
    ctx: &Ctx,
    _dir: &Path,
    span: std::ops::Range<usize>,
    what: &str,
    name: &str,
) -> Result<PathBuf> {
    ctx.inside
        .file(name)
        .map_err(|r| ctx.at(span, ctx.inside.message(what, name, &r)))
}

/// The text of a file named by the spec (a schema file), read inside the problem folder.
fn problem_text(ctx: &Ctx, span: std::ops::Range<usize>, what: &str, name: &str) -> Result<String> {
    ctx.inside
        .read_to_string(name)
        .map_err(|r| ctx.at(span, ctx.inside.message(what, name, &r)))
}

fn sql_spec(ctx: &Ctx, dir: &Path, s: &Spanned<spec::SqlToml>) -> Result<SqlSpec> {
    let st = s.get_ref();
    let reference = problem_file(
        ctx,
        dir,
        st.reference.span(),
        "the reference query",
        st.reference.get_ref(),
    )?;
    let schema = match (&st.schema, &st.schema_file) {
        (Some(text), None) => text.clone(),
        (None, Some(f)) => problem_text(ctx, f.span(), "the schema file", f.get_ref())?,
        (Some(_), Some(f)) => {
            return Err(ctx.at(f.span(), "[sql] takes `schema` or `schema_file`, not both"));
        }
        (None, None) => {
            return Err(ctx.at(
                s.span(),
                "[sql] needs the tables: `schema = \"CREATE TABLE …\"` or `schema_file = \"schema.sql\"`",
            ));
        }
    };
    let c = &st.compare;
    use super::sql_options::RowOrder;
    match (c.row_order, c.order_keys.is_empty()) {
        (RowOrder::ByKeys, true) => {
            return Err(ctx.at(
                s.span(),
                "[sql.compare] row_order = \"by_keys\" needs order_keys = [{ col = 1 }, …]",
            ));
        }
        (RowOrder::Any | RowOrder::Exact, false) => {
            return Err(ctx.at(
                s.span(),
                "[sql.compare] order_keys is only used with row_order = \"by_keys\"",
            ));
        }
        _ => {}
    }
    if c.order_keys.iter().any(|k| k.col == 0) {
        return Err(ctx.at(s.span(), "[sql.compare] order_keys count columns from 1"));
    }
    if !(c.abs_tol.is_finite() && c.abs_tol >= 0.0 && c.rel_tol.is_finite() && c.rel_tol >= 0.0) {
        return Err(ctx.at(
            s.span(),
            "[sql.compare] abs_tol and rel_tol must be finite numbers, 0 or more",
        ));
    }
    let plan = match &st.plan {
        None => None,
        Some(p) => {
            let pt = p.get_ref();
            let compile = |list: &[String], what: &str| -> Result<Vec<regex::Regex>> {
                list.iter()
                    .map(|r| {
                        regex::Regex::new(r).map_err(|e| {
                            ctx.at(p.span(), format!("[sql.plan] {what}: bad regex `{r}`: {e}"))
                        })
                    })
                    .collect()
            };
            if pt.datasets.is_empty() {
                return Err(ctx.at(
                    p.span(),
                    "[sql.plan] datasets = [\"large\", …]: the datasets the rules apply to",
                ));
            }
            if pt
                .max_vm_steps_ratio
                .is_some_and(|r| r.is_nan() || r <= 0.0)
            {
                return Err(ctx.at(p.span(), "[sql.plan] max_vm_steps_ratio must be > 0"));
            }
            Some(SqlPlan {
                datasets: pt.datasets.clone(),
                require: compile(&pt.require, "require")?,
                forbid: compile(&pt.forbid, "forbid")?,
                max_fullscan_steps: pt.max_fullscan_steps,
                max_vm_steps_ratio: pt.max_vm_steps_ratio,
                max_sorts: pt.max_sorts,
                feedback: pt.feedback.clone(),
            })
        }
    };
    let dml = match &st.dml {
        None => None,
        Some(d) => {
            let dt = d.get_ref();
            let mut allow = Vec::new();
            for a in &dt.allow {
                let up = a.to_ascii_uppercase();
                if !matches!(up.as_str(), "INSERT" | "UPDATE" | "DELETE") {
                    return Err(ctx.at(
                        d.span(),
                        format!("[sql.dml] allow: `{a}` is not INSERT, UPDATE or DELETE"),
                    ));
                }
                allow.push(up);
            }
            if allow.is_empty() || dt.tables.is_empty() {
                return Err(ctx.at(
                    d.span(),
                    "[sql.dml] needs allow = [\"UPDATE\", …] and tables = [\"…\"]",
                ));
            }
            Some(SqlDml {
                allow,
                tables: dt.tables.clone(),
                check: dt.check.clone(),
            })
        }
    };
    use super::sql_options::{Engine, PgPolicy};
    let engines = st.engines.clone().unwrap_or_else(|| vec![Engine::Sqlite]);
    if engines.is_empty() {
        return Err(ctx.at(
            s.span(),
            "[sql] engines: name at least one engine (\"sqlite\", \"postgres\")",
        ));
    }
    let mut sorted = engines.clone();
    sorted.sort();
    sorted.dedup();
    let uses_pg = sorted.contains(&Engine::Postgres);
    if !uses_pg
        && (st.postgres_policy.is_some()
            || st.schema_postgres.is_some()
            || st.schema_postgres_file.is_some())
    {
        return Err(ctx.at(
            s.span(),
            "[sql] postgres_policy and schema_postgres need engines = [\"sqlite\", \"postgres\"]",
        ));
    }
    let schema_postgres = match (&st.schema_postgres, &st.schema_postgres_file) {
        (Some(text), None) => Some(text.clone()),
        (None, Some(f)) => Some(problem_text(
            ctx,
            f.span(),
            "the PostgreSQL schema file",
            f.get_ref(),
        )?),
        (Some(_), Some(f)) => {
            return Err(ctx.at(
                f.span(),
                "[sql] takes `schema_postgres` or `schema_postgres_file`, not both",
            ));
        }
        (None, None) => None,
    };
    if uses_pg && plan.is_some() && !sorted.contains(&Engine::Sqlite) {
        return Err(ctx.at(
            s.span(),
            "[sql.plan] rules are checked on SQLite: add \"sqlite\" to [sql] engines",
        ));
    }
    Ok(SqlSpec {
        engines: sorted,
        postgres_policy: st.postgres_policy.unwrap_or(PgPolicy::Required),
        schema_postgres,
        reference,
        schema,
        foreign_keys: st.foreign_keys,
        max_steps: st.max_steps.unwrap_or(20_000_000),
        max_rows: st.max_rows.unwrap_or(100_000),
        compare: c.clone(),
        plan,
        dml,
    })
}

fn sql_data(ctx: &Ctx, dir: &Path, t: &Spanned<spec::TestToml>) -> Result<TestData> {
    let tt = t.get_ref();
    if tt.input.is_some()
        || tt.output.is_some()
        || tt.args.is_some()
        || tt.calls.is_some()
        || tt.expected.is_some()
    {
        return Err(ctx.at(
            t.span(),
            "an SQL dataset takes `seed`, `seed_file` or `csv` (expected results come from the reference query)",
        ));
    }
    if tt.compare.is_some() {
        return Err(ctx.at(
            t.span(),
            "an SQL dataset has no `compare`: results compare under [sql.compare], problem-wide",
        ));
    }
    let mut seeds = Vec::new();
    if let Some(f) = &tt.seed_file {
        seeds.push(SqlSeed::Sql(Data::File(problem_file(
            ctx,
            dir,
            t.span(),
            "seed_file",
            f,
        )?)));
    }
    if let Some(s) = &tt.seed {
        seeds.push(SqlSeed::Sql(Data::Inline(s.clone())));
    }
    for (table, f) in tt.csv.iter().flatten() {
        seeds.push(SqlSeed::Csv {
            table: table.clone(),
            file: problem_file(ctx, dir, t.span(), "csv file", f)?,
        });
    }
    if tt.seed.is_none() && tt.seed_file.is_none() && tt.csv.is_none() {
        return Err(ctx.at(
            t.span(),
            "an SQL dataset needs `seed`, `seed_file` or `csv` (write seed = \"\" for empty tables)",
        ));
    }
    let mut params = Vec::new();
    for (name, v) in tt.params.iter().flatten() {
        let value = match v {
            toml::Value::Integer(i) => SqlParam::Int(*i),
            toml::Value::Float(f) => SqlParam::Real(*f),
            toml::Value::String(s) => SqlParam::Text(s.clone()),
            toml::Value::Boolean(b) => SqlParam::Int(i64::from(*b)),
            _ => {
                return Err(ctx.at(
                    t.span(),
                    format!("parameter `{name}`: a number, a string or a boolean"),
                ));
            }
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(ctx.at(
                t.span(),
                format!("parameter `{name}`: letters, digits and `_` only (used as `:{name}`)"),
            ));
        }
        params.push((name.clone(), value));
    }
    Ok(TestData::Sql { seeds, params })
}

fn inline_data(
    ctx: &Ctx,
    dir: &Path,
    t: &Spanned<spec::TestToml>,
    kind: Kind,
    function: Option<&FunctionSig>,
) -> Result<TestData> {
    let tt = t.get_ref();
    if kind == Kind::Sql {
        return sql_data(ctx, dir, t);
    }
    if tt.seed.is_some() || tt.seed_file.is_some() || tt.csv.is_some() || tt.params.is_some() {
        return Err(ctx.at(
            t.span(),
            "`seed`, `seed_file`, `csv` and `params` are only valid in kind = \"sql\" problems",
        ));
    }
    match kind {
        Kind::Function => {
            if tt.input.is_some() || tt.output.is_some() {
                return Err(ctx.at(
                    t.span(),
                    "a function test takes `args` and `expected`, not `input`/`output`",
                ));
            }
            let class = function.is_some_and(|f| f.class);
            let args = match (&tt.args, &tt.calls) {
                (Some(a), None) if !class => Some(a),
                (None, Some(c)) if class => Some(c),
                _ if class => {
                    return Err(ctx.at(
                        t.span(),
                        "a class test takes `calls` and `expected`, not `args`",
                    ));
                }
                (None, Some(_)) => {
                    return Err(ctx.at(
                        t.span(),
                        "`calls` is only valid with [function] class = \"...\"",
                    ));
                }
                _ => None,
            };
            let (Some(args), Some(expected)) = (args, &tt.expected) else {
                return Err(ctx.at(t.span(), "a function test needs `args` and `expected`"));
            };
            let args = serde_json::to_value(args).map_err(|e| ctx.at(t.span(), e))?;
            let expected = serde_json::to_value(expected).map_err(|e| ctx.at(t.span(), e))?;
            if let Some(f) = function {
                check_args(f, &args, &expected).map_err(|e| ctx.at(t.span(), e))?;
            }
            Ok(TestData::Function { args, expected })
        }
        _ => {
            if tt.args.is_some() || tt.expected.is_some() {
                return Err(ctx.at(
                    t.span(),
                    "a stdio test takes `input` and `output`, not `args`/`expected`",
                ));
            }
            let (Some(input), Some(output)) = (&tt.input, &tt.output) else {
                return Err(ctx.at(t.span(), "a stdio test needs `input` and `output`"));
            };
            Ok(TestData::Stdio {
                input: Data::Inline(input.clone()),
                answer: Data::Inline(output.clone()),
            })
        }
    }
}

/// A custom checker named by `[compare] custom.program`: a file, or a folder of sources (every
/// file below it too), inside the problem folder.
fn checker_program(ctx: &Ctx, span: std::ops::Range<usize>, name: &str) -> Result<PathBuf> {
    let what = "custom checker";
    let refuse = |p: &Path, r: Refusal| ctx.at(span.clone(), ctx.inside.message(what, p, &r));
    match ctx.inside.find(name) {
        Ok(Found::File) => {}
        Ok(Found::Folder) => {
            ctx.inside.walk(name).map_err(|(p, r)| refuse(&p, r))?;
        }
        Err(r) => return Err(refuse(Path::new(name), r)),
    }
    Ok(ctx.inside.path(name))
}

/// `over` on top of `base`, each limit it sets checked against its bounds (lifted by
/// `allow_outside_bounds` in this table or the problem's `[limits]`).
fn merge_limits(
    ctx: &Ctx,
    base: &TestLimits,
    over: &LimitsToml,
    outside_bounds: bool,
) -> Result<TestLimits> {
    let outside = outside_bounds || over.allow_outside_bounds;
    let check = |limit: Limit, span: std::ops::Range<usize>, value: u128| {
        limit.check(value, outside).map_err(|e| ctx.at(span, e))
    };
    if let Some(t) = &over.time {
        check(Limit::Time, t.span(), t.get_ref().0.as_nanos())?;
    }
    if let Some(w) = &over.wall
        && let Wall::Fixed(d) = w.get_ref()
    {
        check(Limit::Wall, w.span(), d.as_nanos())?;
    }
    if let Some(m) = &over.memory {
        check(Limit::Memory, m.span(), m.get_ref().0.into())?;
    }
    if let Some(o) = &over.output {
        check(Limit::Output, o.span(), o.get_ref().0.into())?;
    }
    Ok(TestLimits {
        time: over.time.as_ref().map_or(base.time, |d| d.get_ref().0),
        wall: over.wall.as_ref().map_or(base.wall, |w| *w.get_ref()),
        memory: over.memory.as_ref().map_or(base.memory, |s| s.get_ref().0),
        output: over.output.as_ref().map_or(base.output, |s| s.get_ref().0),
        refuse_allocations: over.refuse_allocations.unwrap_or(base.refuse_allocations),
    })
}

/// A comparison tolerance: a finite number, zero or more.
fn tolerance(ctx: &Ctx, key: &str, v: &Spanned<f64>) -> Result<f64> {
    let x = *v.get_ref();
    if x.is_finite() && x >= 0.0 {
        Ok(x)
    } else {
        Err(ctx.at(
            v.span(),
            format!("{key} = {x} is not a tolerance; write a finite number, 0 or more (e.g. 1e-6)"),
        ))
    }
}

/// A test or group name: one plain path part (it names files in reports and output folders).
fn plain_name(ctx: &Ctx, what: &str, name: &Spanned<String>) -> Result<()> {
    check_plain(name.get_ref())
        .map_err(|e| ctx.at(name.span(), format!("{what} {:?} {e}", name.get_ref())))
}

/// A test found in a folder: its group's folder and its file stem are plain names.
fn file_test_name(t: &super::discover::FileTest) -> std::result::Result<(), String> {
    for part in t.name.split('/') {
        check_plain(part).map_err(|e| format!("test file name {:?} {e}; rename the file", part))?;
    }
    Ok(())
}

/// Why `name` is not one plain path part (letters, digits, `-`, `_`, `.`, spaces and the like;
/// no `/`, backslash, control characters, `.` or `..`, at most 100 bytes).
fn check_plain(name: &str) -> std::result::Result<(), String> {
    let fix = "use letters, digits, `-`, `_` and `.` only";
    if name.is_empty() || name == "." || name == ".." {
        return Err(format!("is not a name; {fix}"));
    }
    if name.len() > 100 {
        return Err(format!("is longer than 100 bytes; {fix}"));
    }
    if name
        .chars()
        .any(|c| c == '/' || c == '\\' || c.is_control())
    {
        return Err(format!(
            "is not a plain path part (a `/`, `\\` or control character); {fix}"
        ));
    }
    Ok(())
}

/// A comparison while `[compare]` tables are merged (problem, group, test): the settings of the
/// three ways of judging, kept side by side so that a later table may switch between them;
/// [`CompareDraft::spec`] says which one decides.
#[derive(Debug, Clone)]
struct CompareDraft {
    options: compare::Options,
    /// Set when the mode is `custom`.
    checker: Option<Checker>,
    /// Set when the mode is `kattis` (`options` then only explains a difference).
    kattis: Option<compare::Flags>,
}

impl CompareDraft {
    /// The comparison a test gets: the default validator, else the checker, else the mode.
    fn spec(&self) -> CompareSpec {
        match (&self.kattis, &self.checker) {
            (Some(flags), _) => CompareSpec::Kattis(flags.clone()),
            (None, Some(c)) => CompareSpec::Checker(c.clone()),
            (None, None) => CompareSpec::Builtin(self.options.clone()),
        }
    }
}

fn default_compare() -> CompareDraft {
    CompareDraft {
        options: compare::Options::default(),
        checker: None,
        kattis: None,
    }
}

fn merge_compare(
    ctx: &Ctx,
    _dir: &Path,
    base: &CompareDraft,
    over: &CompareToml,
) -> Result<CompareDraft> {
    let mut out = base.clone();
    let mode = over.mode.as_ref().map(|m| *m.get_ref());
    let mode_span = over.mode.as_ref().map_or(0..0, |m| m.span());
    let o = &mut out.options;
    if let Some(v) = over.case_sensitive {
        o.case_sensitive = v;
    }
    if let Some(v) = &over.float_abs {
        o.float_abs = tolerance(ctx, "float_abs", v)?;
    }
    if let Some(v) = &over.float_rel {
        o.float_rel = tolerance(ctx, "float_rel", v)?;
    }
    if let Some(v) = over.unordered {
        o.unordered = v;
    }
    if let Some(cs) = &over.custom {
        let c = cs.get_ref();
        let program = checker_program(ctx, cs.span(), &c.program)?;
        if c.scores && c.protocol != spec::Protocol::Kattis {
            return Err(ctx.at(
                cs.span(),
                "[compare] custom.scores reads score.txt from the feedback folder of the kattis protocol; set protocol = \"kattis\" or remove scores",
            ));
        }
        out.checker = Some(Checker {
            program,
            protocol: c.protocol,
            args: c.args.clone(),
            scores: c.scores,
        });
        out.kattis = None;
    }
    if let Some(spanned_args) = &over.kattis_args {
        let args = spanned_args.get_ref();
        if mode.is_some_and(|m| m != spec::CompareMode::Kattis) || over.custom.is_some() {
            return Err(ctx.at(
                spanned_args.span(),
                "[compare] kattis_args are the flags of mode = \"kattis\" (the ICPC/Kattis default output validator); remove the other mode",
            ));
        }
        let flags = compare::Flags::parse(args)
            .map_err(|e| ctx.at(spanned_args.span(), format!("[compare] kattis_args: {e}")))?;
        out.options = flags.compare_options();
        out.kattis = Some(flags);
        out.checker = None;
    }
    if let (Some(mode), Some(_)) = (mode, &over.custom)
        && mode != spec::CompareMode::Custom
    {
        let mode = format!("{mode:?}").to_lowercase();
        return Err(ctx.at(
            mode_span.clone(),
            format!(
                "[compare] sets both `custom` and mode = \"{mode}\"; a custom checker needs mode = \"custom\" (or no mode)"
            ),
        ));
    }
    if mode == Some(spec::CompareMode::Kattis) {
        if out.kattis.is_none() {
            let flags = compare::Flags::default();
            out.options = flags.compare_options();
            out.kattis = Some(flags);
        }
        out.checker = None;
    } else if let Some(mode) = mode {
        use spec::CompareMode as M;
        out.kattis = None;
        let o = &mut out.options;
        o.mode = match mode {
            M::Exact => compare::Mode::Exact,
            M::Lines => compare::Mode::Lines,
            M::Tokens => compare::Mode::Tokens,
            M::Float => compare::Mode::Float,
            M::Unordered => compare::Mode::Unordered,
            M::Regex => compare::Mode::Regex,
            M::Kattis => o.mode,
            M::Custom => {
                if out.checker.is_none() {
                    return Err(ctx.at(
                        mode_span,
                        "mode = \"custom\" needs custom = { program = \"checker.py\", protocol = \"kattis\" }",
                    ));
                }
                o.mode
            }
        };
        if mode != M::Custom {
            out.checker = None;
        }
    }
    // `custom = {...}` without a mode selects the custom checker.
    Ok(out)
}

/// The visibility of a test decides what a report may show of it.
pub fn shows_data(v: Visibility) -> bool {
    v != Visibility::Hidden
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_problem(toml: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SPEC_FILE), toml).unwrap();
        dir
    }

    #[test]
    fn unknown_key_gets_position_and_suggestion() {
        let dir = write_problem(
            "format_version = 1\ntitle = \"t\"\n[limits]\ntim = \"1s\"\n[[tests]]\ninput = \"1\"\noutput = \"1\"\n",
        );
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("problem.toml:4:1: unknown key `tim`, did you mean `time`?"),
            "{err}"
        );
    }

    #[test]
    fn bad_value_and_unknown_group() {
        let dir = write_problem(
            "format_version = 1\ntitle = \"t\"\n[compare]\nmode = \"tokenz\"\n[[tests]]\ninput = \"1\"\noutput = \"1\"\n",
        );
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains(":4:8: unknown value `tokenz`, did you mean `tokens`?"),
            "{err}"
        );
        let dir = write_problem(
            "format_version = 1\ntitle = \"t\"\n[[groups]]\nname = \"samples\"\n[[tests]]\ngroup = \"sample\"\ninput = \"1\"\noutput = \"1\"\n",
        );
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains(":6:9: unknown group `sample`, did you mean `samples`?"),
            "{err}"
        );
    }

    #[test]
    fn bad_duration_and_version() {
        let dir = write_problem(
            "format_version = 1\ntitle = \"t\"\n[limits]\ntime = \"2 parsecs\"\n[[tests]]\ninput = \"1\"\noutput = \"1\"\n",
        );
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(err.contains(":4:8: invalid duration `2 parsecs`"), "{err}");
        let dir = write_problem("format_version = 7\ntitle = \"t\"\n");
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains(":1:18: format_version 7 is not supported"),
            "{err}"
        );
    }

    #[test]
    fn nonsense_limits_tolerances_and_names_are_refused_with_a_position() {
        let t = "[[tests]]\ninput = \"1\"\noutput = \"1\"\n";
        let cases: &[(&str, &str)] = &[
            ("[limits]\ntime = \"18446744073s\"\n", ":4:8: time limit"),
            (
                "[limits]\nwall = \"1ns\"\n",
                ":4:8: wall limit 1ns is outside the sane range (1ms to 1h); use a value in it",
            ),
            ("[limits]\nmemory = \"1B\"\n", ":4:10: memory limit 1 B"),
            ("[limits]\nmemory = 1\n", ":4:10: memory limit 1 B"),
            ("[limits]\noutput = \"2GiB\"\n", ":4:10: output limit 2 GiB"),
            (
                "[compare]\nfloat_abs = -1\n",
                ":4:13: float_abs = -1 is not a tolerance",
            ),
            (
                "[compare]\nfloat_rel = nan\n",
                ":4:13: float_rel = NaN is not a tolerance",
            ),
            (
                "[compare]\nfloat_rel = inf\n",
                ":4:13: float_rel = inf is not a tolerance",
            ),
        ];
        for (table, want) in cases {
            let dir = write_problem(&format!("format_version = 1\ntitle = \"t\"\n{table}{t}"));
            let err = load(dir.path()).unwrap_err();
            assert_eq!(err.kind, crate::error::ErrorKind::Spec, "{table}");
            let err = err.to_string();
            assert!(err.contains(want), "{table}: {err}");
            assert!(!err.contains('\n'), "one line: {err}");
        }
        let names: &[(&str, &str)] = &[
            (
                "[[tests]]\nname = \"../x\"\ninput = \"1\"\noutput = \"1\"\n",
                ":4:8: test name \"../x\" is not a plain path part",
            ),
            (
                "[[tests]]\nname = \"a\\nb\"\ninput = \"1\"\noutput = \"1\"\n",
                ":4:8: test name \"a\\nb\" is not a plain path part",
            ),
            (
                "[[tests]]\nname = \"..\"\ninput = \"1\"\noutput = \"1\"\n",
                ":4:8: test name \"..\" is not a name",
            ),
            (
                "[[groups]]\nname = \"a/b\"\n[[tests]]\ngroup = \"a/b\"\ninput = \"1\"\noutput = \"1\"\n",
                ":4:8: group name \"a/b\"",
            ),
        ];
        for (spec, want) in names {
            let dir = write_problem(&format!("format_version = 1\ntitle = \"t\"\n{spec}"));
            let err = load(dir.path()).unwrap_err().to_string();
            assert!(err.contains(want), "{spec}: {err}");
        }
        // The bounds are lifted by allow_outside_bounds, in the table or the problem's [limits].
        let dir = write_problem(&format!(
            "format_version = 1\ntitle = \"t\"\n[limits]\ntime = \"2h\"\nallow_outside_bounds = true\n{t}"
        ));
        assert_eq!(
            load(dir.path()).unwrap().tests[0].limits.time.as_secs(),
            7200
        );
        let dir = write_problem(&format!(
            "format_version = 1\ntitle = \"t\"\n[limits]\nallow_outside_bounds = true\n{t}limits = {{ output = \"10B\" }}\n"
        ));
        assert_eq!(load(dir.path()).unwrap().tests[0].limits.output, 10);
        let dir = write_problem(&format!(
            "format_version = 1\ntitle = \"t\"\n[limits]\ntime = \"18446744073s\"\nallow_outside_bounds = true\n{t}"
        ));
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("outside what the grader can enforce"), "{err}");
        // A test file whose name is not a plain path part.
        let dir = write_problem(&format!("format_version = 1\ntitle = \"t\"\n{t}"));
        std::fs::create_dir(dir.path().join("tests")).unwrap();
        std::fs::write(dir.path().join("tests/a\nb.in"), "1").unwrap();
        std::fs::write(dir.path().join("tests/a\nb.ans"), "1").unwrap();
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("test file name \"a\\nb\""), "{err}");
    }

    #[test]
    fn expect_scores_and_checker_scores_are_validated() {
        let head = "format_version = 1\ntitle = \"t\"\n[[tests]]\ninput = \"1\"\noutput = \"1\"\n";
        let with = |extra: &str| {
            let dir = write_problem(&format!("{head}{extra}"));
            std::fs::write(dir.path().join("a.py"), "print(1)\n").unwrap();
            std::fs::write(dir.path().join("c.py"), "import sys\nsys.exit(42)\n").unwrap();
            let r = load(dir.path()).map(|p| p.expect.first().and_then(|e| e.score));
            r.map_err(|e| e.to_string())
        };
        let expect = "[[expect]]\nfile = \"a.py\"\nverdict = \"WA\"\n";
        assert_eq!(with(&format!("{expect}score = 3\n")), Ok(Some((3.0, 3.0))));
        assert_eq!(
            with(&format!("{expect}score = [0.5, 2]\n")),
            Ok(Some((0.5, 2.0)))
        );
        for bad in ["score = [2, 1]", "score = \"lots\"", "score = [1]"] {
            let err = with(&format!("{expect}{bad}\n")).unwrap_err();
            assert!(err.contains("[[expect]] score"), "{bad}: {err}");
        }
        let err = with(
            "[compare]\nmode = \"custom\"\ncustom = { program = \"c.py\", protocol = \"testlib\", scores = true }\n",
        )
        .unwrap_err();
        assert!(err.contains("custom.scores"), "{err}");
    }

    #[test]
    fn discovers_files_in_groups_with_overrides() {
        let dir = write_problem(
            "format_version = 1\ntitle = \"t\"\n[limits]\ntime = \"1s\"\n\
             [[groups]]\nname = \"big\"\npoints = 10\nscore = \"all\"\nrequire = [\"samples\"]\nlimits = { time = \"3s\" }\n\
             [[groups]]\nname = \"samples\"\nvisibility = \"sample\"\n\
             [[tests]]\nname = \"s1\"\ngroup = \"samples\"\ninput = \"1\\n\"\noutput = \"1\\n\"\n",
        );
        let t = dir.path().join("tests/big");
        std::fs::create_dir_all(&t).unwrap();
        std::fs::write(t.join("b.in"), "2\n").unwrap();
        std::fs::write(t.join("b.ans"), "2\n").unwrap();
        std::fs::write(t.join("a.in"), "3\n").unwrap();
        std::fs::write(t.join("a.out"), "3\n").unwrap();
        let p = load(dir.path()).unwrap();
        let names: Vec<_> = p.tests.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["s1", "big/a", "big/b"]);
        assert_eq!(p.tests[1].limits.time, std::time::Duration::from_secs(3));
        assert_eq!(p.tests[0].limits.time, std::time::Duration::from_secs(1));
        assert_eq!(p.tests[0].visibility, Visibility::Sample);
        assert_eq!(p.max_score(), 11);
        assert_eq!(p.wave_of_group(0), 1);
        std::fs::remove_file(t.join("a.out")).unwrap();
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("has no `a.out` or `a.ans`"), "{err}");
    }

    #[test]
    fn function_problems_validate_signature_and_args() {
        let dir = write_problem(
            "format_version = 1\ntitle = \"t\"\nkind = \"function\"\n[function]\nname = \"f\"\nparams = [{ name = \"s\", type = \"strng\" }]\nreturns = \"int\"\n[[tests]]\nargs = [\"a\"]\nexpected = 1\n",
        );
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(err.contains(":6:32: invalid type `strng`"), "{err}");
        let dir = write_problem(
            "format_version = 1\ntitle = \"t\"\nkind = \"function\"\n[function]\nname = \"f\"\nparams = [{ name = \"s\", type = \"string\" }]\nreturns = \"int\"\n[[tests]]\nargs = [\"a\", 2]\nexpected = 1\n",
        );
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("`args` has 2 value(s) but `f` takes 1"),
            "{err}"
        );
    }

    #[test]
    fn python_requirements_are_sorted_and_validated() {
        let head = "format_version = 1\ntitle = \"t\"\nkind = \"function\"\n[function]\nname = \"f\"\nreturns = \"int\"\n[[tests]]\nargs = []\nexpected = 1\n";
        let load_with = |python: &str| {
            let dir = write_problem(&format!("{head}{python}"));
            load(dir.path()).map_err(|e| e.to_string())
        };
        let p =
            load_with("[python]\nrequirements = [\"sqlparse\", \"Django>=5,<6\", \"sqlparse\"]\n")
                .unwrap();
        assert_eq!(p.python_requirements, ["Django>=5,<6", "sqlparse"]);
        assert!(load_with("").unwrap().python_requirements.is_empty());
        let err = load_with("[python]\nrequirements = [\"--index-url=http://x\"]\n").unwrap_err();
        assert!(err.contains("problem.toml:"), "{err}");
        assert!(
            err.contains("`--index-url=http://x` is not a requirement specifier"),
            "{err}"
        );
        let err = load_with("[python]\nrequirements = []\n").unwrap_err();
        assert!(err.contains("[python] needs `requirements`"), "{err}");
        let err = load_with("[python]\nrequirement = [\"x\"]\n").unwrap_err();
        assert!(err.contains("did you mean `requirements`"), "{err}");
    }

    #[test]
    fn class_problems_validate_their_calls() {
        let head = "format_version = 1\ntitle = \"t\"\nkind = \"function\"\n";
        let err_of = |body: &str| {
            let dir = write_problem(&format!("{head}{body}"));
            load(dir.path()).unwrap_err().to_string()
        };
        let err = err_of(
            "[function]\nname = \"f\"\nclass = \"C\"\n[[tests]]\ncalls = [[\"C\"]]\nexpected = [1]\n",
        );
        assert!(err.contains("exactly one of `name`"), "{err}");
        let err = err_of(
            "[function]\nclass = \"C\"\nreturns = \"int\"\n[[tests]]\ncalls = [[\"C\"]]\nexpected = [1]\n",
        );
        assert!(err.contains("remove `returns`"), "{err}");
        let err =
            err_of("[function]\nclass = \"C\"\n[[tests]]\ncalls = [[\"D\", 1]]\nexpected = [1]\n");
        assert!(
            err.contains("should start with the constructor [\"C\", ...]"),
            "{err}"
        );
        let err = err_of(
            "[function]\nclass = \"C\"\n[[tests]]\ncalls = [[\"C\"], [\"get\"]]\nexpected = [1]\n",
        );
        assert!(err.contains("a list of 2 value(s), one per call"), "{err}");
        let err = err_of(
            "[function]\nclass = \"C\"\n[[tests]]\ncalls = [[\"C\"], [\"__dict__\"]]\nexpected = [1, 2]\n",
        );
        assert!(err.contains("not a public method"), "{err}");
        let err = err_of("[function]\nclass = \"C\"\n[[tests]]\nargs = [1]\nexpected = [1]\n");
        assert!(
            err.contains("takes `calls` and `expected`, not `args`"),
            "{err}"
        );
        let err = err_of(
            "[function]\nname = \"f\"\nreturns = \"int\"\n[[tests]]\ncalls = [[\"f\"]]\nexpected = 1\n",
        );
        assert!(
            err.contains("`calls` is only valid with [function] class"),
            "{err}"
        );
        let err = err_of(
            "[function]\nname = \"f\"\nreturns = \"int\"\ncheck = \"nope.py\"\n[[tests]]\nargs = []\nexpected = 1\n",
        );
        assert!(
            err.contains("the check function `nope.py` does not exist"),
            "{err}"
        );
        let err = err_of(
            "[function]\nname = \"f\"\nreturns = \"int\"\nharness = { rust = \"h.rs\" }\n[[tests]]\nargs = []\nexpected = 1\n",
        );
        assert!(
            err.contains("`rust` drivers are not supported yet"),
            "{err}"
        );
        // A well-formed class problem loads, its calls kept as the test's args.
        let dir = write_problem(&format!(
            "{head}[function]\nclass = \"C\"\n[[tests]]\ncalls = [[\"C\", 2], [\"get\", 1]]\nexpected = [2, 3]\n"
        ));
        let p = load(dir.path()).unwrap();
        assert!(p.function.as_ref().unwrap().class);
    }

    #[test]
    fn typed_class_methods_check_every_call() {
        let head = "format_version = 1\ntitle = \"t\"\nkind = \"function\"\n";
        let typed = "[function]\nclass = \"C\"\nparams = [{ name = \"n\", type = \"int\" }]\n\
            methods = [{ name = \"get\", params = [{ name = \"k\", type = \"int\" }], returns = \"optional<string>\" }, { name = \"put\", params = [{ name = \"k\", type = \"int\" }] }]\n";
        // A class test in JSON (TOML has no null for the constructor's expected value).
        let with_test = |calls: &str, expected: &str| {
            let dir = write_problem(&format!("{head}{typed}"));
            std::fs::create_dir(dir.path().join("tests")).unwrap();
            std::fs::write(
                dir.path().join("tests/t.json"),
                format!("{{\"calls\": {calls}, \"expected\": {expected}}}"),
            )
            .unwrap();
            dir
        };
        let err_of = |calls: &str, expected: &str| {
            load(with_test(calls, expected).path())
                .unwrap_err()
                .to_string()
        };
        let err = err_of("[[\"C\", 1], [\"pop\"]]", "[null, 0]");
        assert!(
            err.contains("`calls`[1]: `pop` is not one of the class's `methods` (get, put)"),
            "{err}"
        );
        let err = err_of("[[\"C\"]]", "[null]");
        assert!(err.contains("`C` takes 1 argument(s), not 0"), "{err}");
        let err = err_of("[[\"C\", 1], [\"get\", \"x\"]]", "[null, \"a\"]");
        assert!(err.contains("argument `k` of `get`"), "{err}");
        let err = err_of("[[\"C\", 1], [\"get\", 1]]", "[null, 5]");
        assert!(err.contains("`expected`[1] (`get`)"), "{err}");
        let err = err_of("[[\"C\", 1], [\"put\", 1]]", "[null, 5]");
        assert!(err.contains("`put` returns nothing"), "{err}");
        let err = err_of("[[\"C\", 1]]", "[0]");
        assert!(err.contains("the constructor returns nothing"), "{err}");
        let err = load(
            write_problem(&format!(
                "{head}[function]\nclass = \"C\"\nparams = [{{ name = \"n\", type = \"int\" }}]\n[[tests]]\ncalls = [[\"C\", 1]]\nexpected = [0]\n"
            ))
            .path(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("given with its `methods`"), "{err}");
        let err = load(
            write_problem(&format!(
                "{head}[function]\nname = \"f\"\nreturns = \"int\"\nmethods = []\n[[tests]]\nargs = []\nexpected = 1\n"
            ))
            .path(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("`methods` belong to a class"), "{err}");
        // Typed calls with values of their types load.
        let dir = with_test(
            "[[\"C\", 1], [\"put\", 2], [\"get\", 2], [\"get\", 3]]",
            "[null, null, \"x\", null]",
        );
        let p = load(dir.path()).unwrap();
        assert_eq!(p.function.as_ref().unwrap().methods.len(), 2);
    }

    #[test]
    fn sql_problems_validate_their_spec_and_datasets() {
        let head = "format_version = 1\ntitle = \"t\"\nkind = \"sql\"\n";
        let dir = write_problem(&format!("{head}[[tests]]\nseed = \"\"\n"));
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("kind = \"sql\" needs an [sql] table"), "{err}");
        let dir = write_problem(&format!(
            "{head}[sql]\nreference = \"ref.sql\"\nschema = \"CREATE TABLE T(x);\"\n[[tests]]\nseed = \"\"\n"
        ));
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains(":5:13: the reference query `ref.sql` does not exist"),
            "{err}"
        );
        std::fs::write(dir.path().join("ref.sql"), "SELECT x FROM T").unwrap();
        let p = load(dir.path()).unwrap();
        assert!(matches!(p.tests[0].data, TestData::Sql { .. }));
        assert_eq!(p.sql.unwrap().max_steps, 20_000_000);
        let with = |extra: &str, tests: &str| {
            let d = write_problem(&format!(
                "{head}[sql]\nreference = \"ref.sql\"\nschema = \"CREATE TABLE T(x);\"\n{extra}{tests}"
            ));
            std::fs::write(d.path().join("ref.sql"), "SELECT x FROM T").unwrap();
            load(d.path()).map(|_| ()).unwrap_err().to_string()
        };
        let err = with("", "[[tests]]\ninput = \"1\"\n");
        assert!(err.contains("an SQL dataset takes `seed`"), "{err}");
        let err = with("", "[[tests]]\nname = \"a\"\n");
        assert!(err.contains("needs `seed`, `seed_file` or `csv`"), "{err}");
        let err = with(
            "[sql.compare]\nrow_ordr = \"any\"\n",
            "[[tests]]\nseed = \"\"\n",
        );
        assert!(
            err.contains(":8:1: unknown key `row_ordr`, did you mean `row_order`?"),
            "{err}"
        );
        let err = with(
            "[sql.compare]\nrow_order = \"by_keys\"\n",
            "[[tests]]\nseed = \"\"\n",
        );
        assert!(err.contains("needs order_keys"), "{err}");
        let err = with(
            "",
            "[[tests]]\nseed = \"\"\ncompare = { mode = \"lines\" }\n",
        );
        assert!(err.contains("an SQL dataset has no `compare`"), "{err}");
        let err = with("", "[compare]\nmode = \"exact\"\n[[tests]]\nseed = \"\"\n");
        assert!(err.contains("[compare] does not apply"), "{err}");
        let err = with("", "[[tests]]\ncsv = { T = \"t.csv\" }\n");
        assert!(err.contains("csv file `t.csv` does not exist"), "{err}");
        let t = "[[tests]]\nname = \"a\"\nseed = \"\"\n";
        let err = with("[sql.plan]\ndatasets = [\"large\"]\n", t);
        assert!(err.contains("no dataset is named `large`"), "{err}");
        let err = with("[sql.plan]\ndatasets = [\"a\"]\nforbid = [\"(\"]\n", t);
        assert!(err.contains("[sql.plan] forbid: bad regex `(`"), "{err}");
        let err = with(
            "[sql.plan]\ndatasets = [\"a\"]\nmax_vm_steps_ratio = 0.0\n",
            t,
        );
        assert!(err.contains("max_vm_steps_ratio must be > 0"), "{err}");
        let err = with(
            "[sql.dml]\nallow = [\"DROP\"]\ntables = [\"T\"]\ncheck = \"SELECT x FROM T\"\n",
            t,
        );
        assert!(
            err.contains("`DROP` is not INSERT, UPDATE or DELETE"),
            "{err}"
        );
        let err = with("", "[[tests]]\nseed = \"\"\nparams = { \"a-b\" = 1 }\n");
        assert!(err.contains("letters, digits and `_` only"), "{err}");
        let err = with("", "[[tests]]\nseed = \"\"\nparams = { a = [1] }\n");
        assert!(err.contains("a number, a string or a boolean"), "{err}");
        let dir = write_problem(
            "format_version = 1\ntitle = \"t\"\n[[tests]]\ninput = \"1\"\noutput = \"1\"\nseed = \"x\"\n",
        );
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("only valid in kind = \"sql\" problems"),
            "{err}"
        );
    }

    #[test]
    fn sql_dataset_files_are_discovered_in_groups() {
        let dir = write_problem(
            "format_version = 1\ntitle = \"t\"\nkind = \"sql\"\n[sql]\nreference = \"r.sql\"\n\
             schema = \"CREATE TABLE T(x);\"\n[[groups]]\nname = \"big\"\nvisibility = \"hidden\"\n",
        );
        std::fs::write(dir.path().join("r.sql"), "SELECT x FROM T").unwrap();
        let t = dir.path().join("tests/big");
        std::fs::create_dir_all(&t).unwrap();
        std::fs::write(t.join("b.sql"), "INSERT INTO T VALUES (2);").unwrap();
        std::fs::write(t.join("a.sql"), "INSERT INTO T VALUES (1);").unwrap();
        std::fs::write(dir.path().join("tests/top.sql"), "").unwrap();
        let p = load(dir.path()).unwrap();
        let names: Vec<_> = p.tests.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["top", "big/a", "big/b"]);
        assert_eq!(p.tests[1].visibility, Visibility::Hidden);
        assert!(matches!(&p.tests[1].data, TestData::Sql { seeds, .. } if seeds.len() == 1));
    }
}
