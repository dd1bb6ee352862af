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
    crate::outln!("{}", "languages".bold());
    let mut missing = 0;
    for l in &table.languages {
        match lang::toolchain(l) {
            Ok(tc) => {
                let time = if l.time_factor != 1.0 || l.time_offset.is_some() {
                    format!(
                        "  time × {}{}",
                        l.time_factor,
                        l.time_offset
                            .map(|o| format!(" + {}ms", o.as_millis()))
                            .unwrap_or_default()
                    )
                } else {
                    String::new()
                };
                crate::outln!(
                    "  {} {:<11} {:<40} {}{}",
                    "ok".green(),
                    l.id,
                    tc.tool.version,
                    tc.tool.path.display().to_string().dimmed(),
                    time.dimmed()
                );
                if let Some(r) = &tc.run_tool {
                    crate::outln!(
                        "     {:<11} {:<40} {}",
                        "",
                        r.version,
                        r.path.display().to_string().dimmed()
                    );
                }
            }
            Err(e) => {
                missing += 1;
                crate::outln!("  {} {:<11} {}", "--".red(), l.id, e);
            }
        }
    }
    if let Some(f) = &table.user_file {
        crate::outln!(
            "  {}",
            format!("with overrides from {}", f.display()).dimmed()
        );
    }
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
    for (dir, info, size) in &envs {
        let packages: Vec<String> = info
            .packages
            .iter()
            .filter(|(name, _)| !matches!(name.as_str(), "pip" | "setuptools" | "wheel"))
            .map(|(name, version)| format!("{name} {version}"))
            .collect();
        crate::outln!(
            "    {:<24} {:<40} {} MiB  {}",
            info.requirements.join(" "),
            packages.join(", "),
            size.div_ceil(1 << 20),
            dir.display().to_string().dimmed()
        );
    }
    if missing > 0 {
        crate::outln!(
            "\n{missing} language(s) unavailable: submissions in them get a judge error with the install hint above"
        );
    }
    Ok(crate::exit::ACCEPTED)
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
