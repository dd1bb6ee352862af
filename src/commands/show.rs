//! `grader show PROBLEM`: the statement, the signature or I/O kind, limits, groups and samples.

use crate::cli::Cli;
use crate::error::Result;
use crate::judge::value_text;
use crate::problem::units::{human_secs, human_size};
use crate::problem::{self, Data, TestData, Visibility};
use colored::Colorize;

fn data_text(d: &Data) -> String {
    match d {
        Data::Inline(s) => s.clone(),
        Data::File(p) => std::fs::read_to_string(p).unwrap_or_default(),
    }
}

pub fn run(cli: &Cli, arg: &str) -> Result<u8> {
    let dir = problem::resolve(arg, cli.problems.as_deref())?;
    let p = problem::load(&dir)?;
    println!("{} · {}", p.id.bold(), p.title);
    let mut facts = vec![format!("kind {}", format!("{:?}", p.kind).to_lowercase())];
    if let Some(d) = p.difficulty {
        facts.push(format!("{d:?}").to_lowercase());
    }
    if !p.tags.is_empty() {
        facts.push(format!("tags {}", p.tags.join(", ")));
    }
    facts.push(format!("{} tests, {} points", p.tests.len(), p.max_score()));
    println!("{}", facts.join(" · ").dimmed());
    println!(
        "{}",
        format!(
            "limits: cpu {} (scaled per language, see `grader doctor`), memory {}, output {}",
            human_secs(p.limits.time),
            human_size(p.limits.memory),
            human_size(p.limits.output)
        )
        .dimmed()
    );
    if let Some(f) = &p.function {
        let params: Vec<String> = f.params.iter().map(|(n, t)| format!("{n}: {t}")).collect();
        println!(
            "\nsignature: {}({}) -> {}",
            f.name.bold(),
            params.join(", "),
            f.returns
        );
        let camel = crate::judge::function_name("javascript", &f.name);
        if camel != f.name {
            println!(
                "{}",
                format!(
                    "  named {camel} in JavaScript, Java and C++; {} in Python, Rust and C",
                    f.name
                )
                .dimmed()
            );
        }
    }
    if !p.groups.is_empty() {
        println!("\ngroups:");
        for (gi, g) in p.groups.iter().enumerate() {
            let n = p.tests.iter().filter(|t| t.group == Some(gi)).count();
            let req: Vec<&str> = g
                .require
                .iter()
                .map(|&r| p.groups[r].name.as_str())
                .collect();
            println!(
                "  {:<12} {:>3} tests  {:>4} points  score {:?}{}",
                g.name,
                n,
                p.group_max(gi),
                g.score,
                if req.is_empty() {
                    String::new()
                } else {
                    format!("  requires {}", req.join(", "))
                }
            );
        }
    }
    let statement = dir.join("statement.md");
    if let Ok(text) = std::fs::read_to_string(&statement) {
        println!("\n{}", text.trim_end());
    }
    let samples: Vec<_> = p
        .tests
        .iter()
        .filter(|t| t.visibility == Visibility::Sample)
        .collect();
    if !samples.is_empty() {
        println!("\n{}", "samples:".bold());
        for t in samples {
            match &t.data {
                TestData::Stdio { input, answer } => {
                    println!(
                        "  {}\n    input:  {:?}\n    output: {:?}",
                        t.name,
                        data_text(input),
                        data_text(answer)
                    );
                }
                TestData::Function { args, expected } => {
                    println!(
                        "  {}: args {} -> {}",
                        t.name,
                        value_text(args),
                        value_text(expected)
                    );
                }
            }
        }
    }
    Ok(crate::exit::ACCEPTED)
}
