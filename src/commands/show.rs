//! `grader show PROBLEM`: the statement, the signature or I/O kind, limits, groups and samples.

use super::options;
use crate::error::Result;
use crate::judge::{sql, value_text};
use crate::problem::units::{human_secs, human_size};
use crate::problem::{self, Data, Problem, SqlParam, SqlSpec, TestData, Visibility};
use colored::Colorize;
use std::path::Path;

fn data_text(d: &Data) -> String {
    match d {
        Data::Inline(s) => s.clone(),
        Data::File(p) => std::fs::read_to_string(p).unwrap_or_default(),
    }
}

pub fn run(args: &options::Show) -> Result<u8> {
    let dir = problem::resolve(&args.problem, args.problems.as_deref())?;
    let p = crate::package::load(&dir, None)?;
    header(&p, &dir)?;
    answer(&p);
    groups(&p);
    if let Some(s) = &p.sql {
        sql_answer(s, &p);
    }
    if let Some(text) = problem::inside::statement(&dir)? {
        crate::outln!("\n{}", text.trim_end());
    }
    samples(&p);
    Ok(crate::exit::ACCEPTED)
}

/// The title, the facts, the pin, the limits and the package notes.
fn header(p: &Problem, dir: &Path) -> Result<()> {
    crate::outln!("{} · {}", p.id.bold(), p.title);
    let mut facts = vec![format!("kind {}", format!("{:?}", p.kind).to_lowercase())];
    if let Some(d) = p.difficulty {
        facts.push(format!("{d:?}").to_lowercase());
    }
    if !p.tags.is_empty() {
        facts.push(format!("tags {}", p.tags.join(", ")));
    }
    facts.push(format!("{} tests, {} points", p.tests.len(), p.max_score()));
    crate::outln!("{}", facts.join(" · ").dimmed());
    crate::outln!(
        "{}",
        format!(
            "sha256 {} (pin it with --expect-spec-sha256)",
            problem::spec_sha256(dir)?
        )
        .dimmed()
    );
    crate::outln!(
        "{}",
        format!(
            "limits: cpu {} (scaled per language, see `grader doctor`), memory {}, output {}",
            human_secs(p.limits.time),
            human_size(p.limits.memory),
            human_size(p.limits.output)
        )
        .dimmed()
    );
    if !p.python_requirements.is_empty() {
        crate::outln!(
            "{}",
            format!(
                "Python packages: {} (a cached environment, built on first use)",
                p.python_requirements.join(", ")
            )
            .dimmed()
        );
    }
    if let (Some(i), None) = (&p.interaction, &p.package) {
        let note = match (i.interactive, i.passes) {
            (true, 1) => "interactive: the samples are the interactor's input and answer".into(),
            (true, n) => format!("interactive, multi-pass (up to {n} passes)"),
            (false, n) => format!("multi-pass (up to {n} passes)"),
        };
        crate::outln!("{}", note.dimmed());
    }
    if let Some(pkg) = &p.package {
        for n in &pkg.notes {
            crate::outln!("{}", n.dimmed());
        }
        if let Some(source) = &pkg.time_limit_source {
            crate::outln!("{}", format!("time limit from {source}").dimmed());
        }
    }
    Ok(())
}

/// What the answer is: a class, a driven function or a signature (nothing for stdio).
fn answer(p: &Problem) {
    if let Some(f) = &p.function
        && f.class
    {
        let langs = if f.methods.is_empty() {
            "Python and JavaScript"
        } else {
            "any of the six languages"
        };
        crate::outln!(
            "\nclass: {} ({langs}), driven by each test's calls: the constructor, then methods",
            f.name.bold()
        );
        let list = |ps: &[(String, crate::problem::types::ValueType)]| {
            ps.iter()
                .map(|(n, t)| format!("{n}: {t}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !f.methods.is_empty() {
            crate::outln!("  {}({})", f.name, list(&f.params));
            for m in &f.methods {
                let ret = m.returns.as_ref().map(|t| format!(" -> {t}"));
                crate::outln!(
                    "  {}({}){}",
                    m.name,
                    list(&m.params),
                    ret.unwrap_or_default()
                );
            }
            records(f);
        }
    } else if let Some(f) = &p.function
        && !f.drivers.is_empty()
    {
        // The signature is the driver's (a scenario name): the candidate's own is in the
        // statement.
        let langs: Vec<&str> = f.drivers.keys().map(String::as_str).collect();
        crate::outln!(
            "\nanswer: {} ({}), driven by the problem's own harness; its signature is in the statement",
            f.name.bold(),
            langs.join(", ")
        );
    } else if let Some(f) = &p.function {
        let params: Vec<String> = f.params.iter().map(|(n, t)| format!("{n}: {t}")).collect();
        crate::outln!(
            "\nsignature: {}({}) -> {}",
            f.name.bold(),
            params.join(", "),
            f.returns
        );
        let camel = crate::judge::function_name("javascript", &f.name);
        if camel != f.name {
            crate::outln!(
                "{}",
                format!(
                    "  named {camel} in JavaScript, Java and C++; {} in Python, Rust and C",
                    f.name
                )
                .dimmed()
            );
        }
        records(f);
    }
}

/// The class or struct name each record of the signature has in Java, C++ and Rust.
fn records(f: &crate::problem::FunctionSig) {
    let classes = crate::judge::record_classes(f);
    if !classes.is_empty() {
        let list: Vec<String> = classes
            .iter()
            .map(|(class, what)| format!("{class} = {what}"))
            .collect();
        crate::outln!(
            "{}",
            format!("  records in Java, C++ and Rust: {}", list.join("; ")).dimmed()
        );
    }
}

/// A spec value as `problem.toml` spells it (`all`, `by_keys`), not its Rust name.
fn toml_name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => "?".to_string(),
    }
}

/// Each group's tests, points, scoring rule and requirements.
fn groups(p: &Problem) {
    if !p.groups.is_empty() {
        crate::outln!("\ngroups:");
        let width = p.groups.iter().map(|g| g.name.chars().count()).max();
        let width = width.unwrap_or(0).max(12);
        for (gi, g) in p.groups.iter().enumerate() {
            let n = p.tests.iter().filter(|t| t.group == Some(gi)).count();
            let req: Vec<&str> = g
                .require
                .iter()
                .map(|&r| p.groups[r].name.as_str())
                .collect();
            crate::outln!(
                "  {:<width$} {:>3} tests  {:>4} points  score {}{}",
                g.name,
                n,
                p.group_max(gi),
                toml_name(&g.score),
                if req.is_empty() {
                    String::new()
                } else {
                    format!("  requires {}", req.join(", "))
                }
            );
        }
    }
}

/// The SQL files of an SQL problem's first dataset, by name (a shared dataset's dump).
fn dataset_files(p: &problem::Problem) -> String {
    let seeds = p.tests.iter().find_map(|t| match &t.data {
        problem::TestData::Sql { seeds, .. } => Some(seeds),
        _ => None,
    });
    let names: Vec<String> = seeds
        .into_iter()
        .flatten()
        .filter_map(|seed| match seed {
            problem::SqlSeed::Sql(problem::Data::File(f)) => f.file_name(),
            _ => None,
        })
        .map(|n| n.to_string_lossy().into_owned())
        .collect();
    match names.is_empty() {
        true => "inline".into(),
        false => names.join(", "),
    }
}

/// An SQL problem's answer, engines, plan rules, schema and comparison.
fn sql_answer(s: &SqlSpec, p: &problem::Problem) {
    let answer = match &s.dml {
        Some(d) => format!(
            "one write statement ({} on {}) in a .sql file, graded by the check query `{}`",
            d.allow.join(", "),
            d.tables.join(", "),
            d.check.trim()
        ),
        None => "one read-only query (SELECT / WITH / VALUES) in a .sql file".to_string(),
    };
    let engines: Vec<String> = s
        .engines
        .iter()
        .map(|e| match e {
            sql::Engine::Sqlite => format!("SQLite {}", sql::version()),
            sql::Engine::Postgres => format!(
                "PostgreSQL ({}; a throwaway cluster from the installed server)",
                match s.postgres_policy {
                    sql::PgPolicy::Required => "required",
                    sql::PgPolicy::Advisory => "advisory",
                }
            ),
        })
        .collect();
    crate::outln!(
        "\n{} {} · {answer}",
        if engines.len() > 1 {
            "engines:"
        } else {
            "engine:"
        }
        .bold(),
        engines.join(" + ")
    );
    if let Some(plan) = &s.plan {
        let mut rules: Vec<String> = Vec::new();
        rules.extend(
            plan.require
                .iter()
                .map(|r| format!("plan must match `{r}`")),
        );
        rules.extend(
            plan.forbid
                .iter()
                .map(|r| format!("plan must not match `{r}`")),
        );
        if let Some(n) = plan.max_fullscan_steps {
            rules.push(format!("at most {n} full-scan steps"));
        }
        if let Some(n) = plan.max_sorts {
            rules.push(format!("at most {n} sorts"));
        }
        if let Some(x) = plan.max_vm_steps_ratio {
            rules.push(format!("at most {x}× the reference's VM steps"));
        }
        crate::outln!(
            "{} on {}: {}",
            "plan rules".bold(),
            plan.datasets.join(", "),
            rules.join("; ")
        );
    }
    match s.schema.trim() {
        "" => crate::outln!(
            "{} none of its own: the tables come from its datasets' SQL ({})",
            "schema:".bold(),
            dataset_files(p)
        ),
        _ => crate::outln!("{}\n{}", "schema:".bold(), s.schema.trim_end()),
    }
    let c = &s.compare;
    crate::outln!(
        "{}",
        format!(
            "compare: rows {}, columns {}, names {}, duplicates {}{}",
            toml_name(&c.row_order),
            toml_name(&c.column_order),
            toml_name(&c.column_names),
            toml_name(&c.duplicates),
            c.round_digits
                .map(|d| format!(", numbers rounded to {d} decimals"))
                .unwrap_or_default()
        )
        .dimmed()
    );
}

/// The sample tests, with their data.
fn samples(p: &Problem) {
    let samples: Vec<_> = p
        .tests
        .iter()
        .filter(|t| t.visibility == Visibility::Sample)
        .collect();
    if samples.is_empty() {
        return;
    }
    crate::outln!("\n{}", "samples:".bold());
    for t in samples {
        match &t.data {
            TestData::Stdio { input, answer } => {
                crate::outln!(
                    "  {}\n    input:  {:?}\n    output: {:?}",
                    t.name,
                    data_text(input),
                    data_text(answer)
                );
            }
            TestData::Sql { params, .. } => {
                let indent = |s: String| s.replace('\n', "\n    ");
                if !params.is_empty() {
                    let bound: Vec<String> = params
                        .iter()
                        .map(|(n, v)| match v {
                            SqlParam::Null => format!(":{n} = NULL"),
                            SqlParam::Int(i) => format!(":{n} = {i}"),
                            SqlParam::Real(f) => format!(":{n} = {f}"),
                            SqlParam::Text(t) => format!(":{n} = '{t}'"),
                        })
                        .collect();
                    crate::outln!("  {}: parameters {}", t.name, bound.join(", "));
                }
                let tables = sql::dataset_text(p, t, 50).unwrap_or_else(|e| e);
                let expected = sql::expected_text(p, t, 50).unwrap_or_else(|e| e);
                crate::outln!(
                    "  {}\n    {}\n\n    expected result:\n    {}",
                    t.name,
                    indent(tables),
                    indent(expected)
                );
            }
            TestData::Function { args, expected } => {
                let key = if p.function.as_ref().is_some_and(|f| f.class) {
                    "calls"
                } else {
                    "args"
                };
                crate::outln!(
                    "  {}: {key} {} -> {}",
                    t.name,
                    value_text(args),
                    value_text(expected)
                );
            }
        }
    }
}
