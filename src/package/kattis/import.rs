//! `import`: writes an ICPC/Kattis package as a `problem.toml` problem folder that judges the
//! same way: the package's groups as `[[groups]]` (pass-fail, or with the points, score rule and
//! requirements of a scoring package, in the package's order), its test files under
//! `tests/GROUP/`, its limits, the default output validator as `mode = "kattis"` with its flags,
//! or its custom validator folder; accepted submissions as `reference/`, the others as `wrong/`
//! with `[[expect]]` entries, so that `grader check` verifies the imported problem as `verify`
//! does the package; an interactive or multi-pass package keeps its `interactor` and `passes`.
//! Refuses what it cannot import losslessly (the folder is then removed).

use super::{PythonChoice, infer_time_limit, jury_submissions, runnable};
use crate::error::{Error, Result};
use crate::lang::Table;
use crate::problem::{self, CompareSpec, Data, Package, Problem, TestData};
use std::fmt::Write as _;
use std::path::Path;

fn io_err(path: &Path, e: std::io::Error) -> Error {
    Error::judge(format!("cannot write `{}`: {e}", path.display()))
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_err(parent, e))?;
    }
    std::fs::copy(from, to).map_err(|e| io_err(to, e))?;
    Ok(())
}

/// A TOML string literal.
/// A jury submission: a file, or a folder copied whole.
fn copy_submission(from: &Path, to: &Path) -> Result<()> {
    if from.is_dir() {
        problem::inside::copy_folder(from, to, "output validator folder")
    } else {
        copy(from, to)
    }
}

fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn list(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|i| q(i)).collect();
    format!("[{}]", parts.join(", "))
}

/// The `[compare]` keys of a test's judging, as an inline table body.
fn compare_toml(c: &CompareSpec, pkg_dir: &Path) -> Result<String> {
    if c.kattis().is_some() {
        return Ok(String::new());
    }
    let Some(checker) = c.checker() else {
        return Err(Error::judge("a package test without a validator"));
    };
    let rel = checker
        .program
        .strip_prefix(pkg_dir)
        .unwrap_or(&checker.program)
        .display()
        .to_string();
    Ok(format!(
        "mode = \"custom\", custom = {{ program = {}, protocol = \"kattis\", args = {}{} }}",
        q(&rel),
        list(&checker.args),
        if checker.scores {
            ", scores = true"
        } else {
            ""
        }
    ))
}

/// The default validator's flags of a test, as `kattis_args` (none for a custom validator).
fn kattis_args(c: &CompareSpec, raw: &[String]) -> Option<String> {
    c.kattis().map(|_| list(raw))
}

/// What `import` wrote.
pub struct Imported {
    pub tests: usize,
    pub groups: usize,
    /// Accepted submissions written as references.
    pub references: usize,
    /// Other submissions written with `[[expect]]` entries.
    pub wrong: usize,
    /// Submissions not imported (language not available, a multi-file folder).
    pub skipped: usize,
}

/// Imports the package `p` (read from `dir`, its time limit inferred first when it gives none)
/// into the new folder `out`, which must then load; `note` gets what the user should know.
pub fn import(
    p: &mut Problem,
    dir: &Path,
    out: &Path,
    jobs: usize,
    note: &mut dyn FnMut(&str),
) -> Result<Imported> {
    let Some(pkg) = p.package.clone() else {
        return Err(Error::usage(format!(
            "`{}` is not an ICPC/Kattis package (no problem.yaml)",
            dir.display()
        )));
    };
    let table = Table::load()?;
    let inferred = infer_time_limit(p, &table, jobs, PythonChoice::Auto)?;
    if !inferred.is_empty() {
        note(&inferred);
    }
    let p = &*p;
    let order = group_order(p, dir)?;
    let group_compare = group_judging(p, dir, &order)?;
    let mut toml = spec_head(p, dir);
    write_groups(&mut toml, p, &pkg, &group_compare);
    copy_tests(p, dir, out)?;
    copy_validators(p, dir, out)?;
    let (references, wrong, skipped) = import_submissions(&mut toml, p, &pkg, &table, out, note)?;
    let spec = out.join(problem::SPEC_FILE);
    std::fs::create_dir_all(out).map_err(|e| io_err(out, e))?;
    std::fs::write(&spec, toml).map_err(|e| io_err(&spec, e))?;
    // The result must load.
    let imported =
        problem::load(out).map_err(|e| e.context("the imported problem does not load"))?;
    keeps_order(p, &imported, dir, out)?;
    Ok(Imported {
        tests: imported.tests.len(),
        groups: imported.groups.len(),
        references,
        wrong,
        skipped,
    })
}

/// The imported folder of a case: its package group's name, `/` written as `-`.
fn group_of(t: &problem::Test, p: &Problem) -> String {
    t.group
        .map(|g| p.groups[g].name.replace('/', "-"))
        .unwrap_or_else(|| "secret".into())
}

/// Group order: the package's order of first appearance; a group whose tests are not
/// contiguous in that order cannot keep the order in tests/GROUP/ folders.
fn group_order(p: &Problem, dir: &Path) -> Result<Vec<String>> {
    let mut order: Vec<String> = Vec::new();
    for t in &p.tests {
        let g = group_of(t, p);
        if order.last() != Some(&g) {
            if order.contains(&g) {
                return Err(Error::spec(format!(
                    "cannot import `{}` losslessly: the cases of `{g}` are interleaved with another group's in the package's order (lexicographic across files and folders)",
                    dir.display()
                )));
            }
            order.push(g);
        }
    }
    Ok(order)
}

/// Each group's judging (`[compare]` keys, `kattis_args`): it must be the same for all its
/// cases (tests/ files cannot carry their own compare settings).
fn group_judging(
    p: &Problem,
    dir: &Path,
    order: &[String],
) -> Result<Vec<(String, String, Option<String>)>> {
    let mut group_compare: Vec<(String, String, Option<String>)> = Vec::new();
    for g in order {
        let tests: Vec<&problem::Test> = p.tests.iter().filter(|t| &group_of(t, p) == g).collect();
        let raw = |t: &problem::Test| -> Vec<String> {
            t.compare
                .checker()
                .map(|c| c.args.clone())
                .unwrap_or_else(|| raw_flags(t))
        };
        let first = raw(tests[0]);
        if let Some(t) = tests.iter().find(|t| raw(t) != first) {
            return Err(Error::spec(format!(
                "cannot import `{}` losslessly: case `{}` has its own output validator arguments; problem.toml test files take their group's",
                dir.display(),
                t.name
            )));
        }
        let c = &tests[0].compare;
        group_compare.push((g.clone(), compare_toml(c, dir)?, kattis_args(c, &first)));
    }
    Ok(group_compare)
}

/// The spec's head: where it comes from, the title and the limits.
fn spec_head(p: &Problem, dir: &Path) -> String {
    let mut toml = String::new();
    let _ = writeln!(
        toml,
        "# Imported from the ICPC/Kattis package `{}` by `grader import`.",
        dir.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    );
    let _ = writeln!(
        toml,
        "format_version = 1\ntitle = {}\nkind = \"stdio\"{}\n",
        q(&p.title),
        interaction_keys(p, dir)
    );
    let _ = writeln!(toml, "[limits]");
    let _ = writeln!(toml, "time = \"{}ms\"", p.limits.time.as_millis());
    let size = |b: u64| {
        if b.is_multiple_of(1 << 20) {
            format!("{}MiB", b >> 20)
        } else {
            format!("{}KiB", b / 1024)
        }
    };
    let _ = writeln!(toml, "memory = \"{}\"", size(p.limits.memory));
    let _ = writeln!(toml, "output = \"{}\"", size(p.limits.output));
    // The jury's convention: an allocation past the limit fails (problemtools' RLIMIT_AS).
    let _ = writeln!(toml, "refuse_allocations = {}", p.limits.refuse_allocations);
    // The jury's convention: one time limit for every language.
    let _ = writeln!(toml, "time_factors = {}\n", p.limits.time_factors);
    if let Some(source) = p
        .package
        .as_ref()
        .and_then(|k| k.time_limit_source.as_ref())
    {
        let _ = writeln!(toml, "# time limit: {source}\n");
    }
    toml
}

/// `interactor` (the package's validator, which each group's `compare` also names, with its
/// arguments) and `passes` of an interactive or multi-pass package, each on a line of its own.
fn interaction_keys(p: &Problem, dir: &Path) -> String {
    let Some(how) = &p.interaction else {
        return String::new();
    };
    let mut keys = String::new();
    if how.interactive
        && let Some(c) = p.tests.first().and_then(|t| t.compare.checker())
    {
        let rel = c.program.strip_prefix(dir).unwrap_or(&c.program);
        let _ = write!(keys, "\ninteractor = {}", q(&rel.display().to_string()));
    }
    if how.passes > 1 {
        let _ = write!(keys, "\npasses = {}", how.passes);
    }
    keys
}

/// A `[[groups]]` entry per group, with its judging.
fn write_groups(
    toml: &mut String,
    p: &Problem,
    pkg: &Package,
    group_compare: &[(String, String, Option<String>)],
) {
    for (g, custom, kattis) in group_compare {
        // A scoring package's group keeps its points, rule and requirements.
        let model = p
            .groups
            .iter()
            .find(|m| m.name.replace('/', "-") == *g)
            .filter(|_| pkg.scoring);
        match model {
            Some(m) => {
                let rule = match m.score {
                    problem::spec::ScoreRule::All => "all",
                    problem::spec::ScoreRule::Sum => "sum",
                    problem::spec::ScoreRule::Min => "min",
                };
                let _ = writeln!(toml, "[[groups]]\nname = {}\nscore = \"{rule}\"", q(g));
                if let Some(points) = m.points {
                    let _ = writeln!(toml, "points = {points}");
                }
                if !m.require.is_empty() {
                    let names: Vec<String> = m
                        .require
                        .iter()
                        .map(|&r| p.groups[r].name.replace('/', "-"))
                        .collect();
                    let _ = writeln!(toml, "require = {}", list(&names));
                }
            }
            None => {
                let _ = writeln!(toml, "[[groups]]\nname = {}\nscore = \"all\"", q(g));
            }
        }
        if g == "sample" {
            let _ = writeln!(toml, "visibility = \"sample\"");
        }
        match kattis {
            Some(args) => {
                let _ = writeln!(
                    toml,
                    "compare = {{ mode = \"kattis\", kattis_args = {args} }}"
                );
            }
            None => {
                let _ = writeln!(toml, "compare = {{ {custom} }}");
            }
        }
        let _ = writeln!(toml);
    }
}

/// Copies every case's `.in` and `.ans` into its group folder.
fn copy_tests(p: &Problem, dir: &Path, out: &Path) -> Result<()> {
    for t in &p.tests {
        let TestData::Stdio {
            input: Data::File(input),
            answer: Data::File(answer),
        } = &t.data
        else {
            continue;
        };
        let stem = imported_stem(t, p);
        let stem = stem.as_str();
        let folder = out.join("tests").join(group_of(t, p));
        if folder.join(format!("{stem}.in")).exists() {
            return Err(Error::spec(format!(
                "cannot import `{}` losslessly: two cases named `{stem}` end up in group `{}` (a folder below a test data group)",
                dir.display(),
                group_of(t, p)
            )));
        }
        copy(input, &folder.join(format!("{stem}.in")))?;
        copy(answer, &folder.join(format!("{stem}.ans")))?;
    }
    Ok(())
}

/// Copies the validators the groups use.
fn copy_validators(p: &Problem, dir: &Path, out: &Path) -> Result<()> {
    // The validators the groups use.
    for t in &p.tests {
        if let Some(c) = t.compare.checker()
            && let Ok(rel) = c.program.strip_prefix(dir)
            && !out.join(rel).exists()
        {
            if c.program.is_dir() {
                problem::inside::copy_folder(
                    &c.program,
                    &out.join(rel),
                    "output validator folder",
                )?;
            } else {
                copy(&c.program, &out.join(rel))?;
            }
        }
    }
    Ok(())
}

/// Jury submissions: accepted ones are references, the others wrong answers with the verdicts
/// the jury expects (`[[expect]]` entries appended to `toml`). Returns how many of each, and
/// how many could not be imported.
fn import_submissions(
    toml: &mut String,
    p: &Problem,
    pkg: &Package,
    table: &Table,
    out: &Path,
    note: &mut dyn FnMut(&str),
) -> Result<(usize, usize, usize)> {
    let (subs, notes) = jury_submissions(&pkg.submissions, pkg.scoring)?;
    for n in notes {
        note(&n);
    }
    let (mut refs, mut wrongs, mut skipped) = (0, 0, 0);
    for s in subs {
        // A folder (a multi-file submission) is copied whole: `check` grades it as one.
        let why = runnable(&s.file, table);
        if let Err(why) = why {
            skipped += 1;
            note(&format!(
                "{} not imported: {why}",
                s.file
                    .strip_prefix(&pkg.submissions)
                    .unwrap_or(&s.file)
                    .display()
            ));
            continue;
        }
        let name = s
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The score a scoring package's jury expects: `partially_accepted/` means above 0 and
        // below the maximum, which scores rounded to 2 decimals make an inclusive range.
        let max = f64::from(p.max_score());
        let score = s.score.or_else(|| {
            (pkg.scoring && s.folder == "partially_accepted").then_some((0.01, max - 0.01))
        });
        let full = score.is_none_or(|(lo, hi)| lo <= max && max <= hi);
        if s.expected == ["AC"] && full {
            copy_submission(&s.file, &out.join("reference").join(&name))?;
            refs += 1;
        } else {
            // An accepted submission of a partial score is checked by its score.
            let top = if s.expected == ["AC"] {
                "partial"
            } else {
                "wrong"
            };
            let rel = format!("{top}/{}/{name}", s.folder);
            copy_submission(&s.file, &out.join(&rel))?;
            let verdicts: Vec<String> = s
                .expected
                .iter()
                .flat_map(|v| match v.as_str() {
                    "RTE" => vec!["RE".to_string(), "MLE".into()],
                    // An output flood is a TLE on the judges (see `expect::class`).
                    "TLE" => vec!["TLE".to_string(), "OLE".into()],
                    other => vec![other.to_string()],
                })
                .collect();
            let score = match score {
                None => String::new(),
                Some((lo, hi)) if lo == hi => format!("score = {lo:?}\n"),
                Some((lo, hi)) => format!("score = [{lo:?}, {hi:?}]\n"),
            };
            let _ = writeln!(
                toml,
                "[[expect]]\nfile = {}\nverdict = {}\n{score}",
                q(&rel),
                list(&verdicts)
            );
            wrongs += 1;
        }
    }
    Ok((refs, wrongs, skipped))
}

/// The imported problem must run its cases in the package's order; when not, the folder is
/// removed.
fn keeps_order(p: &Problem, imported: &Problem, dir: &Path, out: &Path) -> Result<()> {
    // The imported problem must run its cases in the package's order.
    let want: Vec<String> = p
        .tests
        .iter()
        .map(|t| format!("{}/{}", group_of(t, p), imported_stem(t, p)))
        .collect();
    let got: Vec<&str> = imported.tests.iter().map(|t| t.name.as_str()).collect();
    if want != got {
        let _ = std::fs::remove_dir_all(out);
        return Err(Error::spec(format!(
            "cannot import `{}` losslessly: its case order ({}) cannot be kept in tests/GROUP/ folders ({})",
            dir.display(),
            want.join(", "),
            got.join(", ")
        )));
    }
    Ok(())
}

/// The file stem of a package case in its imported group folder: its path below its group,
/// `/` written as `-` (a case in a folder below a scoring package's test data group).
fn imported_stem(t: &problem::Test, p: &problem::Problem) -> String {
    let group = t.group.map(|g| p.groups[g].name.as_str()).unwrap_or("");
    t.name
        .strip_prefix(group)
        .and_then(|rest| rest.strip_prefix('/'))
        .unwrap_or_else(|| t.name.rsplit('/').next().unwrap_or(&t.name))
        .replace('/', "-")
}

/// The default validator's flags of a test, spelled as arguments.
fn raw_flags(t: &problem::Test) -> Vec<String> {
    t.compare
        .kattis()
        .map(crate::problem::compare_spec::Flags::to_args)
        .unwrap_or_default()
}
