//! Grading a batch: every submission through the ordinary engine (`judge::grade`), several at
//! once. `-j N` is split between submissions, not tests: N submissions run at the same time,
//! each with its tests one after another (a function answer runs all its tests in one process
//! anyway, and a class of 300 keeps every core busy without per-submission parallelism). With
//! fewer submissions left than N, each gets N / submissions test slots. A submission that timed
//! out close to a limit while others ran is graded again alone at the end, the batch's form of
//! the engine's "re-run alone" rule. Results come back to one thread, which journals them.

use super::contain::{Class, nul_at};
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
    /// The folder submissions are read from (the submissions folder or the manifest's); files
    /// are shown relative to it.
    pub class: &'a Class,
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
        let key = key(plan, sub, &settings);
        match previous.get(&sub.student) {
            Some(e) if e.key_matches(&key) && !e.is_judge_error() => done[i] = Some(e.clone()),
            _ => todo.push((i, key)),
        }
    }
    progress.begin(subs.len(), subs.len() - todo.len());
    let workers = plan.jobs.max(1).min(todo.len()).max(1);
    let per_submission = (plan.jobs.max(1) / workers).max(1);
    let stage = Stage::new()?;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let mut failure: Option<Error> = None;
    let mut deferred: Vec<(usize, Key)> = Vec::new();
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel::<(usize, Entry, bool)>();
        for w in 0..workers {
            let tx = tx.clone();
            let (next, stop, todo, stage) = (&next, &stop, &todo, &stage);
            let spawned = std::thread::Builder::new()
                .name(format!("batch-{w}"))
                .spawn_scoped(scope, move || {
                    while !stop.load(Ordering::SeqCst) && crate::sandbox::interrupted().is_none() {
                        let n = next.fetch_add(1, Ordering::SeqCst);
                        let Some((i, key)) = todo.get(n) else { break };
                        let (entry, close) =
                            grade_one(plan, &subs[*i], key.clone(), per_submission, (stage, n));
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
            // A submission graded while the grader was being stopped (a cluster's requeue
            // signals every process of the job: the sandbox's helpers may die first) is not
            // journaled: its JE is the stop's, not the submission's; a resumed run grades it.
            if crate::sandbox::interrupted().is_some() {
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
        let (mut entry, _) = grade_one(plan, &subs[i], key, 1, (&stage, i));
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

/// A submission's journal key. Its file is read here (inside the class folder, as its owner)
/// only to hash it: a result is final for the same bytes, or, when nothing could be read, for
/// the same reason.
fn key(plan: &Plan, sub: &Submission, settings: &str) -> Key {
    let (file_sha256, reason) = match (&sub.error, &sub.file) {
        (Some(why), _) => (None, Some(why.clone())),
        (None, None) => (None, Some("no file".to_string())),
        (None, Some(f)) => match plan.class.read(f) {
            Ok(bytes) => (Some(sha256_hex(&bytes)), None),
            Err(e) => (None, Some(e.why)),
        },
    };
    Key {
        student: sub.student.clone(),
        file: sub.file.as_deref().map(|f| f.display().to_string()),
        file_sha256,
        reason,
        spec_sha256: plan.spec_sha256.clone(),
        settings: settings.to_string(),
    }
}

/// A private folder for the copies of the submissions being graded, removed at the end (and
/// on Ctrl-C): the engine grades the bytes read inside the class folder, never a path a
/// student could swap for a symlink in the meantime.
struct Stage(tempfile::TempDir);

impl Stage {
    fn new() -> Result<Stage> {
        let dir = tempfile::Builder::new()
            .prefix(&format!("grader-batch-{}", crate::sandbox::stale::tag()))
            .tempdir()
            .map_err(|e| Error::judge(format!("cannot create a temporary folder: {e}")))?;
        // Owned by this grader: the next run removes it if this one is killed.
        crate::sandbox::stale::mark(dir.path())
            .map_err(|e| Error::judge(format!("cannot mark the temporary folder: {e}")))?;
        crate::sandbox::register_dir(dir.path().to_path_buf());
        Ok(Stage(dir))
    }

    /// Writes `bytes` as `stage/N/NAME`, the name the submission has in the class folder.
    fn copy(&self, n: usize, name: &std::ffi::OsStr, bytes: &[u8]) -> std::io::Result<PathBuf> {
        let dir = self.0.path().join(n.to_string());
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(name);
        std::fs::write(&path, bytes)?;
        Ok(path)
    }

    fn remove(&self, n: usize) {
        let _ = std::fs::remove_dir_all(self.0.path().join(n.to_string()));
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        crate::sandbox::unregister_dir(self.0.path());
    }
}

/// The private copy of a submission's file, or the row for a submission that cannot be
/// graded: unreadable, not text, of no known language.
fn staged<'t>(
    plan: &Plan<'t>,
    sub: &Submission,
    key: &mut Key,
    stage: &Stage,
    n: usize,
) -> std::result::Result<(PathBuf, &'t crate::lang::Language), (String, bool)> {
    let (Some(file), None) = (&sub.file, &sub.error) else {
        return Err((
            key.reason.clone().unwrap_or_else(|| "no file".into()),
            false,
        ));
    };
    let shown = file.display();
    let bytes = plan.class.read(file).map_err(|e| {
        key.file_sha256 = None;
        (e.why, false)
    })?;
    key.file_sha256 = Some(sha256_hex(&bytes));
    if let Some(at) = nul_at(&bytes) {
        return Err((
            format!(
                "refused: `{shown}` is not a text file (a NUL byte at offset {at}); a submission is source code"
            ),
            false,
        ));
    }
    let lang = plan
        .table
        .detect(file, plan.lang.as_deref())
        .map_err(|e| (e.message, false))?;
    let name = file.file_name().unwrap_or(file.as_os_str());
    let copy = stage.copy(n, name, &bytes).map_err(|e| {
        let why = format!("cannot copy `{shown}` to a private folder: {e}");
        (why, true)
    })?;
    Ok((copy, lang))
}

/// Grades one submission; never fails: whatever goes wrong is that submission's result. The
/// flag says whether a test timed out close to its limit (worth grading again alone).
fn grade_one(
    plan: &Plan,
    sub: &Submission,
    mut key: Key,
    jobs: usize,
    (stage, n): (&Stage, usize),
) -> (Entry, bool) {
    let level = plan.info.level.to_string();
    let max = f64::from(plan.problem.max_score());
    let (copy, lang) = match staged(plan, sub, &mut key, stage, n) {
        Ok(ready) => ready,
        Err((why, judge)) => {
            let mut entry = Entry::error(key, max, why, level);
            if judge {
                entry.verdict = Verdict::JE.as_str().into();
            }
            return (entry, false);
        }
    };
    let graded = grade_copy(plan, &copy, lang, jobs);
    stage.remove(n);
    // An error naming the private copy names the student's file instead.
    let copy_name = copy.display().to_string();
    let shown = key.file.clone().unwrap_or_default();
    match graded {
        Ok(Ok(report)) => {
            let close = report.tests.iter().any(judge::borderline);
            (Entry::from_report(key, &report), close)
        }
        Ok(Err(e)) if e.kind == ErrorKind::Judge => {
            let why = e.message.replace(&copy_name, &shown);
            let mut entry = Entry::error(key, max, why, level);
            entry.verdict = Verdict::JE.as_str().into();
            (entry, false)
        }
        Ok(Err(e)) => {
            let why = e.message.replace(&copy_name, &shown);
            (Entry::error(key, max, why, level), false)
        }
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

type Graded = std::thread::Result<Result<judge::Report>>;

/// The engine on the private copy `file`, a panic caught.
fn grade_copy(plan: &Plan, file: &Path, lang: &crate::lang::Language, jobs: usize) -> Graded {
    let options = RunOptions {
        slow: true,
        all: true,
        jobs,
        fail_fast: false,
        filter: plan.filter.clone(),
        no_cache: plan.no_cache,
        engine: None,
        files: Vec::new(),
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        judge::grade(
            plan.problem,
            file,
            lang,
            plan.table,
            &options,
            plan.info,
            &mut Silent,
        )
    }))
}
