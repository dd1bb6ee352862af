//! End-to-end tests of the `grader` binary: one fixture submission per verdict, each checked for
//! its verdict, its evidence, and that nothing of the run is left on the host (processes, files).

mod agreement;
mod batch;
mod cli;
mod django;
mod drivers;
mod fanout;
mod formats;
mod function;
mod growth;
mod hostile;
mod hostile_class;
mod hostile_spec;
mod import_tests;
mod interactive;
mod kattis;
mod kattis_scoring;
mod langs;
mod loop_state;
mod memory;
mod messages;
mod new;
mod quick;
mod report;
mod roster;
mod scripted;
mod similar;
mod similar_class;
mod slurm;
mod sql;
mod sql_club;
mod sql_pg;
mod stale;
mod stress;
mod types;
mod verdicts;
mod watch;

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// Asserts that the grader exited with `code`, showing its stderr otherwise.
pub fn assert_exit(out: &std::process::Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit code; stderr:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Skips a test whose sandbox layer (Landlock, seccomp, namespaces, a cgroup, a process limit,
/// root) is not in force here, saying so; with `GRADER_REQUIRE_SANDBOX=1` (set by `.ci/run`) a
/// missing layer fails the test instead, so a sandbox test cannot pass in CI by skipping.
pub fn sandbox_skip(reason: &str) {
    assert!(
        std::env::var_os("GRADER_REQUIRE_SANDBOX").is_none_or(|v| v != "1"),
        "GRADER_REQUIRE_SANDBOX=1 but {reason} (see `grader doctor`)"
    );
    skipped(reason);
}

/// What each test skipped (`test name: reason`), printed when the test binary exits.
static SKIPPED: std::sync::Mutex<std::collections::BTreeSet<String>> =
    std::sync::Mutex::new(std::collections::BTreeSet::new());

/// Records that the running test could not check what it is about on this machine (no
/// sandbox layer, no Chromium, no PostgreSQL, ...), and says so now. The test still passes
/// (libtest cannot mark a test ignored once it runs), so the list is printed again when the
/// test binary exits, after libtest's own summary: `cargo test` shows every skip and its
/// reason, instead of a bare `ok`.
pub fn skipped(reason: &str) {
    static SUMMARY: std::sync::Once = std::sync::Once::new();
    eprintln!("SKIPPED: {reason}");
    let current = std::thread::current();
    let test = current.name().unwrap_or("?");
    let mut all = SKIPPED.lock().unwrap_or_else(|e| e.into_inner());
    all.insert(format!("{test}: {reason}"));
    SUMMARY.call_once(|| {
        // SAFETY: `print_skipped` is a plain `extern "C"` function that only locks a static
        // and writes to stderr; atexit keeps the pointer, which lives as long as the program.
        unsafe {
            libc::atexit(print_skipped);
        }
    });
}

extern "C" fn print_skipped() {
    use std::io::Write;
    let all = SKIPPED.lock().unwrap_or_else(|e| e.into_inner());
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "\nnot checked on this machine: {} test(s) passed without running what they check \
         (GRADER_REQUIRE_SANDBOX=1, GRADER_REQUIRE_POSTGRES=1, ... make these failures):",
        all.len()
    );
    for line in all.iter() {
        let _ = writeln!(err, "  SKIPPED {line}");
    }
}

/// A private cache, temporary folder and learner's state folder per test, so that tests can run
/// in parallel, every process or file a run leaves behind can be found by its path, and no run
/// writes the real state folder (hints shown, run history).
pub struct Env {
    pub cache: TempDir,
    pub tmp: TempDir,
    pub state: TempDir,
}

impl Default for Env {
    fn default() -> Env {
        Env {
            cache: tempfile::tempdir().expect("cache dir"),
            tmp: tempfile::tempdir().expect("tmp dir"),
            state: tempfile::tempdir().expect("state dir"),
        }
    }
}

impl Env {
    pub fn new() -> Env {
        Env::default()
    }

    /// The grader, run from the repository root with this environment.
    pub fn grader(&self) -> Command {
        let mut cmd = Command::cargo_bin("grader").expect("grader binary");
        cmd.current_dir(root())
            .env("GRADER_CACHE_DIR", self.cache.path())
            .env("TMPDIR", self.tmp.path())
            .env("GRADER_STATE_DIR", self.state.path())
            .env("NO_COLOR", "1")
            .env_remove("GRADER_PROBLEMS")
            .env_remove("GRADER_LANGUAGES");
        cmd
    }

    /// `grader run PROBLEM SUBMISSION --format json ARGS...`: the exit code and the report.
    pub fn run_json(&self, problem: &str, submission: &str, args: &[&str]) -> (i32, Value) {
        let out = self
            .grader()
            .args([
                "run",
                &fixture_problem(problem),
                &fixture_submission(submission),
            ])
            .args(["--format", "json"])
            .args(args)
            .output()
            .expect("run grader");
        parse_report(&out)
    }

    /// Processes whose executable or command line mentions this test's folders.
    pub fn leftovers(&self) -> Vec<String> {
        let marks = [
            self.cache.path().display().to_string(),
            self.tmp.path().display().to_string(),
        ];
        let mut found = Vec::new();
        for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            let exe = std::fs::read_link(entry.path().join("exe"))
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            let cmdline = std::fs::read(entry.path().join("cmdline"))
                .map(|b| String::from_utf8_lossy(&b).replace('\0', " "))
                .unwrap_or_default();
            if marks.iter().any(|m| exe.contains(m) || cmdline.contains(m)) {
                found.push(format!("{name}: {exe} {cmdline}"));
            }
        }
        found
    }

    /// Asserts that no process of the run is alive, no file is left in TMPDIR, and no cgroup
    /// of a grader that has exited is left behind.
    pub fn assert_clean(&self) {
        let procs = self.leftovers();
        assert!(procs.is_empty(), "processes left behind: {procs:#?}");
        let cgroups = {
            // Not while a test has killed a grader with SIGKILL on purpose: its cgroups are
            // stale until the next run removes them (by design), and tests run in parallel.
            let _no_kill = KILLING.read().unwrap_or_else(|e| e.into_inner());
            stale_cgroups()
        };
        assert!(cgroups.is_empty(), "cgroups left behind: {cgroups:#?}");
        let files: Vec<PathBuf> = std::fs::read_dir(self.tmp.path())
            .expect("tmp dir")
            .flatten()
            .map(|e| e.path())
            .collect();
        assert!(files.is_empty(), "files left in TMPDIR: {files:?}");
    }
}

/// Held (write) by a test that kills a grader with SIGKILL, until a later run has removed the
/// killed grader's cgroups; [`Env::assert_clean`] reads stale cgroups under it (read).
pub static KILLING: std::sync::RwLock<()> = std::sync::RwLock::new(());

/// Slot cgroups (`grader-<pid>-<n>`, v1 pids hierarchy or cgroup2) whose grader has exited.
/// Graders of tests running in parallel are alive, so their cgroups are not counted.
pub fn stale_cgroups() -> Vec<PathBuf> {
    let own = std::fs::read_to_string("/proc/self/cgroup").unwrap_or_default();
    let mut dirs = Vec::new();
    for line in own.lines() {
        let mut f = line.splitn(3, ':');
        let (_, ctrl, path) = (f.next(), f.next().unwrap_or(""), f.next().unwrap_or(""));
        let mount = match ctrl {
            "pids" => "/sys/fs/cgroup/pids",
            "" => "/sys/fs/cgroup/unified",
            _ => continue,
        };
        dirs.push(Path::new(mount).join(path.trim_start_matches('/')));
    }
    let mut stale = Vec::new();
    for dir in dirs {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let pid = name
                .strip_prefix("grader-")
                .and_then(|r| r.split('-').next())
                .unwrap_or("");
            if !pid.is_empty() && !Path::new("/proc").join(pid).exists() {
                stale.push(entry.path());
            }
        }
    }
    stale
}

/// The exit code and the JSON report of a finished `grader run --format json`.
pub fn parse_report(out: &std::process::Output) -> (i32, Value) {
    let code = out.status.code().unwrap_or(-1);
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}); exit {code}\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, report)
}

/// Copies the folder `from` into `to`, recursively.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture_problem(name: &str) -> String {
    Path::new("tests/fixtures/problems")
        .join(name)
        .display()
        .to_string()
}

pub fn fixture_submission(name: &str) -> String {
    Path::new("tests/fixtures/submissions")
        .join(name)
        .display()
        .to_string()
}

/// The test result named `name` in a report.
pub fn test<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["tests"]
        .as_array()
        .expect("tests array")
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("no test {name} in {report:#}"))
}

pub fn verdicts(report: &Value) -> Vec<String> {
    report["tests"]
        .as_array()
        .expect("tests array")
        .iter()
        .map(|t| t["verdict"].as_str().unwrap_or("?").to_string())
        .collect()
}
