//! `grader doctor`: the languages found (real paths and versions), the sandbox probe table
//! (every layer, in force or missing with its cause and its fix) and the level, and the folders
//! in use, with the cached Python environments; and the state killed graders left, which it
//! removes and lists.

use crate::error::Result;
use crate::lang::{self, Table};
use crate::sandbox::SandboxInfo;
use colored::Colorize;

pub fn run() -> Result<u8> {
    let table = Table::load()?;
    let missing = languages(&table);
    let info = SandboxInfo::probe();
    let best = info.probe.as_ref().map(|p| p.best());
    let best = match best {
        Some(b) if b != info.level => format!(" (best here: {b})"),
        _ => String::new(),
    };
    crate::outln!("\n{} {}{best}", "sandbox".bold(), info.level);
    for c in info.probe.iter().flat_map(|p| &p.checks) {
        let mark = if c.ok { "ok".green() } else { "--".red() };
        crate::outln!("  {mark} {:<3} {:<24} {}", c.layer, c.name, c.detail);
        if let Some(fix) = &c.fix {
            crate::outln!("     {:<3} {:<24} {} {fix}", "", "", "fix:".cyan());
        }
    }
    crate::outln!("  in force: {}", info.features.join(", ").dimmed());
    crate::outln!("  memory: {}", info.memory);
    stale();
    crate::outln!("\n{} {}", "cache".bold(), lang::cache_root().display());
    let envs = lang::pyenv::list();
    if !envs.is_empty() {
        crate::outln!("  Python environments ([python] requirements):");
    }
    let rows: Vec<[String; 4]> = envs
        .iter()
        .map(|(dir, info, size)| {
            let packages: Vec<String> = info
                .packages
                .iter()
                .filter(|(name, _)| !matches!(name.as_str(), "pip" | "setuptools" | "wheel"))
                .map(|(name, version)| format!("{name} {version}"))
                .collect();
            [
                info.requirements.join(" "),
                packages.join(", "),
                format!("{} MiB", size.div_ceil(1 << 20)),
                dir.display().to_string(),
            ]
        })
        .collect();
    let (w0, w1, w2) = (width(&rows, 0), width(&rows, 1), width(&rows, 2));
    for [req, packages, size, dir] in &rows {
        crate::outln!(
            "    {req:<w0$} {packages:<w1$} {size:>w2$}  {}",
            dir.dimmed()
        );
    }
    if missing > 0 {
        crate::outln!(
            "\n{missing} language(s) unavailable: submissions in them get a judge error with the install hint above"
        );
    }
    Ok(crate::exit::ACCEPTED)
}

/// The widest cell of column `i`, in characters.
fn width<const N: usize>(rows: &[[String; N]], i: usize) -> usize {
    rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0)
}

/// One row per language: found (its version, time scaling and real path, and its runtime's on
/// a line of its own) or missing (why), in columns that fit the longest cell. Returns how many
/// are missing.
fn languages(table: &Table) -> usize {
    crate::outln!("{}", "languages".bold());
    // [mark, id, version, time scaling, path]; a runtime's row has an empty mark and id.
    let mut rows: Vec<[String; 5]> = Vec::new();
    let mut missing = 0;
    for l in &table.languages {
        match lang::toolchain(l) {
            Ok(tc) => {
                let time = if l.time_factor != 1.0 || l.time_offset.is_some() {
                    format!(
                        "time × {}{}",
                        l.time_factor,
                        l.time_offset
                            .map(|o| format!(" + {}ms", o.as_millis()))
                            .unwrap_or_default()
                    )
                } else {
                    String::new()
                };
                let path = |t: &lang::Tool| t.path.display().to_string();
                rows.push([
                    "ok".into(),
                    l.id.clone(),
                    tc.tool.version.clone(),
                    time,
                    path(&tc.tool),
                ]);
                if let Some(r) = &tc.run_tool {
                    let version = r.version.clone();
                    rows.push([
                        String::new(),
                        String::new(),
                        version,
                        String::new(),
                        path(r),
                    ]);
                }
            }
            Err(e) => {
                missing += 1;
                rows.push([
                    "--".into(),
                    l.id.clone(),
                    e.to_string(),
                    String::new(),
                    String::new(),
                ]);
            }
        }
    }
    let ok_rows: Vec<[String; 5]> = rows.iter().filter(|r| r[0] != "--").cloned().collect();
    let (iw, vw, tw) = (width(&rows, 1), width(&ok_rows, 2), width(&ok_rows, 3));
    for [mark, id, version, time, path] in &rows {
        let mark = match mark.as_str() {
            "ok" => "ok".green(),
            "--" => "--".red(),
            _ => "  ".normal(),
        };
        if path.is_empty() && time.is_empty() {
            crate::outln!("  {mark} {id:<iw$} {version}");
        } else {
            crate::outln!(
                "  {mark} {id:<iw$} {version:<vw$} {} {}",
                format!("{time:<tw$}").dimmed(),
                path.dimmed()
            );
        }
    }
    if let Some(f) = &table.user_file {
        crate::outln!(
            "  {}",
            format!("with overrides from {}", f.display()).dimmed()
        );
    }
    missing
}

/// Removes what killed graders left and lists it.
fn stale() {
    let cleaned = super::sweep_stale();
    crate::outln!("\n{}", "stale state of killed graders".bold());
    if cleaned.is_empty() {
        crate::outln!("  nothing stale");
    }
    for c in &cleaned {
        let mark = if c.error.is_none() {
            "ok".green()
        } else {
            "--".red()
        };
        crate::outln!("  {mark} {c}");
    }
}
