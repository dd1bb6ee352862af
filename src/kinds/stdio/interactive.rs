//! Interactive and multi-pass stdio tests: the test's checker (a Kattis output validator, or
//! `interactor` of `problem.toml`) runs as problemtools runs it, `validator input answer
//! feedback_dir/`, exit 42 accepts and 43 rejects, with `judgemessage.txt` as its reason.
//! Interactive: it runs beside the answer, joined by pipes ([`run_pair`]). Multi-pass: a pass
//! the validator accepts with `nextpass.in` in the feedback folder (kept between passes) runs
//! the answer again on that input, up to the problem's passes.
//!
//! The verdict follows problemtools: a validator that crashed (or ended otherwise than 42 or
//! 43) is a judge error; one that rejected before the answer ended is WA, whatever the answer
//! did next (a broken pipe, a timeout); else the answer's own verdict (TLE, MLE, RE) comes
//! first, then the validator's.

use super::case_score::case_fraction;
use super::{data_path, input_preview, judge_error};
use crate::compare::checker::{self, ReadyChecker};
use crate::exec::{Effective, SlotDirs, TestResult, Verdict, classify, effective, group_name};
use crate::exec::{head, slot_dirs};
use crate::kinds::Ready;
use crate::lang::{base_env, cap, excerpt};
use crate::problem::{Interaction, Test, TestData, Visibility};
use crate::sandbox::{Job, Limits, RawOutcome, Sandbox, run_pair};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The validator's own limits: generous (it is the problem author's program), beyond the
/// answer's wall limit so that the answer is the one stopped when both wait for each other.
fn validator_limits(lim: &Effective) -> Limits {
    checker::limits(
        lim.wall + Duration::from_secs(20),
        lim.wall + Duration::from_secs(10),
    )
}

/// What the validator said of one pass.
enum Said {
    Accepted,
    Rejected(String),
    /// Not 42 nor 43: a judge error, with what happened.
    Broken(String),
}

/// Where one test's passes run.
struct Files<'a> {
    answer: PathBuf,
    dirs: SlotDirs,
    feedback: PathBuf,
    checker: &'a ReadyChecker,
    args: &'a [String],
    /// The validator's score file gives an accepted case a partial score (scoring packages).
    scores: bool,
    lim: Effective,
}

/// One pass's outcome: the answer's raw outcome, what the validator said, and whether it
/// ended first.
struct Pass {
    raw: RawOutcome,
    said: Said,
    validator_first: bool,
}

/// Runs one interactive or multi-pass test and judges it. `spare` is the second slot (the
/// validator's).
pub(super) fn run(
    shared: &Ready,
    slot: &mut dyn Sandbox,
    spare: &mut dyn Sandbox,
    t: &Test,
    how: &Interaction,
) -> TestResult {
    let lim = effective(&t.limits, shared.lang);
    let (files, input) = match prepare(shared, t, lim) {
        Ok(f) => f,
        Err(why) => return judge_error(t, shared, lim, why),
    };
    let mut input = input;
    let mut result = None;
    let mut peak = (Duration::ZERO, Duration::ZERO, 0u64);
    for pass in 1..=how.passes {
        // Each pass starts in an empty working folder: nothing carries over but nextpass.in.
        if pass > 1
            && let Err(e) = slot_dirs(shared.scratch, 0)
        {
            return judge_error(
                t,
                shared,
                lim,
                format!("cannot prepare the work folder: {e}"),
            );
        }
        // A score file counts for the pass that wrote it.
        for name in ["score.txt", "score_multiplier.txt"] {
            let _ = std::fs::remove_file(files.feedback.join(name));
        }
        let ran = if how.interactive {
            interact(shared, slot, spare, &files, &input)
        } else {
            one_way(shared, slot, spare, &files, &input)
        };
        let p = match ran {
            Ok(p) => p,
            Err(why) => return judge_error(t, shared, lim, why),
        };
        peak = (
            peak.0.max(p.raw.cpu),
            peak.1.max(p.raw.wall),
            peak.2.max(p.raw.peak_memory),
        );
        let mut r = judge(shared, t, &files, &p, &input);
        if pass > 1 && r.verdict != Verdict::AC {
            r.message = format!("pass {pass}: {}", r.message);
        }
        r.time = peak.0;
        r.wall = peak.1;
        r.memory = peak.2;
        let next = files.feedback.join("nextpass.in");
        if r.verdict != Verdict::AC || !next.is_file() || how.passes == 1 {
            result = Some(r);
            break;
        }
        if pass == how.passes {
            r.verdict = Verdict::JE;
            r.message = format!(
                "the validator asked for pass {} (it wrote nextpass.in) but the problem allows {} passes",
                pass + 1,
                how.passes
            );
            result = Some(r);
            break;
        }
        input = files.dirs.root.join(format!("pass-{}.in", pass + 1));
        if let Err(e) = std::fs::rename(&next, &input) {
            return judge_error(t, shared, lim, format!("cannot read nextpass.in: {e}"));
        }
        result = Some(r);
    }
    let mut r = result.unwrap_or_else(|| judge_error(t, shared, lim, "no pass ran".into()));
    if r.verdict == Verdict::AC
        && files.scores
        && let Some(file) = checker::score_file(&files.feedback)
    {
        match case_fraction(shared.problem, t, file) {
            Ok(f) => r.score_fraction = f,
            Err(why) => {
                r.verdict = Verdict::JE;
                r.message = why;
            }
        }
    }
    if r.verdict == Verdict::AC {
        r.points = t.points;
    } else {
        r.details.hint = t.hint_for(r.verdict.as_str());
    }
    r
}

/// The test's data, fresh folders and its validator.
fn prepare<'a>(
    shared: &Ready<'a>,
    t: &'a Test,
    lim: Effective,
) -> Result<(Files<'a>, PathBuf), String> {
    let TestData::Stdio { input, answer } = &t.data else {
        return Err("a function test reached the interactive runner".into());
    };
    let input = data_path(input, shared.scratch, &format!("{}.in", t.index))
        .map_err(|e| format!("cannot prepare the test data: {e}"))?;
    let answer = data_path(answer, shared.scratch, &format!("{}.ans", t.index))
        .map_err(|e| format!("cannot prepare the test data: {e}"))?;
    let dirs =
        slot_dirs(shared.scratch, 0).map_err(|e| format!("cannot prepare the work folder: {e}"))?;
    let feedback = dirs.root.join("feedback");
    let _ = std::fs::remove_dir_all(&feedback);
    std::fs::create_dir_all(&feedback)
        .and_then(|()| std::fs::create_dir_all(dirs.root.join("validator")))
        .map_err(|e| format!("cannot create the validator's feedback folder: {e}"))?;
    let c = t
        .compare
        .checker()
        .ok_or("an interactive test has no validator")?;
    let checker = shared
        .checkers
        .iter()
        .find(|(p, r)| *p == c.program && r.protocol == c.protocol)
        .map(|(_, r)| r)
        .ok_or_else(|| format!("the validator `{}` was not prepared", c.program.display()))?;
    Ok((
        Files {
            answer,
            dirs,
            feedback,
            checker,
            args: &c.args,
            scores: c.scores,
            lim,
        },
        input,
    ))
}

/// The validator's job for a pass on `input` (its stdin and stdout are set by the caller).
fn validator_job(f: &Files, input: &Path) -> Job {
    let abs = |p: &Path| {
        std::path::absolute(p)
            .unwrap_or_else(|_| p.to_path_buf())
            .display()
            .to_string()
    };
    let mut argv = f.checker.argv.clone();
    argv.extend([abs(input), abs(&f.answer), format!("{}/", abs(&f.feedback))]);
    argv.extend(f.args.iter().cloned());
    let dir = f.dirs.root.join("validator");
    // The problem author's program: trusted, not confined.
    Job::new(argv, &dir, validator_limits(&f.lim))
        .env(base_env(&dir))
        .streams(
            f.dirs.root.join("validator.stdout"),
            f.dirs.root.join("validator.stderr"),
        )
}

/// One interactive pass: the answer and the validator joined by pipes.
fn interact(
    shared: &Ready,
    slot: &mut dyn Sandbox,
    spare: &mut dyn Sandbox,
    f: &Files,
    input: &Path,
) -> Result<Pass, String> {
    let answer = shared.runner().job(&shared.lang.run, &f.lim, &f.dirs);
    let validator = validator_job(f, input);
    let out = run_pair(slot, spare, &answer, &validator)?;
    Ok(Pass {
        said: said(f, &out.interactor)?,
        validator_first: out.interactor_first,
        raw: out.submission,
    })
}

/// One pass of a multi-pass problem that is not interactive: the answer on `input`, then the
/// validator on what it wrote.
fn one_way(
    shared: &Ready,
    slot: &mut dyn Sandbox,
    spare: &mut dyn Sandbox,
    f: &Files,
    input: &Path,
) -> Result<Pass, String> {
    let answer = shared
        .runner()
        .job(&shared.lang.run, &f.lim, &f.dirs)
        .stdin(Some(input.to_path_buf()));
    let raw = slot.run_or_recover(&answer)?;
    if classify(&raw, &f.lim, size(&f.dirs.stdout), "").is_some() {
        // The answer's own verdict decides; the validator has nothing to read.
        return Ok(Pass {
            raw,
            said: Said::Accepted,
            validator_first: false,
        });
    }
    let validator = validator_job(f, input).stdin(Some(f.dirs.stdout.clone()));
    let v = spare.run_or_recover(&validator)?;
    Ok(Pass {
        said: said(f, &v)?,
        validator_first: false,
        raw,
    })
}

fn size(p: &Path) -> u64 {
    std::fs::metadata(p).map_or(0, |m| m.len())
}

/// The validator's decision from its exit and its feedback folder.
fn said(f: &Files, v: &RawOutcome) -> Result<Said, String> {
    if let Some(e) = &v.setup_error {
        return Err(format!("cannot start the validator: {e}"));
    }
    let read = |p: &Path| {
        std::fs::read(p)
            .map(|b| cap(&String::from_utf8_lossy(&b), 2048))
            .unwrap_or_default()
    };
    let mut parts = vec![
        read(&f.feedback.join("judgemessage.txt")),
        read(&f.feedback.join("judgeerror.txt")),
        read(&f.dirs.root.join("validator.stderr")),
    ];
    parts.retain(|p| !p.trim().is_empty());
    let message = parts.join("\n").trim().to_string();
    Ok(match (v.exit_code, v.signal, v.killed_by) {
        (Some(42), _, _) => Said::Accepted,
        (Some(43), _, _) => Said::Rejected(message),
        (_, _, Some(k)) => Said::Broken(format!("the validator was stopped ({k:?})")),
        (_, Some(sig), _) => Said::Broken(format!("the validator was killed by signal {sig}")),
        (Some(c), _, _) => Said::Broken(format!(
            "the validator exited with {c}, which is neither accept (42) nor reject (43){}",
            if message.is_empty() {
                String::new()
            } else {
                format!(": {message}")
            }
        )),
        _ => Said::Broken("the validator ended oddly".into()),
    })
}

/// Whose verdict a pass gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decides {
    /// The validator's (accepted, or rejected).
    Validator,
    /// The answer's own (TLE, MLE, RE, or a judge error of its sandbox).
    Answer,
    /// A judge error: the validator ended otherwise than 42 or 43.
    Broken,
}

/// Problemtools' order: a broken validator first (unless the answer never started), then a
/// validator that rejected before the answer ended (or the answer wrote to a pipe it had
/// closed), then the answer's own verdict (`own`: it has one), then the validator's.
fn decides(said: &Said, validator_first: bool, raw: &RawOutcome, own: bool) -> Decides {
    match said {
        Said::Broken(_) if raw.setup_error.is_none() => Decides::Broken,
        Said::Rejected(_) if validator_first || raw.signal == Some(libc::SIGPIPE) => {
            Decides::Validator
        }
        _ if own => Decides::Answer,
        Said::Broken(_) => Decides::Answer,
        _ => Decides::Validator,
    }
}

/// The verdict of one pass (problemtools' order, see the module's doc).
fn judge(shared: &Ready, t: &Test, f: &Files, p: &Pass, input: &Path) -> TestResult {
    let raw = &p.raw;
    let visible = t.visibility != Visibility::Hidden;
    let stderr =
        head(&f.dirs.stderr, 4096).replace(&format!("{}/", shared.build.dir.display()), "");
    let mut r = TestResult::skipped(t, group_name(shared.problem, t), f.lim, String::new());
    r.verdict = Verdict::AC;
    r.exit_code = raw.exit_code;
    r.signal = raw.signal;
    r.killed_by = raw.killed_by;
    let rejected = |r: &mut TestResult, why: &str| {
        r.verdict = Verdict::WA;
        r.message = match (visible, why.is_empty()) {
            (true, false) => format!("the validator says: {why}"),
            (true, true) => "the validator rejected the exchange".into(),
            (false, _) => "wrong answer on a hidden test".into(),
        };
    };
    let own = classify(raw, &f.lim, 0, &stderr);
    match (
        decides(&p.said, p.validator_first, raw, own.is_some()),
        &p.said,
    ) {
        (Decides::Broken, Said::Broken(why)) => {
            r.verdict = Verdict::JE;
            r.message = why.clone();
        }
        (Decides::Validator, Said::Rejected(why)) => rejected(&mut r, why),
        (Decides::Answer, _) => {
            if let Some(c) = own {
                r.verdict = c.verdict;
                r.tle = c.tle;
                r.message = c.evidence;
                if matches!(c.verdict, Verdict::RE | Verdict::MLE) && !stderr.trim().is_empty() {
                    r.details.stderr = Some(if visible {
                        excerpt(&stderr)
                    } else {
                        "(stderr of a hidden test is not shown)".into()
                    });
                }
            }
        }
        _ => {}
    }
    if r.verdict != Verdict::AC && r.verdict != Verdict::JE && visible {
        r.details.input = Some(input_preview(input));
    }
    if raw.leftovers_killed > 0 && r.verdict != Verdict::AC {
        r.message.push_str(&format!(
            "; {} leftover process(es) killed afterwards",
            raw.leftovers_killed
        ));
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::Killer;

    fn raw(exit: Option<i32>, signal: Option<i32>, killed: Option<Killer>) -> RawOutcome {
        let mut r = RawOutcome::setup_failed(String::new());
        r.setup_error = None;
        (r.exit_code, r.signal, r.killed_by) = (exit, signal, killed);
        r
    }

    #[test]
    fn the_validator_rejecting_first_wins_else_the_answer_s_own_verdict_comes_first() {
        let no = || Said::Rejected("no".into());
        let crashed = raw(Some(1), None, None);
        let timed_out = raw(None, Some(9), Some(Killer::WallLimit));
        let pipe = raw(None, Some(libc::SIGPIPE), None);
        let fine = raw(Some(0), None, None);
        // Rejected first: WA, whatever the answer did next.
        assert_eq!(decides(&no(), true, &crashed, true), Decides::Validator);
        assert_eq!(decides(&no(), true, &timed_out, true), Decides::Validator);
        // A write to the closed pipe means the validator had ended: WA.
        assert_eq!(decides(&no(), false, &pipe, true), Decides::Validator);
        // The answer ended first: its own verdict, then the validator's.
        assert_eq!(decides(&no(), false, &crashed, true), Decides::Answer);
        assert_eq!(decides(&no(), false, &timed_out, true), Decides::Answer);
        assert_eq!(decides(&no(), false, &fine, false), Decides::Validator);
        assert_eq!(
            decides(&Said::Accepted, false, &timed_out, true),
            Decides::Answer
        );
        assert_eq!(
            decides(&Said::Accepted, true, &fine, false),
            Decides::Validator
        );
        // A broken validator is a judge error, never the answer's fault; unless the answer
        // never started (its own judge error says why).
        let broken = Said::Broken("exit 1".into());
        assert_eq!(decides(&broken, true, &crashed, true), Decides::Broken);
        assert_eq!(decides(&broken, false, &fine, false), Decides::Broken);
        let never = RawOutcome::setup_failed("exec failed".into());
        assert_eq!(decides(&broken, false, &never, true), Decides::Answer);
    }
}
