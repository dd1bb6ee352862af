//! Memory like the jury's on an ICPC/Kattis package (`tests/fixtures/kattis/memory-limit`, a
//! 256 MiB limit and a 6 s time limit): a C++ program that allocates 2 GB with `new`, one whose
//! vector grows past the limit and one whose recursion puts 1.8 GB of arrays on the stack fail at
//! once (well under a third of the time limit) with their peak and the limit as evidence, with a
//! cgroup and without one (where only the address-space limit stops the stack); Java and Python
//! still start under the same limit and are accepted, their peak reported; `verify` agrees with
//! the jury (RTE for the three, AC for the rest).

use super::{Env, parse_report};
use serde_json::Value;

const PKG: &str = "tests/fixtures/kattis/memory-limit";

fn run(env: &Env, submission: &str, level: Option<&str>) -> (i32, Value) {
    let mut cmd = env.grader();
    cmd.args(["run", PKG, &format!("{PKG}/submissions/{submission}")])
        .args(["--format", "json"]);
    if let Some(level) = level {
        cmd.args(["--sandbox", level]);
    }
    parse_report(&cmd.output().unwrap())
}

/// Whether `tool` is on PATH (Java and PyPy may be missing on a machine).
fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(tool).is_file()))
}

#[test]
fn allocations_past_the_limit_fail_at_once_with_the_peak() {
    let env = Env::new();
    // The default level (a cgroup where there is one) and `basic` (never one: RLIMIT_AS alone).
    for level in [None, Some("basic")] {
        for sub in [
            "run_time_error/new_2g.cpp",
            "run_time_error/vector_growth.cpp",
            "run_time_error/stack_arrays.cpp",
        ] {
            let (code, r) = run(&env, sub, level);
            let what = format!("{sub} at {level:?}: {r:#}");
            assert_eq!(code, 1, "{what}");
            // The jury's RTE: a refused allocation (MLE with its evidence) or the crash it causes.
            assert!(
                ["MLE", "RE"].contains(&r["verdict"].as_str().unwrap()),
                "{what}"
            );
            for t in r["tests"].as_array().unwrap() {
                assert!(
                    ["MLE", "RE"].contains(&t["verdict"].as_str().unwrap()),
                    "{what}"
                );
                // At once: within a third of the 6 s time limit (about 0.2 s alone here; the
                // margin is for two busy cores), where running on to it would be TLE.
                let wall = t["wall_s"].as_f64().unwrap();
                assert!(wall < 2.0, "wall {wall} s: {what}");
                // Stopped at the limit plus C++'s 16 MiB allowance, not where it was going.
                let peak = t["memory_bytes"].as_u64().unwrap();
                assert!(peak <= (256 + 16) << 20, "peak {peak}: {what}");
                let msg = t["message"].as_str().unwrap();
                assert!(msg.contains("peak") && msg.contains("256 MiB"), "{what}");
            }
        }
    }
    env.assert_clean();
}

#[test]
fn java_and_python_still_start_under_the_limit() {
    let env = Env::new();
    for (sub, tool) in [
        ("accepted/Echo.java", "java"),
        ("accepted/echo.py", "python3"),
        ("accepted/echo.cpp", "g++"),
    ] {
        if !on_path(tool) {
            super::skipped(&format!("{tool} is not installed: {sub} not run"));
            continue;
        }
        let (code, r) = run(&env, sub, None);
        assert_eq!(
            (code, r["verdict"].as_str()),
            (0, Some("AC")),
            "{sub}: {r:#}"
        );
        for t in r["tests"].as_array().unwrap() {
            // The peak is measured and reported, under the limit.
            let peak = t["memory_bytes"].as_u64().unwrap();
            assert!(peak > 0 && peak < 256 << 20, "{sub}: {peak}");
        }
    }
    env.assert_clean();
}

#[test]
fn verify_agrees_with_the_jury() {
    let env = Env::new();
    let out = env.grader().args(["verify", PKG]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    for sub in ["new_2g.cpp", "vector_growth.cpp", "stack_arrays.cpp"] {
        let line = text.lines().find(|l| l.ends_with(sub)).unwrap();
        assert!(line.starts_with("RTE      RTE      ok"), "{text}");
    }
    let line = text.lines().find(|l| l.ends_with("Echo.java")).unwrap();
    if on_path("java") {
        assert!(line.starts_with("AC       AC       ok"), "{text}");
    }
    assert!(
        !text.contains(" DISAGREE") && !text.contains("disagree"),
        "{text}"
    );
    env.assert_clean();
}
