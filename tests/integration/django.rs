//! Python environments (`[python] requirements`) and the Django problems: one cached virtualenv
//! per requirement set, built once even by two graders at once, reused without network, a judge
//! error naming the requirement when it cannot be fetched, and out of a submission's reach.
//!
//! Every Django test shares one cache folder (`target/tmp/django-cache`), emptied and built
//! again once per test run by the first test that needs it: two graders started at once on
//! the empty cache (the concurrency check). The build needs PyPI (or a mirror set with
//! `PIP_INDEX_URL`).

use super::*;
use std::os::unix::fs::MetadataExt;
use std::process::Output;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const REQUIREMENT: &str = "Django>=5,<6";
const BUILDING: &str = "building Python environment for Django>=5,<6 (first use)";

struct Shared {
    cache: PathBuf,
    /// The two graders started at once on the empty cache.
    first: Vec<Output>,
    /// Wall time of those two runs (the build included).
    wall: Duration,
}

static SHARED: OnceLock<Shared> = OnceLock::new();

/// The shared cache, built on first use by two graders at once.
fn shared() -> &'static Shared {
    SHARED.get_or_init(|| {
        let cache = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("django-cache");
        let _ = std::fs::remove_dir_all(&cache);
        std::fs::create_dir_all(&cache).expect("shared cache");
        let env = Env::new();
        let started = Instant::now();
        let first = std::thread::scope(|s| {
            let runs: Vec<_> = (0..2)
                .map(|_| {
                    let mut cmd = env.grader();
                    cmd.env("GRADER_CACHE_DIR", &cache).args([
                        "run",
                        "django-middleware",
                        "problems/django-middleware/reference/timing.py",
                        "--format",
                        "json",
                    ]);
                    s.spawn(move || cmd.output().expect("run grader"))
                })
                .collect();
            runs.into_iter()
                .map(|h| h.join().expect("grader thread"))
                .collect()
        });
        let wall = started.elapsed();
        eprintln!(
            "Django environment built (two graders at once) in {:.1} s",
            wall.as_secs_f64()
        );
        env.assert_clean();
        Shared { cache, first, wall }
    })
}

/// The grader on the shared cache.
fn grader(env: &Env) -> assert_cmd::Command {
    let mut cmd = env.grader();
    cmd.env("GRADER_CACHE_DIR", &shared().cache);
    cmd
}

fn run_json(env: &Env, problem: &str, file: &str) -> (i32, Value, String) {
    let out = grader(env)
        .args(["run", problem, file, "--format", "json"])
        .output()
        .unwrap();
    let (code, report) = parse_report(&out);
    (
        code,
        report,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The environments in a cache, and whatever else is in its `python-envs` folder.
fn env_dirs(cache: &Path) -> (Vec<PathBuf>, Vec<String>) {
    let mut envs = Vec::new();
    let mut other = Vec::new();
    for e in std::fs::read_dir(cache.join("python-envs"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let name = e.file_name().to_string_lossy().into_owned();
        if e.path().join(".ok").is_file() {
            envs.push(e.path());
        } else if !name.ends_with(".lock") {
            other.push(name);
        }
    }
    (envs, other)
}

fn site_packages(env: &Path) -> PathBuf {
    std::fs::read_dir(env.join("lib"))
        .expect("lib")
        .flatten()
        .map(|e| e.path().join("site-packages"))
        .find(|p| p.is_dir())
        .expect("site-packages")
}

#[test]
fn two_graders_at_once_build_one_environment() {
    let shared = shared();
    let mut builds = 0;
    for out in &shared.first {
        let (code, report) = parse_report(out);
        assert_eq!(code, 0, "{report:#}");
        let version = report["language"]["version"].as_str().unwrap_or("");
        assert!(version.ends_with(&format!(" + {REQUIREMENT}")), "{version}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        builds += stderr.matches(BUILDING).count();
        // The report says so too, for logs that keep only stdout.
        let noted = report["notes"]
            .to_string()
            .contains("built the Python environment for Django>=5,<6 in");
        assert_eq!(noted, stderr.contains(BUILDING), "{report:#}");
    }
    let stderrs: Vec<_> = shared
        .first
        .iter()
        .map(|o| String::from_utf8_lossy(&o.stderr).into_owned())
        .collect();
    assert_eq!(builds, 1, "exactly one grader builds: {stderrs:#?}");
    let (envs, other) = env_dirs(&shared.cache);
    assert_eq!(envs.len(), 1, "{envs:?}");
    assert!(other.is_empty(), "left in python-envs: {other:?}");
    // Its record names what it holds.
    let info: Value =
        serde_json::from_slice(&std::fs::read(envs[0].join("grader-env.json")).unwrap()).unwrap();
    assert_eq!(info["requirements"], serde_json::json!([REQUIREMENT]));
    assert!(
        info["packages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p[0] == "Django" && p[1].as_str().unwrap().starts_with("5.")),
        "{info:#}"
    );
    // Built aside and renamed into place: its scripts name where it is now.
    let pip = std::fs::read_to_string(envs[0].join("bin/pip")).unwrap();
    let first = pip.lines().next().unwrap_or("");
    assert!(
        first.starts_with(&format!("#!{}/bin/python", envs[0].display())),
        "{first}"
    );
    let cfg = std::fs::read_to_string(envs[0].join("pyvenv.cfg")).unwrap();
    assert!(!cfg.contains(".tmp-"), "{cfg}");
    eprintln!("first build and run: {:.1} s", shared.wall.as_secs_f64());
}

#[test]
fn a_cached_environment_is_reused_without_network() {
    let shared = shared();
    let (envs, _) = env_dirs(&shared.cache);
    let before: Vec<(u64, i64)> = envs
        .iter()
        .map(|e| {
            let m = std::fs::metadata(e.join(".ok")).unwrap();
            (std::fs::metadata(e).unwrap().ino(), m.mtime_nsec())
        })
        .collect();
    let env = Env::new();
    // No package index, no proxy: a rebuild would fail.
    let out = grader(&env)
        .env("PIP_INDEX_URL", "http://127.0.0.1:9/")
        .env("PIP_RETRIES", "0")
        .env("https_proxy", "http://127.0.0.1:9/")
        .args([
            "run",
            "django-orm-n-plus-one",
            "problems/django-orm-n-plus-one/reference/report.py",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let (code, report) = parse_report(&out);
    assert_eq!(code, 0, "{report:#}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("building Python environment"), "{stderr}");
    let (envs_after, _) = env_dirs(&shared.cache);
    let after: Vec<(u64, i64)> = envs_after
        .iter()
        .map(|e| {
            let m = std::fs::metadata(e.join(".ok")).unwrap();
            (std::fs::metadata(e).unwrap().ino(), m.mtime_nsec())
        })
        .collect();
    assert_eq!(before, after, "the environment was rebuilt");
    env.assert_clean();
}

#[test]
fn an_unfetchable_requirement_is_a_judge_error_naming_it() {
    let env = Env::new();
    // One retry: pip logs the connection's error only when it retries.
    let out = env
        .grader()
        .env("PIP_INDEX_URL", "http://127.0.0.1:9/")
        .env("PIP_RETRIES", "1")
        .env("PIP_TIMEOUT", "2")
        .args([
            "run",
            &fixture_problem("py-env-unfetchable"),
            &fixture_submission("double_ac.py"),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let (code, report) = parse_report(&out);
    assert_eq!(code, 3, "{report:#}");
    assert_eq!(report["verdict"], "JE");
    let text = report.to_string();
    for needle in [
        "cannot build the Python environment for grader-no-such-package==1.0",
        "pip could not install the packages",
        "the package index could not be reached: [Errno 111] Connection refused",
        "PIP_INDEX_URL",
        "needs no network",
    ] {
        assert!(text.contains(needle), "{needle}: {report:#}");
    }
    // Nothing half-built is left to be mistaken for an environment.
    let (envs, other) = env_dirs(env.cache.path());
    assert!(envs.is_empty() && other.is_empty(), "{envs:?} {other:?}");
    env.assert_clean();
}

#[test]
fn the_django_problems_grade_with_real_django() {
    let env = Env::new();
    let out = grader(&env)
        .args(["check", "django-middleware", "django-orm-n-plus-one"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // The naive queryset: the right report, one query per order, item and product.
    let (code, r, _) = run_json(
        &env,
        "django-orm-n-plus-one",
        "problems/django-orm-n-plus-one/wrong/n_plus_one.py",
    );
    assert_eq!(code, 1);
    assert_eq!(test(&r, "paid-orders-newest-first")["verdict"], "AC");
    let t = test(&r, "queries-40-orders");
    assert_eq!(t["verdict"], "WA");
    let msg = t["message"].as_str().unwrap();
    assert!(
        msg.starts_with("181 queries for 40 orders and 100 items, at most 3 allowed (N+1)"),
        "{msg}"
    );
    // A filter through the items repeats orders.
    let (_, r, _) = run_json(
        &env,
        "django-orm-n-plus-one",
        "problems/django-orm-n-plus-one/wrong/join_filter.py",
    );
    let msg = test(&r, "each-order-once")["message"].as_str().unwrap();
    assert!(
        msg.contains("is listed 3 times; each paid order once"),
        "{msg}"
    );
    // A middleware that stops its clock before the view runs.
    let (_, r, _) = run_json(
        &env,
        "django-middleware",
        "problems/django-middleware/wrong/measures_nothing.py",
    );
    assert_eq!(test(&r, "adds-header")["verdict"], "AC");
    let msg = test(&r, "measures-the-view")["message"].as_str().unwrap();
    assert!(msg.contains("but the view alone took 200 ms"), "{msg}");
    env.assert_clean();
}

#[test]
fn a_submission_cannot_change_the_shared_environment() {
    let env = Env::new();
    let (envs, _) = env_dirs(&shared().cache);
    let site = site_packages(&envs[0]);
    let django_init = site.join("django/__init__.py");
    let before = std::fs::read(&django_init).unwrap();
    let (code, r, _) = run_json(
        &env,
        "django-middleware",
        &fixture_submission("django_poison.py"),
    );
    let features = r["sandbox"]["features"].to_string();
    if !features.contains("landlock") {
        crate::sandbox_skip("protecting the environment needs Landlock, not in force here");
        let _ = std::fs::remove_file(site.join("grader_poison.py"));
        return;
    }
    assert_eq!(code, 0, "{r:#}");
    let notes = r["notes"].to_string();
    assert!(notes.contains("poison: create blocked"), "{notes}");
    assert!(notes.contains("poison: modify blocked"), "{notes}");
    assert!(!site.join("grader_poison.py").exists());
    assert_eq!(std::fs::read(&django_init).unwrap(), before);
    env.assert_clean();
}

#[test]
fn a_problem_harness_that_fails_to_load_is_a_judge_error() {
    let env = Env::new();
    let (code, r) = env.run_json("driver-broken", "double_ac.py", &[]);
    assert_eq!(code, 3, "{r:#}");
    assert_eq!(verdicts(&r), ["JE", "JE"]);
    let msg = test(&r, "one")["message"].as_str().unwrap();
    assert_eq!(
        msg, "the problem's harness failed to load: KeyError: 'engine'",
        "{r:#}"
    );
    env.assert_clean();
}

#[test]
fn doctor_lists_the_environment_and_show_names_the_packages() {
    let env = Env::new();
    let out = grader(&env).arg("doctor").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with(REQUIREMENT))
        .unwrap_or_else(|| panic!("no environment listed: {text}"));
    assert!(line.contains("Django 5."), "{line}");
    assert!(line.contains("python-envs"), "{line}");
    let out = grader(&env)
        .args(["show", "django-orm-n-plus-one"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Python packages: Django>=5,<6"), "{text}");
    assert!(
        text.contains("paid_orders (python3), driven by the problem's own harness"),
        "{text}"
    );
    env.assert_clean();
}
