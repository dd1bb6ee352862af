//! `grader verify PKG`: runs every jury submission of an ICPC/Kattis package
//! (`submissions/<verdict>/`) and compares the verdict obtained with the one the jury recorded,
//! then prints an agreement figure. Also owns the time-limit inference from the accepted
//! submissions (used by `run` too when a package gives no time limit).

use super::options::{self, PythonChoice};
use crate::error::{Error, Result};
use crate::judge::{self, RunOptions, Silent, Verdict};
use crate::lang::{self, Language, Table};
use crate::problem::inside::{self, Entry, Found, Refusal};
use crate::problem::{self, Package, Problem};
use crate::sandbox::SandboxInfo;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The jury's verdict classes (problemtools': AC, WA, TLE, RTE; MLE and OLE count as RTE).
fn class(v: Verdict) -> &'static str {
    match v {
        Verdict::AC => "AC",
        Verdict::WA => "WA",
        Verdict::TLE => "TLE",
        Verdict::RE | Verdict::MLE | Verdict::OLE => "RTE",
        Verdict::CE => "CE",
        Verdict::JE => "JE",
        Verdict::SK => "SK",
    }
}

/// The verdicts a submissions folder permits (`partially_accepted` only in scoring packages,
/// where its score must be above 0 and below the maximum).
fn expected_of(dir: &str, scoring: bool) -> Option<&'static [&'static str]> {
    Some(match dir {
        "partially_accepted" if scoring => &["AC", "WA", "TLE", "RTE"],
        "accepted" => &["AC"],
        "wrong_answer" => &["WA"],
        "time_limit_exceeded" => &["TLE"],
        "run_time_error" => &["RTE"],
        "rejected" | "brute_force" => &["WA", "TLE", "RTE"],
        _ => return None,
    })
}

/// One jury submission.
pub struct Submission {
    pub file: PathBuf,
    /// The folder name (`accepted`, ...).
    pub folder: String,
    /// The verdict classes the jury permits for the whole submission (AC, WA, TLE, RTE, CE).
    pub expected: Vec<String>,
    /// Where `expected` comes from, when not from the folder.
    pub source: Option<&'static str>,
    /// The score the jury expects, an inclusive range (`score` in `submissions.yaml`,
    /// `@EXPECTED_SCORE@`); scoring packages only.
    pub score: Option<(f64, f64)>,
    /// `submissions.yaml` rules for the cases of some test data groups.
    pub groups: Vec<Rule>,
}

/// A `submissions.yaml` rule: for the submissions matching `pattern` (relative to
/// `submissions/`), or, inside one, for the cases of the test data groups matching it (relative
/// to `data/`): `permitted` and `required` verdict classes and the `score` range.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub pattern: String,
    pub permitted: Option<Vec<String>>,
    pub required: Option<Vec<String>>,
    pub score: Option<(f64, f64)>,
    /// Inside a submission rule: the rules of test data groups.
    pub groups: Vec<Rule>,
}

/// Whether a path (a submission relative to `submissions/`, or a case relative to `data/`) is
/// matched by a `submissions.yaml` glob: the glob matches the path or one of its parent
/// folders, `*` within one path part, `{a,b}` either alternative.
fn group_glob_matches(pattern: &str, name: &str) -> bool {
    expand_braces(pattern).iter().any(|pattern| {
        let ps: Vec<&str> = pattern.split('/').collect();
        let ns: Vec<&str> = name.split('/').collect();
        ps.len() <= ns.len()
            && ps.iter().zip(&ns).all(|(p, n)| {
                if p.contains(['*', '?']) {
                    judge::matches(p, n)
                } else {
                    p == n
                }
            })
    })
}

/// The patterns a glob's `{a,b}` alternatives stand for (nested braces too).
fn expand_braces(pattern: &str) -> Vec<String> {
    let Some(open) = pattern.find('{') else {
        return vec![pattern.to_string()];
    };
    // The matching close brace, and the top-level commas between.
    let mut depth = 0;
    let mut cuts = Vec::new();
    let mut close = None;
    for (i, c) in pattern[open..].char_indices().map(|(i, c)| (i + open, c)) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            ',' if depth == 1 => cuts.push(i),
            _ => {}
        }
    }
    let Some(close) = close else {
        return vec![pattern.to_string()];
    };
    let (head, tail) = (&pattern[..open], &pattern[close + 1..]);
    let mut starts = vec![open + 1];
    starts.extend(cuts.iter().map(|c| c + 1));
    let mut ends = cuts.clone();
    ends.push(close);
    starts
        .iter()
        .zip(&ends)
        .flat_map(|(&a, &b)| expand_braces(&format!("{head}{}{tail}", &pattern[a..b])))
        .collect()
}

/// The group rules a report breaks, one line each.
fn group_rule_violations(rules: &[Rule], report: &judge::Report) -> Vec<String> {
    let mut out = Vec::new();
    for r in rules {
        let cases: Vec<&judge::TestResult> = report
            .tests
            .iter()
            .filter(|t| group_glob_matches(&r.pattern, &t.name))
            .collect();
        if cases.is_empty() {
            out.push(format!("`{}` matches no case", r.pattern));
            continue;
        }
        // A case not run (SK: its group's requirement failed) is not accepted, and has no class.
        let classes: Vec<(&str, &'static str)> = cases
            .iter()
            .map(|t| (t.name.as_str(), class(t.verdict)))
            .collect();
        if let Some(p) = &r.permitted
            && let Some((name, c)) = classes
                .iter()
                .find(|(_, c)| *c != "SK" && !p.iter().any(|v| v == c))
        {
            out.push(format!(
                "{}: {name} got {c}, permitted {}",
                r.pattern,
                p.join("|")
            ));
        }
        if let Some(q) = &r.required
            && !classes.iter().any(|(_, c)| q.iter().any(|v| v == c))
        {
            out.push(format!("{}: no case got {}", r.pattern, q.join("|")));
        }
        if let Some((lo, hi)) = r.score {
            let got = if r.pattern == "secret" {
                Some(
                    report
                        .groups
                        .iter()
                        .filter(|g| g.name == "secret" || g.name.starts_with("secret/"))
                        .map(|g| g.score)
                        .sum::<f64>(),
                )
            } else {
                report
                    .groups
                    .iter()
                    .find(|g| g.name == r.pattern)
                    .map(|g| g.score)
            };
            match got {
                None => out.push(format!("{}: not a scoring group", r.pattern)),
                Some(x) if x < lo - 1e-6 || x > hi + 1e-6 => {
                    out.push(format!("{}: score {x}, expected {lo}-{hi}", r.pattern))
                }
                Some(_) => {}
            }
        }
    }
    out
}

/// The jury submissions of a `submissions/` folder with what each must get, and notes on what
/// was skipped.
pub fn jury_submissions(dir: &Path, scoring: bool) -> Result<(Vec<Submission>, Vec<String>)> {
    submissions(dir, scoring)
}

/// Whether a jury submission can run here; the reason when not.
pub fn runnable(file: &Path, table: &Table) -> std::result::Result<(), String> {
    prepare(file, table, PythonChoice::Auto).map(|_| ())
}

/// The entries of the package's `submissions/` folder `dir` (none when there is none), every
/// file of them inside the package folder (its parent).
fn jury_entries(dir: &Path) -> Result<Vec<(Entry, Vec<Entry>)>> {
    let root = dir.parent().unwrap_or(Path::new("."));
    let rel = Path::new(dir.file_name().unwrap_or_default());
    let pkg = inside::Folder::open(root, "package folder")?;
    let refuse = |(p, r): (PathBuf, Refusal)| pkg.error("jury submission", p, &r);
    if pkg.probe(rel).map_err(|r| pkg.error("", rel, &r))? != Some(Found::Folder) {
        return Ok(Vec::new());
    }
    pkg.walk(rel).map_err(refuse)?;
    pkg.probe(rel.join("submissions.yaml"))
        .map_err(|r| pkg.error("", rel.join("submissions.yaml"), &r))?;
    let mut out = Vec::new();
    for folder in pkg.list(rel).map_err(refuse)? {
        if folder.found == Found::Folder {
            let files = pkg.list(&folder.rel).map_err(refuse)?;
            out.push((folder, files));
        }
    }
    Ok(out)
}

fn submissions(dir: &Path, scoring: bool) -> Result<(Vec<Submission>, Vec<String>)> {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    let root = dir.parent().unwrap_or(Path::new("."));
    for (folder, files) in jury_entries(dir)? {
        let name = folder.name;
        let Some(expected) = expected_of(&name, scoring) else {
            notes.push(format!(
                "submissions/{name}/ is not a verdict folder of the format: skipped"
            ));
            continue;
        };
        for file in files {
            let mut sub = Submission {
                expected: expected.iter().map(|e| e.to_string()).collect(),
                file: root.join(file.rel),
                folder: name.clone(),
                source: None,
                score: None,
                groups: Vec::new(),
            };
            if let Some(header) = expected_results_header(&sub.file) {
                sub.expected = header;
                sub.source = Some("@EXPECTED_RESULTS@");
            }
            if scoring && let Some(x) = expected_score_header(&sub.file) {
                sub.score = Some((x, x));
                sub.source = Some("@EXPECTED_SCORE@");
            }
            out.push(sub);
        }
    }
    let yaml = dir.join("submissions.yaml");
    if yaml.is_file() {
        match submissions_yaml(&yaml) {
            Ok(rules) => {
                for s in &mut out {
                    let rel = s
                        .file
                        .strip_prefix(dir)
                        .unwrap_or(&s.file)
                        .to_string_lossy()
                        .into_owned();
                    for rule in &rules {
                        let Rule {
                            pattern,
                            permitted,
                            required,
                            score,
                            groups,
                        } = rule;
                        if !group_glob_matches(pattern, &rel) {
                            continue;
                        }
                        let mut set = permitted.clone().unwrap_or_else(|| s.expected.clone());
                        if let Some(req) = required {
                            set.retain(|v| req.contains(v));
                        }
                        s.expected = set;
                        s.source = Some("submissions.yaml");
                        if scoring && score.is_some() {
                            s.score = *score;
                        }
                        s.groups.extend(
                            groups
                                .iter()
                                .filter(|g| scoring || g.score.is_none())
                                .cloned(),
                        );
                    }
                }
            }
            Err(e) => notes.push(e),
        }
    }
    Ok((out, notes))
}

/// A verdict name of the package world (problemtools' or DOMjudge's) as a verdict class.
fn verdict_class(name: &str) -> Option<&'static str> {
    Some(
        match name.trim().to_ascii_uppercase().replace('_', "-").as_str() {
            "AC" | "CORRECT" | "ACCEPTED" => "AC",
            "WA" | "WRONG-ANSWER" | "NO-OUTPUT" => "WA",
            "TLE" | "TIMELIMIT" | "TIME-LIMIT-EXCEEDED" => "TLE",
            "RTE" | "RE" | "RUN-ERROR" | "RUN-TIME-ERROR" | "MEMORY-LIMIT" | "OUTPUT-LIMIT"
            | "MLE" | "OLE" => "RTE",
            "CE" | "COMPILER-ERROR" => "CE",
            _ => return None,
        },
    )
}

/// DOMjudge's `@EXPECTED_RESULTS@: CORRECT, TIMELIMIT` header in a source's first lines.
fn expected_results_header(file: &Path) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(file).ok()?;
    let line = text
        .lines()
        .take(50)
        .find(|l| l.contains("@EXPECTED_RESULTS@:"))?;
    let list = line.split("@EXPECTED_RESULTS@:").nth(1)?;
    let set: Vec<String> = list
        .split([',', ' '])
        .filter_map(verdict_class)
        .map(str::to_string)
        .collect();
    (!set.is_empty()).then_some(set)
}

/// DOMjudge's `@EXPECTED_SCORE@: 70` header in a source's first lines.
fn expected_score_header(file: &Path) -> Option<f64> {
    let text = std::fs::read_to_string(file).ok()?;
    let line = text
        .lines()
        .take(50)
        .find(|l| l.contains("@EXPECTED_SCORE@:"))?;
    line.split("@EXPECTED_SCORE@:")
        .nth(1)?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The rules of `submissions.yaml` (2025-09): a glob (relative to `submissions/`) to
/// `permitted` and `required` verdict sets and the `score` (a number or an inclusive
/// `[low, high]` range), in file order, each with the same keys for the test data groups it names
/// (a glob relative to `data/`, such as `secret/group1` or `sample`).
fn submissions_yaml(path: &Path) -> std::result::Result<Vec<Rule>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let v: serde_norway::Value = serde_norway::from_str(&text)
        .map_err(|e| format!("{}: invalid YAML: {e}", path.display()))?;
    let mut rules = Vec::new();
    for (k, rule) in v.as_mapping().into_iter().flatten() {
        let Some(pattern) = k.as_str() else { continue };
        let mut r = yaml_rule(pattern, rule, path)?;
        for (gk, gv) in rule.as_mapping().into_iter().flatten() {
            if let (Some(g), true) = (gk.as_str(), gv.is_mapping()) {
                r.groups.push(yaml_rule(g, gv, path)?);
            }
        }
        rules.push(r);
    }
    Ok(rules)
}

fn yaml_rule(
    pattern: &str,
    rule: &serde_norway::Value,
    path: &Path,
) -> std::result::Result<Rule, String> {
    let set = |key: &str| {
        rule.get(key).and_then(|s| s.as_sequence()).map(|items| {
            items
                .iter()
                .filter_map(|i| i.as_str().and_then(verdict_class))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
    };
    let num = |v: &serde_norway::Value| v.as_f64().or_else(|| v.as_i64().map(|i| i as f64));
    let score = match rule.get("score") {
        None => None,
        Some(serde_norway::Value::Sequence(r)) if r.len() == 2 => match (num(&r[0]), num(&r[1])) {
            (Some(lo), Some(hi)) => Some((lo, hi)),
            _ => None,
        },
        Some(v) => num(v).map(|x| (x, x)),
    };
    if rule.get("score").is_some() && score.is_none() {
        return Err(format!(
            "{}: `{pattern}`: score must be a number or a list of two numbers",
            path.display()
        ));
    }
    Ok(Rule {
        pattern: pattern.to_string(),
        permitted: set("permitted"),
        required: set("required"),
        score,
        groups: Vec::new(),
    })
}

/// A jury submission ready to grade: the file to build and the other files of its folder.
pub struct Ready<'t> {
    pub main: PathBuf,
    pub lang: &'t Language,
    pub files: Vec<(String, String)>,
}

type Folder = (PathBuf, Vec<(String, String)>);

/// The main file of a multi-file submission (a folder): the language with the most sources,
/// and its source holding the entry point (`static void main`, `main(`), or its only source.
/// Every other text file of the folder goes beside it (headers, the Java classes it uses).
fn folder_main(dir: &Path, table: &Table) -> std::result::Result<Folder, String> {
    // Its files, each inside the folder (hidden ones left out).
    let folder = inside::Folder::open(dir, "submission folder").map_err(|e| e.message)?;
    let entries: Vec<PathBuf> = folder
        .list("")
        .map_err(|(p, r)| folder.message("", p, &r))?
        .into_iter()
        .filter(|e| e.found == Found::File)
        .map(|e| folder.path(e.rel))
        .collect();
    let header = |p: &Path| {
        matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("h" | "hpp" | "hh" | "hxx")
        )
    };
    let mut by_lang: Vec<(String, Vec<&PathBuf>)> = Vec::new();
    for p in entries.iter().filter(|p| !header(p)) {
        if let Ok(l) = table.detect(p, None) {
            match by_lang.iter_mut().find(|(id, _)| *id == l.id) {
                Some((_, v)) => v.push(p),
                None => by_lang.push((l.id.clone(), vec![p])),
            }
        }
    }
    let Some((id, sources)) = by_lang.iter().max_by_key(|(_, v)| v.len()) else {
        return Err(
            "multi-file submission with no source of a known language: language not available"
                .into(),
        );
    };
    if sources.len() > 1 && id != "java" {
        return Err(format!(
            "multi-file {id} submission with {} sources: not supported yet (one source with its headers is; Java classes are)",
            sources.len()
        ));
    }
    let marker = match id.as_str() {
        "java" => Some("static void main"),
        _ => None,
    };
    let main = sources
        .iter()
        .find(|p| {
            marker.is_some_and(|m| std::fs::read_to_string(p).unwrap_or_default().contains(m))
        })
        .or(sources.first())
        .map(|p| (*p).clone())
        .ok_or("multi-file submission without a main source")?;
    let files = entries
        .iter()
        .filter(|p| **p != main)
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            Some((p.file_name()?.to_string_lossy().into_owned(), text))
        })
        .collect();
    Ok((main, files))
}

/// Why a submission cannot be run here (a skip, never a verdict).
fn unavailable(file: &Path) -> std::result::Result<(), String> {
    let ext = file
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    if ext == "py" {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        if is_python2(&text) {
            return Err("Python 2: language not available (Python 3 runs here)".into());
        }
    }
    Ok(())
}

/// Python 2 sources: a `python2` shebang, or a `print` statement.
pub fn is_python2(text: &str) -> bool {
    let first = text.lines().next().unwrap_or("");
    if first.starts_with("#!") && first.contains("python2") {
        return true;
    }
    let print_stmt = regex::Regex::new(r#"(?m)^\s*print\s+[^\s(=]"#).expect("valid regex");
    print_stmt.is_match(text)
}

/// The Python that runs a package's `.py` submission: PyPy when installed (`auto`, the contest
/// convention) or asked for, else CPython. Other languages are returned as they are.
pub fn python_for<'t>(
    lang: &'t Language,
    table: &'t Table,
    choice: PythonChoice,
) -> std::result::Result<&'t Language, String> {
    if lang.id != "python3" || choice == PythonChoice::Cpython {
        return Ok(lang);
    }
    let pypy = table
        .get("pypy3")
        .map_err(|e| e.message)
        .and_then(|l| lang::toolchain(l).map(|_| l).map_err(|e| e.message));
    match (choice, pypy) {
        (_, Ok(p)) => Ok(p),
        (PythonChoice::Pypy, Err(why)) => Err(format!("--python pypy: {why}")),
        _ => Ok(lang),
    }
}

/// A jury submission (a file, or a folder of files) ready to grade, or why it cannot run here.
pub fn prepare<'t>(
    file: &Path,
    table: &'t Table,
    python: PythonChoice,
) -> std::result::Result<Ready<'t>, String> {
    let (main, files) = if file.is_dir() {
        folder_main(file, table)?
    } else {
        (file.to_path_buf(), Vec::new())
    };
    let lang = language(&main, table, python)?;
    Ok(Ready { main, lang, files })
}

/// The language of a jury submission's file, or why it cannot run here.
fn language<'t>(
    file: &Path,
    table: &'t Table,
    python: PythonChoice,
) -> std::result::Result<&'t Language, String> {
    unavailable(file)?;
    let ext = file
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_else(|| "no extension".into());
    let lang = table
        .detect(file, None)
        .map_err(|_| format!("language not available ({ext})"))?;
    let lang = python_for(lang, table, python)?;
    lang::toolchain(lang).map_err(|e| format!("language not available: {}", e.message))?;
    Ok(lang)
}

/// Whether a source reads the clock (its verdict may depend on the machine).
fn reads_clock(file: &Path) -> bool {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    [
        "time(",
        "clock(",
        "chrono::",
        "currentTimeMillis",
        "nanoTime",
        "time.time",
        "perf_counter",
        "Instant::now",
        "Date.now",
    ]
    .iter()
    .any(|p| text.contains(p))
}

/// The slowest test's CPU time of a report.
fn slowest(report: &judge::Report) -> Duration {
    report
        .tests
        .iter()
        .map(|t| t.time)
        .max()
        .unwrap_or_default()
}

/// Infers the time limit of a package that gives none, the way the format says: the smallest
/// multiple of `time_resolution` at least the slowest accepted submission × `ac_to_time_limit`.
/// Returns the description of the inference.
pub fn infer_time_limit(
    problem: &mut Problem,
    table: &Table,
    jobs: usize,
    python: PythonChoice,
) -> Result<String> {
    let Some(pkg) = problem.package.clone() else {
        return Ok(String::new());
    };
    if pkg.time_limit_source.is_some() {
        return Ok(String::new());
    }
    let (subs, _) = submissions(&pkg.submissions, pkg.scoring)?;
    let accepted: Vec<&Submission> = subs.iter().filter(|s| s.folder == "accepted").collect();
    // Time the accepted submissions under a generous probe limit.
    let mut probe = problem.clone();
    crate::package::kattis::set_time_limit(&mut probe, Duration::from_secs(10), "probe".into());
    let info = SandboxInfo::probe();
    let options = RunOptions {
        jobs: 1.max(jobs.min(2)),
        fail_fast: true,
        filter: None,
        no_cache: false,
        engine: None,
        files: Vec::new(),
    };
    let mut worst = Duration::ZERO;
    let mut timed = 0;
    for s in accepted {
        let Ok(ready) = prepare(&s.file, table, python) else {
            continue;
        };
        let options = RunOptions {
            files: ready.files,
            ..options.clone()
        };
        let report = judge::grade(
            &probe,
            &ready.main,
            ready.lang,
            table,
            &options,
            &info,
            &mut Silent,
        )?;
        if report.verdict == Verdict::AC {
            timed += 1;
            worst = worst.max(slowest(&report));
        }
    }
    if timed == 0 {
        return Err(Error::spec(format!(
            "{}: no time limit is given (limits.time_limit, .timelimit or domjudge-problem.ini) and no accepted submission ran to infer it from; add limits.time_limit to problem.yaml",
            problem.dir.join("problem.yaml").display()
        )));
    }
    let res = pkg.time_resolution;
    let raw = worst.as_secs_f64() * pkg.ac_to_time_limit;
    let steps = (raw / res - 1e-9).ceil().max(1.0);
    let limit = steps * res;
    let text = format!(
        "time limit {limit} s inferred from {timed} accepted submission(s): slowest test {:.3} s × ac_to_time_limit {} = {:.3} s, rounded up to a multiple of time_resolution {res} s",
        worst.as_secs_f64(),
        pkg.ac_to_time_limit,
        raw
    );
    crate::package::kattis::set_time_limit(
        problem,
        Duration::from_secs_f64(limit),
        format!("inferred from {timed} accepted submission(s)"),
    );
    Ok(text)
}

pub fn run(args: &options::Verify) -> Result<u8> {
    let dir = problem::resolve(&args.problem, args.problems.as_deref())?;
    let problem = crate::package::load(&dir, None)?;
    if problem.package.is_none() {
        return Err(Error::usage(format!(
            "`{}` is not an ICPC/Kattis package (no problem.yaml); `grader check` verifies problem.toml problems",
            dir.display()
        )));
    }
    let table = Table::load()?;
    let tally = verify(problem, &table, args.jobs, args.python)?;
    Ok(if tally.agreed == tally.judged {
        crate::exit::ACCEPTED
    } else {
        crate::exit::NOT_ACCEPTED
    })
}

/// What `verify` found.
pub struct Tally {
    pub agreed: u32,
    pub judged: u32,
    pub skipped: u32,
}

/// Runs every jury submission of a package and prints a row each, then the agreement.
pub fn verify(
    mut problem: Problem,
    table: &Table,
    jobs: usize,
    python: PythonChoice,
) -> Result<Tally> {
    let Some(pkg) = problem.package.clone() else {
        return Err(Error::usage(format!(
            "`{}` is not an ICPC/Kattis package",
            problem.dir.display()
        )));
    };
    let inferred = infer_time_limit(&mut problem, table, jobs, python)?;
    print_header(&problem, &pkg, &inferred);
    let subs = jury(&pkg, &problem.dir)?;
    let info = SandboxInfo::probe();
    let options = RunOptions {
        jobs,
        // The first failure decides, as a jury's judging does; a scoring package's score
        // needs every test.
        fail_fast: !pkg.scoring,
        filter: None,
        no_cache: false,
        engine: None,
        files: Vec::new(),
    };
    let (mut agreed, mut judged, mut skipped) = (0, 0, 0);
    let w = if pkg.scoring { 18 } else { 8 };
    let max = f64::from(problem.max_score());
    outln!(
        "{:<w$} {:<w$} {:<5} {:>7}  submission",
        "expected",
        "obtained",
        "",
        "time"
    );
    for s in &subs {
        let shown = s
            .file
            .strip_prefix(&pkg.submissions)
            .unwrap_or(&s.file)
            .display()
            .to_string();
        let expected = expected_text(s, &pkg, max);
        let ready = match prepare(&s.file, table, python) {
            Ok(r) => r,
            Err(why) => {
                skipped += 1;
                outln!(
                    "{expected:<w$} {:<w$} {:<5} {:>7}  {shown}: {why}",
                    "-",
                    "skip",
                    ""
                );
                continue;
            }
        };
        let options = RunOptions {
            files: ready.files.clone(),
            // Group rules look at every case.
            fail_fast: options.fail_fast && s.groups.is_empty(),
            ..options.clone()
        };
        let row = judge_one(&problem, &pkg, s, &ready, table, &options, &info)?;
        judged += 1;
        if row.ok {
            agreed += 1;
        }
        outln!(
            "{expected:<w$} {:<w$} {:<5} {:>6.2}s  {shown}{}",
            row.got,
            if row.ok { "ok" } else { "DIFF" },
            row.time.as_secs_f64(),
            if row.marks.is_empty() {
                String::new()
            } else {
                format!("  ({})", row.marks.join("; "))
            }
        );
    }
    let pct = if judged == 0 {
        100.0
    } else {
        100.0 * f64::from(agreed) / f64::from(judged)
    };
    outln!(
        "agreement {agreed}/{judged} ({pct:.0} %){}",
        if skipped > 0 {
            format!(", {skipped} skipped (language not available here)")
        } else {
            String::new()
        }
    );
    Ok(Tally {
        agreed,
        judged,
        skipped,
    })
}

/// A score as the table shows it: whole, or with 2 decimals.
fn num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

/// The package's name, notes and time limit (given, or how it was inferred).
fn print_header(problem: &Problem, pkg: &Package, inferred: &str) {
    outln!("{} · {}", problem.id, problem.title);
    for n in &pkg.notes {
        outln!("note: {n}");
    }
    if inferred.is_empty() {
        outln!(
            "time limit {} s ({})",
            problem.limits.time.as_secs_f64(),
            pkg.time_limit_source.as_deref().unwrap_or("given")
        );
    } else {
        outln!("{inferred}");
    }
}

/// The jury submissions with the verdicts they must get (notes about them printed).
fn jury(pkg: &Package, dir: &Path) -> Result<Vec<Submission>> {
    let (mut subs, notes) = submissions(&pkg.submissions, pkg.scoring)?;
    // A legacy scoring package's verdict is its default grader's: partially accepted
    // submissions are accepted (accept_if_any_accepted) with less than the full score.
    let legacy = !pkg.legacy_verdict.is_empty();
    if legacy {
        for s in subs
            .iter_mut()
            .filter(|s| s.folder == "partially_accepted" && s.source != Some("@EXPECTED_RESULTS@"))
        {
            s.expected = vec!["AC".into()];
        }
    }
    for n in notes {
        outln!("note: {n}");
    }
    if subs.is_empty() {
        return Err(Error::usage(format!(
            "`{}` has no submissions under submissions/<verdict>/",
            dir.display()
        )));
    }
    Ok(subs)
}

/// The "expected" column of a submission: its verdicts, where they come from, and in a
/// scoring package the score.
fn expected_text(s: &Submission, pkg: &Package, max: f64) -> String {
    let expected = s.expected.join("|");
    let expected = match s.source {
        // Marked: from the source's @EXPECTED_RESULTS@ header (@) or submissions.yaml (*).
        Some(src) => format!("{expected}{}", if src.starts_with('@') { "@" } else { "*" }),
        None => expected,
    };
    // A scoring package's rows show the score expected and obtained.
    match (pkg.scoring, s.score) {
        (false, _) => expected,
        (true, Some((lo, hi))) if lo == hi => format!("{expected} {}", num(lo)),
        (true, Some((lo, hi))) => format!("{expected} {}-{}", num(lo), num(hi)),
        (true, None) if s.folder == "partially_accepted" => {
            format!("{expected} 0<s<{}", num(max))
        }
        (true, None) => expected,
    }
}

/// One jury submission's row: whether it got what the jury expects, what it got, its slowest
/// test, and the remarks.
struct Row {
    ok: bool,
    got: String,
    time: Duration,
    marks: Vec<String>,
}

/// Grades one jury submission and compares with the jury's verdict, score and group rules.
fn judge_one(
    problem: &Problem,
    pkg: &Package,
    s: &Submission,
    ready: &Ready,
    table: &Table,
    options: &RunOptions,
    info: &SandboxInfo,
) -> Result<Row> {
    let max = f64::from(problem.max_score());
    let report = judge::grade(
        problem,
        &ready.main,
        ready.lang,
        table,
        options,
        info,
        &mut Silent,
    )?;
    let first = class(report.verdict);
    let got = match report.verdict {
        Verdict::CE | Verdict::JE => first,
        _ => {
            let cases: Vec<(String, &'static str)> = report
                .tests
                .iter()
                .map(|t| (t.name.clone(), class(t.verdict)))
                .collect();
            pkg.legacy_verdict(&cases).unwrap_or(first)
        }
    };
    let mut ok = s.expected.iter().any(|e| e == got);
    let legacy_differs = got != first;
    if pkg.scoring && !matches!(report.verdict, Verdict::CE | Verdict::JE) {
        let x = report.score;
        match s.score {
            Some((lo, hi)) => ok &= lo - 1e-6 <= x && x <= hi + 1e-6,
            None if s.folder == "partially_accepted" => ok &= x > 0.0 && x < max,
            None => {}
        }
    }
    let broken = if matches!(report.verdict, Verdict::CE | Verdict::JE) {
        Vec::new()
    } else {
        let mut b = group_rule_violations(&s.groups, &report);
        let cases: Vec<(String, &'static str)> = report
            .tests
            .iter()
            .map(|t| (t.name.clone(), class(t.verdict)))
            .collect();
        let groups: Vec<(String, f64)> = report
            .groups
            .iter()
            .map(|g| (g.name.clone(), g.score))
            .collect();
        b.extend(pkg.legacy_range_violations(&cases, &groups));
        b
    };
    ok &= broken.is_empty();
    let got = if pkg.scoring {
        format!("{got} {}", num(report.score))
    } else {
        got.to_string()
    };
    let time = slowest(&report);
    let marks = marks(
        problem,
        pkg,
        s,
        &ready.main,
        &report,
        (ok, legacy_differs),
        broken,
    );
    Ok(Row {
        ok,
        got,
        time,
        marks,
    })
}

/// The remarks of a row: machine-dependent verdicts, the legacy grader's verdict, group rules
/// met or `broken`, and why it disagrees.
fn marks(
    problem: &Problem,
    pkg: &Package,
    s: &Submission,
    main: &Path,
    report: &judge::Report,
    (ok, legacy_differs): (bool, bool),
    broken: Vec<String>,
) -> Vec<String> {
    let tl = problem.limits.time;
    let time = slowest(report);
    let mut marks = Vec::new();
    // Within the margins the format asks for, the verdict may change with the machine.
    let tight = match report.verdict {
        Verdict::AC => time.as_secs_f64() * pkg.ac_to_time_limit > tl.as_secs_f64(),
        Verdict::TLE => false,
        _ => time.as_secs_f64() * pkg.time_limit_to_tle > tl.as_secs_f64(),
    };
    if tight {
        marks.push("machine-dependent: close to the time limit".to_string());
    }
    if reads_clock(main) {
        marks.push("machine-dependent: reads the clock".to_string());
    }
    if legacy_differs && let Some(t) = &report.first_failure {
        marks.push(format!(
            "legacy grader's verdict; first failure {} on {t}",
            report.verdict.as_str()
        ));
    }
    if !s.groups.is_empty() && broken.is_empty() && ok {
        marks.push(format!("{} group rule(s) met", s.groups.len()));
    }
    marks.extend(broken);
    if !ok && !legacy_differs {
        let why = report
            .first_failure
            .as_ref()
            .map(|t| format!("{} on {t}", report.verdict.as_str()))
            .or_else(|| report.message.clone().map(|m| excerpt_line(&m)))
            .unwrap_or_default();
        if !why.is_empty() {
            marks.push(why);
        }
    }
    marks
}

fn excerpt_line(m: &str) -> String {
    let line = m.lines().next().unwrap_or("");
    line.chars().take(100).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python2_is_told_from_python3() {
        assert!(is_python2("#!/usr/bin/env python2\nprint(1)\n"));
        assert!(is_python2(
            "import sys\nfor l in sys.stdin:\n    print abs(1)\n"
        ));
        assert!(!is_python2("#!/usr/bin/env python3\nprint(abs(1))\n"));
        assert!(!is_python2("print = 3\nprint (4)\n"));
    }

    #[test]
    fn verdict_classes() {
        assert_eq!(class(Verdict::MLE), "RTE");
        assert_eq!(class(Verdict::OLE), "RTE");
        assert_eq!(
            expected_of("rejected", false),
            Some(&["WA", "TLE", "RTE"][..])
        );
        assert_eq!(expected_of("slow_accepted", false), None);
        assert_eq!(expected_of("partially_accepted", false), None);
        assert!(expected_of("partially_accepted", true).is_some());
        assert_eq!(verdict_class("TIMELIMIT"), Some("TLE"));
        assert_eq!(verdict_class("run_time_error"), Some("RTE"));
        assert_eq!(verdict_class("no-output"), Some("WA"));
        assert_eq!(verdict_class("maybe"), None);
    }

    #[test]
    fn expected_results_headers_and_submissions_yaml() {
        let d = tempfile::tempdir().unwrap();
        let sub = d.path().join("accepted");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(
            sub.join("a.py"),
            "# @EXPECTED_RESULTS@: CORRECT, TIMELIMIT\nprint(1)\n",
        )
        .unwrap();
        std::fs::write(sub.join("b.py"), "print(1)\n").unwrap();
        std::fs::write(sub.join("c.py"), "print(1)\n").unwrap();
        std::fs::write(
            d.path().join("submissions.yaml"),
            "accepted/c.py:\n  permitted: [AC, TLE]\n  required: [TLE]\n",
        )
        .unwrap();
        let (subs, notes) = submissions(d.path(), false).unwrap();
        assert!(notes.is_empty(), "{notes:?}");
        let by = |n: &str| {
            subs.iter()
                .find(|s| s.file.ends_with(n))
                .map(|s| s.expected.clone())
                .unwrap()
        };
        assert_eq!(by("a.py"), ["AC", "TLE"]);
        assert_eq!(by("b.py"), ["AC"]);
        assert_eq!(by("c.py"), ["TLE"]);
    }

    #[test]
    fn expected_scores_from_submissions_yaml_and_headers() {
        let d = tempfile::tempdir().unwrap();
        for (f, text) in [
            ("accepted/a.py", "print(1)\n"),
            ("wrong_answer/b.py", "print(1)\n"),
            (
                "partially_accepted/c.py",
                "# @EXPECTED_SCORE@: 42.5\nprint(1)\n",
            ),
        ] {
            let p = d.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        std::fs::write(
            d.path().join("submissions.yaml"),
            "accepted:\n  score: 100\nwrong_answer/b.py:\n  score: [10, 20]\n",
        )
        .unwrap();
        let (subs, notes) = submissions(d.path(), true).unwrap();
        assert!(notes.is_empty(), "{notes:?}");
        let by = |n: &str| subs.iter().find(|s| s.file.ends_with(n)).unwrap();
        assert_eq!(by("a.py").score, Some((100.0, 100.0)));
        assert_eq!(by("b.py").score, Some((10.0, 20.0)));
        assert_eq!(by("b.py").expected, ["WA"]);
        assert_eq!(by("c.py").score, Some((42.5, 42.5)));
        assert_eq!(by("c.py").expected, ["AC", "WA", "TLE", "RTE"]);
        // A pass-fail package has no partially_accepted folder and reads no scores.
        let (subs, notes) = submissions(d.path(), false).unwrap();
        assert!(subs.iter().all(|s| s.score.is_none()));
        assert!(notes.iter().any(|n| n.contains("partially_accepted")));
        std::fs::write(
            d.path().join("submissions.yaml"),
            "accepted:\n  score: lots\n",
        )
        .unwrap();
        let (_, notes) = submissions(d.path(), true).unwrap();
        assert!(
            notes.iter().any(|n| n.contains("score must be")),
            "{notes:?}"
        );
    }

    #[test]
    fn group_rules_of_submissions_yaml() {
        assert!(group_glob_matches("secret/g1", "secret/g1/01"));
        assert!(group_glob_matches("secret/g1", "secret/g1/deep/01"));
        assert!(group_glob_matches("secret/*-easy", "secret/a-easy/01"));
        assert!(!group_glob_matches("secret/*", "sample/1"));
        assert!(!group_glob_matches("secret/g1", "secret/g10/01"));
        assert!(!group_glob_matches("secret/g1/01", "secret/g1"));
        assert!(group_glob_matches("accepted/{a,b}.py", "accepted/b.py"));
        assert!(group_glob_matches(
            "{accepted,wrong_answer}",
            "wrong_answer/x.c"
        ));
        assert!(!group_glob_matches("accepted/{a,b}.py", "accepted/c.py"));
        assert!(
            !group_glob_matches("*.py", "accepted/c.py"),
            "`*` stays in one part"
        );
        assert_eq!(expand_braces("x{a,b{c,d}}y"), ["xay", "xbcy", "xbdy"]);
        assert_eq!(expand_braces("x{a"), ["x{a"]);
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("accepted/a.py");
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, "print(1)\n").unwrap();
        std::fs::write(
            d.path().join("submissions.yaml"),
            "accepted/a.py:\n  authors: me\n  secret/g1:\n    permitted: [AC]\n    score: [1, 2]\n",
        )
        .unwrap();
        let (subs, notes) = submissions(d.path(), true).unwrap();
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(
            subs[0].groups,
            [Rule {
                pattern: "secret/g1".into(),
                permitted: Some(vec!["AC".into()]),
                required: None,
                score: Some((1.0, 2.0)),
                groups: Vec::new(),
            }]
        );
        // A pass-fail package keeps the verdict rules of its groups, never their scores.
        let (subs, _) = submissions(d.path(), false).unwrap();
        assert!(subs[0].groups.is_empty());
    }
}
