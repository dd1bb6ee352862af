//! Custom checkers: a problem-supplied program that decides a test, in the Kattis protocol
//! (`checker input answer feedback_dir < output`, exit 42 accepts, 43 rejects) or the testlib
//! protocol (`checker input output answer`, exit 0 accepts, 1 or 2 rejects). Any other ending is
//! a judge error: a broken checker is never the candidate's fault. A Kattis package's output
//! validator is a folder of sources, built with the headers it ships, and gets the package's
//! `output_validator_args` after the protocol's own arguments.

use crate::error::{Error, Result};
use crate::lang::{self, BuildResult, Table, base_env, cap};
use crate::problem::inside::{Folder, Found};
use crate::problem::spec::Protocol;
use crate::sandbox::{Job, Limits, Sandbox};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A checker ready to run.
#[derive(Debug, Clone)]
pub struct ReadyChecker {
    pub argv: Vec<String>,
    pub protocol: Protocol,
}

/// Builds (or finds in the cache) the checker program.
pub fn prepare(
    program: &Path,
    protocol: Protocol,
    table: &Table,
    slot: &mut dyn Sandbox,
    scratch: &Path,
) -> Result<ReadyChecker> {
    let context = || format!("cannot prepare the checker `{}`", program.display());
    if program.is_dir() {
        return prepare_folder(program, protocol, table, slot, scratch);
    }
    let Ok(lang) = table.detect(program, None) else {
        // An executable without a known extension runs as it is.
        return Ok(ReadyChecker {
            argv: vec![
                program
                    .canonicalize()
                    .unwrap_or(program.to_path_buf())
                    .display()
                    .to_string(),
            ],
            protocol,
        });
    };
    let tc = lang::toolchain(lang).map_err(|e| e.context(context()))?;
    let dir = scratch.join("checker");
    std::fs::create_dir_all(&dir).map_err(|e| Error::judge(format!("{}: {e}", context())))?;
    let built = lang::build(lang::Request::new(lang, &tc, program, &dir), slot)?;
    ready(lang, built, protocol, &context())
}

/// A Kattis output validator given as a folder of sources: one main source (`validate.cc`,
/// `validate.py`, or the only source of a known language) built with every other file of the
/// folder beside it (the headers it ships, such as `validate.h`).
fn prepare_folder(
    dir: &Path,
    protocol: Protocol,
    table: &Table,
    slot: &mut dyn Sandbox,
    scratch: &Path,
) -> Result<ReadyChecker> {
    let context = || format!("cannot prepare the output validator `{}`", dir.display());
    // Its files, each inside the folder (hidden ones left out).
    let folder = Folder::open(dir, "output validator folder")?;
    if let Some(ready) = scripted(&folder, protocol, slot, &context())? {
        return Ok(ready);
    }
    let entries: Vec<PathBuf> = folder
        .list("")
        .map_err(|(p, r)| folder.error("", p, &r))?
        .into_iter()
        .filter(|e| e.found == Found::File)
        .map(|e| folder.path(e.rel))
        .collect();
    let sources: Vec<&PathBuf> = entries
        .iter()
        .filter(|p| {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            !matches!(ext, "h" | "hpp" | "hh" | "hxx") && table.detect(p, None).is_ok()
        })
        .collect();
    let main = sources
        .iter()
        .find(|p| p.file_stem().is_some_and(|s| s == "validate" || s == "validator"))
        .or_else(|| (sources.len() == 1).then(|| &sources[0]))
        .copied()
        .ok_or_else(|| {
            Error::spec(format!(
                "{}: expected one source of a known language (such as validate.cc or validate.py), found {}",
                context(),
                if sources.is_empty() {
                    "none".to_string()
                } else {
                    sources
                        .iter()
                        .filter_map(|p| p.file_name())
                        .map(|n| n.to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            ))
        })?;
    let lang = table.detect(main, None)?;
    let mut files = Vec::new();
    for p in entries.iter().filter(|p| *p != main) {
        // Text files only (headers, helper modules); binaries are not part of a build.
        if let Ok(text) = std::fs::read_to_string(p)
            && let Some(name) = p.file_name()
        {
            files.push((name.to_string_lossy().into_owned(), text));
        }
    }
    let tc = lang::toolchain(lang).map_err(|e| e.context(context()))?;
    let build_dir = scratch.join("checker");
    std::fs::create_dir_all(&build_dir).map_err(|e| Error::judge(format!("{}: {e}", context())))?;
    let request = lang::Request {
        files,
        ..lang::Request::new(lang, &tc, main, &build_dir)
    };
    let built = lang::build(request, slot)?;
    ready(lang, built, protocol, &context())
}

/// A validator folder with the package format's `build` and `run` scripts (as DOMjudge's
/// example validators have): the folder is copied to a folder of the build cache, `build`
/// (when there is one) runs there, and the checker is `run`. Built once: the cache folder is
/// named by the folder's files, so the next prepare finds it. `None` when the folder has
/// neither script.
fn scripted(
    folder: &Folder,
    protocol: Protocol,
    slot: &mut dyn Sandbox,
    what: &str,
) -> Result<Option<ReadyChecker>> {
    let has = |name: &str| folder.probe(name).ok().flatten() == Some(Found::File);
    let (build, run) = (has("build"), has("run"));
    if !build && !run {
        return Ok(None);
    }
    let key = scripted_key(folder)?;
    let dir = lang::cached_folder(&key, |work| {
        folder.copy_into(work)?;
        if build {
            run_build(work, slot, what)?;
        }
        if !work.join("run").is_file() {
            return Err(Error::spec(format!(
                "{what}: `build` made no `run` script (the package format runs a program with a `build` script through `run`)"
            )));
        }
        executable(&work.join("run"), what)
    })?;
    Ok(Some(ReadyChecker {
        argv: vec![dir.join("run").display().to_string()],
        protocol,
    }))
}

/// The build cache's name for a scripted validator: a hash of its files' names and bytes.
fn scripted_key(folder: &Folder) -> Result<String> {
    Ok(format!(
        "scripted-{}",
        folder.digest("grader-scripted-checker-v1")?
    ))
}

/// Makes `path` executable (a script that lost its mode in a copy or an archive).
fn executable(path: &Path, what: &str) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).map_err(|e| {
        Error::judge(format!(
            "{what}: cannot make `{}` executable: {e}",
            path.display()
        ))
    })
}

/// Runs a validator's `build` script in `work`, under the compile limits.
fn run_build(work: &Path, slot: &mut dyn Sandbox, what: &str) -> Result<()> {
    executable(&work.join("build"), what)?;
    // The jury's own program, trusted as the checker is: not confined.
    let job = Job::new(
        vec![work.join("build").display().to_string()],
        work,
        lang::compile_limits(),
    )
    .env(base_env(work))
    .streams(work.join(".build.stdout"), work.join(".build.stderr"));
    let out = slot
        .run(&job)
        .map_err(|e| Error::judge(format!("{what}: the sandbox failed in `build`: {e}")))?;
    if out.setup_error.is_some() || out.exit_code != Some(0) {
        let log = std::fs::read_to_string(work.join(".build.stderr")).unwrap_or_default();
        return Err(Error::judge(format!(
            "{what}: its `build` script failed:\n{}",
            cap(&log, 2048)
        )));
    }
    Ok(())
}

/// A built checker ready to run (with a generous memory limit), or a judge error when it does
/// not compile (`what` names it).
fn ready(
    lang: &lang::Language,
    built: BuildResult,
    protocol: Protocol,
    what: &str,
) -> Result<ReadyChecker> {
    match built {
        BuildResult::Ready(build) => {
            let mut vars = build.vars.clone();
            vars.memory_mib = 1024;
            Ok(ReadyChecker {
                argv: lang::expand(&lang.run, &vars),
                protocol,
            })
        }
        BuildResult::CompileError { message, .. } => Err(Error::judge(format!(
            "{what}: it does not compile:\n{message}"
        ))),
    }
}

/// The limits of a checker or an interactive validator (the problem author's program, trusted):
/// `cpu` and `wall`, 16 MiB of files, no memory limit, and an unlimited stack, as problemtools
/// runs every program (a validator that recurses through a deep input must not crash where the
/// jury's does not).
pub fn limits(cpu: Duration, wall: Duration) -> Limits {
    Limits {
        cpu,
        wall,
        data: None,
        stack: Some(libc::RLIM_INFINITY),
        file_size: Some(16 << 20),
        open_files: 1024,
        memory: None,
        tasks: None,
        address_space: None,
    }
}

/// The checker's decision, with the score file it left in the feedback folder, if any.
pub enum Decision {
    Accepted(Option<ScoreFile>),
    Rejected(String, Option<ScoreFile>),
}

/// A Kattis validator's score file: `score.txt` (the case's score) or `score_multiplier.txt`
/// (a fraction of the case's maximum).
#[derive(Debug, Clone, PartialEq)]
pub enum ScoreFile {
    Score(f64),
    Multiplier(f64),
    /// Both files, or contents that are not one number: a judge error where scores count.
    Invalid(String),
}

/// The score file of a feedback folder.
pub fn score_file(feedback: &Path) -> Option<ScoreFile> {
    let read = |name: &str| std::fs::read_to_string(feedback.join(name)).ok();
    let parse = |name: &str, text: String| match text.trim().parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(ScoreFile::Invalid(format!(
            "{name} holds `{}`, not a number",
            text.trim().chars().take(40).collect::<String>()
        ))),
    };
    match (read("score.txt"), read("score_multiplier.txt")) {
        (None, None) => None,
        (Some(_), Some(_)) => Some(ScoreFile::Invalid(
            "the validator wrote both score.txt and score_multiplier.txt".into(),
        )),
        (Some(t), None) => Some(parse("score.txt", t).map_or_else(|e| e, ScoreFile::Score)),
        (None, Some(t)) => {
            Some(parse("score_multiplier.txt", t).map_or_else(|e| e, ScoreFile::Multiplier))
        }
    }
}

/// Runs the checker on one test. `Err` is a judge error.
pub fn check(
    checker: &ReadyChecker,
    slot: &mut dyn Sandbox,
    input: &Path,
    answer: &Path,
    output: &Path,
    scratch: &Path,
    args: &[String],
) -> Result<Decision> {
    let feedback = scratch.join("feedback");
    let _ = std::fs::remove_dir_all(&feedback);
    std::fs::create_dir_all(&feedback)
        .map_err(|e| Error::judge(format!("cannot create the checker's feedback folder: {e}")))?;
    // The checker runs in its own folder: relative paths would point elsewhere.
    let s = |p: &Path| {
        std::path::absolute(p)
            .unwrap_or_else(|_| p.to_path_buf())
            .display()
            .to_string()
    };
    let mut argv = checker.argv.clone();
    let stdin: Option<PathBuf> = match checker.protocol {
        Protocol::Kattis => {
            argv.extend([s(input), s(answer), format!("{}/", s(&feedback))]);
            argv.extend(args.iter().cloned());
            Some(output.to_path_buf())
        }
        Protocol::Testlib => {
            argv.extend([s(input), s(output), s(answer)]);
            argv.extend(args.iter().cloned());
            None
        }
    };
    let out_file = scratch.join("checker.stdout");
    let err_file = scratch.join("checker.stderr");
    let limits = limits(Duration::from_secs(20), Duration::from_secs(40));
    // A checker is the problem author's program: trusted, not confined.
    let job = Job::new(argv, scratch, limits)
        .env(base_env(scratch))
        .stdin(stdin)
        .streams(out_file.clone(), err_file.clone());
    let raw = slot
        .run(&job)
        .map_err(|e| Error::judge(format!("the sandbox failed while running the checker: {e}")))?;
    if let Some(e) = raw.setup_error {
        return Err(Error::judge(format!("cannot start the checker: {e}")));
    }
    let read = |p: &Path| {
        std::fs::read(p)
            .map(|b| cap(&String::from_utf8_lossy(&b), 2048))
            .unwrap_or_default()
    };
    let said = {
        let mut parts = vec![
            read(&feedback.join("judgemessage.txt")),
            read(&feedback.join("judgeerror.txt")),
            read(&out_file),
            read(&err_file),
        ];
        parts.retain(|p| !p.trim().is_empty());
        parts.join("\n")
    };
    let code = raw.exit_code;
    let scored = match checker.protocol {
        Protocol::Kattis => score_file(&feedback),
        Protocol::Testlib => None,
    };
    let decision = match (checker.protocol, code) {
        (Protocol::Kattis, Some(42)) | (Protocol::Testlib, Some(0)) => Decision::Accepted(scored),
        (Protocol::Kattis, Some(43)) | (Protocol::Testlib, Some(1 | 2)) => Decision::Rejected(
            if said.is_empty() {
                "the checker rejected the output".into()
            } else {
                format!("the checker says: {said}")
            },
            scored,
        ),
        _ => {
            let how = match (code, raw.signal, raw.killed_by) {
                (_, _, Some(k)) => format!("was stopped ({k:?})"),
                (_, Some(sig), _) => format!("was killed by signal {sig}"),
                (Some(c), _, _) => format!("exited with {c}"),
                _ => "ended oddly".into(),
            };
            return Err(Error::judge(format!(
                "the checker {how}, which is neither accept nor reject{}",
                if said.is_empty() {
                    String::new()
                } else {
                    format!(": {said}")
                }
            )));
        }
    };
    Ok(decision)
}
