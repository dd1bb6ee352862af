//! Function answers (every language, see `harness`): a harness loads the candidate's code, calls the
//! function on every test in one process and reports each result on a private channel (fd 3)
//! with a per-run nonce. If that process dies or times out, the tests it did not finish are
//! handed back ([`Ran::RunAlone`]) to run one per process, so one infinite loop loses no other
//! test's result.

pub mod harness;
mod names;
mod typed;
pub mod validate;

use super::sandboxed::{Ready, Sandboxed, scaling_text};
use super::{Answer, AnswerKind, Expected, Prepared, Schedule, Stop, Units};
use crate::compare::value::{self, Tolerance};
use crate::error::Result;
use crate::exec::LanguageInfo;
use crate::exec::versus::size_vs;
use crate::exec::{Classified, Effective, TleKind, Verdict, classify};
use crate::exec::{Ran, TestResult};
use crate::exec::{effective, grace, head, run_access, run_env, slot_dirs};
use crate::lang::Language;
use crate::lang::{cap, excerpt};
use crate::problem::units::human_secs;
use crate::problem::{Problem, TestLimits};
use crate::problem::{Test, TestData, Visibility};
use crate::sandbox::{Job, Killer, RawOutcome, Sandbox};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

/// Time allowed for starting the runtime and loading the candidate's code, on top of the tests'
/// limits.
const IMPORT_ALLOWANCE: Duration = Duration::from_secs(1);

fn nonce() -> String {
    let mut bytes = [0u8; 16];
    if let Ok(mut f) = std::fs::File::open("/dev/urandom") {
        use std::io::Read;
        let _ = f.read_exact(&mut bytes);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn base_result(ctx: &Ready, t: &Test, lim: Effective) -> TestResult {
    let mut r = TestResult::skipped(
        t,
        t.group.map(|g| ctx.problem.groups[g].name.clone()),
        lim,
        String::new(),
    );
    r.verdict = Verdict::AC;
    r
}

/// Runs `tests` in one harness process. When the process ends in the middle of a call, that
/// test gets the process's verdict (TLE, MLE, RE) and the tests it never reached come back as
/// [`Ran::RunAlone`], to be run again one per process.
pub fn run_batch(ctx: Ready, slot: &mut dyn Sandbox, tests: &[&Test], stop: Stop) -> Vec<Ran> {
    let Some(sig) = ctx.problem.function.as_ref() else {
        return Vec::new();
    };
    let lims: Vec<Effective> = tests
        .iter()
        .map(|t| effective(&t.limits, ctx.lang))
        .collect();
    let fail_all = |message: String| -> Vec<Ran> {
        tests
            .iter()
            .zip(&lims)
            .map(|(t, l)| {
                let mut r = base_result(&ctx, t, *l);
                r.verdict = Verdict::JE;
                r.message = message.clone();
                Ran::Judged(r)
            })
            .collect()
    };
    let dirs = match slot_dirs(ctx.scratch, 0) {
        Ok(d) => d,
        Err(e) => return fail_all(format!("cannot prepare the work folder: {e}")),
    };
    let nonce = nonce();
    let spec = harness_spec(&ctx, sig, tests, &lims, &nonce, stop);
    let spec_path = dirs.root.join("tests.json");
    if let Err(e) = std::fs::write(&spec_path, spec.to_string()) {
        return fail_all(format!("cannot write the tests for the harness: {e}"));
    }
    let process = process_limits(&lims);
    let run = ctx.lang.function_run.as_deref().unwrap_or_default();
    let job = ctx
        .runner()
        .job(run, &process, &dirs)
        .stdin(Some(spec_path))
        .channel(dirs.channel.clone())
        // The harness files sit in the build folder, which `run_access` already grants; some
        // harnesses (Java) reopen the result channel through /dev/fd/3, so the slot's own folder
        // (the work folder, the captured streams and the channel) is writable.
        .confined(run_access(ctx.build, &dirs.root, &[]));
    let raw = match slot.run_or_recover(&job) {
        Ok(r) => r,
        Err(message) => return fail_all(message),
    };
    let Channel {
        records,
        import,
        started,
        started_call,
        driver_error,
    } = Channel::read(&dirs.channel, &nonce);
    if let Some(err) = driver_error {
        // The problem's own harness failed before the candidate's file was loaded.
        let last = err.lines().last().unwrap_or("").trim().to_string();
        let mut results = fail_all(format!("the problem's harness failed to load: {last}"));
        if let Some(Ran::Judged(first)) = results.first_mut() {
            first.details.stderr = Some(err);
        }
        return results;
    }
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let build_prefix = format!("{}/", ctx.build.dir.display());
    let stderr = head(&dirs.stderr, 4096).replace(&build_prefix, "");
    let process_verdict = classify(&raw, &process, size(&dirs.stdout), &stderr);
    // The process ended by itself with exit 0 before the end: the harness stopped on purpose.
    let stopped = raw.exit_code == Some(0) && raw.signal.is_none() && raw.killed_by.is_none();
    let checks = match (&sig.check, ctx.check_python) {
        (Some(check), Some(python)) => {
            run_check(ctx.scratch, slot, python, check, tests, &records, sig)
        }
        _ => HashMap::new(),
    };
    let mut results = Vec::new();
    for (t, lim) in tests.iter().zip(&lims) {
        let mut r = base_result(&ctx, t, *lim);
        r.memory = raw.peak_memory;
        r.exit_code = raw.exit_code;
        r.signal = raw.signal;
        if let Some(imp) = &import
            && let Some(err) = imp.get("import_error").and_then(Value::as_str)
        {
            import_failed(&mut r, imp, err, &build_prefix);
            results.push(Ran::Judged(r));
            continue;
        }
        let culprit = started == Some(t.index) || (tests.len() == 1 && started.is_none());
        match records.get(&t.index) {
            Some(rec) => {
                let check = checks.get(&t.index);
                judge_record(t, &mut r, rec, (sig, ctx.expected), &build_prefix, check);
            }
            None if !culprit && stopped => {
                // Not reached: the harness stopped as asked (or ended the process itself at a
                // timeout, as Java's does): run again, with the others it did not reach.
                results.push(Ran::Later(t.index));
                continue;
            }
            None if !culprit => {
                // Not reached before the process died: run again in a process of its own.
                results.push(Ran::RunAlone(t.index));
                continue;
            }
            None => {
                let ended = Ended {
                    raw: &raw,
                    stderr: &stderr,
                    verdict: process_verdict.as_ref(),
                    call: started_call,
                };
                judge_culprit(&mut r, t, lim, sig, &ended);
            }
        }
        failure_details(&mut r, t, sig);
        results.push(Ran::Judged(r));
    }
    if let Some(imp) = &import
        && let Some(out) = imp.get("import_stdout").and_then(Value::as_str)
        && !out.is_empty()
        && let Some(Ran::Judged(first)) = results.first_mut()
    {
        first.details.printed = Some(format!("at import (not graded): {}", cap(out, 512)));
    }
    results
}

/// The JSON the harness reads on stdin: the function, the nonce, and each test's arguments and
/// limits.
fn harness_spec(
    ctx: &Ready,
    sig: &crate::problem::FunctionSig,
    tests: &[&Test],
    lims: &[Effective],
    nonce: &str,
    stop: Stop,
) -> Value {
    json!({
        "nonce": nonce,
        "function": harness::function_name(&ctx.lang.id, &sig.name),
        "fail_fast": stop.at_failure,
        "stop_after_timeout": stop.at_timeout,
        "class": sig.class,
        "driver": !sig.drivers.is_empty(),
        // Named in the driver's tracebacks as the problem names it.
        "driver_file": sig.drivers.get(&ctx.lang.id).map(|d| {
            d.strip_prefix(&ctx.problem.dir).unwrap_or(d).display().to_string()
        }),
        "types": typed::types_spec(sig),
        "output_limit": lims.iter().map(|l| l.output).max().unwrap_or(8 << 20),
        "tests": tests.iter().zip(lims).map(|(t, l)| {
            let args = match &t.data { TestData::Function { args, .. } => typed::canonical_args(sig, args), _ => Value::Null };
            json!({
                "i": t.index,
                "args": args,
                "cpu_limit": l.cpu.as_secs_f64(),
                "grace": grace(l.cpu).as_secs_f64(),
                "wall_limit": l.wall.as_secs_f64(),
                "output_limit": l.output,
            })
        }).collect::<Vec<_>>(),
    })
}

/// The harness process's limits: the sum of the tests' limits plus the import. A call may run
/// to its limit plus twice the grace (the harness's interrupt, then its SIGVTALRM backstop)
/// before the process's own limit could cut it short.
fn process_limits(lims: &[Effective]) -> Effective {
    let total_cpu: Duration = lims
        .iter()
        .map(|l| l.cpu + grace(l.cpu) * 2)
        .sum::<Duration>()
        + IMPORT_ALLOWANCE;
    Effective {
        cpu: total_cpu,
        wall: lims.iter().map(|l| l.wall).sum::<Duration>() + IMPORT_ALLOWANCE * 2,
        memory: lims.iter().map(|l| l.memory).max().unwrap_or(256 << 20),
        output: lims.iter().map(|l| l.output).max().unwrap_or(8 << 20),
        runtime_memory: lims.iter().map(|l| l.runtime_memory).max().unwrap_or(0),
        refuse_allocations: lims.iter().any(|l| l.refuse_allocations),
        jury: false,
    }
}

/// What the harness reported on its channel (lines with our nonce only).
struct Channel {
    /// Each finished call's record, by test index.
    records: HashMap<usize, Value>,
    /// The import's record: its error, or what it printed.
    import: Option<Value>,
    /// The test whose call was in progress when the process ended.
    started: Option<usize>,
    /// The call of a class test in progress when the process ended (C and C++ report it).
    started_call: Option<usize>,
    /// The problem's own harness failed before the candidate's file was loaded.
    driver_error: Option<String>,
}

impl Channel {
    fn read(path: &Path, nonce: &str) -> Channel {
        // Lossy: a harness that passed on bytes that are not UTF-8 still has its other lines
        // read.
        let bytes = std::fs::read(path).unwrap_or_default();
        let mut c = Channel {
            records: HashMap::new(),
            import: None,
            started: None,
            started_call: None,
            driver_error: None,
        };
        for line in String::from_utf8_lossy(&bytes).lines() {
            let Ok(v) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            if v.get("nonce").and_then(Value::as_str) != Some(nonce) {
                continue;
            }
            if let Some(err) = v.get("driver_error").and_then(Value::as_str) {
                c.driver_error = Some(err.to_string());
            } else if v.get("import_error").is_some() || v.get("import_stdout").is_some() {
                c.import = Some(v);
            } else if let Some(i) = v.get("start").and_then(Value::as_u64) {
                c.started = Some(i as usize);
                c.started_call = v.get("call").and_then(Value::as_u64).map(|k| k as usize);
            } else if let Some(i) = v.get("i").and_then(Value::as_u64) {
                c.records.insert(i as usize, v);
            }
        }
        c
    }
}

/// How the harness process ended, for the test whose call it was in.
struct Ended<'a> {
    raw: &'a RawOutcome,
    /// The start of its stderr, the build folder's path taken out.
    stderr: &'a str,
    /// The process's own verdict from its raw outcome, if it has one.
    verdict: Option<&'a Classified>,
    /// The call of a class test in progress.
    call: Option<usize>,
}

/// The test whose call the process ended in: the process's fate is its verdict.
fn judge_culprit(
    r: &mut TestResult,
    t: &Test,
    lim: &Effective,
    sig: &crate::problem::FunctionSig,
    ended: &Ended,
) {
    let (raw, stderr) = (ended.raw, ended.stderr);
    r.time = raw.cpu;
    r.wall = raw.wall;
    r.killed_by = raw.killed_by;
    // A process the grader stopped at its process or output limit: that is the call's fate,
    // whatever the harness printed (a fork bomb's copies time out too).
    let timed_out = !stopped_by_grader(raw)
        && (raw.signal == Some(libc::SIGVTALRM) || stderr.contains("Timeout ("));
    if timed_out && r.killed_by.is_none() {
        // The harness's own timers stop a call only past the limit and its grace.
        r.killed_by = Some(if raw.signal == Some(libc::SIGVTALRM) {
            Killer::CpuLimit
        } else {
            Killer::WallLimit
        });
    }
    match ended.verdict {
        _ if timed_out => {
            r.verdict = Verdict::TLE;
            let wall = stderr.contains("Timeout (");
            r.tle = Some(if wall { TleKind::Wall } else { TleKind::Cpu });
            r.message = if wall {
                format!(
                    "the call did not return within the wall limit {} (waiting, not computing)",
                    human_secs(lim.wall)
                )
            } else {
                format!(
                    "the call used more than its cpu limit {} inside one long operation; stopped",
                    human_secs(lim.cpu)
                )
            };
        }
        Some(c) => {
            r.verdict = c.verdict;
            r.tle = c.tle;
            r.message = c.evidence.clone();
            if c.verdict == Verdict::TLE {
                r.message = format!("{}; the call never returned", c.evidence);
            }
        }
        None => {
            r.verdict = Verdict::RE;
            r.message =
                "the process ended during the call without returning (exit() called?)".into();
        }
    }
    if sig.class
        && let (Some(k), TestData::Function { args, .. }) = (ended.call, &t.data)
        && let Some(call) = args.get(k)
    {
        r.message = format!("call {}, {}: {}", k + 1, show_call(call), r.message);
    }
    if !stderr.trim().is_empty() && !timed_out && t.visibility != Visibility::Hidden {
        r.details.stderr = Some(excerpt(stderr));
    }
}

/// A failed test's hint, and its arguments (calls) when the test is not hidden.
fn failure_details(r: &mut TestResult, t: &Test, sig: &crate::problem::FunctionSig) {
    if r.verdict != Verdict::AC && r.verdict != Verdict::SK {
        r.details.hint = t.hint_for(r.verdict.as_str());
        if t.visibility != Visibility::Hidden
            && let TestData::Function { args, .. } = &t.data
        {
            let key = if sig.class { "calls" } else { "args" };
            r.details.input = Some(format!("{key} = {}", value::show(args)));
        }
    }
}

/// The process limit, or the output limit, ended the process (not a time limit).
fn stopped_by_grader(raw: &RawOutcome) -> bool {
    raw.tasks_refused
        || matches!(
            raw.killed_by,
            Some(Killer::ProcessLimit | Killer::OutputLimit)
        )
}

/// A test of a file whose import failed: RE with the error, or OLE when it printed past the
/// output limit while being imported.
fn import_failed(r: &mut TestResult, imp: &Value, err: &str, build_prefix: &str) {
    if let Some(n) = imp.get("ole").and_then(Value::as_u64) {
        r.verdict = Verdict::OLE;
        r.message = format!("{} at import", size_vs("printed", n, r.limits.output));
        return;
    }
    r.verdict = Verdict::RE;
    r.message = if err.starts_with("the file defines no ") {
        format!("{err} (the name must match exactly)")
    } else if err.starts_with("class ") && err.contains(" has no method `") {
        // Java's harness: the method is there under another arity.
        err.to_string()
    } else {
        "importing your file failed (the error is in the top-level code)".into()
    };
    r.details.stderr = Some(err.replace(build_prefix, ""));
}

/// The problem's driver raised in its own code: a judge error at its line, never the answer's.
fn driver_failed(r: &mut TestResult, d: &Value) {
    let text = |k: &str| d.get(k).and_then(Value::as_str).unwrap_or("?");
    let error = text("error").lines().last().unwrap_or("?").to_string();
    r.verdict = Verdict::JE;
    r.message = format!(
        "the problem's driver failed at {}: {error} (the problem's bug, not the answer's)",
        text("at")
    );
    r.details.stderr = Some(text("traceback").to_string());
}

fn judge_record(
    t: &Test,
    r: &mut TestResult,
    rec: &Value,
    (sig, expected): (&crate::problem::FunctionSig, Expected),
    build_prefix: &str,
    check: Option<&Checked>,
) {
    let secs = |k: &str| {
        Duration::from_secs_f64(rec.get(k).and_then(Value::as_f64).unwrap_or(0.0).max(0.0))
    };
    r.time = secs("cpu");
    r.wall = secs("wall");
    let printed = rec.get("stdout").and_then(Value::as_str).unwrap_or("");
    if !printed.is_empty() {
        r.details.printed = Some(format!(
            "during the call (not graded): {}",
            cap(printed, 512)
        ));
    }
    if let Some(d) = rec.get("driver_failed") {
        driver_failed(r, d);
        return;
    }
    let visible = t.visibility != Visibility::Hidden;
    if let Some(n) = rec.get("ole").and_then(Value::as_u64) {
        r.verdict = Verdict::OLE;
        r.message = format!(
            "{} during the call; stopped",
            size_vs("printed", n, r.limits.output)
        );
    } else if rec.get("tle").is_some() || r.time > r.limits.cpu {
        r.verdict = Verdict::TLE;
        r.tle = Some(TleKind::Cpu);
        r.message = if rec.get("tle").is_some() {
            // Interrupted past the grace: a sure TLE, never graded again (one that ended within
            // the grace, judged by its time below, may be).
            r.killed_by = Some(Killer::CpuLimit);
            format!(
                "the call used its whole cpu limit of {} and was interrupted",
                human_secs(r.limits.cpu)
            )
        } else {
            format!(
                "the call used {}",
                crate::exec::versus::secs_vs("cpu", r.time, r.limits.cpu)
            )
        };
    } else if rec.get("mle").is_some() {
        r.verdict = Verdict::MLE;
        r.message = "MemoryError: the call ran out of memory".into();
    } else if let Some(err) = rec.get("error").and_then(Value::as_str) {
        // The typed class harnesses (Java, C++, Rust, C) give the failing call's index; the
        // message names it as the Python and JavaScript harnesses do themselves.
        let named;
        let err = match (rec.get("call").and_then(Value::as_u64), &t.data) {
            (Some(k), TestData::Function { args, .. }) if sig.class => {
                let last = err.lines().last().unwrap_or("an exception").to_string();
                let call = args
                    .get(k as usize)
                    .map_or_else(|| "?".to_string(), show_call);
                named = format!("{err}\ncall {}, {call}: {last}", k + 1);
                named.as_str()
            }
            _ => err,
        };
        r.verdict = Verdict::RE;
        // On a hidden test the exception's text could carry the input: only its type is shown.
        let last = err
            .lines()
            .last()
            .unwrap_or("the function raised an exception");
        // A class test's last line names the call with its arguments: the exception's own line
        // comes before it.
        let exception = if sig.class {
            err.lines().rev().nth(1).unwrap_or(last)
        } else {
            last
        };
        r.message = if visible {
            last.to_string()
        } else {
            format!(
                "{} on a hidden test",
                exception.split(':').next().unwrap_or("an exception")
            )
        };
        if visible {
            r.details.stderr = Some(err.replace(build_prefix, ""));
        }
    } else {
        let got = rec.get("value").cloned().unwrap_or(Value::Null);
        judge_value(r, t, sig, check, &got, visible);
        // The value is read by the report and `stress`: a failing test's, or every one of an
        // oracle's run.
        if r.verdict != Verdict::AC || expected == Expected::ThisRun {
            let text = got.to_string();
            r.details.obtained = (text.len() <= crate::exec::OBTAINED_MAX).then_some(text);
        }
    }
}

/// The verdict of a returned value `got`: by the problem's check function's result, or
/// compared with the test's expected value.
fn judge_value(
    r: &mut TestResult,
    t: &Test,
    sig: &crate::problem::FunctionSig,
    check: Option<&Checked>,
    got: &Value,
    visible: bool,
) {
    let TestData::Function { expected, .. } = &t.data else {
        return;
    };
    let options = t.compare.options();
    let tol = Tolerance {
        abs: options.float_abs,
        rel: options.float_rel,
    };
    let verdict = if let Some(checked) = check {
        match checked {
            Checked::Pass => Ok(()),
            Checked::Fail(msg) => Err(msg.clone()),
            Checked::Broken(msg) => {
                r.verdict = Verdict::JE;
                r.message = msg.lines().last().map_or_else(
                    || "the problem's check function failed".to_string(),
                    |l| format!("the problem's check function failed: {l}"),
                );
                r.details.stderr = Some(msg.clone());
                return;
            }
        }
    } else if sig.check.is_some() {
        match value::conforms(got, &sig.returns) {
            // Only a value of the wrong type never reaches the check function.
            Err(msg) => Err(format!("the return value {msg}")),
            Ok(()) => {
                r.verdict = Verdict::JE;
                r.message = "the problem's check function gave no result".into();
                return;
            }
        }
    } else if sig.class {
        compare_calls(sig, &t.data, expected, got, tol)
    } else {
        value::compare(expected, got, &sig.returns, tol, sig.unordered)
    };
    match verdict {
        Ok(()) => r.points = t.points,
        Err(msg) => {
            r.verdict = Verdict::WA;
            r.message = if visible {
                msg
            } else {
                "wrong answer on a hidden test".into()
            };
        }
    }
}

/// A class test: each call's result against its expected value, naming the first call that
/// differs (`call 3, get(1): expected 1, got -1`).
fn compare_calls(
    sig: &crate::problem::FunctionSig,
    data: &TestData,
    expected: &Value,
    got: &Value,
    tol: Tolerance,
) -> Result<(), String> {
    let TestData::Function { args: calls, .. } = data else {
        return Ok(());
    };
    let (Some(calls), Some(want), Some(got)) =
        (calls.as_array(), expected.as_array(), got.as_array())
    else {
        return Err(format!(
            "expected one result per call, got {}",
            value::show(got)
        ));
    };
    for (i, (call, (e, g))) in calls.iter().zip(want.iter().zip(got)).enumerate() {
        let items = call.as_array().map_or(&[][..], Vec::as_slice);
        let name = items.first().and_then(Value::as_str).unwrap_or("?");
        // A declared method's return type (float tolerance, types named in the message); else
        // (the constructor, a method returning nothing, an undeclared class) by shape.
        let any = crate::problem::types::ValueType::Any;
        let ty = match sig.method(name).and_then(|m| m.returns.as_ref()) {
            Some(ty) if i > 0 => ty,
            _ => &any,
        };
        if let Err(msg) = value::compare(e, g, ty, tol, false) {
            return Err(format!("call {}, {}: {msg}", i + 1, show_call(call)));
        }
    }
    if want.len() != got.len() {
        return Err(format!(
            "expected {} results, got {}",
            want.len(),
            got.len()
        ));
    }
    Ok(())
}

/// One call of a class test as the messages show it: `get(1)`.
fn show_call(call: &Value) -> String {
    let items = call.as_array().map_or(&[][..], Vec::as_slice);
    let name = items.first().and_then(Value::as_str).unwrap_or("?");
    let args: Vec<String> = items.iter().skip(1).map(value::show).collect();
    format!("{name}({})", args.join(", "))
}

/// What the problem's check function said of one returned value.
pub enum Checked {
    Pass,
    Fail(String),
    /// The check function itself failed (a judge error): its traceback.
    Broken(String),
}

const CHECK_RUNNER: &str = include_str!("harness/check.py");

/// Runs the problem's check function (Python, in the sandbox, in one process) on every test that
/// returned a value of the right type. Anything but a bool or `(bool, message)` from it is
/// [`Checked::Broken`], never the candidate's fault.
fn run_check(
    scratch: &Path,
    slot: &mut dyn Sandbox,
    python: &Path,
    check: &Path,
    tests: &[&Test],
    records: &HashMap<usize, Value>,
    sig: &crate::problem::FunctionSig,
) -> HashMap<usize, Checked> {
    let mut out = HashMap::new();
    let items: Vec<Value> = tests
        .iter()
        .filter_map(|t| {
            let rec = records.get(&t.index)?;
            let got = rec.get("value")?;
            if rec.get("tle").is_some() || value::conforms(got, &sig.returns).is_err() {
                return None;
            }
            let TestData::Function { args, expected } = &t.data else {
                return None;
            };
            Some(json!({"i": t.index, "args": args, "expected": expected, "got": got}))
        })
        .collect();
    if items.is_empty() {
        return out;
    }
    let broken_all = |out: &mut HashMap<usize, Checked>, msg: &str| {
        for it in &items {
            if let Some(i) = it["i"].as_u64() {
                out.insert(i as usize, Checked::Broken(msg.to_string()));
            }
        }
    };
    let dirs = match slot_dirs(scratch, 1) {
        Ok(d) => d,
        Err(e) => {
            broken_all(&mut out, &format!("cannot prepare its work folder: {e}"));
            return out;
        }
    };
    let nonce = nonce();
    let runner = dirs.root.join("grader_check.py");
    let spec_path = dirs.root.join("check.json");
    let spec = json!({"nonce": nonce, "items": items});
    if let Err(e) = std::fs::write(&runner, CHECK_RUNNER)
        .and_then(|()| std::fs::write(&spec_path, spec.to_string()))
    {
        broken_all(&mut out, &format!("cannot write its input: {e}"));
        return out;
    }
    let s = |p: &Path| p.display().to_string();
    let check = check.canonicalize().unwrap_or_else(|_| check.to_path_buf());
    let argv = vec![s(python), "-I".into(), s(&runner), s(&check)];
    let limits = crate::sandbox::Limits {
        cpu: Duration::from_secs(20),
        wall: Duration::from_secs(40),
        data: Some(1 << 30),
        stack: Some(libc::RLIM_INFINITY),
        file_size: Some(16 << 20),
        open_files: 256,
        memory: None,
        tasks: None,
        address_space: None,
    };
    // The check function is the problem author's program: trusted (not confined), like a checker.
    let job = Job::new(argv, &dirs.work, limits)
        .env(run_env(&dirs.work))
        .stdin(Some(spec_path))
        .streams(dirs.stdout.clone(), dirs.stderr.clone())
        .channel(dirs.channel.clone());
    let raw = match slot.run_or_recover(&job) {
        Ok(r) => r,
        Err(message) => {
            broken_all(&mut out, &message);
            return out;
        }
    };
    let channel = std::fs::read(&dirs.channel).unwrap_or_default();
    for line in String::from_utf8_lossy(&channel).lines() {
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if v.get("nonce").and_then(Value::as_str) != Some(nonce.as_str()) {
            continue;
        }
        if let Some(err) = v.get("import_error").and_then(Value::as_str) {
            broken_all(&mut out, &format!("loading it failed:\n{err}"));
            return out;
        }
        let Some(i) = v.get("i").and_then(Value::as_u64) else {
            continue;
        };
        let checked = if let Some(err) = v.get("error").and_then(Value::as_str) {
            Checked::Broken(err.to_string())
        } else if v.get("ok").and_then(Value::as_bool) == Some(true) {
            Checked::Pass
        } else {
            let msg = v.get("message").and_then(Value::as_str).unwrap_or("");
            Checked::Fail(if msg.is_empty() {
                "the problem's check function rejected the return value".into()
            } else {
                msg.to_string()
            })
        };
        out.insert(i as usize, checked);
    }
    // Items it never reached: it died or ran out of time.
    let why = format!(
        "it ended before deciding this test ({})\n{}",
        match (raw.exit_code, raw.signal) {
            (_, Some(sig)) => format!("signal {sig}"),
            (Some(c), None) => format!("exit {c}"),
            _ => "killed".to_string(),
        },
        head(&dirs.stderr, 2048)
    );
    for it in &items {
        if let Some(i) = it["i"].as_u64() {
            out.entry(i as usize)
                .or_insert_with(|| Checked::Broken(why.clone()));
        }
    }
    out
}

/// A function answer: the candidate's function, called on each test's arguments by a harness
/// generated for its language from the problem's signature, every test in one process.
pub struct Function<'a>(Sandboxed<'a>);

impl<'a> Function<'a> {
    pub fn new(answer: Answer<'a>) -> Self {
        Function(Sandboxed::new(answer))
    }
}

/// Why a function answer in `lang` cannot be graded, if it cannot: no harness for its
/// signature in that language, or none for the language at all.
fn refused(problem: &Problem, lang: &Language) -> Option<String> {
    let sig = problem.function.as_ref()?;
    match harness::files(&lang.id, sig, "solution", "") {
        Err(why) => Some(why),
        Ok(_) if lang.function_run.is_none() => Some(format!(
            "function answers in {} are not supported yet; write the function in Python, JavaScript, Java, C++, Rust or C",
            lang.name
        )),
        Ok(_) => None,
    }
}

impl Function<'_> {
    /// The compile error for a file that is empty or never names the function (see
    /// [`names`]); not for class problems, whose names differ per language.
    fn missing_function(&self, sig: &crate::problem::FunctionSig) -> Option<String> {
        let a = &self.0.answer;
        if sig.class || !a.files.is_empty() {
            return None;
        }
        let source = std::fs::read_to_string(a.file).ok()?;
        let file_name = a.file.file_name()?.to_string_lossy();
        let name = harness::function_name(&a.lang.id, &sig.name);
        names::missing(&a.lang.id, &file_name, &source, &name)
    }
}

impl AnswerKind for Function<'_> {
    fn limits(&self, l: &TestLimits) -> Effective {
        effective(l, self.0.answer.lang)
    }

    fn scaling(&self) -> String {
        scaling_text(self.0.answer.problem, self.0.answer.lang)
    }

    fn describe(
        &mut self,
        notes: &mut Vec<String>,
    ) -> Result<std::result::Result<LanguageInfo, String>> {
        // The problem's own driver and check function were checked once, when the command
        // loaded the problem (`kinds::check_problem`).
        self.0.describe(notes)
    }

    fn prepare(&mut self, _notes: &mut Vec<String>) -> Result<Prepared> {
        let (problem, lang) = (self.0.answer.problem, self.0.answer.lang);
        if let Some(why) = refused(problem, lang) {
            return Ok(Prepared::JudgeError(why));
        }
        let sig = problem.function.as_ref();
        if let Some(message) = sig.and_then(|sig| self.missing_function(sig)) {
            return Ok(Prepared::CompileError {
                message,
                time: Duration::ZERO,
            });
        }
        let generate = |file_name: &str, source: &str| {
            sig.and_then(|sig| harness::files(&lang.id, sig, file_name, source).ok())
                .unwrap_or_default()
        };
        let harness = sig.map(|_| &generate as crate::lang::Harness);
        let prepared = self.0.prepare(harness)?;
        let a = &self.0.answer;
        Ok(match (prepared, sig, a.file.file_name()) {
            (Prepared::CompileError { message, time }, Some(sig), Some(file_name)) => {
                let name = harness::function_name(&lang.id, &sig.name);
                let file_name = file_name.to_string_lossy();
                let message =
                    names::bridge_error(&lang.id, &file_name, &message, &name).unwrap_or(message);
                Prepared::CompileError { message, time }
            }
            (prepared, ..) => prepared,
        })
    }

    fn schedule(&self) -> Schedule {
        Schedule {
            units: Units::OneProcess,
            sandboxed: true,
            rerun_borderline: false,
        }
    }

    fn run(&self, slot: Option<&mut dyn Sandbox>, tests: &[&Test], stop: Stop) -> Vec<Ran> {
        match (self.0.ready(), slot) {
            (Some(ready), Some(slot)) => run_batch(ready, slot, tests, stop),
            _ => tests
                .iter()
                .map(|t| Ran::Judged(super::stdio::not_ready(self, t)))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::{borderline, tests::function_test};
    use crate::problem::FunctionSig;
    use crate::problem::types::ValueType;

    fn int_sig() -> FunctionSig {
        FunctionSig::plain("f", Vec::new(), ValueType::Int)
    }

    fn limits() -> Effective {
        Effective {
            cpu: Duration::from_secs(2),
            wall: Duration::from_secs(4),
            memory: 1 << 30,
            output: 1 << 20,
            runtime_memory: 0,
            refuse_allocations: false,
            jury: false,
        }
    }

    #[test]
    fn only_failing_values_and_an_oracles_values_are_kept() {
        let (sig, lim) = (int_sig(), limits());
        let kept = |expected: Value, value: i64, mode: Expected| {
            let mut t = function_test();
            t.data = TestData::Function {
                args: json!([]),
                expected,
            };
            let mut r = TestResult::skipped(&t, None, lim, String::new());
            r.verdict = Verdict::AC;
            let rec = json!({"i": 0, "value": value, "cpu": 0.1, "wall": 0.1});
            judge_record(&t, &mut r, &rec, (&sig, mode), "", None);
            (r.verdict, r.details.obtained)
        };
        assert_eq!(kept(json!(3), 3, Expected::Tests), (Verdict::AC, None));
        assert_eq!(
            kept(json!(3), 4, Expected::Tests),
            (Verdict::WA, Some("4".into()))
        );
        // An oracle's run (`stress`'s reference) keeps every value, pass or fail.
        assert_eq!(
            kept(json!(3), 3, Expected::ThisRun),
            (Verdict::AC, Some("3".into()))
        );
        assert_eq!(kept(Value::Null, 5, Expected::ThisRun).1, Some("5".into()));
        // A test that expects null is an ordinary test: an accepted null is not kept.
        let mut sig = int_sig();
        sig.returns = crate::problem::types::ValueType::Optional(Box::new(ValueType::Int));
        let mut t = function_test();
        t.data = TestData::Function {
            args: json!([]),
            expected: Value::Null,
        };
        let mut r = TestResult::skipped(&t, None, lim, String::new());
        r.verdict = Verdict::AC;
        let rec = json!({"i": 0, "value": null, "cpu": 0.1, "wall": 0.1});
        judge_record(&t, &mut r, &rec, (&sig, Expected::Tests), "", None);
        assert_eq!((r.verdict, r.details.obtained), (Verdict::AC, None));
    }

    #[test]
    fn an_interrupted_call_is_a_sure_timeout_and_a_late_one_is_borderline() {
        let t = function_test();
        let (sig, lim) = (int_sig(), limits());
        let judged = |rec: Value| {
            let mut r = TestResult::skipped(&t, None, lim, String::new());
            judge_record(&t, &mut r, &rec, (&sig, Expected::Tests), "", None);
            r
        };
        // Stopped by the harness at the limit plus the grace: never graded again.
        let r = judged(json!({"i": 0, "tle": true, "cpu": 2.4, "wall": 2.5}));
        assert_eq!(r.verdict, Verdict::TLE);
        assert_eq!(r.killed_by, Some(Killer::CpuLimit));
        assert!(!borderline(&r), "{r:?}");
        // Returned within the grace, over the limit: worth grading again alone.
        let r = judged(json!({"i": 0, "value": 1, "cpu": 2.1, "wall": 2.2}));
        assert_eq!(r.verdict, Verdict::TLE);
        assert!(r.killed_by.is_none());
        assert!(borderline(&r), "{r:?}");
    }
}
