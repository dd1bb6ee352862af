//! Query results and how two of them compare: the problem's options (row order, column order and
//! names, bag or set, numeric tolerance and rounding, text vs number, string case), and a
//! [`Mismatch`] that explains a difference (missing and extra rows, the first differing value,
//! "columns look swapped", "3 columns, expected 2", rows out of order).

use crate::compare::Mismatch;
use std::cmp::Ordering;

pub use crate::problem::sql_options::{
    ColumnNames, ColumnOrder, CompareToml, Duplicates, Nulls, Options, OrderKey, RowOrder,
    StringCase,
};

/// One value of a result, as SQLite returned it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Cell {
    /// The value as SQL would spell it: `NULL`, `42`, `1.5`, `'it''s'`, `x'0a'`.
    pub fn show(&self) -> String {
        match self {
            Cell::Null => "NULL".into(),
            Cell::Int(i) => i.to_string(),
            Cell::Real(f) => {
                let s = f.to_string();
                if s.contains(['.', 'e', 'E', 'i', 'N']) {
                    s
                } else {
                    format!("{s}.0")
                }
            }
            Cell::Text(s) => {
                let s: String = if s.chars().count() > 60 {
                    format!("{}…", s.chars().take(60).collect::<String>())
                } else {
                    s.clone()
                };
                format!("'{}'", s.replace('\'', "''"))
            }
            Cell::Blob(b) => {
                let hex: String = b.iter().take(30).map(|x| format!("{x:02x}")).collect();
                format!("x'{hex}'{}", if b.len() > 30 { "…" } else { "" })
            }
        }
    }

    /// The value with its kind, for "expected a number" style messages.
    fn described(&self) -> String {
        match self {
            Cell::Text(_) => format!("TEXT {}", self.show()),
            Cell::Blob(_) => format!("BLOB {}", self.show()),
            _ => self.show(),
        }
    }
}

/// A query's result: its column names (from the statement) and its rows in the order returned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResultSet {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Renders rows as aligned text lines under a header, at most `max` rows.
pub fn render(columns: &[String], rows: &[Vec<Cell>], max: usize) -> String {
    let shown: Vec<Vec<String>> = rows
        .iter()
        .take(max)
        .map(|r| r.iter().map(Cell::show).collect())
        .collect();
    let mut widths: Vec<usize> = columns.iter().map(|c| c.chars().count()).collect();
    for r in &shown {
        for (i, v) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(v.chars().count());
            }
        }
    }
    let line = |cells: &[String]| {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect::<Vec<_>>()
            .join(" | ")
            .trim_end()
            .to_string()
    };
    let mut out = vec![line(columns)];
    out.extend(shown.iter().map(|r| line(r)));
    if rows.len() > max {
        out.push(format!("… {} more row(s)", rows.len() - max));
    }
    if rows.is_empty() {
        out.push("(no rows)".into());
    }
    out.join("\n")
}

fn row_text(r: &[Cell]) -> String {
    r.iter().map(Cell::show).collect::<Vec<_>>().join(" | ")
}

/// A value normalised for comparison under the options.
#[derive(Debug, Clone)]
enum Norm {
    Null,
    Num { int: Option<i64>, f: f64 },
    Text(String),
    Blob(Vec<u8>),
}

impl Norm {
    fn rank(&self) -> u8 {
        match self {
            Norm::Null => 0,
            Norm::Num { .. } => 1,
            Norm::Text(_) => 2,
            Norm::Blob(_) => 3,
        }
    }
}

fn round_to(f: f64, digits: u32) -> f64 {
    let m = 10f64.powi(digits as i32);
    (f * m).round() / m
}

fn normalize(c: &Cell, o: &Options) -> Norm {
    let real = |f: f64| {
        let f = o.round_digits.map_or(f, |d| round_to(f, d));
        Norm::Num { int: None, f }
    };
    match c {
        Cell::Null => Norm::Null,
        Cell::Int(i) => Norm::Num {
            int: Some(*i),
            f: *i as f64,
        },
        Cell::Real(f) => real(*f),
        Cell::Text(s) => {
            let s = if o.trim_strings { s.trim() } else { s.as_str() };
            if o.text_equals_number
                && let Ok(i) = s.trim().parse::<i64>()
            {
                return Norm::Num {
                    int: Some(i),
                    f: i as f64,
                };
            }
            if o.text_equals_number
                && let Ok(f) = s.trim().parse::<f64>()
                && f.is_finite()
            {
                return real(f);
            }
            // A date, time or timestamp compares by value, whatever its spelling.
            if let Some(t) = super::values::canonical_time(s) {
                return Norm::Text(t);
            }
            Norm::Text(match o.string_case {
                StringCase::Sensitive => s.to_string(),
                StringCase::Insensitive => s.to_lowercase(),
            })
        }
        Cell::Blob(b) => Norm::Blob(b.clone()),
    }
}

fn num_eq(a: (Option<i64>, f64), b: (Option<i64>, f64), o: &Options) -> bool {
    if let (Some(x), Some(y)) = (a.0, b.0) {
        return x == y;
    }
    let (x, y) = (a.1, b.1);
    x == y || (x - y).abs() <= o.abs_tol.max(o.rel_tol * x.abs().max(y.abs()))
}

fn norm_eq(a: &Norm, b: &Norm, o: &Options) -> bool {
    match (a, b) {
        (Norm::Null, Norm::Null) => true,
        (Norm::Num { int: i, f }, Norm::Num { int: j, f: g }) => num_eq((*i, *f), (*j, *g), o),
        (Norm::Text(x), Norm::Text(y)) => x == y,
        (Norm::Blob(x), Norm::Blob(y)) => x == y,
        _ => false,
    }
}

fn norm_cmp(a: &Norm, b: &Norm) -> Ordering {
    match (a, b) {
        (Norm::Num { int: Some(x), .. }, Norm::Num { int: Some(y), .. }) => x.cmp(y),
        (Norm::Num { f: x, .. }, Norm::Num { f: y, .. }) => x.total_cmp(y),
        (Norm::Text(x), Norm::Text(y)) => x.cmp(y),
        (Norm::Blob(x), Norm::Blob(y)) => x.cmp(y),
        _ => a.rank().cmp(&b.rank()),
    }
}

fn row_eq(a: &[Norm], b: &[Norm], o: &Options) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| norm_eq(x, y, o))
}

fn row_cmp(a: &[Norm], b: &[Norm], o: &Options) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        if norm_eq(x, y, o) {
            continue;
        }
        return norm_cmp(x, y);
    }
    a.len().cmp(&b.len())
}

/// One line of a row diff: a row both sides have, one only expected, or one only returned.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tag {
    Both,
    Missing,
    Extra,
}

/// The multiset difference of two results: (tag, row index in its own result) in sorted order.
fn bag_diff(
    exp: &[Vec<Norm>],
    got: &[Vec<Norm>],
    o: &Options,
) -> (Vec<(Tag, usize)>, usize, usize) {
    let sorted = |rows: &[Vec<Norm>]| {
        let mut idx: Vec<usize> = (0..rows.len()).collect();
        idx.sort_by(|&a, &b| row_cmp(&rows[a], &rows[b], o));
        if o.duplicates == Duplicates::Set {
            idx.dedup_by(|a, b| row_eq(&rows[*a], &rows[*b], o));
        }
        idx
    };
    let (e, g) = (sorted(exp), sorted(got));
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    let (mut missing, mut extra) = (0, 0);
    while i < e.len() || j < g.len() {
        if i < e.len() && j < g.len() && row_eq(&exp[e[i]], &got[g[j]], o) {
            out.push((Tag::Both, g[j]));
            i += 1;
            j += 1;
        } else if j >= g.len()
            || (i < e.len() && row_cmp(&exp[e[i]], &got[g[j]], o) == Ordering::Less)
        {
            out.push((Tag::Missing, e[i]));
            missing += 1;
            i += 1;
        } else {
            out.push((Tag::Extra, g[j]));
            extra += 1;
            j += 1;
        }
    }
    (out, missing, extra)
}

fn normalize_rows(rows: &[Vec<Cell>], o: &Options, perm: Option<&[usize]>) -> Vec<Vec<Norm>> {
    rows.iter()
        .map(|r| match perm {
            Some(p) => p.iter().map(|&k| normalize(&r[k], o)).collect(),
            None => r.iter().map(|c| normalize(c, o)).collect(),
        })
        .collect()
}

/// All permutations of `0..n`, identity first.
fn permutations(n: usize) -> Vec<Vec<usize>> {
    fn go(prefix: &mut Vec<usize>, n: usize, out: &mut Vec<Vec<usize>>) {
        if prefix.len() == n {
            out.push(prefix.clone());
            return;
        }
        for k in 0..n {
            if !prefix.contains(&k) {
                prefix.push(k);
                go(prefix, n, out);
                prefix.pop();
            }
        }
    }
    let mut out = Vec::new();
    go(&mut Vec::new(), n, &mut out);
    out
}

/// Whether the rows match as multisets (or sets) when the candidate's columns are taken in the
/// order `perm`.
fn rows_match(exp: &ResultSet, got: &ResultSet, o: &Options, perm: Option<&[usize]>) -> bool {
    let e = normalize_rows(&exp.rows, o, None);
    let g = normalize_rows(&got.rows, o, perm);
    let (_, m, x) = bag_diff(&e, &g, o);
    m == 0 && x == 0
}

fn mismatch(summary: String) -> Mismatch {
    Mismatch::summary(summary)
}

/// The largest number of columns `column_order = "any"` searches permutations of.
pub const MAX_PERMUTED_COLUMNS: usize = 6;

/// Why a result was rejected.
#[derive(Debug, Clone)]
pub struct Difference {
    pub mismatch: Mismatch,
    /// The explanation reveals nothing of the data (column counts and names), so it may be shown
    /// on hidden datasets.
    pub structural: bool,
}

/// Compares the candidate's result `got` with the reference's `exp`. `Ok` accepts; `Err`
/// explains the first difference.
pub fn compare(exp: &ResultSet, got: &ResultSet, o: &Options) -> Result<(), Box<Difference>> {
    // The same names, values and order pass under every option but `by_keys` (which also asks
    // that the rows be sorted): no normalising and sorting for the usual right answer.
    if o.row_order != RowOrder::ByKeys && exp == got {
        return Ok(());
    }
    inner_compare(exp, got, o).map_err(|(mismatch, structural)| {
        Box::new(Difference {
            mismatch,
            structural,
        })
    })
}

type Rejected = (Mismatch, bool);

#[expect(clippy::result_large_err, reason = "private; boxed once by `compare`")]
fn inner_compare(exp: &ResultSet, got: &ResultSet, o: &Options) -> Result<(), Rejected> {
    let ne = exp.columns.len();
    check_columns(exp, got, o)?;
    // The candidate's columns in the order that matches best.
    let mut perm: Option<Vec<usize>> = None;
    // The columns as they come first: a matching result (the usual case) is normalised and
    // sorted once.
    let e = normalize_rows(&exp.rows, o, None);
    let g_identity = normalize_rows(&got.rows, o, None);
    let identity = bag_diff(&e, &g_identity, o);
    let swapped = if ne > 1 && ne <= MAX_PERMUTED_COLUMNS && (identity.1 > 0 || identity.2 > 0) {
        permutations(ne)
            .into_iter()
            .skip(1)
            .find(|p| rows_match(exp, got, o, Some(p)))
    } else {
        None
    };
    if let Some(p) = swapped {
        if o.column_order == ColumnOrder::Any {
            perm = Some(p);
        } else {
            let moved: Vec<String> = p
                .iter()
                .enumerate()
                .filter(|(i, k)| i != *k)
                .map(|(i, &k)| format!("your column {} holds column {}", k + 1, i + 1))
                .collect();
            let names: Vec<&str> = p.iter().map(|&k| got.columns[k].as_str()).collect();
            let mut m = mismatch(format!(
                "columns look swapped: {} (expected order: {})",
                moved.join(", "),
                exp.columns.join(", ")
            ));
            m.expected = exp.columns.join(", ");
            m.actual = got.columns.join(", ");
            m.looser = Some(format!(
                "passes with the columns in the order ({})",
                names.join(", ")
            ));
            return Err((m, true));
        }
    }
    let (g, (diff, missing, extra)) = match perm.as_deref() {
        Some(p) => {
            let g = normalize_rows(&got.rows, o, Some(p));
            let d = bag_diff(&e, &g, o);
            (g, d)
        }
        None => (g_identity, identity),
    };
    let shown_got = |k: usize| -> Vec<Cell> {
        match &perm {
            Some(p) => p.iter().map(|&c| got.rows[k][c].clone()).collect(),
            None => got.rows[k].clone(),
        }
    };
    if missing > 0 || extra > 0 {
        return Err((
            row_mismatch(exp, got, o, &diff, missing, extra, &shown_got),
            false,
        ));
    }
    match o.row_order {
        RowOrder::Any => Ok(()),
        RowOrder::Exact => {
            let first = e
                .iter()
                .zip(&g)
                .position(|(a, b)| !row_eq(a, b, o))
                .filter(|_| o.duplicates == Duplicates::Bag);
            match first {
                None => Ok(()),
                Some(i) => {
                    let mut m = mismatch(format!(
                        "the rows are right but in the wrong order: row {} is ({}), expected ({})",
                        i + 1,
                        row_text(&shown_got(i)),
                        row_text(&exp.rows[i])
                    ));
                    m.line = Some(i as u64 + 1);
                    m.expected = row_text(&exp.rows[i]);
                    m.actual = row_text(&shown_got(i));
                    m.diff = order_diff(exp, got.rows.len(), &shown_got);
                    m.looser = Some("passes if row order were ignored".into());
                    Err((m, false))
                }
            }
        }
        RowOrder::ByKeys => sorted_by_keys(exp, &g, o, &shown_got),
    }
}

/// The same number of columns, with the expected names (in some order, where any order is
/// allowed): otherwise a structural mismatch.
#[expect(clippy::result_large_err, reason = "private; boxed once by `compare`")]
fn check_columns(exp: &ResultSet, got: &ResultSet, o: &Options) -> Result<(), Rejected> {
    let (ne, ng) = (exp.columns.len(), got.columns.len());
    if ne != ng {
        let mut m = mismatch(format!(
            "{ng} column{}, expected {ne}: yours are ({}), expected ({})",
            if ng == 1 { "" } else { "s" },
            got.columns.join(", "),
            exp.columns.join(", ")
        ));
        m.expected = format!("{ne} columns");
        m.actual = format!("{ng} columns");
        return Err((m, true));
    }
    if o.column_names != ColumnNames::Ignore {
        let same = |a: &str, b: &str| match o.column_names {
            ColumnNames::Exact => a == b,
            _ => a.eq_ignore_ascii_case(b),
        };
        let names_ok = |perm: &[usize]| {
            perm.iter()
                .enumerate()
                .all(|(i, &k)| same(&exp.columns[i], &got.columns[k]))
        };
        let identity: Vec<usize> = (0..ne).collect();
        let ok = names_ok(&identity)
            || (o.column_order == ColumnOrder::Any
                && ne <= MAX_PERMUTED_COLUMNS
                && permutations(ne).iter().any(|p| names_ok(p)));
        if !ok {
            let i = (0..ne)
                .find(|&i| !same(&exp.columns[i], &got.columns[i]))
                .unwrap_or(0);
            let mut m = mismatch(format!(
                "column {} is named `{}`, expected `{}` (the statement fixes the column names; use AS)",
                i + 1,
                got.columns[i],
                exp.columns[i]
            ));
            m.column = Some(i as u64 + 1);
            m.expected = exp.columns[i].clone();
            m.actual = got.columns[i].clone();
            return Err((m, true));
        }
    }
    Ok(())
}

/// Rows that must be sorted by the statement's keys: the first pair out of order, if any.
#[expect(clippy::result_large_err, reason = "private; boxed once by `compare`")]
fn sorted_by_keys(
    exp: &ResultSet,
    g: &[Vec<Norm>],
    o: &Options,
    shown_got: &dyn Fn(usize) -> Vec<Cell>,
) -> Result<(), Rejected> {
    for i in 1..g.len() {
        if key_cmp(&g[i - 1], &g[i], &o.order_keys) == Ordering::Greater {
            let keys: Vec<String> = o
                .order_keys
                .iter()
                .map(|k| {
                    let name = exp.columns.get(k.col - 1).cloned().unwrap_or_default();
                    let nulls = match k.nulls {
                        Some(Nulls::First) => " NULLS FIRST",
                        Some(Nulls::Last) => " NULLS LAST",
                        None => "",
                    };
                    format!("{name}{}{nulls}", if k.desc { " DESC" } else { "" })
                })
                .collect();
            let keys = keys.join(", ");
            let (a, b) = (row_text(&shown_got(i - 1)), row_text(&shown_got(i)));
            let mut m = mismatch(format!(
                "the rows are right but not sorted by {keys}: row {i} ({a}) comes before row {} ({b})",
                i + 1
            ));
            m.line = Some(i as u64 + 1);
            m.expected = format!("rows sorted by {keys}");
            m.actual = format!("row {i} ({a}) before row {} ({b})", i + 1);
            // Your rows, the first one out of order marked.
            let mut lines: Vec<String> = (0..g.len().min(i + 5))
                .map(|k| {
                    let mark = if k == i { "+" } else { " " };
                    format!("{mark} {}", row_text(&shown_got(k)))
                })
                .collect();
            if g.len() > i + 5 {
                lines.push(format!("  … {} more row(s)", g.len() - i - 5));
            }
            m.diff = lines.join("\n");
            m.looser = Some("passes if row order were ignored".into());
            return Err((m, false));
        }
    }
    Ok(())
}

/// The expected sequence against the returned one, as `-`/`+` lines (first 20 rows).
fn order_diff(exp: &ResultSet, n: usize, got: &dyn Fn(usize) -> Vec<Cell>) -> String {
    let mut out = Vec::new();
    for (i, r) in exp.rows.iter().enumerate().take(20) {
        let g = if i < n { got(i) } else { Vec::new() };
        if *r == g {
            out.push(format!("  {}", row_text(r)));
        } else {
            out.push(format!("- {}", row_text(r)));
            out.push(format!("+ {}", row_text(&g)));
        }
    }
    out.join("\n")
}

fn key_cmp(a: &[Norm], b: &[Norm], keys: &[OrderKey]) -> Ordering {
    for k in keys {
        // Keys past the result's columns are the problem's error, reported by the caller.
        let (Some(x), Some(y)) = (a.get(k.col.wrapping_sub(1)), b.get(k.col.wrapping_sub(1)))
        else {
            continue;
        };
        let nulls_first = k.nulls.map_or(!k.desc, |n| n == Nulls::First);
        let ord = match (x, y) {
            (Norm::Null, Norm::Null) => Ordering::Equal,
            (Norm::Null, _) if nulls_first => Ordering::Less,
            (Norm::Null, _) => Ordering::Greater,
            (_, Norm::Null) if nulls_first => Ordering::Greater,
            (_, Norm::Null) => Ordering::Less,
            _ if k.desc => norm_cmp(y, x),
            _ => norm_cmp(x, y),
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

/// Explains missing and extra rows: the counts, the first differing value of the closest pair,
/// and a diff of the sorted results.
fn row_mismatch(
    exp: &ResultSet,
    got: &ResultSet,
    o: &Options,
    diff: &[(Tag, usize)],
    missing: usize,
    extra: usize,
    shown_got: &dyn Fn(usize) -> Vec<Cell>,
) -> Mismatch {
    let missing_rows: Vec<usize> = diff
        .iter()
        .filter(|(t, _)| *t == Tag::Missing)
        .map(|(_, i)| *i)
        .collect();
    let extra_rows: Vec<usize> = diff
        .iter()
        .filter(|(t, _)| *t == Tag::Extra)
        .map(|(_, i)| *i)
        .collect();
    let counts = format!(
        "{} row(s) expected, {} returned",
        exp.rows.len(),
        got.rows.len()
    );
    let mut m = mismatch(String::new());
    // The closest (missing, extra) pair: the one with the most equal columns.
    let mut best: Option<(usize, usize, usize)> = None;
    for &mi in missing_rows.iter().take(50) {
        let e: Vec<Norm> = exp.rows[mi].iter().map(|c| normalize(c, o)).collect();
        for &xi in extra_rows.iter().take(200) {
            let g: Vec<Norm> = shown_got(xi).iter().map(|c| normalize(c, o)).collect();
            let same = e.iter().zip(&g).filter(|(a, b)| norm_eq(a, b, o)).count();
            if best.is_none_or(|(_, _, s)| same > s) {
                best = Some((mi, xi, same));
            }
        }
    }
    let ncols = exp.columns.len();
    match best {
        Some((mi, xi, same)) if ncols > 0 && (same > 0 || ncols == 1) => {
            let e = &exp.rows[mi];
            let g = shown_got(xi);
            let col = (0..ncols)
                .find(|&c| !norm_eq(&normalize(&e[c], o), &normalize(&g[c], o), o))
                .unwrap_or(0);
            let kind_note = match (&e[col], &g[col]) {
                (Cell::Int(_) | Cell::Real(_), Cell::Text(_)) => {
                    format!(" (your value is {}, expected a number)", g[col].described())
                }
                (Cell::Text(_), Cell::Int(_) | Cell::Real(_)) => {
                    " (expected TEXT, yours is a number)".into()
                }
                _ => String::new(),
            };
            let key = if ncols > 1 {
                let c0 = (0..ncols).find(|&c| c != col).unwrap_or(0);
                format!(
                    " in the row where {} = {}",
                    exp.columns[c0],
                    exp.rows[mi][c0].show()
                )
            } else {
                String::new()
            };
            m.summary = format!(
                "expected {}, got {} in column {} ({}){key}{kind_note}; {counts}",
                e[col].show(),
                g[col].show(),
                col + 1,
                exp.columns[col]
            );
            m.line = Some(xi as u64 + 1);
            m.column = Some(col as u64 + 1);
            m.expected = e[col].show();
            m.actual = g[col].show();
        }
        _ => {
            let mut parts = Vec::new();
            if let Some(&mi) = missing_rows.first() {
                parts.push(format!(
                    "{missing} row(s) missing, e.g. ({})",
                    row_text(&exp.rows[mi])
                ));
                m.expected = row_text(&exp.rows[mi]);
                m.actual = "(no such row)".into();
            }
            if let Some(&xi) = extra_rows.first() {
                parts.push(format!(
                    "{extra} unexpected row(s), e.g. ({})",
                    row_text(&shown_got(xi))
                ));
                if m.expected.is_empty() {
                    m.expected = "(no such row)".into();
                }
                m.actual = row_text(&shown_got(xi));
                m.line = Some(xi as u64 + 1);
            }
            m.summary = format!("{}; {counts}", parts.join("; "));
        }
    }
    if o.duplicates == Duplicates::Bag {
        let set = Options {
            duplicates: Duplicates::Set,
            ..o.clone()
        };
        if rows_match(exp, got, &set, None) {
            m.looser = Some(if got.rows.len() > exp.rows.len() {
                "passes if duplicate rows were ignored: your query returns some rows too often (a join that multiplies rows?)".into()
            } else {
                "passes if duplicate rows were ignored: your query drops legitimate duplicates (DISTINCT or GROUP BY on non-unique values?)".into()
            });
        }
    }
    m.diff = row_diff(exp, diff, shown_got);
    m
}

/// The sorted union of both results: `  ` rows both have, `-` missing, `+` extra (≤ 40 lines).
fn row_diff(exp: &ResultSet, diff: &[(Tag, usize)], got: &dyn Fn(usize) -> Vec<Cell>) -> String {
    let mut lines = vec![format!("  {}", exp.columns.join(" | "))];
    let changed = diff.iter().filter(|(t, _)| *t != Tag::Both).count();
    // Many common rows: show only the changed ones.
    let only_changes = diff.len() > 40;
    let mut shown = 0;
    for (t, i) in diff {
        let line = match t {
            Tag::Both if only_changes => continue,
            Tag::Both => format!("  {}", row_text(&got(*i))),
            Tag::Missing => format!("- {}", row_text(&exp.rows[*i])),
            Tag::Extra => format!("+ {}", row_text(&got(*i))),
        };
        if shown == 40 {
            lines.push(format!("  … {} more line(s)", diff.len() - shown));
            break;
        }
        lines.push(line);
        shown += 1;
    }
    if only_changes && changed < diff.len() {
        lines.push(format!(
            "  ({} matching row(s) not shown)",
            diff.len() - changed
        ));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rs(cols: &[&str], rows: Vec<Vec<Cell>>) -> ResultSet {
        ResultSet {
            columns: cols.iter().map(|c| c.to_string()).collect(),
            rows,
        }
    }
    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn bag_is_default_and_null_equals_null() {
        let o = Options::default();
        let e = rs(
            &["name", "d"],
            vec![
                vec![t("Sam"), t("S")],
                vec![t("Sam"), t("S")],
                vec![t("Kim"), Cell::Null],
            ],
        );
        let g = rs(
            &["n", "x"],
            vec![
                vec![t("Kim"), Cell::Null],
                vec![t("Sam"), t("S")],
                vec![t("Sam"), t("S")],
            ],
        );
        assert!(compare(&e, &g, &o).is_ok());
        let distinct = rs(
            &["n", "x"],
            vec![vec![t("Kim"), Cell::Null], vec![t("Sam"), t("S")]],
        );
        let (m, structural) = inner_compare(&e, &distinct, &o).unwrap_err();
        assert!(!structural);
        assert!(m.looser.unwrap().contains("drops legitimate duplicates"));
        let set = Options {
            duplicates: Duplicates::Set,
            ..Options::default()
        };
        assert!(compare(&e, &distinct, &set).is_ok());
    }

    #[test]
    fn first_differing_value_and_counts() {
        let o = Options::default();
        let e = rs(
            &["name", "dept_name"],
            vec![vec![t("Alice"), t("Eng")], vec![t("Carol"), Cell::Null]],
        );
        let g = rs(
            &["name", "dept_name"],
            vec![
                vec![t("Alice"), t("Eng")],
                vec![t("Carol"), t("No Department")],
            ],
        );
        let (m, _) = inner_compare(&e, &g, &o).unwrap_err();
        assert!(
            m.summary.starts_with(
                "expected NULL, got 'No Department' in column 2 (dept_name) in the row where name = 'Carol'"
            ),
            "{}",
            m.summary
        );
        assert!(
            m.diff.contains("- 'Carol' | NULL") && m.diff.contains("+ 'Carol' | 'No Department'")
        );
        let three = rs(&["a", "b", "c"], vec![]);
        let (m, structural) = inner_compare(&e, &three, &o).unwrap_err();
        assert!(
            structural && m.summary.starts_with("3 columns, expected 2"),
            "{}",
            m.summary
        );
    }

    #[test]
    fn swapped_columns_and_any_order() {
        let e = rs(
            &["name", "dept"],
            vec![vec![t("A"), t("X")], vec![t("B"), t("Y")]],
        );
        let g = rs(
            &["dept", "name"],
            vec![vec![t("X"), t("A")], vec![t("Y"), t("B")]],
        );
        let (m, _) = inner_compare(&e, &g, &Options::default()).unwrap_err();
        assert!(
            m.summary.starts_with("columns look swapped"),
            "{}",
            m.summary
        );
        let any = Options {
            column_order: ColumnOrder::Any,
            ..Options::default()
        };
        assert!(compare(&e, &g, &any).is_ok());
    }

    #[test]
    fn numbers_tolerance_rounding_and_text() {
        let o = Options::default();
        let e = rs(&["v"], vec![vec![Cell::Int(1)], vec![Cell::Real(0.3)]]);
        let g = rs(
            &["v"],
            vec![vec![Cell::Real(1.0)], vec![Cell::Real(0.1 + 0.2)]],
        );
        assert!(compare(&e, &g, &o).is_ok());
        let text = rs(&["v"], vec![vec![t("1")], vec![Cell::Real(0.3)]]);
        let (m, _) = inner_compare(&e, &text, &o).unwrap_err();
        assert!(
            m.summary.contains("TEXT '1', expected a number"),
            "{}",
            m.summary
        );
        let lenient = Options {
            text_equals_number: true,
            ..Options::default()
        };
        assert!(compare(&e, &text, &lenient).is_ok());
        let avg = rs(&["v"], vec![vec![Cell::Real(2.3333333)]]);
        let rounded = rs(&["v"], vec![vec![Cell::Real(2.33)]]);
        assert!(compare(&avg, &rounded, &o).is_err());
        let r2 = Options {
            round_digits: Some(2),
            ..Options::default()
        };
        assert!(compare(&avg, &rounded, &r2).is_ok());
        let case = Options {
            string_case: StringCase::Insensitive,
            trim_strings: true,
            ..Options::default()
        };
        assert!(
            compare(
                &rs(&["s"], vec![vec![t("Ab")]]),
                &rs(&["s"], vec![vec![t(" aB ")]]),
                &case
            )
            .is_ok()
        );
    }

    #[test]
    fn row_order_by_keys_and_exact() {
        let keys = Options {
            row_order: RowOrder::ByKeys,
            order_keys: vec![OrderKey {
                col: 2,
                desc: true,
                nulls: None,
            }],
            ..Options::default()
        };
        let e = rs(
            &["n", "s"],
            vec![
                vec![t("a"), Cell::Int(3)],
                vec![t("b"), Cell::Int(3)],
                vec![t("c"), Cell::Int(1)],
            ],
        );
        let tie_swapped = rs(
            &["n", "s"],
            vec![
                vec![t("b"), Cell::Int(3)],
                vec![t("a"), Cell::Int(3)],
                vec![t("c"), Cell::Int(1)],
            ],
        );
        assert!(compare(&e, &tie_swapped, &keys).is_ok());
        // Identical results skip the comparison, but not under by_keys: the order is checked.
        let ascending = rs(
            &["n", "s"],
            vec![vec![t("c"), Cell::Int(1)], vec![t("a"), Cell::Int(3)]],
        );
        assert!(compare(&ascending, &ascending, &keys).is_err());
        assert!(compare(&ascending, &ascending, &Options::default()).is_ok());
        let unsorted = rs(
            &["n", "s"],
            vec![
                vec![t("c"), Cell::Int(1)],
                vec![t("a"), Cell::Int(3)],
                vec![t("b"), Cell::Int(3)],
            ],
        );
        let (m, _) = inner_compare(&e, &unsorted, &keys).unwrap_err();
        assert!(m.summary.contains("not sorted by s DESC"), "{}", m.summary);
        let exact = Options {
            row_order: RowOrder::Exact,
            ..Options::default()
        };
        assert!(compare(&e, &tie_swapped, &exact).is_err());
        assert!(compare(&e, &e, &exact).is_ok());
    }

    #[test]
    fn column_names_when_fixed() {
        let o = Options {
            column_names: ColumnNames::CaseInsensitive,
            ..Options::default()
        };
        let e = rs(&["SecondHighestSalary"], vec![vec![Cell::Null]]);
        assert!(
            compare(
                &e,
                &rs(&["secondhighestsalary"], vec![vec![Cell::Null]]),
                &o
            )
            .is_ok()
        );
        let (m, structural) =
            inner_compare(&e, &rs(&["salary"], vec![vec![Cell::Null]]), &o).unwrap_err();
        assert!(
            structural && m.summary.contains("is named `salary`"),
            "{}",
            m.summary
        );
    }
}
