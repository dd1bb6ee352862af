//! Progress over a problem bank, drawn from the history: per problem solved, attempted or not
//! started, the best score, the attempts and the languages used; and the next problem to try
//! (the easiest unsolved one).

use super::history::Entry;
use crate::problem::spec::Difficulty;
use serde::Serialize;

/// A problem of the bank, as progress needs it.
#[derive(Debug, Clone)]
pub struct BankProblem {
    pub id: String,
    pub title: String,
    pub difficulty: Option<Difficulty>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Accepted at least once, with every test run.
    Solved,
    /// Graded at least once, never solved.
    Attempted,
    NotStarted,
}

impl State {
    pub fn name(self) -> &'static str {
        match self {
            State::Solved => "solved",
            State::Attempted => "attempted",
            State::NotStarted => "not started",
        }
    }
}

/// One problem's progress.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub id: String,
    pub title: String,
    pub difficulty: Option<Difficulty>,
    pub state: State,
    pub attempts: usize,
    /// The best run's score and maximum (the highest fraction of its maximum), if any run.
    pub best_score: Option<f64>,
    pub max_score: Option<f64>,
    /// The languages of its runs, in the order first used.
    pub languages: Vec<String>,
    /// When it was last graded (RFC 3339).
    pub last_run: Option<String>,
}

/// The bank's progress.
#[derive(Debug, Clone, Serialize)]
pub struct Progress {
    pub problems: Vec<Row>,
    pub solved: usize,
    pub attempted: usize,
    pub not_started: usize,
    /// The easiest unsolved problem (bank order among equals), if any.
    pub next: Option<String>,
}

/// The progress of `bank` (in its order) from `history`; runs of problems outside the bank are
/// not counted.
pub fn progress(bank: &[BankProblem], history: &[Entry]) -> Progress {
    let problems: Vec<Row> = bank.iter().map(|p| row(p, history)).collect();
    let count = |s: State| problems.iter().filter(|r| r.state == s).count();
    let rank = |d: Option<Difficulty>| match d {
        Some(Difficulty::Easy) => 0,
        Some(Difficulty::Medium) => 1,
        Some(Difficulty::Hard) => 2,
        None => 3,
    };
    let next = problems
        .iter()
        .filter(|r| r.state != State::Solved)
        .min_by_key(|r| rank(r.difficulty))
        .map(|r| r.id.clone());
    Progress {
        solved: count(State::Solved),
        attempted: count(State::Attempted),
        not_started: count(State::NotStarted),
        next,
        problems,
    }
}

fn row(p: &BankProblem, history: &[Entry]) -> Row {
    let runs: Vec<&Entry> = history.iter().filter(|e| e.problem == p.id).collect();
    let fraction = |e: &Entry| if e.max > 0.0 { e.score / e.max } else { 0.0 };
    let best = runs
        .iter()
        .copied()
        .reduce(|a, b| if fraction(b) > fraction(a) { b } else { a });
    let mut languages: Vec<String> = Vec::new();
    for e in &runs {
        if !languages.contains(&e.lang) {
            languages.push(e.lang.clone());
        }
    }
    let state = if runs.iter().any(|e| e.solved()) {
        State::Solved
    } else if runs.is_empty() {
        State::NotStarted
    } else {
        State::Attempted
    };
    Row {
        id: p.id.clone(),
        title: p.title.clone(),
        difficulty: p.difficulty,
        state,
        attempts: runs.len(),
        best_score: best.map(|e| e.score),
        max_score: best.map(|e| e.max),
        languages,
        last_run: runs.last().map(|e| e.time.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(problem: &str, lang: &str, score: f64, verdict: &str) -> Entry {
        Entry {
            time: "2025-01-01T00:00:00Z".into(),
            problem: problem.into(),
            file_sha256: String::new(),
            lang: lang.into(),
            score,
            max: 100.0,
            verdict: verdict.into(),
            wall_s: 1.0,
            tests: None,
        }
    }

    fn bank(items: &[(&str, Option<Difficulty>)]) -> Vec<BankProblem> {
        items
            .iter()
            .map(|(id, d)| BankProblem {
                id: id.to_string(),
                title: id.to_uppercase(),
                difficulty: *d,
            })
            .collect()
    }

    #[test]
    fn states_best_scores_languages_and_the_easiest_unsolved_next() {
        use Difficulty::*;
        let bank = bank(&[
            ("a", Some(Hard)),
            ("b", Some(Easy)),
            ("c", Some(Medium)),
            ("d", Some(Easy)),
        ]);
        let mut filtered = run("c", "python3", 100.0, "AC");
        filtered.tests = Some("samples/*".into());
        let history = [
            run("b", "python3", 40.0, "WA"),
            run("b", "cpp", 100.0, "AC"),
            run("b", "python3", 70.0, "WA"),
            run("a", "rust", 10.0, "TLE"),
            filtered,
            run("zz", "python3", 100.0, "AC"),
        ];
        let p = progress(&bank, &history);
        let b = &p.problems[1];
        assert_eq!(
            (b.state, b.attempts, b.best_score),
            (State::Solved, 3, Some(100.0))
        );
        assert_eq!(b.languages, ["python3", "cpp"]);
        assert_eq!(p.problems[0].state, State::Attempted);
        assert_eq!(
            p.problems[2].state,
            State::Attempted,
            "a --tests run solves nothing"
        );
        assert_eq!(p.problems[3].state, State::NotStarted);
        assert_eq!((p.solved, p.attempted, p.not_started), (1, 2, 1));
        assert_eq!(p.next.as_deref(), Some("d"), "the easiest unsolved");
        let all_done = progress(&bank[1..2], &history);
        assert_eq!(all_done.next, None);
    }
}
