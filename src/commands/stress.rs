//! `grader stress PROBLEM FILE`: random tests from the problem's generator until the answer
//! and the reference disagree, then the smallest failing input found by shrinking (see
//! `crate::stress`), printed for people or as one JSON document.

use super::options;
use crate::error::{Error, Result};
use crate::exit;
use crate::lang::Table;
use crate::problem::{self, Kind, Problem};
use crate::report::Format;
use crate::sandbox::SandboxInfo;
use crate::stress::{self, AnswerFile, Found, Input, Outcome, Progress};
use colored::Colorize;
use serde_json::{Value, json};
use std::io::IsTerminal;
use std::path::Path;

/// The problem PROBLEM names for `grader COMMAND` (`stress` or `growth`): a stdio or function
/// problem with a generator, its own code checked.
pub(super) fn generated_problem(
    command: &str,
    arg: &str,
    problems: Option<&Path>,
) -> Result<Problem> {
    let dir = problem::resolve(arg, problems)?;
    let problem = crate::package::load(&dir, None)?;
    if problem.kind == Kind::Sql {
        return Err(Error::usage(format!(
            "`grader {command}` is for stdio and function problems; `{}` is an SQL problem",
            problem.id
        )));
    }
    if problem.generator.is_none() {
        return Err(stress::no_generator(&problem));
    }
    let pool = crate::sandbox::Helpers::new(&SandboxInfo::probe());
    crate::kinds::check_problem(&problem, &Table::load()?, &pool)?;
    Ok(problem)
}

pub fn run(args: &options::Stress) -> Result<u8> {
    let problem = generated_problem("stress", &args.problem, args.problems.as_deref())?;
    super::run::check_submission(&args.file)?;
    let table = Table::load()?;
    let lang = table.detect(&args.file, args.lang.as_deref())?;
    let info = SandboxInfo::probe();
    let human = args.format == Format::Human;
    let mut bar = Bar::new(human && std::io::stderr().is_terminal());
    let answer = AnswerFile {
        file: &args.file,
        lang,
    };
    let (reference, outcome) =
        stress::stress(&problem, answer, &table, &info, &args.search, &mut bar)?;
    bar.finish();
    let shown = Shown {
        problem: &problem,
        file: &args.file,
        reference: &reference,
    };
    if human {
        print_human(&shown, &outcome);
    } else {
        crate::outln!("{}", to_json(&shown, &outcome));
    }
    Ok(exit_code(&outcome))
}

/// 1 when a failing input was found (or the answer does not compile), 0 when none was.
pub fn exit_code(outcome: &Outcome) -> u8 {
    if outcome.found.is_some() || outcome.compile_error.is_some() {
        exit::NOT_ACCEPTED
    } else {
        exit::ACCEPTED
    }
}

/// What the report names.
pub struct Shown<'a> {
    pub problem: &'a Problem,
    pub file: &'a Path,
    pub reference: &'a Path,
}

/// The report for people.
pub fn print_human(s: &Shown, outcome: &Outcome) {
    let generator = s.problem.generator.as_ref().map_or("", |g| g.name.as_str());
    let secs = outcome.elapsed.as_secs_f64();
    if let Some(message) = &outcome.compile_error {
        crate::outln!(
            "{} your answer does not compile:\n{message}",
            "CE".red().bold()
        );
        return;
    }
    let Some(f) = &outcome.found else {
        crate::outln!(
            "{} no failing input in {} generated tests ({secs:.1}s; reference {}, seed {})",
            "ok".green().bold(),
            outcome.tries,
            relative(s.problem, s.reference),
            outcome.seed
        );
        return;
    };
    crate::outln!(
        "{} on generated test {} ({secs:.1}s), shrunk from {} to {} characters and elements in {} steps",
        f.verdict.as_str().red().bold(),
        outcome.tries,
        f.generated_size,
        f.input.size(),
        f.shrink_steps
    );
    crate::outln!("{}", "smallest failing input:".bold());
    for line in input_lines(s.problem, &f.input) {
        crate::outln!("  {line}");
    }
    crate::outln!("{}", "expected (the reference):".bold());
    crate::outln!("  {}", output_text(s.problem, Some(&f.expected)));
    crate::outln!("{}", "obtained:".bold());
    crate::outln!("  {}", output_text(s.problem, f.obtained.as_deref()));
    if !f.message.is_empty() {
        crate::outln!("  {}", f.message.dimmed());
    }
    crate::outln!(
        "reproduce: grader stress {} {} --seed {} (reference {}; the first failing test is `{generator} {} {}`)",
        s.problem.id,
        s.file.display(),
        outcome.seed,
        relative(s.problem, s.reference),
        f.generator_seed,
        f.generator_size
    );
}

/// A path inside the problem folder, relative to it.
fn relative(problem: &Problem, p: &Path) -> String {
    p.strip_prefix(&problem.dir)
        .unwrap_or(p)
        .display()
        .to_string()
}

/// A function's arguments as `name = value` lines; stdin text as it is (an empty one as `""`).
fn input_lines(problem: &Problem, input: &Input) -> Vec<String> {
    match input {
        Input::Args(args) => {
            let names: Vec<&str> = problem
                .function
                .as_ref()
                .map(|f| f.params.iter().map(|(n, _)| n.as_str()).collect())
                .unwrap_or_default();
            args.iter()
                .enumerate()
                .map(|(i, a)| format!("{} = {a}", names.get(i).copied().unwrap_or("?")))
                .collect()
        }
        Input::Text(t) if t.is_empty() => vec!["\"\" (empty stdin)".into()],
        Input::Text(t) => t.lines().map(str::to_string).collect(),
    }
}

/// An output: a returned value as JSON, stdout with its line breaks shown.
fn output_text(problem: &Problem, out: Option<&str>) -> String {
    match (out, problem.kind) {
        (None, _) => "(nothing: see the verdict)".into(),
        (Some(v), Kind::Function) => v.to_string(),
        (Some(""), _) => "\"\" (no output)".into(),
        (Some(t), _) => t.replace('\n', "⏎"),
    }
}

/// The JSON document: `found`, `verdict`, `input`, `expected`, `obtained`, `seed`, `tries`.
pub fn to_json(s: &Shown, outcome: &Outcome) -> Value {
    let value = |text: Option<&str>| match (text, s.problem.kind) {
        (None, _) => Value::Null,
        (Some(t), Kind::Function) => serde_json::from_str(t).unwrap_or(Value::Null),
        (Some(t), _) => Value::String(t.to_string()),
    };
    let mut doc = json!({
        "found": outcome.found.is_some(),
        "verdict": Value::Null,
        "input": Value::Null,
        "expected": Value::Null,
        "obtained": Value::Null,
        "seed": outcome.seed,
        "tries": outcome.tries,
        "problem": s.problem.id,
        "reference": relative(s.problem, s.reference),
        "elapsed_s": (outcome.elapsed.as_secs_f64() * 1000.0).round() / 1000.0,
        "found_after_s": (outcome.found_after.as_secs_f64() * 1000.0).round() / 1000.0,
    });
    if let Some(message) = &outcome.compile_error {
        doc["verdict"] = json!("CE");
        doc["message"] = json!(message);
    }
    if let Some(f) = &outcome.found {
        let Found {
            verdict,
            input,
            expected,
            obtained,
            message,
            ..
        } = f;
        doc["verdict"] = json!(verdict.as_str());
        doc["input"] = match input {
            Input::Args(a) => Value::Array(a.clone()),
            Input::Text(t) => Value::String(t.clone()),
        };
        doc["expected"] = value(Some(expected));
        doc["obtained"] = value(obtained.as_deref());
        doc["message"] = json!(message);
        doc["size"] = json!(input.size());
        doc["generated_size"] = json!(f.generated_size);
        doc["shrink_steps"] = json!(f.shrink_steps);
        doc["generator"] = json!({
            "file": s.problem.generator.as_ref().map(|g| g.name.clone()),
            "seed": f.generator_seed,
            "size": f.generator_size,
        });
    }
    doc
}

/// On a terminal: an `indicatif` spinner with the tests tried, then the shrinking.
pub struct Bar {
    bar: Option<indicatif::ProgressBar>,
}

impl Bar {
    pub fn new(shown: bool) -> Bar {
        let bar = shown.then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        Bar { bar }
    }

    pub fn finish(&mut self) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn tried(&mut self, tries: usize, size: usize) {
        if let Some(b) = &self.bar {
            b.set_message(format!("{tries} tests passed (size up to {size})"));
        }
    }

    fn shrinking(&mut self, size: usize) {
        if let Some(b) = &self.bar {
            b.set_message(format!("failing input found; shrinking: {size}"));
        }
    }
}
