//! `grader verify PKG`: runs every jury submission of an ICPC/Kattis package
//! (`package::kattis::verify`) and prints a row each as a table, then an agreement figure.

use super::options::{self, PythonChoice};
use crate::error::{Error, Result};
use crate::lang::Table;
use crate::package::kattis::{self, Row, Tally, Watch};
use crate::problem::{self, Package, Problem};

pub fn run(args: &options::Verify) -> Result<u8> {
    let dir = problem::resolve(&args.problem, args.problems.as_deref())?;
    let problem = crate::package::load(&dir, None)?;
    if problem.package.is_none() {
        return Err(Error::usage(format!(
            "`{}` is not an ICPC/Kattis package (no problem.yaml); `grader check` verifies problem.toml problems",
            dir.display()
        )));
    }
    if let Some(p) = &args.only {
        crate::judge::check_pattern_of("--submissions", p)?;
    }
    let table = Table::load()?;
    let only = args.only.as_deref();
    let tally = if args.json {
        verify_json(problem, &table, (args.jobs, args.python), only)?
    } else {
        verify(problem, &table, (args.jobs, args.python), only)?
    };
    Ok(if tally.agreed == tally.judged {
        crate::exit::ACCEPTED
    } else {
        crate::exit::NOT_ACCEPTED
    })
}

/// Runs every jury submission of a package and prints a row each, then the agreement.
pub fn verify(
    problem: Problem,
    table: &Table,
    run: (usize, PythonChoice),
    only: Option<&str>,
) -> Result<Tally> {
    let tally = kattis::verify(problem, table, run, only, &mut Printer { w: 8 })?;
    let Tally {
        agreed,
        judged,
        skipped,
        extra_time,
    } = tally;
    let pct = if judged == 0 {
        100.0
    } else {
        100.0 * f64::from(agreed) / f64::from(judged)
    };
    outln!(
        "agreement {agreed}/{judged} ({pct:.0} %){}{}",
        if extra_time > 0 {
            format!(", {extra_time} of them only with extra time (problemtools' rule)")
        } else {
            String::new()
        },
        if skipped > 0 {
            format!(", {skipped} skipped (language not available here)")
        } else {
            String::new()
        }
    );
    Ok(tally)
}

/// Runs every jury submission and prints one JSON document: the package, its notes, a row per
/// submission (`ok`, or `skipped` with the reason) and the tally.
fn verify_json(
    problem: Problem,
    table: &Table,
    run: (usize, PythonChoice),
    only: Option<&str>,
) -> Result<Tally> {
    let mut doc = JsonDoc::default();
    let tally = kattis::verify(problem, table, run, only, &mut doc)?;
    let out = serde_json::json!({
        "format_version": 1,
        "problem": doc.problem,
        "time_limit": doc.time_limit,
        "notes": doc.notes,
        "submissions": doc.rows,
        "agreed": tally.agreed,
        "judged": tally.judged,
        "skipped": tally.skipped,
        "agreed_with_extra_time": tally.extra_time,
    });
    outln!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    Ok(tally)
}

/// `verify`'s findings gathered for `--format json`.
#[derive(Default)]
struct JsonDoc {
    problem: String,
    time_limit: serde_json::Value,
    notes: Vec<String>,
    rows: Vec<serde_json::Value>,
}

impl Watch for JsonDoc {
    fn header(&mut self, problem: &Problem, pkg: &Package, inferred: &str) {
        self.problem = problem.id.clone();
        self.notes.extend(pkg.notes.iter().cloned());
        self.time_limit = serde_json::json!({
            "seconds": problem.limits.time.as_secs_f64(),
            "source": if inferred.is_empty() {
                pkg.time_limit_source.clone().unwrap_or_else(|| "given".into())
            } else {
                inferred.to_string()
            },
        });
    }

    fn note(&mut self, note: &str) {
        self.notes.push(note.to_string());
    }

    fn columns(&mut self, _scoring: bool) {}

    fn row(&mut self, row: &Row) {
        let mut v = serde_json::json!({
            "submission": row.shown,
            "expected": row.expected,
        });
        match &row.outcome {
            Err(why) => v["skipped"] = why.clone().into(),
            Ok(j) => {
                v["obtained"] = j.got.clone().into();
                v["ok"] = j.ok.into();
                v["time"] = j.time.as_secs_f64().into();
                v["marks"] = j.marks.clone().into();
                if let Some(t) = j.extra_time {
                    v["extra_time_s"] = t.as_secs_f64().into();
                }
            }
        }
        self.rows.push(v);
    }
}

/// Prints `verify`'s findings as they come: the header, the notes, a table row each.
struct Printer {
    /// The width of the expected and obtained columns (wider with scores).
    w: usize,
}

impl Watch for Printer {
    fn header(&mut self, problem: &Problem, pkg: &Package, inferred: &str) {
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

    fn note(&mut self, note: &str) {
        outln!("note: {note}");
    }

    fn columns(&mut self, scoring: bool) {
        self.w = if scoring { 18 } else { 8 };
        let w = self.w;
        outln!(
            "{:<w$} {:<w$} {:<5} {:>7}  submission",
            "expected",
            "obtained",
            "",
            "time"
        );
    }

    fn row(&mut self, row: &Row) {
        let (w, expected, shown) = (self.w, &row.expected, &row.shown);
        match &row.outcome {
            Err(why) => outln!(
                "{expected:<w$} {:<w$} {:<5} {:>7}  {shown}: {why}",
                "-",
                "skip",
                ""
            ),
            Ok(j) => outln!(
                "{expected:<w$} {:<w$} {:<5} {:>6.2}s  {shown}{}",
                j.got,
                if j.ok { "ok" } else { "DIFF" },
                j.time.as_secs_f64(),
                if j.marks.is_empty() {
                    String::new()
                } else {
                    format!("  ({})", j.marks.join("; "))
                }
            ),
        }
    }
}
