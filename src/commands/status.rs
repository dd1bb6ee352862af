//! `grader status`: the problem bank as a table of the learner's progress (from the run history
//! in the state folder) and the next problem to try.

use super::options;
use crate::error::Result;
use crate::problem;
use crate::state::{self, history, progress};
use colored::Colorize;

pub fn run(args: &options::Status) -> Result<u8> {
    let root = problem::problems_root(args.problems.as_deref())?;
    let mut bank = Vec::new();
    for id in problem::list_ids(&root) {
        match problem::problem_dir(&root, &id).and_then(|d| crate::package::load(&d, None)) {
            Ok(p) => bank.push(progress::BankProblem {
                id,
                title: p.title,
                difficulty: p.difficulty,
            }),
            Err(e) => state::warn(format_args!(
                "problem `{id}` is left out: {e} (`grader check {id}` says more)"
            )),
        }
    }
    let p = progress::progress(&bank, &history::read(&state::dir()));
    if args.json {
        let text = serde_json::to_string_pretty(&p).map_err(|e| {
            crate::error::Error::judge(format!("cannot write the status as JSON: {e}"))
        })?;
        crate::outln!("{text}");
    } else {
        print_table(&p);
    }
    Ok(crate::exit::ACCEPTED)
}

fn print_table(p: &progress::Progress) {
    crate::outln!(
        "{:<28} {:<7} {:<12} {:>9} {:>8}  languages",
        "problem",
        "level",
        "state",
        "best",
        "attempts"
    );
    for r in &p.problems {
        let level = r
            .difficulty
            .map(|d| format!("{d:?}").to_lowercase())
            .unwrap_or_default();
        let state = match r.state {
            progress::State::Solved => r.state.name().green(),
            progress::State::Attempted => r.state.name().yellow(),
            progress::State::NotStarted => r.state.name().dimmed(),
        };
        let best = match (r.best_score, r.max_score) {
            (Some(s), Some(m)) => format!("{}/{}", number(s), number(m)),
            _ => "-".to_string(),
        };
        let line = format!(
            "{:<28} {:<7} {:<12} {:>9} {:>8}  {}",
            r.id,
            level,
            state,
            best,
            r.attempts,
            r.languages.join(", ")
        );
        crate::outln!("{}", line.trim_end());
    }
    crate::outln!(
        "\n{} of {} solved, {} attempted, {} not started",
        p.solved,
        p.problems.len(),
        p.attempted,
        p.not_started
    );
    match p
        .next
        .as_deref()
        .and_then(|id| p.problems.iter().find(|r| r.id == id))
    {
        Some(r) => crate::outln!("next: {} ({}) `grader show {}`", r.id.bold(), r.title, r.id),
        None if !p.problems.is_empty() => crate::outln!("every problem is solved"),
        None => {}
    }
}

/// A score as people write it: `70`, `33.33`.
fn number(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
