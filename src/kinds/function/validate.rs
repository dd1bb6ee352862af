//! The problem's own code checked before any answer runs: a Python driver's
//! `run(solution, *args)` must take the candidate's function and each test's arguments, and a
//! check function `check(args, expected, got)` its three; a JavaScript driver must export a
//! `run` of no more parameters than that. The Python files are read as syntax trees
//! (`harness/validate.py`), never run, so a driver that configures Django costs nothing here;
//! the JavaScript driver is loaded by Node.js (`harness/validate.js`), as the run would. A mismatch is a spec error (exit 2) naming the
//! file, the line and the fix; a file this cannot decide (a decorated `run`, an imported one, no
//! Python on the host) is left to the run. It runs once per problem, before any answer of it
//! is graded: each command that grades calls [`problem_code`] when it loads the problem.

use crate::error::{Error, Result};
use crate::exec::{Scratch, run_env, slot_dirs};
use crate::lang::Table;
use crate::problem::{FunctionSig, Problem};
use crate::sandbox::{Job, Pool};
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

const PYTHON_CHECK: &str = include_str!("harness/validate.py");
const NODE_CHECK: &str = include_str!("harness/validate.js");

/// One function of the problem's code that the grader calls.
struct Entry<'a> {
    file: &'a Path,
    /// `run` or `check`.
    function: &'static str,
    /// The arguments the grader passes.
    count: usize,
    /// What the grader passes, for the message: `solution, scenario`.
    call: String,
    what: &'static str,
    /// `python3` or `javascript`.
    lang: &'static str,
}

/// Checks the problem's drivers and check function (see the module's doc); nothing for a
/// problem of another kind.
pub fn problem_code(problem: &Problem, table: &Table, pool: &dyn Pool) -> Result<()> {
    let Some(sig) = problem.function.as_ref() else {
        return Ok(());
    };
    let todo = entries(sig);
    if todo.is_empty() {
        return Ok(());
    }
    // Without a work folder or a sandbox slot, the run itself fails and says why.
    let (Ok(scratch), Ok(mut slot)) = (Scratch::new(), pool.slot()) else {
        return Ok(());
    };
    for e in &todo {
        // Without the language's toolchain, the run says so (a judge error) later.
        let Some(tool) = table
            .get(e.lang)
            .ok()
            .and_then(|l| crate::lang::toolchain(l).ok())
            .map(|tc| tc.tool.path)
        else {
            continue;
        };
        let (name, text) = match e.lang {
            "javascript" => ("grader_validate.js", NODE_CHECK),
            _ => ("grader_validate.py", PYTHON_CHECK),
        };
        let runner = scratch.path().join(name);
        if std::fs::write(&runner, text).is_err() {
            continue;
        }
        match ask(&mut *slot, scratch.path(), &tool, &runner, e) {
            Said::Fits | Said::Unknown => {}
            Said::Wrong(message) => return Err(Error::spec(message)),
        }
    }
    Ok(())
}

/// The functions of the problem's code the grader calls, with what it passes them.
fn entries(sig: &FunctionSig) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    for lang in ["python3", "javascript"] {
        let Some(driver) = sig.drivers.get(lang) else {
            continue;
        };
        // The parameters by the names the language's harness gives them.
        let mut call = vec!["solution".to_string()];
        call.extend(
            sig.params
                .iter()
                .map(|(n, _)| super::harness::function_name(lang, n)),
        );
        out.push(Entry {
            file: driver,
            function: "run",
            count: call.len(),
            call: call.join(", "),
            what: "the driver",
            lang,
        });
    }
    if let Some(check) = &sig.check {
        out.push(Entry {
            file: check,
            function: "check",
            count: 3,
            call: "args, expected, got".into(),
            what: "the check function",
            lang: "python3",
        });
    }
    out
}

/// What the check said of one file.
enum Said {
    Fits,
    Unknown,
    Wrong(String),
}

/// Runs the check on one file (in the sandbox; the file is only parsed).
fn ask(
    slot: &mut dyn crate::sandbox::Sandbox,
    scratch: &Path,
    tool: &Path,
    runner: &Path,
    e: &Entry,
) -> Said {
    let Ok(dirs) = slot_dirs(scratch, 0) else {
        return Said::Unknown;
    };
    let s = |p: &Path| p.display().to_string();
    let file = s(&e
        .file
        .canonicalize()
        .unwrap_or_else(|_| e.file.to_path_buf()));
    let argv = match e.lang {
        "javascript" => vec![s(tool), s(runner), file, e.count.to_string()],
        _ => vec![
            s(tool),
            "-I".into(),
            "-S".into(),
            s(runner),
            e.function.into(),
            file,
            e.count.to_string(),
        ],
    };
    let limits = crate::sandbox::Limits {
        cpu: Duration::from_secs(10),
        wall: Duration::from_secs(20),
        data: Some(1 << 30),
        stack: None,
        file_size: Some(1 << 20),
        open_files: 64,
        memory: None,
        tasks: None,
        address_space: None,
    };
    let job = Job::new(argv, &dirs.work, limits)
        .env(run_env(&dirs.work))
        .streams(dirs.stdout.clone(), dirs.stderr.clone());
    if slot.run_or_recover(&job).is_err() {
        return Said::Unknown;
    }
    let out = std::fs::read_to_string(&dirs.stdout).unwrap_or_default();
    let Ok(v) = serde_json::from_str::<Value>(out.trim()) else {
        return Said::Unknown;
    };
    judge(e, &v)
}

/// The message for what the check found.
fn judge(e: &Entry, v: &Value) -> Said {
    let line = v.get("line").and_then(Value::as_u64).unwrap_or(0);
    let at = match (line, v.get("col").and_then(Value::as_u64)) {
        (0, _) => format!("{}", e.file.display()),
        (l, Some(c)) if c > 0 => format!("{}:{l}:{c}", e.file.display()),
        (l, _) => format!("{}:{l}", e.file.display()),
    };
    let (def, fix) = match e.lang {
        "javascript" => ("function", format!("function {}({})", e.function, e.call)),
        _ => ("def", format!("def {}({}):", e.function, e.call)),
    };
    let Some(error) = v.get("error").and_then(Value::as_str) else {
        return if v.get("ok").and_then(Value::as_bool) == Some(true) {
            Said::Fits
        } else {
            Said::Unknown
        };
    };
    if error != "mismatch" {
        let what = e.what;
        return Said::Wrong(if error.starts_with("defines no function") {
            format!("{at}: {what} {error}: write `{fix}` at the top level")
        } else if error.starts_with("exports no function") {
            format!(
                "{at}: {what} {error}; write `{fix} {{ ... }}` and `module.exports = {{ run }};`"
            )
        } else {
            format!("{at}: {what} {error}")
        });
    }
    let params: Vec<&str> = v
        .get("params")
        .and_then(Value::as_array)
        .map(|p| p.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let given = match e.function {
        "run" => format!(
            "the candidate's function and each test's {} argument(s)",
            e.count - 1
        ),
        _ => "the test's arguments, its expected value and the answer's value".to_string(),
    };
    Said::Wrong(format!(
        "{at}: {} `{def} {}({})` {}, {}({}) ({given}); write `{fix}`",
        e.what,
        e.function,
        params.join(", "),
        if e.lang == "javascript" {
            "takes more parameters than the grader passes"
        } else {
            "cannot be called as the grader calls it"
        },
        e.function,
        e.call,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(lang: &'static str, function: &'static str) -> Entry<'static> {
        Entry {
            file: Path::new("p/harness/d"),
            function,
            count: if function == "run" { 2 } else { 3 },
            call: if function == "run" {
                "solution, s".into()
            } else {
                "args, expected, got".into()
            },
            what: if function == "run" {
                "the driver"
            } else {
                "the check function"
            },
            lang,
        }
    }

    fn said(e: &Entry, v: Value) -> String {
        match judge(e, &v) {
            Said::Wrong(m) => m,
            Said::Fits => "fits".into(),
            Said::Unknown => "unknown".into(),
        }
    }

    #[test]
    fn what_the_check_found_is_a_message_with_the_place_and_the_fix() {
        let py = entry("python3", "run");
        assert_eq!(said(&py, json!({"ok": true, "line": 3})), "fits");
        assert_eq!(said(&py, json!({"unknown": "decorated"})), "unknown");
        assert_eq!(said(&py, json!("garbage")), "unknown");
        assert_eq!(
            said(
                &py,
                json!({"error": "mismatch", "params": ["f"], "line": 7})
            ),
            "p/harness/d:7: the driver `def run(f)` cannot be called as the grader calls it, run(solution, s) (the candidate's function and each test's 1 argument(s)); write `def run(solution, s):`"
        );
        assert_eq!(
            said(
                &py,
                json!({"error": "defines no function `run`", "line": 0})
            ),
            "p/harness/d: the driver defines no function `run`: write `def run(solution, s):` at the top level"
        );
        assert_eq!(
            said(
                &py,
                json!({"error": "is not valid Python 3: invalid syntax", "line": 2, "col": 5})
            ),
            "p/harness/d:2:5: the driver is not valid Python 3: invalid syntax"
        );
        let check = entry("python3", "check");
        assert!(
            said(
                &check,
                json!({"error": "mismatch", "params": ["a", "b"], "line": 1})
            )
            .ends_with("write `def check(args, expected, got):`")
        );
        let js = entry("javascript", "run");
        assert_eq!(
            said(
                &js,
                json!({"error": "mismatch", "params": ["f", "a", "b"], "line": 4})
            ),
            "p/harness/d:4: the driver `function run(f, a, b)` takes more parameters than the grader passes, run(solution, s) (the candidate's function and each test's 1 argument(s)); write `function run(solution, s)`"
        );
    }
}
