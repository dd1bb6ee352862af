//! One submission per verdict on the `sum` fixture: verdict, evidence, nothing left behind.

use crate::{Env, test, verdicts};

#[test]
fn accepted_python_and_c() {
    for sub in ["ac.py", "ac.c"] {
        let env = Env::new();
        let (code, r) = env.run_json("sum", sub, &[]);
        assert_eq!(code, 0, "{r:#}");
        assert_eq!(r["verdict"], "AC");
        assert_eq!(r["score"], 2.0);
        assert_eq!(r["max_score"], 2.0);
        assert_eq!(r["format_version"], 1);
        assert!(r["sandbox"]["level"].is_string());
        let grader = r["grader"]["peak_rss_bytes"].as_u64().unwrap();
        for t in r["tests"].as_array().unwrap() {
            assert_eq!(t["verdict"], "AC");
            assert_eq!(t["points"], 1);
            let mem = t["memory_bytes"].as_u64().unwrap();
            // A cgroup counts only the program's own pages (a C program: a few hundred KiB).
            assert!(mem > 100_000 && mem < 64 << 20, "peak memory {mem}");
            if sub == "ac.c" {
                // Measured through a small, freshly exec'd helper: not seeded with the grader's
                // own RSS (the helper's few MiB are the floor; the helper is this binary, whose
                // debug build's floor reached 12.2 MiB as the commands grew).
                assert!(
                    mem < 16 << 20 && mem < grader,
                    "peak {mem}, grader {grader}"
                );
            }
            assert!(t["time_s"].as_f64().unwrap() < 0.5);
        }
        env.assert_clean();
    }
}

#[test]
fn wrong_answer_explains_itself() {
    let env = Env::new();
    let (code, r) = env.run_json("sum", "wa.py", &[]);
    assert_eq!(code, 1);
    assert_eq!(r["verdict"], "WA");
    assert_eq!(r["score"], 1.0);
    assert_eq!(r["first_failure"], "negative");
    let t = test(&r, "negative");
    assert_eq!(t["verdict"], "WA");
    assert!(
        t["message"].as_str().unwrap().contains("line 1, column 1"),
        "{t:#}"
    );
    assert_eq!(t["details"]["mismatch"]["expected"], "-2");
    assert_eq!(t["details"]["mismatch"]["actual"], "8");
    assert_eq!(t["details"]["hint"], "the numbers may be negative");
    assert!(t["details"]["input"].as_str().unwrap().contains("-5 3"));
    env.assert_clean();
}

#[test]
fn tle_cpu_is_killed_at_the_cpu_limit() {
    let env = Env::new();
    // `--all` (here and in the two tests below): every test runs to its limit, however many
    // CPUs the tests have; on one, `run`'s quick rule probes the tests after a TLE.
    let (code, r) = env.run_json("sum-slow-wall", "tle_cpu.c", &["--all"]);
    assert_eq!(code, 1);
    assert_eq!(r["verdict"], "TLE");
    for t in r["tests"].as_array().unwrap() {
        assert_eq!(t["verdict"], "TLE");
        assert_eq!(t["tle"], "cpu");
        assert_eq!(t["killed_by"], "cpu-limit");
        let cpu = t["time_s"].as_f64().unwrap();
        assert!(cpu > 0.5 && cpu < 1.5, "cpu {cpu}");
        assert!(t["message"].as_str().unwrap().contains("> limit 0.50s"));
    }
    env.assert_clean();
}

#[test]
fn tle_wall_for_a_sleeping_program() {
    let env = Env::new();
    let (code, r) = env.run_json("sum", "tle_wall.py", &["--all"]);
    assert_eq!(code, 1);
    for t in r["tests"].as_array().unwrap() {
        assert_eq!(t["verdict"], "TLE");
        assert_eq!(t["tle"], "wall");
        assert_eq!(t["killed_by"], "wall-limit");
        assert!(
            t["time_s"].as_f64().unwrap() < 0.5,
            "a sleeper uses little cpu"
        );
        assert!(t["wall_s"].as_f64().unwrap() >= 1.5);
    }
    env.assert_clean();
}

#[test]
fn mle_from_peak_and_from_a_refused_allocation() {
    let env = Env::new();
    let (_, r) = env.run_json("sum", "mle.c", &[]);
    assert_eq!(r["verdict"], "MLE", "{r:#}");
    let t = test(&r, "small");
    assert!(t["memory_bytes"].as_u64().unwrap() >= 60 << 20);
    assert!(t["message"].as_str().unwrap().contains("64 MiB"));
    let (_, r) = env.run_json("sum", "mle.py", &[]);
    assert_eq!(r["verdict"], "MLE", "{r:#}");
    // A refused allocation (MemoryError) without a cgroup; the OOM kill with one.
    let msg = test(&r, "small")["message"].as_str().unwrap().to_string();
    assert!(
        msg.contains("MemoryError") || msg.contains("killed by the OOM killer"),
        "{msg}"
    );
    env.assert_clean();
}

#[test]
fn refuse_allocations_makes_an_allocation_past_the_limit_fail() {
    // The `sum` problem with `refuse_allocations = true`: Python's allocation fails with a
    // MemoryError even where a cgroup would otherwise let it through to an OOM kill.
    let env = Env::new();
    let dir = env.tmp.path().join("sum-refusing");
    crate::copy_tree(&crate::root().join("tests/fixtures/problems/sum"), &dir);
    let spec = std::fs::read_to_string(dir.join("problem.toml"))
        .unwrap()
        .replace(
            "output = \"1MiB\"\n",
            "output = \"1MiB\"\nrefuse_allocations = true\n",
        );
    assert!(spec.contains("refuse_allocations = true"));
    std::fs::write(dir.join("problem.toml"), spec).unwrap();
    let out = env
        .grader()
        .args([
            "run",
            dir.to_str().unwrap(),
            "tests/fixtures/submissions/mle.py",
        ])
        .args(["--format", "json", "--tests", "small"])
        .output()
        .unwrap();
    let (code, r) = crate::parse_report(&out);
    assert_eq!(code, 1, "{r:#}");
    assert_eq!(r["verdict"], "MLE", "{r:#}");
    let msg = test(&r, "small")["message"].as_str().unwrap().to_string();
    assert!(msg.contains("MemoryError"), "{msg}");
    std::fs::remove_dir_all(&dir).unwrap();
    env.assert_clean();
}

#[test]
fn time_factors_false_gives_every_language_the_problem_s_own_limit() {
    // `sum` allows 500 ms of CPU: Python gets 1 s under its factor of 2, and 500 ms with
    // `time_factors = false` (the wall limit is fixed at 1500 ms either way).
    let env = Env::new();
    let dir = env.tmp.path().join("sum-one-limit");
    crate::copy_tree(&crate::root().join("tests/fixtures/problems/sum"), &dir);
    let cpu = |dir: &std::path::Path| {
        let out = env
            .grader()
            .args([
                "run",
                dir.to_str().unwrap(),
                "tests/fixtures/submissions/ac.py",
            ])
            .args(["--format", "json", "--tests", "small"])
            .output()
            .unwrap();
        let (code, r) = crate::parse_report(&out);
        assert_eq!(code, 0, "{r:#}");
        r["limits"]["time_s"].as_f64().unwrap()
    };
    assert_eq!(cpu(&dir), 1.0);
    let spec = std::fs::read_to_string(dir.join("problem.toml"))
        .unwrap()
        .replace(
            "output = \"1MiB\"\n",
            "output = \"1MiB\"\ntime_factors = false\n",
        );
    assert!(spec.contains("time_factors = false"));
    std::fs::write(dir.join("problem.toml"), spec).unwrap();
    assert_eq!(cpu(&dir), 0.5);
    std::fs::remove_dir_all(&dir).unwrap();
    env.assert_clean();
}

#[test]
fn ole_while_streaming_with_a_small_grader() {
    let env = Env::new();
    let started = std::time::Instant::now();
    let (code, r) = env.run_json("sum", "ole.c", &["--no-cache"]);
    assert_eq!(code, 1);
    assert_eq!(r["verdict"], "OLE");
    for t in r["tests"].as_array().unwrap() {
        assert_eq!(t["verdict"], "OLE");
        assert!(t["output_bytes"].as_u64().unwrap() <= (1 << 20) + 1);
        // Stopped while writing (the benchmark measures the time: ~10 ms); generous for busy CI.
        assert!(t["wall_s"].as_f64().unwrap() < 5.0);
    }
    assert!(started.elapsed().as_secs() < 30);
    // The output streams through: the grader's own peak stays within a few MiB of its peak on
    // an accepted run of the same problem (the code's own pages, which grow with the binary,
    // are in both), never near the 1 MiB it was sent times the tests.
    let grader_rss = r["grader"]["peak_rss_bytes"].as_u64().unwrap();
    let (_, ac) = env.run_json("sum", "ac.c", &["--no-cache"]);
    assert_eq!(ac["verdict"], "AC", "{ac:#}");
    let baseline = ac["grader"]["peak_rss_bytes"].as_u64().unwrap();
    assert!(
        grader_rss < baseline + (4 << 20),
        "grader peak {grader_rss} on the flood against {baseline} on an accepted run"
    );
    env.assert_clean();
}

#[test]
fn runtime_errors_by_signal_and_by_exit_code() {
    let env = Env::new();
    let (_, r) = env.run_json("sum", "re_signal.c", &[]);
    let t = test(&r, "small");
    assert_eq!(t["verdict"], "RE");
    assert_eq!(t["signal"], 11);
    assert!(t["message"].as_str().unwrap().contains("SIGSEGV"));
    let (_, r) = env.run_json("sum", "re_exit.py", &[]);
    let t = test(&r, "small");
    assert_eq!(t["verdict"], "RE");
    assert_eq!(t["exit_code"], 3);
    env.assert_clean();
}

#[test]
fn exit_137_after_correct_output_is_re_not_tle_or_mle() {
    let env = Env::new();
    let (_, r) = env.run_json("sum", "exit137.c", &[]);
    for t in r["tests"].as_array().unwrap() {
        assert_eq!(t["verdict"], "RE");
        assert_eq!(t["exit_code"], 137);
        assert!(t["signal"].is_null());
        assert!(t["killed_by"].is_null());
        assert!(t["message"].as_str().unwrap().contains("exit code 137"));
    }
    env.assert_clean();
}

#[test]
fn compile_error_points_at_the_candidates_file() {
    let env = Env::new();
    let (code, r) = env.run_json("sum", "ce.c", &[]);
    assert_eq!(code, 1);
    assert_eq!(r["verdict"], "CE");
    let msg = r["message"].as_str().unwrap();
    assert!(msg.contains("ce.c:3:"), "{msg}");
    assert!(
        !msg.contains(&env.cache.path().display().to_string()),
        "{msg}"
    );
    assert_eq!(r["score"], 0.0);
    env.assert_clean();
}

#[test]
fn sigterm_ignoring_spinner_is_killed() {
    let env = Env::new();
    let (_, r) = env.run_json("sum-slow-wall", "sigterm_spinner.c", &["--all"]);
    assert_eq!(verdicts(&r), ["TLE", "TLE"]);
    env.assert_clean();
}

#[test]
fn double_forked_daemon_does_not_survive() {
    let env = Env::new();
    let (code, r) = env.run_json("sum", "daemon.c", &[]);
    assert_eq!(code, 0, "{r:#}");
    env.assert_clean();
    std::thread::sleep(std::time::Duration::from_millis(2500));
    env.assert_clean();
}

#[test]
fn fail_fast_skips_later_tests() {
    let env = Env::new();
    let (_, r) = env.run_json("sum", "tle_cpu.c", &["--fail-fast", "-j", "1"]);
    assert_eq!(verdicts(&r), ["TLE", "SK"]);
    assert_eq!(r["verdict"], "TLE");
    env.assert_clean();
}

#[test]
#[expect(
    clippy::disallowed_methods,
    reason = "the test must hold the grader's pid to signal it"
)]
fn ctrl_c_leaves_nothing_behind() {
    let env = Env::new();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("grader"));
    cmd.current_dir(crate::root())
        .env("GRADER_CACHE_DIR", env.cache.path())
        .env("TMPDIR", env.tmp.path())
        .env("GRADER_STATE_DIR", env.state.path())
        .args([
            "run",
            &crate::fixture_problem("sum"),
            &crate::fixture_submission("tle_wall.py"),
        ])
        .stdout(std::process::Stdio::null());
    let child = cmd.spawn().expect("spawn grader");
    // Wait until the submission is running, then interrupt.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while env.leftovers().iter().all(|p| !p.contains("tle_wall")) {
        assert!(
            std::time::Instant::now() < deadline,
            "submission never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // SAFETY: sending SIGINT to the child we spawned.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let out = child.wait_with_output().expect("wait grader");
    assert_eq!(out.status.code(), Some(130));
    env.assert_clean();
}

#[test]
fn every_language_runs_under_the_memory_limit() {
    // Java and Node reserve far more address space than they use: they must still run (and be
    // accepted) at a 64 MiB limit, which RLIMIT_AS would break.
    let env = Env::new();
    for sub in ["Sum.java", "sum.js", "sum.cpp", "sum.rs"] {
        let (code, r) = env.run_json("sum", sub, &[]);
        assert_eq!(code, 0, "{sub}: {r:#}");
        assert_eq!(r["verdict"], "AC", "{sub}");
    }
    for (sub, marker) in [
        ("Hog.java", "OutOfMemoryError"),
        ("hog.js", "heap out of memory"),
    ] {
        let (_, r) = env.run_json("sum", sub, &[]);
        assert_eq!(r["verdict"], "MLE", "{sub}: {r:#}");
        assert!(
            test(&r, "small")["message"]
                .as_str()
                .unwrap()
                .contains(marker),
            "{sub}: {r:#}"
        );
    }
    env.assert_clean();
}
