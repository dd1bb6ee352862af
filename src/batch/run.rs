//! Grading a batch: every submission through the ordinary engine (`judge::grade`), several at
//! once. `-j N` is split between submissions, not tests: N submissions run at the same time,
//! each with its tests one after another (a function answer runs all its tests in one process
//! anyway, and a class of 300 keeps every core busy without per-submission parallelism). With
//! fewer submissions left than N, each gets N / submissions test slots. A submission that timed
//! out close to a limit while others ran is graded again alone at the end, the batch's form of
//! the engine's "re-run alone" rule. Results come back to one thread, which journals them.

use super::discover::Submission;
use super::journal::{Entry, Journal, Key};
use crate::error::{Error, ErrorKind, Result};
use crate::judge::{self, RunOptions, Silent, Verdict};
use crate::lang::Table;
use crate::problem::{Problem, sha256_hex};
use crate::sandbox::SandboxInfo;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

/// What every submission of a batch is graded with.
pub struct Plan<'a> {
    pub problem: &'a Problem,
    pub table: &'a Table,
    pub info: &'a SandboxInfo,
    pub spec_sha256: String,
    /// `--lang`: force one language for every submission.
    pub lang: Option<String>,
    pub filter: Option<String>,
    pub jobs: usize,
    pub no_cache: bool,
    /// Files are shown relative to this folder (the submissions folder or the manifest's).
    pub base: PathBuf,
}

impl Plan<'_> {
    /// The options that change results, part of every journal key.
    pub fn settings(&self) -> String {
        format!(
            "grader {}; tests {}; lang {}",
            env!("CARGO_PKG_VERSION"),
            self.filter.as_deref().unwrap_or("*"),
            self.lang.as_deref().unwrap_or("auto")
        )
    }
}

/// Told about the batch as it goes (a progress bar, or a line per submission).
pub trait Progress: Send {
    fn begin(&mut self, total: usize, resumed: usize);
    fn finished(&mut self, entry: &Entry);
    fn end(&mut self);
}

/// Grades every submission not already in the journal with a final result, appending each
/// result as it finishes. Returns one entry per submission, in the order of `subs`.
pub fn run(
    plan: &Plan,
    subs: &[Submission],
    journal: &mut Journal,
    previous: &HashMap<String, Entry>,
    progress: &mut dyn Progress,
) -> Result<Vec<Entry>> {
    let settings = plan.settings();
    let mut done: Vec<Option<Entry>> = vec![None; subs.len()];
    let mut todo: Vec<(usize, Key)> = Vec::new();
    for (i, sub) in subs.iter().enumerate() {
        let key = Key {
            student: sub.student.clone(),
            file: sub.file.as_deref().map(|f| shown(f, &plan.base)),
            file_sha256: sub
                .file
                .as_deref()
                .and_then(|f| std::fs::read(f).ok())
                .map(|b| sha256_hex(&b)),
            spec_sha256: plan.spec_sha256.clone(),
            settings: settings.clone(),
        };
        match previous.get(&sub.student) {
            Some(e) if e.key_matches(&key) && !e.is_judge_error() => done[i] = Some(e.clone()),
            _ => todo.push((i, key)),
        }
    }
    progress.begin(subs.len(), subs.len() - todo.len());
    let workers = plan.jobs.max(1).min(todo.len()).max(1);
    let per_submission = (plan.jobs.max(1) / workers).max(1);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let mut failure: Option<Error> = None;
    let mut deferred: Vec<(usize, Key)> = Vec::new();
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel::<(usize, Entry, bool)>();
        for w in 0..workers {
            let tx = tx.clone();
            let (next, stop, todo) = (&next, &stop, &todo);
            let spawned = std::thread::Builder::new()
                .name(format!("batch-{w}"))
                .spawn_scoped(scope, move || {
                    while !stop.load(Ordering::SeqCst) && crate::sandbox::interrupted().is_none() {
                        let n = next.fetch_add(1, Ordering::SeqCst);
                        let Some((i, key)) = todo.get(n) else { break };
                        let (entry, close) =
                            grade_one(plan, &subs[*i], key.clone(), per_submission);
                        if tx.send((n, entry, close)).is_err() {
                            break;
                        }
                    }
                });
            if let Err(e) = spawned {
                failure = Some(Error::judge(format!("cannot start a batch worker: {e}")));
                stop.store(true, Ordering::SeqCst);
                break;
            }
        }
        drop(tx);
        for (n, entry, close) in rx {
            let (i, key) = &todo[n];
            if close && workers > 1 {
                deferred.push((*i, key.clone()));
                continue;
            }
            if failure.is_none()
                && let Err(e) = journal.append(&entry)
            {
                failure = Some(e);
                stop.store(true, Ordering::SeqCst);
            }
            progress.finished(&entry);
            done[*i] = Some(entry);
        }
    });
    if let Some(e) = failure {
        progress.end();
        return Err(e);
    }
    // Timeouts close to the limit under parallel load: graded again with nothing else running.
    for (i, key) in deferred {
        let (mut entry, _) = grade_one(plan, &subs[i], key, 1);
        entry.regraded_alone = true;
        journal.append(&entry)?;
        progress.finished(&entry);
        done[i] = Some(entry);
    }
    progress.end();
    if crate::sandbox::interrupted().is_some() {
        return Err(Error::judge("interrupted"));
    }
    done.into_iter()
        .enumerate()
        .map(|(i, e)| {
            e.ok_or_else(|| {
                Error::judge(format!(
                    "submission of `{}` was not graded",
                    subs[i].student
                ))
            })
        })
        .collect()
}

/// `file` relative to `base` when it is inside it.
fn shown(file: &Path, base: &Path) -> String {
    file.strip_prefix(base)
        .unwrap_or(file)
        .display()
        .to_string()
}

/// Grades one submission; never fails: whatever goes wrong is that submission's result. The
/// flag says whether a test timed out close to its limit (worth grading again alone).
fn grade_one(plan: &Plan, sub: &Submission, key: Key, jobs: usize) -> (Entry, bool) {
    let level = plan.info.level.to_string();
    let max = f64::from(plan.problem.max_score());
    let Some(file) = &sub.file else {
        let why = sub.error.clone().unwrap_or_else(|| "no file".into());
        return (Entry::error(key, max, why, level), false);
    };
    if key.file_sha256.is_none() {
        let why = match std::fs::read(file) {
            Err(e) => format!("cannot read `{}`: {e}", shown(file, &plan.base)),
            Ok(_) => format!("cannot read `{}`", shown(file, &plan.base)),
        };
        return (Entry::error(key, max, why, level), false);
    }
    let lang = match plan.table.detect(file, plan.lang.as_deref()) {
        Ok(l) => l,
        Err(e) => return (Entry::error(key, max, e.message, level), false),
    };
    let options = RunOptions {
        jobs,
        fail_fast: false,
        filter: plan.filter.clone(),
        no_cache: plan.no_cache,
        engine: None,
        files: Vec::new(),
    };
    let graded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        judge::grade(
            plan.problem,
            file,
            lang,
            plan.table,
            &options,
            plan.info,
            &mut Silent,
        )
    }));
    match graded {
        Ok(Ok(report)) => {
            let close = report.tests.iter().any(judge::borderline);
            (Entry::from_report(key, &report), close)
        }
        Ok(Err(e)) if e.kind == ErrorKind::Judge => {
            let mut entry = Entry::error(key, max, e.message, level);
            entry.verdict = Verdict::JE.as_str().into();
            (entry, false)
        }
        Ok(Err(e)) => (Entry::error(key, max, e.message, level), false),
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            let mut entry = Entry::error(key, max, format!("the grader panicked: {what}"), level);
            entry.verdict = Verdict::JE.as_str().into();
            (entry, false)
        }
    }
}
