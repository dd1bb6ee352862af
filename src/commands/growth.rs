//! `grader growth PROBLEM FILE`: how the answer's time grows with its input, against the
//! reference's (see `crate::growth`), as a table and one summary line, or one JSON document.

use super::options;
use crate::error::Result;
use crate::exit;
use crate::growth::{self, Growth, Measured};
use crate::lang::Table;
use crate::report::Format;
use crate::sandbox::SandboxInfo;
use crate::stress::AnswerFile;

pub fn run(args: &options::Growth) -> Result<u8> {
    let problem =
        super::stress::generated_problem("growth", &args.problem, args.problems.as_deref())?;
    super::run::check_submission(&args.file)?;
    let table = Table::load()?;
    let lang = table.detect(&args.file, args.lang.as_deref())?;
    let info = SandboxInfo::probe();
    if args.format == Format::Human {
        eprintln!(
            "measuring {} and the reference on inputs of doubling size (at most {})...",
            args.file.display(),
            humantime::format_duration(args.measure.budget)
        );
    }
    let answer = AnswerFile {
        file: &args.file,
        lang,
    };
    let g = growth::growth(&problem, answer, &table, &info, &args.measure)?;
    if args.format == Format::Human {
        print_human(&g);
    } else {
        let mut doc = serde_json::to_value(&g).unwrap_or_default();
        doc["format_version"] = 1.into();
        doc["problem"] = problem.id.clone().into();
        doc["summary"] = growth::summary(&g).into();
        crate::outln!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    }
    Ok(exit::ACCEPTED)
}

fn print_human(g: &Growth) {
    let both = [
        ("answer", Some(&g.answer)),
        ("reference", g.reference.as_ref()),
    ];
    for (who, m) in both.into_iter().filter_map(|(w, m)| Some((w, m?))) {
        crate::outln!("{who} {} (fixed cost {:.1} ms)", m.file, m.fixed * 1000.0);
        crate::outln!("  {:>9}  {:>10}", "n", "cpu");
        for (n, t) in m.sizes.iter().zip(&m.times) {
            crate::outln!("  {n:>9}  {:>8.1}ms", t * 1000.0);
        }
        if let Some(n) = m.timed_out_at {
            crate::outln!("  {n:>9}  {:>10}", "timeout");
        }
        crate::outln!("  {}", fitted(m));
    }
    crate::outln!("\n{}", growth::summary(g));
}

fn fitted(m: &Measured) -> String {
    match (&m.fit, m.exponent) {
        (Some(f), Some(k)) => format!("fit: n^{k:.2} (±{:.2} between sizes)", f.spread),
        (Some(f), None) => format!(
            "fit: unclear (n^{:.2}, ±{:.2} between sizes, over {} sizes)",
            f.exponent, f.spread, f.used
        ),
        (None, _) => "fit: unclear (too few sizes stood clear of the noise)".into(),
    }
}
