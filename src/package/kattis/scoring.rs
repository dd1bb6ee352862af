//! Scoring ICPC/Kattis packages (`type: scoring`) mapped onto the grader's groups: each scoring
//! group of the package becomes a group with `points` and a score rule, the sample group scores
//! 0, and `require_pass` becomes the group's `require`. Owns the exactness rules: a package whose
//! scores the group model cannot reproduce exactly is refused with a message naming the feature.
//!
//! 2025-09: `secret` (`max_score`, default 100; `score_aggregation`, default `sum`) holds either
//! test cases or test data groups (`max_score`, `score_aggregation`, default `pass-fail`,
//! `require_pass`); folders below a group are part of it. Legacy: every folder is a group with
//! `testdata.yaml` settings inherited from its parent (`accept_score`, `reject_score`,
//! `on_reject`, `grader_flags`, `range`) aggregated by problemtools' default grader; also
//! records each folder's verdict settings (`LegacyNode`) for `verify`'s legacy verdict. A
//! validator's `score.txt` is read by the engine (`custom.scores`); in a legacy package it is
//! the case's score, up to its folder's `range`.

use super::read::{get, number, spec_err};
use crate::error::{Error, Result};
use crate::problem::spec::ScoreRule;
use crate::problem::{Group, LegacyNode, Test};
use serde_norway::Value;
use std::path::Path;

fn refuse(path: &Path, feature: impl std::fmt::Display) -> Error {
    spec_err(
        path,
        format!("{feature} is not supported (the grader cannot reproduce this score exactly)"),
    )
}

/// A settings file that may be absent (then `Null`, as an empty one).
fn read_yaml(path: &Path) -> Result<Value> {
    if !path.is_file() {
        return Ok(Value::Null);
    }
    super::read::read_yaml(path)
}

/// The scoring settings of a 2025-09 group (`data/<name>/test_group.yaml`). A group whose
/// `test_group.yaml` sets none of them but whose `testdata.yaml` (or `test_group.yaml`) has the
/// 2023-07 draft's `scoring:` map (`score`, `aggregation`, `require_pass`; renamed `max_score`,
/// `score_aggregation`, `require_pass` when the draft became 2025-09) is read by the draft's
/// names, as the format's own `scoring` example package still writes them.
fn group_settings(data: &Path, name: &str) -> Result<Value> {
    let v = read_yaml(&data.join(name).join("test_group.yaml"))?;
    let flat = ["max_score", "score_aggregation", "require_pass"];
    if flat.iter().any(|k| get(&v, k).is_some()) {
        return Ok(v);
    }
    let draft = match get(&v, "scoring") {
        Some(m) => m.clone(),
        None => match get(
            &read_yaml(&data.join(name).join("testdata.yaml"))?,
            "scoring",
        ) {
            Some(m) => m.clone(),
            None => return Ok(v),
        },
    };
    let mut out = serde_norway::Mapping::new();
    for (old, new) in ["score", "aggregation", "require_pass"].iter().zip(flat) {
        if let Some(x) = get(&draft, old) {
            out.insert(Value::from(new), x.clone());
        }
    }
    Ok(Value::Mapping(out))
}

fn whole(x: f64, path: &Path, what: &str) -> Result<u32> {
    if x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x <= f64::from(u32::MAX) {
        Ok(x as u32)
    } else if x.is_finite() && x >= 0.0 {
        Err(refuse(path, format!("{what} {x} (a fractional score)")))
    } else {
        Err(spec_err(
            path,
            format!("{what} must be a non-negative number, found {x}"),
        ))
    }
}

/// The groups directly below group `name` (one more path segment).
fn children<'g>(groups: &'g [Group], name: &str) -> Vec<(usize, &'g Group)> {
    let prefix = format!("{name}/");
    groups
        .iter()
        .enumerate()
        .filter(|(_, g)| {
            g.name
                .strip_prefix(&prefix)
                .is_some_and(|rest| !rest.contains('/'))
        })
        .collect()
}

fn index_of(groups: &[Group], name: &str) -> Option<usize> {
    groups.iter().position(|g| g.name == name)
}

/// Applies the 2025-09 scoring rules to the groups `collect` made (one per folder, before empty
/// groups are dropped): folders below a test data group join it.
pub fn apply_2025(data: &Path, tests: &mut [Test], groups: &mut [Group]) -> Result<()> {
    let group_yaml = |name: &str| group_settings(data, name);
    let sample = group_yaml("sample")?;
    for key in ["max_score", "score_aggregation", "require_pass"] {
        if get(&sample, key).is_some() {
            return Err(spec_err(
                &data.join("sample/test_group.yaml"),
                format!("`{key}` is not permitted in sample"),
            ));
        }
    }
    if let Some(s) = index_of(groups, "sample") {
        groups[s].points = Some(0);
        groups[s].score = ScoreRule::All;
    }
    let secret_path = data.join("secret/test_group.yaml");
    let secret = group_yaml("secret")?;
    let (max, rule) = scoring_keys(&secret, &secret_path, Some(100), "sum")?;
    let Some(max) = max else {
        return Err(refuse(&secret_path, "`max_score: unbounded` in secret"));
    };
    let Some(secret_index) = index_of(groups, "secret") else {
        return Ok(());
    };
    let subgroups: Vec<(usize, String)> = children(groups, "secret")
        .into_iter()
        .map(|(i, g)| (i, g.name.clone()))
        .collect();
    let has_groups = tests.iter().any(|t| {
        t.group
            .is_some_and(|g| groups[g].name.starts_with("secret/"))
    });
    let secret_require = requires(&secret, &secret_path, groups)?;
    if !has_groups {
        let g = &mut groups[secret_index];
        g.points = Some(max);
        g.score = rule;
        g.require = secret_require;
        return Ok(());
    }
    if tests.iter().any(|t| t.group == Some(secret_index)) {
        return Err(spec_err(
            &data.join("secret"),
            "data/secret holds both test cases and test data groups (the format allows one or the other)",
        ));
    }
    match rule {
        ScoreRule::Min => {
            return Err(refuse(
                &secret_path,
                "`score_aggregation: min` in secret over test data groups",
            ));
        }
        ScoreRule::All => {
            if !secret_require.is_empty() {
                return Err(refuse(&secret_path, "require_pass on a pass-fail secret"));
            }
            return pass_fail_secret(data, tests, groups, secret_index, max, &subgroups);
        }
        ScoreRule::Sum => {}
    }
    if !secret_require.is_empty() {
        return Err(refuse(
            &secret_path,
            "require_pass on secret when secret has test data groups",
        ));
    }
    let mut total = 0u64;
    for (gi, name) in subgroups {
        let path = data.join(&name).join("test_group.yaml");
        let yaml = group_yaml(&name)?;
        let (points, rule) = scoring_keys(&yaml, &path, None, "pass-fail")?;
        let Some(points) = points else {
            return Err(spec_err(
                &path,
                format!(
                    "test data group `{name}` needs a max_score (secret's max_score is {max}, so its groups must say how it divides)"
                ),
            ));
        };
        total += u64::from(points);
        let require = requires(&yaml, &path, groups)?;
        // Folders below a test data group are part of it.
        let prefix = format!("{name}/");
        for t in tests.iter_mut() {
            if t.group.is_some_and(|x| groups[x].name.starts_with(&prefix)) {
                t.group = Some(gi);
            }
        }
        for &r in &require {
            if r >= gi && groups[r].name != "sample" {
                return Err(spec_err(
                    &path,
                    format!(
                        "require_pass: `{}` does not come before `{name}`",
                        groups[r].name
                    ),
                ));
            }
        }
        let g = &mut groups[gi];
        g.points = Some(points);
        g.score = rule;
        g.require = require;
    }
    if total != u64::from(max) {
        return Err(refuse(
            &secret_path,
            format!(
                "test data groups whose max_score sum to {total} under a secret max_score of {max}"
            ),
        ));
    }
    Ok(())
}

/// `require_pass` of a `test_group.yaml`: the groups that must pass first, by index.
fn requires(v: &Value, path: &Path, groups: &[Group]) -> Result<Vec<usize>> {
    let names: Vec<String> = match get(v, "require_pass") {
        None => Vec::new(),
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Sequence(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        Some(_) => {
            return Err(spec_err(
                path,
                "require_pass: expected a group name or a list of names",
            ));
        }
    };
    names
        .iter()
        .map(|n| {
            index_of(groups, n)
                .ok_or_else(|| spec_err(path, format!("require_pass: no test data group `{n}`")))
        })
        .collect()
}

/// A pass-fail secret over test data groups: every group pass-fail too, and all of secret's
/// cases one group (all or nothing).
fn pass_fail_secret(
    data: &Path,
    tests: &mut [Test],
    groups: &mut [Group],
    secret_index: usize,
    max: u32,
    subgroups: &[(usize, String)],
) -> Result<()> {
    for (_, name) in subgroups {
        let path = data.join(name).join("test_group.yaml");
        let (_, rule) = scoring_keys(&group_settings(data, name)?, &path, Some(0), "pass-fail")?;
        if rule != ScoreRule::All {
            return Err(spec_err(
                &path,
                "secret has score_aggregation: pass-fail, so its test data groups must too",
            ));
        }
    }
    for t in tests.iter_mut() {
        if t.group
            .is_some_and(|g| groups[g].name.starts_with("secret/"))
        {
            t.group = Some(secret_index);
        }
    }
    let g = &mut groups[secret_index];
    g.points = Some(max);
    g.score = ScoreRule::All;
    Ok(())
}

/// `max_score` (None: unbounded) and `score_aggregation` of a 2025-09 `test_group.yaml`.
fn scoring_keys(
    v: &Value,
    path: &Path,
    default_max: Option<u32>,
    default_rule: &str,
) -> Result<(Option<u32>, ScoreRule)> {
    let max = match get(v, "max_score") {
        None => default_max,
        Some(Value::String(s)) if s == "unbounded" => None,
        Some(m) => {
            let x = number(m).ok_or_else(|| {
                spec_err(
                    path,
                    "max_score: expected a non-negative integer or `unbounded`",
                )
            })?;
            Some(whole(x, path, "max_score")?)
        }
    };
    let rule = match get(v, "score_aggregation") {
        None => default_rule.to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(_) => {
            return Err(spec_err(
                path,
                "score_aggregation: expected pass-fail, sum or min",
            ));
        }
    };
    let rule = match rule.as_str() {
        "pass-fail" => ScoreRule::All,
        "sum" => ScoreRule::Sum,
        "min" => ScoreRule::Min,
        other => {
            return Err(spec_err(
                path,
                format!("score_aggregation: expected pass-fail, sum or min, found `{other}`"),
            ));
        }
    };
    if get(v, "static_validation_score").is_some() {
        return Err(refuse(path, "static_validation_score (a static validator)"));
    }
    Ok((max, rule))
}

/// A legacy folder's settings, after inheritance from its parent (problemtools' rules).
#[derive(Clone, Debug)]
struct Legacy {
    on_reject_break: bool,
    custom_grading: bool,
    score_mode: String,
    verdict_mode: String,
    ignore_sample: bool,
    accept_if_any: bool,
    accept_score: f64,
    reject_score: f64,
    /// `range: LOW HIGH`, the scores the jury expects of the folder.
    range: Option<(f64, f64)>,
}

impl Legacy {
    fn root() -> Legacy {
        Legacy {
            on_reject_break: true,
            custom_grading: false,
            score_mode: "sum".into(),
            verdict_mode: "worst_error".into(),
            ignore_sample: false,
            accept_if_any: false,
            accept_score: 1.0,
            reject_score: 0.0,
            range: None,
        }
    }

    /// `parent`'s settings overlaid with the folder's `testdata.yaml`, then with `problem.yaml`'s
    /// `grading` (which problemtools applies to every group).
    fn of(parent: &Legacy, v: &Value, grading: &Value, path: &Path) -> Result<Legacy> {
        let mut s = parent.clone();
        let mut set = |v: &Value, problem_wide: bool| -> Result<()> {
            if let Some(o) = get(v, "on_reject").and_then(Value::as_str) {
                s.on_reject_break = match o {
                    "break" | "first_error" => true,
                    "continue" | "grade" => false,
                    other => {
                        return Err(spec_err(
                            path,
                            format!("on_reject: expected break or continue, found `{other}`"),
                        ));
                    }
                };
            }
            if let Some(r) = get(v, "range") {
                let text = match r {
                    Value::String(t) => t.clone(),
                    other => serde_norway::to_string(other).unwrap_or_default(),
                };
                let parts: Vec<f64> = text
                    .split_whitespace()
                    .filter_map(|p| p.parse().ok())
                    .collect();
                s.range = match parts.as_slice() {
                    [lo, hi] => Some((*lo, *hi)),
                    _ => {
                        return Err(spec_err(
                            path,
                            format!(
                                "range: expected two numbers `LOW HIGH`, found `{}`",
                                text.trim()
                            ),
                        ));
                    }
                };
            }
            if let Some(x) = get(v, "accept_score") {
                s.accept_score =
                    number(x).ok_or_else(|| spec_err(path, "accept_score: expected a number"))?;
            }
            if let Some(x) = get(v, "reject_score") {
                s.reject_score =
                    number(x).ok_or_else(|| spec_err(path, "reject_score: expected a number"))?;
            }
            if problem_wide {
                return Ok(());
            }
            if let Some(g) = get(v, "grading").and_then(Value::as_str) {
                s.custom_grading = g == "custom";
            }
            if let Some(flags) = get(v, "grader_flags") {
                // A folder's grader_flags replace the inherited ones.
                let flags = flags.as_str().unwrap_or_default();
                s.score_mode = "sum".into();
                s.verdict_mode = "worst_error".into();
                s.ignore_sample = false;
                s.accept_if_any = false;
                for f in flags.split_whitespace() {
                    match f {
                        "sum" | "avg" | "min" | "max" => s.score_mode = f.into(),
                        "worst_error" | "no_errors" | "first_error" | "always_accept" => {
                            s.verdict_mode = f.into()
                        }
                        "ignore_sample" => s.ignore_sample = true,
                        "accept_if_any_accepted" => s.accept_if_any = true,
                        other => {
                            return Err(spec_err(
                                path,
                                format!("grader_flags: unknown flag `{other}`"),
                            ));
                        }
                    }
                }
            }
            Ok(())
        };
        set(v, false)?;
        set(grading, true)?;
        Ok(s)
    }
}

/// How a legacy package's scores are read (the whole package).
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    /// DOMjudge's reading of `testdata.yaml` (the jury's `@EXPECTED_SCORE@` headers), not
    /// problemtools'.
    pub domjudge: bool,
    /// The output validator scores the cases (`score.txt`): a custom validator.
    pub validator: bool,
}

/// Applies the legacy scoring rules (problemtools' default grader) to the groups `collect`
/// made, one per folder.
pub fn apply_legacy(
    data: &Path,
    grading: &Value,
    reading: Reading,
    tests: &mut [Test],
    groups: &mut [Group],
) -> Result<Vec<LegacyNode>> {
    let root_yaml_path = data.join("testdata.yaml");
    let root = Legacy::of(
        &Legacy::root(),
        &read_yaml(&root_yaml_path)?,
        grading,
        &root_yaml_path,
    )?;
    let tops: Vec<String> = ["sample", "secret"]
        .into_iter()
        .filter(|n| index_of(groups, n).is_some())
        .map(str::to_string)
        .collect();
    check_inner(&root, &root_yaml_path, tops.len(), false)?;
    let mut nodes = vec![node("", &root)];
    for name in tops {
        let counted = !(root.ignore_sample && name == "sample");
        legacy_folder(
            data,
            &name,
            &root,
            root.accept_if_any,
            (counted, reading),
            grading,
            (tests, groups, &mut nodes),
        )?;
    }
    Ok(nodes)
}

fn node(name: &str, s: &Legacy) -> LegacyNode {
    LegacyNode {
        name: name.to_string(),
        on_reject_break: s.on_reject_break,
        first_error: s.verdict_mode == "first_error",
        accept_if_any: s.accept_if_any,
        ignore_sample: s.ignore_sample,
        range: s.range,
    }
}

/// Refuses what the default grader does that the group model cannot reproduce, at a folder
/// with `children` results to aggregate.
fn check_inner(s: &Legacy, path: &Path, children: usize, lenient: bool) -> Result<()> {
    if s.custom_grading {
        return Err(refuse(path, "`grading: custom` (a custom grader)"));
    }
    if s.reject_score != 0.0 {
        return Err(refuse(path, format!("reject_score {}", s.reject_score)));
    }
    if s.verdict_mode == "always_accept" {
        return Err(refuse(path, "grader_flags always_accept"));
    }
    if children > 1 && s.score_mode != "sum" {
        return Err(refuse(
            path,
            format!(
                "grader_flags {} over test data groups (only sum adds up group scores)",
                s.score_mode
            ),
        ));
    }
    if children > 1 && s.on_reject_break && (lenient || s.accept_if_any) {
        return Err(refuse(
            path,
            "on_reject: break over test data groups under accept_if_any_accepted (the groups after a failure would not count)",
        ));
    }
    Ok(())
}

/// The file an error about folder `name` points at: its `testdata.yaml`, or the folder.
fn shown_path(data: &Path, name: &str, yaml: &Path) -> std::path::PathBuf {
    if yaml.is_file() {
        yaml.to_path_buf()
    } else {
        data.join(name)
    }
}

fn legacy_folder(
    data: &Path,
    name: &str,
    parent: &Legacy,
    lenient_above: bool,
    (counted, reading): (bool, Reading),
    grading: &Value,
    (tests, groups, nodes): (&mut [Test], &mut [Group], &mut Vec<LegacyNode>),
) -> Result<()> {
    let path = data.join(name).join("testdata.yaml");
    let own = read_yaml(&path)?;
    let s = Legacy::of(parent, &own, grading, &path)?;
    let Some(gi) = index_of(groups, name) else {
        return Ok(());
    };
    nodes.push(node(name, &s));
    let lenient = lenient_above || s.accept_if_any;
    if s.ignore_sample && name != "sample" && !name.starts_with("sample/") {
        // The default grader would keep only the last of this folder's results.
        return Err(refuse(
            &shown_path(data, name, &path),
            "grader_flags ignore_sample below the root (set grader_flags in this folder's testdata.yaml to override the inherited flags)",
        ));
    }
    let subs: Vec<String> = children(groups, name)
        .into_iter()
        .map(|(_, g)| g.name.clone())
        .collect();
    let n = tests.iter().filter(|t| t.group == Some(gi)).count();
    let shown = shown_path(data, name, &path);
    let domjudge = reading.domjudge;
    let over_leaves = domjudge && domjudge_over_leaves(&s, n, &subs, tests, groups);
    if !subs.is_empty() && n > 0 {
        // Tests beside subgroups: their share adds up with the subgroups' only under sum.
        check_inner(&s, &shown, 2, lenient)?;
    } else if over_leaves {
        check_inner(
            &Legacy {
                score_mode: "sum".into(),
                ..s.clone()
            },
            &shown,
            subs.len(),
            lenient,
        )?;
    } else {
        check_inner(&s, &shown, subs.len(), lenient)?;
    }
    if n > 0 && reading.validator {
        // DOMjudge scores only the folders with a testdata.yaml of their own.
        let counted = counted && !(domjudge && own.is_null());
        validator_scored(&s, n, &shown, counted, &mut groups[gi])?;
    } else if n > 0 && domjudge {
        // DOMjudge: the folder's own accept_score (none: 0), once when all its cases pass.
        let a = get(&own, "accept_score").and_then(number).unwrap_or(0.0);
        let g = &mut groups[gi];
        g.points = Some(if counted {
            whole(a, &shown, "accept_score")?
        } else {
            0
        });
        g.score = ScoreRule::All;
    } else if n > 0 {
        let a = s.accept_score;
        let (points, rule) = match s.score_mode.as_str() {
            "min" => (whole(a, &shown, "accept_score")?, ScoreRule::All),
            "sum" | "avg" => {
                if s.on_reject_break && lenient && n > 1 {
                    return Err(refuse(
                        &shown,
                        format!(
                            "on_reject: break with grader_flags {} under accept_if_any_accepted (only the cases before the first failure would count)",
                            s.score_mode
                        ),
                    ));
                }
                let total = if s.score_mode == "sum" {
                    a * n as f64
                } else {
                    a
                };
                (
                    whole(total, &shown, "the group's score (accept_score × cases)")?,
                    ScoreRule::Sum,
                )
            }
            other => {
                return Err(refuse(&shown, format!("grader_flags {other}")));
            }
        };
        let g = &mut groups[gi];
        g.points = Some(if counted { points } else { 0 });
        g.score = rule;
    }
    for sub in &subs {
        legacy_folder(
            data,
            sub,
            &s,
            lenient,
            (counted, reading),
            grading,
            (tests, groups, nodes),
        )?;
    }
    if over_leaves {
        domjudge_avg_min(&s.score_mode, &shown, &subs, groups)?;
    }
    Ok(())
}

/// A folder whose cases the output validator scores (`score.txt`): the high end of its
/// `range` is its maximum, reached by its one case's score or, under `min`, by the least of its
/// cases' scores (problemtools and DOMjudge alike). `sum`, `avg` or `max` over several cases
/// would need each case's own maximum, which the legacy format does not give: refused. A folder
/// whose score does not count scores 0 (its score files are ignored).
fn validator_scored(
    s: &Legacy,
    n: usize,
    shown: &Path,
    counted: bool,
    g: &mut Group,
) -> Result<()> {
    if !counted {
        g.points = Some(0);
        g.score = ScoreRule::Sum;
        return Ok(());
    }
    let Some((_, high)) = s.range.filter(|r| r.1.is_finite()) else {
        return Err(refuse(
            shown,
            "a custom output validator's score.txt without a `range: LOW HIGH` (the folder's maximum)",
        ));
    };
    g.score = match (n, s.score_mode.as_str()) {
        (1, _) => ScoreRule::Sum,
        (_, "min") => ScoreRule::Min,
        (_, mode) => {
            return Err(refuse(
                shown,
                format!(
                    "grader_flags {mode} over {n} cases scored by a custom output validator's score.txt (the legacy format gives no case its own maximum)"
                ),
            ));
        }
    };
    g.points = Some(whole(high, shown, "the range's high end")?);
    Ok(())
}

/// Whether a DOMjudge-scored folder aggregates its subfolders by `avg` or `min` (it has no case
/// of its own, and each subfolder only cases: a score of all or nothing).
fn domjudge_over_leaves(
    s: &Legacy,
    n: usize,
    subs: &[String],
    tests: &[Test],
    groups: &[Group],
) -> bool {
    n == 0
        && subs.len() > 1
        && matches!(s.score_mode.as_str(), "avg" | "min")
        && subs.iter().all(|sub| {
            let gi = index_of(groups, sub);
            children(groups, sub).is_empty() && tests.iter().any(|t| t.group == gi && gi.is_some())
        })
}

/// DOMjudge's `avg` and `min` over subfolders each scored all or nothing, as group points:
/// `avg` divides each subfolder's points by their number (refused unless whole); `min` gives
/// the smallest to the last subfolder, which requires the others to pass (0 points each).
fn domjudge_avg_min(mode: &str, shown: &Path, subs: &[String], groups: &mut [Group]) -> Result<()> {
    let mut idx: Vec<usize> = subs.iter().filter_map(|n| index_of(groups, n)).collect();
    idx.sort_unstable();
    let k = idx.len() as u32;
    if mode == "avg" {
        for &i in &idx {
            let p = groups[i].points.unwrap_or(0);
            if !p.is_multiple_of(k) {
                return Err(refuse(
                    shown,
                    format!(
                        "grader_flags avg of {k} subfolders whose score {p} is not a multiple of {k} (a fractional score)"
                    ),
                ));
            }
            groups[i].points = Some(p / k);
        }
        return Ok(());
    }
    let least = idx
        .iter()
        .map(|&i| groups[i].points.unwrap_or(0))
        .min()
        .unwrap_or(0);
    let Some((&last, rest)) = idx.split_last() else {
        return Ok(());
    };
    for &i in rest {
        groups[i].points = Some(0);
    }
    groups[last].points = Some(least);
    groups[last].require.extend(rest.iter().copied());
    Ok(())
}
