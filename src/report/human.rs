//! The human report: a header (problem, submission, language, sandbox level, effective limits),
//! one line per test with verdict, CPU time and peak memory, the details of each failure, and a
//! summary line such as `score 18/20 · WA on test big-3`. Colour on a terminal, `NO_COLOR`
//! respected.

use crate::judge::{Event, Report, Reporter, TestResult, Verdict};
use crate::problem::units::{human_secs, human_size};
use colored::{ColoredString, Colorize};
use std::io::Write;

pub struct Human<W: Write> {
    out: W,
    /// Failures, printed in full after the test lines.
    failures: Vec<TestResult>,
    /// Show details of every failure (not only the first few).
    pub verbose: bool,
    /// The width of the test name column: the longest name, at least [`NAME_COLUMN`].
    name_width: usize,
}

/// The name column's width when every name is shorter.
const NAME_COLUMN: usize = 28;

/// How many failures get their full details.
const DETAILED_FAILURES: usize = 3;

impl<W: Write> Human<W> {
    pub fn new(out: W) -> Self {
        Human {
            out,
            failures: Vec::new(),
            verbose: false,
            name_width: NAME_COLUMN,
        }
    }
}

pub fn paint(v: Verdict) -> ColoredString {
    let s = format!("{:>3}", v.as_str());
    match v {
        Verdict::AC => s.green().bold(),
        Verdict::SK => s.dimmed(),
        Verdict::JE => s.magenta().bold(),
        Verdict::CE => s.yellow().bold(),
        _ => s.red().bold(),
    }
}

fn score_text(score: f64, max: f64) -> String {
    let fmt = |x: f64| {
        if x.fract() == 0.0 {
            format!("{x:.0}")
        } else {
            format!("{x:.2}")
        }
    };
    format!("{}/{}", fmt(score), fmt(max))
}

fn indent(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|l| format!("{prefix}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl<W: Write> Human<W> {
    fn failure(&mut self, r: &TestResult) -> std::io::Result<()> {
        let o = &mut self.out;
        writeln!(
            o,
            "\n{} {} {}",
            "──".dimmed(),
            r.name.bold(),
            format!("── {} ({})", r.verdict, r.verdict.meaning()).dimmed()
        )?;
        if !r.message.is_empty() {
            writeln!(o, "{}", indent(r.message.trim_end(), "   "))?;
        }
        if let Some(m) = &r.details.mismatch {
            writeln!(o, "   {} {}", "expected:".dimmed(), m.expected)?;
            writeln!(o, "   {} {}", "     got:".dimmed(), m.actual)?;
            if let Some(l) = &m.looser {
                writeln!(o, "   {} {l}", "note:".cyan())?;
            }
            if !m.diff.trim().is_empty() {
                writeln!(o, "   {} (- expected, + yours)", "diff".dimmed())?;
                let body = m
                    .diff
                    .lines()
                    .skip_while(|l| l.starts_with("--- ") || l.starts_with("+++ "));
                for line in body {
                    let styled = if line.starts_with('-') {
                        line.red()
                    } else if line.starts_with('+') {
                        line.green()
                    } else {
                        line.normal()
                    };
                    writeln!(o, "     {styled}")?;
                }
            }
        }
        if let Some(input) = &r.details.input {
            writeln!(
                o,
                "   {}\n{}",
                "input:".dimmed(),
                indent(input.trim_end(), "     ")
            )?;
        }
        if let Some(p) = &r.details.printed {
            let (when, text) = p.split_once(": ").unwrap_or(("", p));
            writeln!(
                o,
                "   {}\n{}",
                format!("printed {when}:").dimmed(),
                indent(text.trim_end(), "     ")
            )?;
        }
        if let Some(e) = &r.details.stderr {
            writeln!(
                o,
                "   {}\n{}",
                "stderr:".dimmed(),
                indent(e.trim_end(), "     ")
            )?;
        }
        if let Some(h) = &r.details.hint {
            writeln!(o, "   {} {h}", "hint:".cyan().bold())?;
        }
        Ok(())
    }

    fn done(&mut self, report: &Report) -> std::io::Result<()> {
        let shown: Vec<TestResult> = if self.verbose {
            self.failures.clone()
        } else {
            self.failures
                .iter()
                .take(DETAILED_FAILURES)
                .cloned()
                .collect()
        };
        for r in &shown {
            self.failure(r)?;
        }
        let o = &mut self.out;
        if self.failures.len() > shown.len() {
            writeln!(
                o,
                "\n{}",
                format!(
                    "… {} more failing test(s); --verbose shows them all",
                    self.failures.len() - shown.len()
                )
                .dimmed()
            )?;
        }
        if let Some(m) = &report.message {
            let title = match report.verdict {
                Verdict::CE => "compile error",
                _ => "judge error (not your fault)",
            };
            writeln!(o, "\n{} {}", paint(report.verdict), title.bold())?;
            writeln!(o, "{}", indent(m.trim_end(), "   "))?;
        }
        for n in &report.notes {
            writeln!(o, "{} {n}", "note:".cyan())?;
        }
        let score = score_text(report.score, report.max_score);
        let tail = match (&report.first_failure, report.verdict) {
            (_, Verdict::AC) => "all tests passed".green().bold().to_string(),
            (Some(name), v) => format!("{} on test {name}", paint(v).to_string().trim()),
            (None, v) => paint(v).to_string().trim().to_string(),
        };
        writeln!(
            o,
            "\n{} {} · {tail}",
            "score".bold(),
            if report.verdict == Verdict::AC {
                score.green().bold()
            } else {
                score.bold()
            }
        )?;
        o.flush()
    }
}

impl<W: Write> Reporter for Human<W> {
    fn event(&mut self, event: &Event) {
        if crate::sandbox::interrupted().is_some() {
            // Ctrl-C: the runs were killed on purpose; their results mean nothing.
            return;
        }
        let _ = (|| -> std::io::Result<()> {
            match event {
                Event::Start(h) => {
                    self.name_width = h.name_width.max(NAME_COLUMN);
                    let lang = h
                        .language
                        .as_ref()
                        .map(|l| format!(" ({}, {})", l.id, l.version))
                        .unwrap_or_default();
                    let sql = h.language.as_ref().is_some_and(|l| l.id == "sql");
                    writeln!(
                        self.out,
                        "{} · {}{} · {}",
                        h.problem.bold(),
                        h.submission,
                        lang.dimmed(),
                        if sql && lang.contains("PostgreSQL") && !lang.contains("SQLite") {
                            "a throwaway PostgreSQL cluster, read-only role".to_string()
                        } else if sql && lang.contains("PostgreSQL") {
                            "in-process SQLite and a throwaway PostgreSQL cluster".to_string()
                        } else if sql {
                            "in-process, contained by SQLite".to_string()
                        } else {
                            format!("sandbox {}", h.sandbox.level)
                        }
                    )?;
                    if sql {
                        // SQL runs in-process: a wall-clock safety net and SQLite's heap.
                        writeln!(
                            self.out,
                            "{}",
                            format!(
                                "limits: wall {} per query, SQLite heap {} · {} dataset(s)",
                                human_secs(h.limits.wall),
                                human_size(h.limits.memory),
                                h.test_count
                            )
                            .dimmed()
                        )?;
                        return Ok(());
                    }
                    let scaled = if h.scaling.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", h.scaling)
                    };
                    // Without a cgroup, memory is per process and measured by rusage.
                    let approx = if h.sandbox.cgroup.is_none() {
                        " (approximate: per process, no cgroup)"
                    } else {
                        ""
                    };
                    writeln!(
                        self.out,
                        "{}",
                        format!(
                            "limits: cpu {}{scaled}, wall {}, memory {}{approx}, output {} · {} test(s)",
                            human_secs(h.limits.cpu),
                            human_secs(h.limits.wall),
                            human_size(h.limits.memory),
                            human_size(h.limits.output),
                            h.test_count
                        )
                        .dimmed()
                    )?;
                }
                Event::Compiled(c) => {
                    if c.cached {
                        writeln!(self.out, "{}", "build: cached".dimmed())?;
                    } else if !c.time.is_zero() {
                        writeln!(
                            self.out,
                            "{}",
                            format!("build: {}", human_secs(c.time)).dimmed()
                        )?;
                    }
                }
                Event::Test(r) => {
                    let stats = if r.verdict == Verdict::SK {
                        String::new()
                    } else {
                        format!("{:>7} {:>9}", human_secs(r.time), human_size(r.memory))
                    };
                    let note = match r.verdict {
                        Verdict::AC => String::new(),
                        _ => format!("  {}", first_line(&r.message)),
                    };
                    let width = self.name_width;
                    writeln!(
                        self.out,
                        "  {} {:<width$} {}{}",
                        paint(r.verdict),
                        r.name,
                        stats.dimmed(),
                        note.dimmed()
                    )?;
                    if !matches!(r.verdict, Verdict::AC | Verdict::SK) {
                        self.failures.push((*r).clone());
                    }
                }
                Event::Done(report) => self.done(report)?,
            }
            Ok(())
        })();
    }
}

fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or("");
    if line.chars().count() > 90 {
        format!("{}…", line.chars().take(90).collect::<String>())
    } else {
        line.to_string()
    }
}
