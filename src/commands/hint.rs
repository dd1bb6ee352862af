//! `grader hint PROBLEM`: the problem's hints one at a time, remembering in the state folder how
//! many were shown; `--all` shows those again, `--reset` starts over. Also the "stuck?" line a
//! failing `grader run` ends with.

use super::options::{self, HintAction};
use crate::error::Result;
use crate::problem::{self, Problem};
use crate::state::{self, hints::HintLog};

pub fn run(args: &options::Hint) -> Result<u8> {
    let dir = problem::resolve(&args.problem, args.problems.as_deref())?;
    let problem = crate::package::load(&dir, None)?;
    let (id, arg, total) = (&problem.id, &args.problem, problem.hints.len());
    if total == 0 {
        crate::outln!("`{id}` has no hints");
        return Ok(crate::exit::ACCEPTED);
    }
    let mut log = HintLog::open(&state::dir());
    let shown = log.shown(id, total);
    match args.action {
        HintAction::Next if shown < total => {
            print_hint(&problem, shown);
            remember(&mut log, id, shown + 1);
        }
        HintAction::Next => crate::outln!(
            "no more hints for `{id}`: all {total} were shown. `grader hint {arg} --all` shows them again; `--reset` starts over"
        ),
        HintAction::All if shown == 0 => {
            crate::outln!("no hint of `{id}` shown yet: `grader hint {arg}` shows the first")
        }
        HintAction::All => {
            for i in 0..shown {
                print_hint(&problem, i);
            }
        }
        HintAction::Reset => {
            remember(&mut log, id, 0);
            crate::outln!("hints of `{id}` reset: `grader hint {arg}` shows the first again");
        }
    }
    Ok(crate::exit::ACCEPTED)
}

/// Hint `i` (0-based) under its number.
fn print_hint(problem: &Problem, i: usize) {
    crate::outln!(
        "hint {} of {} ({}):",
        i + 1,
        problem.hints.len(),
        problem.id
    );
    for line in problem.hints[i].lines() {
        for part in wrap(line, 94) {
            crate::outln!("  {part}");
        }
    }
}

/// `line` cut at spaces into pieces of at most `width` characters (a longer word stays whole).
fn wrap(line: &str, width: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    for word in line.split(' ') {
        let last = out.last_mut().expect("one line at least");
        if !last.is_empty() && last.chars().count() + 1 + word.chars().count() > width {
            out.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    out
}

fn remember(log: &mut HintLog, id: &str, n: usize) {
    if let Err(e) = log.set(id, n) {
        state::warn(format_args!(
            "cannot remember the hints shown in `{}`: {e} (set {} to a writable folder)",
            log.path().display(),
            state::STATE_DIR_ENV
        ));
    }
}

/// The line a failing run ends with when its problem has hints: "stuck? `grader hint ID`
/// (1 of 3 shown)"; `arg` is the PROBLEM the user gave (an id or a folder).
pub fn stuck_line(problem: &Problem, arg: &str) -> Option<String> {
    let total = problem.hints.len();
    if total == 0 {
        return None;
    }
    let shown = HintLog::open(&state::dir()).shown(&problem.id, total);
    let all = if shown == total { " --all" } else { "" };
    Some(format!(
        "stuck? `grader hint {arg}{all}` ({shown} of {total} shown)"
    ))
}
