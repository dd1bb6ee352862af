//! A grader killed with SIGKILL (no clean-up of its own runs) leaves its state behind: scratch
//! and staging folders, a build's work folder, a running PostgreSQL cluster. The next run finds
//! it by its owner record (a grader that is gone) and removes it; `grader doctor` lists it.
//! Each test kills the grader at one point (mid-compile, mid-SQL on PostgreSQL, mid-batch),
//! checks that the state is there, runs the grader again and checks that nothing is left.

use crate::{Env, assert_exit, fixture_problem, fixture_submission};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Starts the grader with this test's TMPDIR and cache, its output discarded.
#[expect(
    clippy::disallowed_methods,
    reason = "the test starts the grader itself to kill it with SIGKILL"
)]
fn start(env: &Env, args: &[&str]) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("grader"))
        .current_dir(crate::root())
        .env("GRADER_CACHE_DIR", env.cache.path())
        .env("TMPDIR", env.tmp.path())
        .env("GRADER_STATE_DIR", env.state.path())
        .env("NO_COLOR", "1")
        .env_remove("GRADER_PROBLEMS")
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start grader")
}

/// Polls `ready` until it holds (the grader still running), then kills the grader with SIGKILL
/// and reaps it. Returns the dead grader's pid.
fn kill_when(child: &mut Child, what: &str, mut ready: impl FnMut() -> bool) -> u32 {
    let deadline = Instant::now() + Duration::from_secs(120);
    while !ready() {
        assert!(Instant::now() < deadline, "never saw {what}");
        assert!(
            child.try_wait().unwrap().is_none(),
            "the grader ended before {what}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    child.id()
}

/// The entries of `dir` (sorted), none if it is missing.
fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    v.sort();
    v
}

/// The grader's folders in TMPDIR, each checked to name `grader` as its owner
/// (`grader-[KIND-]PID-START-...`) and, once it has one, to hold its owner record.
fn owned_folders(env: &Env, grader: u32) -> Vec<PathBuf> {
    let found = entries(env.tmp.path());
    for dir in &found {
        assert!(owned_by(dir, grader), "{}", dir.display());
    }
    found
}

fn owned_by(dir: &Path, grader: u32) -> bool {
    let name = dir.file_name().unwrap().to_string_lossy();
    let owner = std::fs::read_to_string(dir.join(".grader-owner")).ok();
    name.starts_with("grader-")
        && name.contains(&format!("-{grader}-"))
        && owner.is_none_or(|o| o.starts_with(&format!("{grader} ")))
}

/// Waits for the killed grader's sandboxed processes to die with it (its helpers end them);
/// a PostgreSQL server, started outside the sandbox, does not: it is kept when `postgres`.
fn wait_for_sandbox_to_die(env: &Env, postgres: bool) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let left: Vec<String> = env
            .leftovers()
            .into_iter()
            .filter(|p| !(postgres && p.contains("postgres")))
            .collect();
        if left.is_empty() {
            return env.leftovers();
        }
        assert!(
            Instant::now() < deadline,
            "processes of the killed grader still run: {left:#?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Nothing of any grader is left: no process, no folder in TMPDIR, no build work folder, no
/// stale cgroup (other commands remove those; they may be busy for a moment after the kill).
fn assert_nothing_left(env: &Env) {
    let procs = env.leftovers();
    assert!(procs.is_empty(), "processes left behind: {procs:#?}");
    assert_eq!(entries(env.tmp.path()), Vec::<PathBuf>::new(), "in TMPDIR");
    let work = env.cache.path().join("builds/.tmp");
    assert_eq!(entries(&work), Vec::<PathBuf>::new(), "build work folders");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !crate::stale_cgroups().is_empty() && Instant::now() < deadline {
        env.grader().arg("doctor").output().unwrap();
        std::thread::sleep(Duration::from_millis(100));
    }
    let stale = crate::stale_cgroups();
    assert!(stale.is_empty(), "cgroups of the killed grader: {stale:#?}");
}

/// Whether process `pid` runs (a zombie left to a parent that does not reap it does not).
fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| Some(s[s.rfind(')')? + 1..].trim_start().starts_with(['Z', 'X'])))
        .is_some_and(|zombie| !zombie)
}

/// `grader doctor`'s lines about stale state.
fn doctor_stale(env: &Env) -> Vec<String> {
    let out = env.grader().arg("doctor").output().unwrap();
    assert_exit(&out, 0);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let section = text
        .split("stale state of killed graders\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no stale section in:\n{text}"));
    section
        .lines()
        .take_while(|l| !l.is_empty())
        .map(|l| l.trim().to_string())
        .collect()
}

#[test]
fn killed_while_compiling_the_next_run_removes_its_folders() {
    let killing = crate::KILLING.write().unwrap_or_else(|e| e.into_inner());
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("slow.cpp");
    // Slow to compile on purpose (the whole library and std::regex at -O2).
    std::fs::write(
        &source,
        "#include <bits/stdc++.h>\nint main() {\n    std::regex re(\"([0-9]+) ([0-9]+)\");\n    \
         std::string line; std::getline(std::cin, line); std::smatch s;\n    \
         long a = 0, b = 0;\n    if (std::regex_search(line, s, re)) { a = std::stol(s[1]); b = std::stol(s[2]); }\n    \
         std::cout << a + b << \"\\n\";\n}\n",
    )
    .unwrap();
    let work = env.cache.path().join("builds/.tmp");
    let mut child = start(
        &env,
        &[
            "run",
            &fixture_problem("sum"),
            &source.display().to_string(),
        ],
    );
    let grader = kill_when(&mut child, "the compiler at work", || {
        env.leftovers().iter().any(|p| p.contains("cc1plus"))
    });
    wait_for_sandbox_to_die(&env, false);
    // Left: the run's scratch folder (and staging folders), and the build's work folder.
    let left = owned_folders(&env, grader);
    assert!(
        left.iter().any(|d| {
            let n = d.file_name().unwrap().to_string_lossy();
            n.starts_with("grader-") && !n.starts_with("grader-root-")
        }),
        "no scratch folder left to clean: {left:?}"
    );
    let builds = entries(&work);
    assert_eq!(builds.len(), 1, "{builds:?}");
    let holder = builds[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(holder.starts_with(&format!("{grader}-")), "{holder}");

    // Any later run removes them first (here a quick run that compiles nothing).
    let out = env
        .grader()
        .args(["run", &fixture_problem("sum"), &fixture_submission("ac.py")])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_nothing_left(&env);
    // A cached build does not keep the owner record of the grader that made it.
    let out = env
        .grader()
        .args([
            "run",
            &fixture_problem("sum"),
            &fixture_submission("sum.cpp"),
        ])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let cached: Vec<PathBuf> = entries(&env.cache.path().join("builds"))
        .into_iter()
        .filter(|d| d != &work)
        .collect();
    assert_eq!(cached.len(), 2, "{cached:?}"); // ac.py's (checked) and sum.cpp's
    for build in &cached {
        assert!(build.join(".ok").is_file(), "{}", build.display());
        assert!(!build.join(".grader-owner").exists(), "{}", build.display());
    }
    assert_eq!(doctor_stale(&env), ["nothing stale"]);
    drop(killing);
    env.assert_clean();
}

#[test]
fn killed_during_sql_on_postgres_the_next_run_stops_the_server_and_removes_the_cluster() {
    let Some(_one) = crate::sql_pg::postgres_here() else {
        return;
    };
    let killing = crate::KILLING.write().unwrap_or_else(|e| e.into_inner());
    let env = crate::sql_pg::pg_env();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("answer.sql");
    std::fs::write(&file, "SELECT pg_sleep(100), 'x'").unwrap();
    let mut child = start(
        &env,
        &[
            "run",
            &fixture_problem("sql-pg"),
            &file.display().to_string(),
            "--engine",
            "postgres",
        ],
    );
    let pid_file = || {
        entries(env.tmp.path())
            .into_iter()
            .map(|d| d.join("data/postmaster.pid"))
            .find(|p| p.exists())
    };
    let grader = kill_when(&mut child, "the PostgreSQL server", || {
        pid_file().is_some() && env.leftovers().iter().any(|p| p.contains("postgres -D"))
    });
    let left = wait_for_sandbox_to_die(&env, true);
    assert!(!left.is_empty(), "the server died with the grader");
    let cluster = owned_folders(&env, grader)
        .into_iter()
        .find(|d| d.join("data").is_dir())
        .expect("the cluster's folder");
    let server: u32 = std::fs::read_to_string(cluster.join("data/postmaster.pid"))
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .parse()
        .unwrap();

    let lines = doctor_stale(&env);
    let expected = format!(
        "ok removed stale PostgreSQL cluster {} (server pid {server}, grader pid {grader} gone)",
        cluster.display()
    );
    assert!(
        lines.contains(&expected),
        "{lines:#?}\nexpected: {expected}"
    );
    assert!(!running(server), "the server still runs");
    assert_nothing_left(&env);
    assert_eq!(doctor_stale(&env), ["nothing stale"]);
    drop(killing);
    env.assert_clean();
}

#[test]
fn killed_mid_batch_doctor_removes_and_lists_every_folder() {
    let killing = crate::KILLING.write().unwrap_or_else(|e| e.into_inner());
    let env = Env::new();
    let subs = env.cache.path().join("subs");
    std::fs::create_dir(&subs).unwrap();
    for i in 0..6 {
        std::fs::write(
            subs.join(format!("s{i:02}.py")),
            format!(
                "import time\ntime.sleep(0.5)  # student {i}\n\ndef two_sum(nums, target):\n    seen = {{}}\n    for i, x in enumerate(nums):\n        if target - x in seen:\n            return [seen[target - x], i]\n        seen[x] = i\n"
            ),
        )
        .unwrap();
    }
    let out_dir = env.cache.path().join("out");
    let journal = out_dir.join("journal.jsonl");
    let mut child = start(
        &env,
        &[
            "batch",
            "two-sum",
            &subs.display().to_string(),
            "-j",
            "2",
            "-o",
            &out_dir.display().to_string(),
        ],
    );
    let grader = kill_when(&mut child, "a journal line", || {
        std::fs::read_to_string(&journal).is_ok_and(|t| t.lines().count() >= 1)
            && entries(env.tmp.path()).len() >= 2
    });
    wait_for_sandbox_to_die(&env, false);
    // Every folder left names a grader that is gone (the killed one: its pid, or that of a
    // process it started, is in the name) and holds its owner record once it has one.
    let left = entries(env.tmp.path());
    assert!(left.len() >= 2, "{left:?}");
    for d in &left {
        let name = d.file_name().unwrap().to_string_lossy().into_owned();
        let pid: u32 = name
            .trim_start_matches("grader-")
            .split('-')
            .find_map(|f| f.parse().ok())
            .unwrap_or_else(|| panic!("no owner in the name of {name}"));
        assert!(
            !Path::new(&format!("/proc/{pid}")).exists() || pid == grader,
            "{name}: its owner {pid} is alive"
        );
    }
    assert!(
        left.iter().any(|d| d
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("grader-batch-")),
        "the batch's copy of the class is left to clean: {left:?}"
    );

    // doctor removes and lists each of them (a work folder of a Python check in the cache may
    // be listed too); the kill can catch a folder mid-removal, so the list is checked folder by
    // folder rather than as one exact text.
    let lines = doctor_stale(&env);
    let listed = |d: &Path| {
        lines
            .iter()
            .any(|l| l.starts_with("ok removed stale ") && l.contains(&format!("{} ", d.display())))
    };
    // A slot's staging folder can still be on its way out (its helper exiting) when the list
    // is taken: it is then gone before doctor runs. Every other folder is doctor's to remove.
    let listed_count = left.iter().filter(|d| listed(d)).count();
    for d in &left {
        assert!(
            listed(d) || !d.exists(),
            "{} is neither in doctor's list nor gone: {lines:#?}",
            d.display()
        );
    }
    assert!(
        listed_count >= 2,
        "doctor removed the killed batch's folders: {lines:#?}"
    );
    for l in &lines {
        assert!(
            l.starts_with("ok removed stale ") && l.ends_with(" gone)"),
            "{l}"
        );
    }
    assert_nothing_left(&env);
    drop(killing);
    env.assert_clean();
}
