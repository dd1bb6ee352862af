//! The hostile submissions of research/sandbox.md §8, each run through the grader with host
//! checks afterwards: no process left, host files byte-identical, a loopback listener that
//! received nothing, a secret environment variable and a secret file that never reached the
//! program, the grader alive and its verdict right. Fork and memory bombs run only where a
//! process limit is verified to be in force, and say so when skipped.

use crate::Env;
use serde_json::Value;
use std::net::{TcpListener, UdpSocket};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const SECRET_ENV: &str = "GRADER_TEST_SECRET";
const SECRET: &str = "s3cr3t-value-never-seen";
const CANARY: &str = "canary: must stay byte-identical\n";

/// A host prepared for one hostile run: a secret file, a canary file, TCP and UDP listeners on
/// loopback, and a one-test problem whose input tells the program where they are.
struct Host {
    files: TempDir,
    problem: TempDir,
    tcp: TcpListener,
    udp: UdpSocket,
}

impl Host {
    fn new(time: &str, memory: &str) -> Host {
        Host::with_output(time, memory, "1MiB")
    }

    fn with_output(time: &str, memory: &str, output: &str) -> Host {
        let files = tempfile::tempdir().expect("files dir");
        std::fs::write(files.path().join("secret.out"), SECRET).unwrap();
        std::fs::write(files.path().join("canary.txt"), CANARY).unwrap();
        let tcp = TcpListener::bind("127.0.0.1:0").expect("tcp listener");
        tcp.set_nonblocking(true).unwrap();
        let port = tcp.local_addr().unwrap().port();
        let udp = UdpSocket::bind(("127.0.0.1", port)).expect("udp socket");
        udp.set_nonblocking(true).unwrap();
        let problem = tempfile::tempdir().expect("problem dir");
        let input = format!(
            "{} {} {port}\n",
            files.path().join("secret.out").display(),
            files.path().join("canary.txt").display()
        );
        std::fs::write(
            problem.path().join("problem.toml"),
            format!(
                "format_version = 1\ntitle = \"Hostile\"\nkind = \"stdio\"\n\n[limits]\n\
                 time = \"{time}\"\nmemory = \"{memory}\"\noutput = \"{output}\"\n\n[[tests]]\n\
                 name = \"attack\"\ninput = {input:?}\noutput = \"ok\\n\"\n"
            ),
        )
        .unwrap();
        Host {
            files,
            problem,
            tcp,
            udp,
        }
    }

    /// The fixture with `common.h` inlined, written next to the problem.
    fn submission(&self, fixture: &str) -> PathBuf {
        let dir = crate::root().join("tests/fixtures/hostile");
        let common = std::fs::read_to_string(dir.join("common.h")).unwrap();
        let source = std::fs::read_to_string(dir.join(fixture)).unwrap();
        let path = self.problem.path().join(fixture);
        std::fs::write(&path, source.replace("#include \"common.h\"", &common)).unwrap();
        path
    }

    fn run(&self, env: &Env, source: &Path, args: &[&str]) -> (i32, Value) {
        let out = env
            .grader()
            .env(SECRET_ENV, SECRET)
            .arg("run")
            .arg(self.problem.path())
            .arg(source)
            .args(["--format", "json"])
            .args(args)
            .output()
            .expect("run grader");
        crate::parse_report(&out)
    }

    /// Host checks: files untouched, nothing received, nothing left in /tmp.
    fn assert_untouched(&self) {
        let canary = std::fs::read_to_string(self.files.path().join("canary.txt"));
        assert_eq!(canary.as_deref().ok(), Some(CANARY), "canary changed");
        assert!(
            self.tcp.accept().is_err(),
            "the loopback listener received a connection"
        );
        let mut buf = [0u8; 64];
        assert!(
            self.udp.recv(&mut buf).is_err(),
            "the loopback UDP socket received a datagram"
        );
        for p in ["/tmp/grader-hostile-pwned", "/tmp/grader-hostile-dir"] {
            assert!(!Path::new(p).exists(), "{p} was created");
        }
    }
}

impl Host {
    fn port(&self) -> u16 {
        self.tcp.local_addr().unwrap().port()
    }
}

fn the_test(report: &Value) -> &Value {
    &report["tests"][0]
}

/// Runs a fixture that prints "ok" when all its attacks failed: AC means contained. Never run
/// at `minimal`: as root, `kill(-1)` alone would take the machine down.
fn contained(fixture: &str) {
    contained_with(fixture, |_| ());
}

/// The same, with something of the host set up first (kept alive during the run).
fn contained_with<T>(fixture: &str, setup: impl FnOnce(&Host) -> T) {
    let env = Env::new();
    if !features(&env).iter().any(|f| f == "seccomp") {
        crate::sandbox_skip(&format!(
            "{fixture} needs Landlock and seccomp, not in force here"
        ));
        return;
    }
    let host = Host::new("1s", "64MiB");
    let _kept = setup(&host);
    let source = host.submission(fixture);
    let (code, r) = host.run(&env, &source, &[]);
    let level = r["sandbox"]["level"].as_str().unwrap_or("?").to_string();
    let t = the_test(&r);
    assert_eq!(
        r["verdict"], "AC",
        "{fixture} got through at level {level}: {:#}",
        t["details"]
    );
    assert_eq!(code, 0);
    host.assert_untouched();
    env.assert_clean();
}

#[test]
fn hidden_files_and_secrets_are_out_of_reach() {
    contained("steal.c");
}

#[test]
fn nothing_outside_the_work_folder_can_be_written() {
    contained("write_out.c");
}

#[test]
fn no_network_reaches_the_host() {
    contained("network.c");
}

#[test]
#[expect(clippy::disallowed_methods, reason = "a sentinel process of the host")]
fn other_processes_cannot_be_killed() {
    let mut sentinel = std::process::Command::new("sleep")
        .arg("30")
        .spawn()
        .expect("sentinel");
    contained("kill.c");
    let alive = sentinel.try_wait().expect("sentinel status").is_none();
    let _ = sentinel.kill();
    let _ = sentinel.wait();
    assert!(alive, "the sentinel process was killed");
}

#[test]
fn kernel_surfaces_and_x32_syscalls_are_refused() {
    contained("kernel.c");
}

#[test]
fn no_channel_to_a_parallel_test() {
    // An abstract UNIX socket of the host, as another test's program could bind one.
    use std::os::linux::net::SocketAddrExt;
    contained_with("side_channel.c", |host| {
        let name = format!("grader-side-{}", host.port());
        let addr = std::os::unix::net::SocketAddr::from_abstract_name(name.as_bytes()).unwrap();
        std::os::unix::net::UnixListener::bind_addr(&addr).expect("abstract listener")
    });
}

#[test]
fn namespaces_hide_the_host_and_its_processes() {
    let env = Env::new();
    let features = features(&env);
    if !features.iter().any(|f| f == "mntns-tmpfs-root") {
        crate::sandbox_skip("namespaces are not in force here (see `grader doctor`)");
        return;
    }
    for f in ["pidns", "netns", "ipcns", "utsns"] {
        assert!(features.iter().any(|x| x == f), "{f} missing: {features:?}");
    }
    // SAFETY: geteuid has no arguments.
    if unsafe { libc::geteuid() } == 0 {
        assert!(features.iter().any(|x| x == "uid-per-slot"), "{features:?}");
    }
    contained("isolated.c");
}

#[test]
fn parallel_tests_cannot_see_each_others_folders() {
    // Two overlapping tests at -j2, each looking for the other's working folder.
    let env = Env::new();
    if !features(&env).iter().any(|f| f == "mntns-tmpfs-root") {
        crate::sandbox_skip("namespaces are not in force here (see `grader doctor`)");
        return;
    }
    let host = Host::new("2s", "64MiB");
    // A second test, same input and answer.
    let toml = host.problem.path().join("problem.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let second = text[text.find("[[tests]]").unwrap()..].replace("\"attack\"", "\"attack-2\"");
    std::fs::write(&toml, format!("{text}\n{second}")).unwrap();
    let source = host.submission("parallel.c");
    let (code, r) = host.run(&env, &source, &["-j2"]);
    for t in r["tests"].as_array().unwrap() {
        assert_eq!(t["verdict"], "AC", "{:#}", t["details"]);
    }
    assert_eq!(r["tests"].as_array().unwrap().len(), 2);
    assert_eq!(code, 0);
    // Without namespaces the same program sees the other test: the check can fail.
    let (_, r) = host.run(&env, &source, &["-j2", "--sandbox", "basic"]);
    for t in r["tests"].as_array().unwrap() {
        assert_eq!(
            t["verdict"], "WA",
            "at basic the other folder is visible: {t:#}"
        );
        assert!(t["message"].as_str().unwrap().contains("HOLE"), "{t:#}");
    }
    host.assert_untouched();
    env.assert_clean();
}

/// The sandbox features of a harmless run: what is verified to be in force here.
fn features(env: &Env) -> Vec<String> {
    let (_, r) = env.run_json("sum", "ac.c", &[]);
    r["sandbox"]["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap_or("").to_string())
        .collect()
}

fn has_cgroup(env: &Env) -> bool {
    features(env).iter().any(|f| f.starts_with("cgroup"))
}

/// The fourth field of /proc/loadavg: processes running or runnable on the host right now.
fn running() -> u32 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().nth(3)?.split('/').next()?.parse().ok())
        .unwrap_or(0)
}

/// The most processes found running while `f` runs (sampled every 2 ms), and its result.
fn peak_running<T>(f: impl FnOnce() -> T) -> (u32, T) {
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        let sampler = scope.spawn(|| {
            let mut peak = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                peak = peak.max(running());
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            peak
        });
        let out = f();
        stop.store(true, std::sync::atomic::Ordering::SeqCst);
        (sampler.join().unwrap(), out)
    })
}

/// Every "X < limit Y" / "X > limit Y" of a message shows two different numbers.
fn assert_comparisons_tell(msg: &str) {
    let re =
        regex::Regex::new(r"([0-9.]+) ?([A-Za-z]*) ([<>]) limit ([0-9.]+) ?([A-Za-z]*)").unwrap();
    for c in re.captures_iter(msg) {
        assert!(
            (&c[1], &c[2]) != (&c[4], &c[5]),
            "`{}` shows two equal numbers: {msg}",
            &c[0]
        );
    }
}

#[test]
fn fork_bomb_is_re_at_the_process_limit_at_once_and_barely_loads_the_host() {
    let env = Env::new();
    if !has_cgroup(&env) {
        crate::sandbox_skip("the fork bomb needs a pids limit (cgroup), not in force here");
        return;
    }
    let host = Host::new("500ms", "64MiB");
    let source = crate::root().join("tests/fixtures/hostile/forkbomb.c");
    // Build it first, so that the sampled window is the bomb alone.
    let (code, _) = host.run(&env, &source, &[]);
    assert_eq!(code, 1);
    let (before, ()) = peak_running(|| std::thread::sleep(std::time::Duration::from_millis(200)));
    let (during, (code, r)) = peak_running(|| host.run(&env, &source, &[]));
    eprintln!("running processes: {before} before the bomb, at most {during} during it");
    assert_eq!(code, 1, "{r:#}");
    let t = the_test(&r);
    assert_eq!(t["verdict"], "RE", "{t:#}");
    let msg = t["message"].as_str().unwrap();
    assert!(
        msg.starts_with("process limit reached: 64 processes"),
        "{msg}"
    );
    assert_eq!(t["killed_by"], "process-limit", "{t:#}");
    // Stopped as soon as the limit refused a fork, not at the wall limit (1.5 s here).
    assert!(t["wall_s"].as_f64().unwrap() < 1.0, "{t:#}");
    // At most the 64 processes of the bomb (with 256 of them, the host ran 258 at once).
    assert!(
        during <= before + 64 + 8,
        "{during} running during the bomb, {before} before"
    );
    env.assert_clean();
}

#[test]
fn a_fork_bomb_in_a_function_answer_is_re_at_the_process_limit() {
    let env = Env::new();
    if !has_cgroup(&env) {
        crate::sandbox_skip("the fork bomb needs a pids limit (cgroup), not in force here");
        return;
    }
    let (t, _) = function_answer(&env, "fork_bomb_function.py");
    assert_eq!(t["verdict"], "RE", "{t:#}");
    let msg = t["message"].as_str().unwrap();
    assert!(
        msg.starts_with("process limit reached: 64 processes"),
        "{msg}"
    );
    env.assert_clean();
}

/// Runs a fixture of tests/fixtures/hostile as an answer to the shipped `two-sum` (a function
/// problem), failing fast: its first test's result, and the report.
fn function_answer(env: &Env, fixture: &str) -> (Value, Value) {
    let out = env
        .grader()
        .arg("run")
        .arg(crate::root().join("problems/two-sum"))
        .arg(crate::root().join("tests/fixtures/hostile").join(fixture))
        .args(["--format", "json", "--fail-fast"])
        .output()
        .unwrap();
    let (code, r) = crate::parse_report(&out);
    assert_eq!(code, 1, "{r:#}");
    (r["tests"][0].clone(), r)
}

#[test]
fn a_function_printing_forever_is_ole_never_mle() {
    // The harness captured prints in a buffer that grew until the OOM killer came (MLE).
    let env = Env::new();
    let (t, r) = function_answer(&env, "print_forever.py");
    assert_eq!(t["verdict"], "OLE", "{t:#}");
    let msg = t["message"].as_str().unwrap();
    assert!(
        msg.starts_with("printed ") && msg.contains("> limit"),
        "{msg}"
    );
    assert_comparisons_tell(msg);
    let grader_rss = r["grader"]["peak_rss_bytes"].as_u64().unwrap();
    assert!(grader_rss < 64 << 20, "grader peak {grader_rss}");
    env.assert_clean();
}

#[test]
fn the_oom_killer_chooses_the_job_from_its_first_instruction_never_the_helper() {
    let env = Env::new();
    if !has_cgroup(&env) {
        crate::sandbox_skip(
            "the OOM choice matters in a cgroup shared with the helper, not in force here",
        );
        return;
    }
    let host = Host::new("1s", "64MiB");
    let source = crate::root().join("tests/fixtures/hostile/oom_choice.c");
    let (_, r) = host.run(&env, &source, &[]);
    assert_eq!(the_test(&r)["verdict"], "AC", "{r:#}");
    env.assert_clean();
}

#[test]
fn memory_spread_over_processes_is_mle_with_a_cgroup() {
    let env = Env::new();
    if !has_cgroup(&env) {
        crate::sandbox_skip("memory of a process tree needs a cgroup, not in force here");
        return;
    }
    let host = Host::new("1s", "64MiB");
    let source = crate::root().join("tests/fixtures/hostile/spread_hog.c");
    let (_, r) = host.run(&env, &source, &[]);
    let t = the_test(&r);
    assert_eq!(t["verdict"], "MLE", "{t:#}");
    let msg = t["message"].as_str().unwrap();
    assert!(msg.contains("killed by the OOM killer"), "{msg}");
    assert!(msg.contains("limit 64 MiB"), "{msg}");
    env.assert_clean();
}

#[test]
fn cpu_of_an_orphaned_child_is_counted_with_a_cgroup() {
    let env = Env::new();
    if !has_cgroup(&env) {
        crate::sandbox_skip("CPU of orphans needs a cgroup, not in force here");
        return;
    }
    let host = Host::new("2s", "64MiB");
    let source = host.submission("cpu_orphan.c");
    let (_, r) = host.run(&env, &source, &[]);
    let t = the_test(&r);
    assert_eq!(t["verdict"], "AC", "{t:#}");
    let cpu = t["time_s"].as_f64().unwrap();
    assert!(cpu >= 0.5, "cpu {cpu}: the orphan's 0.4 s is missing");
    env.assert_clean();
}

#[test]
fn compile_time_includes_cannot_leak_files() {
    let env = Env::new();
    let host = Host::new("1s", "64MiB");
    let secret = host.files.path().join("secret.out");
    for include in [secret.display().to_string(), "/etc/shadow".to_string()] {
        let source = host.problem.path().join("inc.c");
        std::fs::write(
            &source,
            format!("#include \"{include}\"\nint main(void) {{ return 0; }}\n"),
        )
        .unwrap();
        let (code, r) = host.run(&env, &source, &["--no-cache"]);
        if r["sandbox"]["level"] == "minimal" {
            crate::sandbox_skip("compile-time confinement needs Landlock");
            return;
        }
        assert_eq!(code, 1);
        assert_eq!(r["verdict"], "CE", "{r:#}");
        let msg = r["message"].as_str().unwrap_or("");
        assert!(!msg.contains(SECRET), "the secret leaked: {msg}");
        assert!(!msg.contains("root:"), "/etc/shadow leaked: {msg}");
    }
    host.assert_untouched();
    env.assert_clean();
}

#[test]
fn levels_are_reported_and_required_levels_fail_closed() {
    let env = Env::new();
    let (code, r) = env.run_json("sum", "ac.py", &["--sandbox", "minimal"]);
    assert_eq!(code, 0);
    assert_eq!(r["sandbox"]["level"], "minimal");
    let missing = r["sandbox"]["missing"].to_string();
    assert!(missing.contains("landlock"), "{missing}");
    assert!(
        r["sandbox"]["memory"]
            .as_str()
            .unwrap()
            .starts_with("approximate")
    );
    let (_, best) = env.run_json("sum", "ac.py", &[]);
    let best = best["sandbox"]["level"].as_str().unwrap().to_string();
    for level in ["strong", "standard", "basic"] {
        let out = env
            .grader()
            .args([
                "run",
                &crate::fixture_problem("sum"),
                &crate::fixture_submission("ac.py"),
            ])
            .args(["--require-sandbox", level])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let order = ["minimal", "basic", "standard", "strong"];
        let pos = |l: &str| order.iter().position(|o| *o == l).unwrap();
        if pos(level) > pos(&best) {
            assert_eq!(out.status.code(), Some(3), "{stderr}");
            assert!(stderr.contains("missing:"), "{stderr}");
            assert!(stderr.contains(&format!("--require-sandbox {level}")));
            assert!(out.stdout.is_empty(), "nothing ran");
        } else {
            assert_eq!(out.status.code(), Some(0), "{stderr}");
        }
    }
    env.assert_clean();
}

/// The grader run as an unprivileged user (`setpriv` to uid/gid 65534), with world-writable
/// cache and temporary folders. `None` (and a visible note) when that cannot be done here.
#[expect(clippy::disallowed_methods, reason = "runs the grader through setpriv")]
fn run_as_nobody(problem: &Path, source: &Path) -> Option<(i32, Value)> {
    // SAFETY: geteuid has no arguments.
    if unsafe { libc::geteuid() } != 0 {
        crate::sandbox_skip(
            "the unprivileged path is tested from root (setpriv), and this is not root",
        );
        return None;
    }
    let bin = assert_cmd::cargo::cargo_bin("grader");
    let shared = tempfile::tempdir().expect("shared dir");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(shared.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let probe = std::process::Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "test",
            "-x",
        ])
        .arg(&bin)
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        crate::sandbox_skip(
            "setpriv is missing or the grader binary is not reachable by uid 65534",
        );
        return None;
    }
    let out = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&bin)
        .arg("run")
        .arg(problem)
        .arg(source)
        .args(["--format", "json"])
        .current_dir(crate::root())
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("HOME", shared.path())
        .env("TMPDIR", shared.path())
        .env("GRADER_CACHE_DIR", shared.path().join("cache"))
        .env(
            "GRADER_STATE_DIR",
            shared.path().join("cache").join("state"),
        )
        .env("NO_COLOR", "1")
        .env(SECRET_ENV, SECRET)
        .output()
        .expect("run grader as nobody");
    let code = out.status.code().unwrap_or(-1);
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}); exit {code}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let left: Vec<_> = std::fs::read_dir(shared.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| n != "cache")
        .collect();
    assert!(left.is_empty(), "files left in TMPDIR: {left:?}");
    Some((code, report))
}

#[test]
fn unprivileged_runs_are_standard_with_approximate_memory_and_contained() {
    let problem = crate::root().join("tests/fixtures/problems/sum");
    let source = crate::root().join("tests/fixtures/submissions/ac.c");
    let Some((code, r)) = run_as_nobody(&problem, &source) else {
        return;
    };
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(r["verdict"], "AC");
    let sandbox = &r["sandbox"];
    // A user namespace makes the rest of the namespaces available without privileges: the
    // unprivileged level is standard (basic where user namespaces are refused).
    let features = sandbox["features"].to_string();
    let level = sandbox["level"].as_str().unwrap();
    if features.contains("userns") {
        assert_eq!(level, "standard", "{sandbox:#}");
        assert!(features.contains("mntns-tmpfs-root") && features.contains("pidns"));
    } else {
        assert_eq!(level, "basic", "{sandbox:#}");
        eprintln!("note: user namespaces refused here: {}", sandbox["missing"]);
    }
    assert!(!features.contains("uid-per-slot"), "{features}");
    assert!(features.contains("landlock") && features.contains("seccomp"));
    assert!(!features.contains("cgroup"), "{features}");
    assert!(
        sandbox["memory"]
            .as_str()
            .unwrap()
            .starts_with("approximate")
    );
    assert!(sandbox["missing"].to_string().contains("cgroups"));
    let mut fixtures = vec!["network.c", "kernel.c", "steal.c"];
    if features.contains("userns") {
        fixtures.push("isolated.c");
    }
    for fixture in fixtures {
        let host = Host::new("1s", "64MiB");
        let source = host.submission(fixture);
        // The problem and the submission must be readable by uid 65534.
        use std::os::unix::fs::PermissionsExt;
        let open = std::fs::Permissions::from_mode(0o755);
        std::fs::set_permissions(host.problem.path(), open.clone()).unwrap();
        std::fs::set_permissions(host.files.path(), open).unwrap();
        let Some((code, r)) = run_as_nobody(host.problem.path(), &source) else {
            return;
        };
        assert_eq!(
            r["verdict"],
            "AC",
            "{fixture} got through as uid 65534: {:#}",
            the_test(&r)["details"]
        );
        assert_eq!(code, 0);
        host.assert_untouched();
    }
}

/// Runs a fixture of tests/fixtures/hostile that needs no host set-up on a one-test problem
/// expecting "ok". Returns the exit code and the report.
fn run_plain(env: &Env, fixture: &str, time: &str, memory: &str) -> (i32, Value) {
    let host = Host::new(time, memory);
    let source = host.submission(fixture);
    let out = host.run(env, &source, &[]);
    host.assert_untouched();
    out
}

/// True when a process limit is verified to be in force: a pids cgroup, or a slot uid with its
/// exact RLIMIT_NPROC.
fn has_process_limit(env: &Env) -> bool {
    let f = features(env);
    f.iter()
        .any(|x| x.starts_with("cgroup") || x == "uid-per-slot")
}

#[test]
fn four_spinning_threads_are_tle_with_their_cpu_summed() {
    // Row 3.
    let env = Env::new();
    let (code, r) = run_plain(&env, "spin_threads.c", "1s", "64MiB");
    let t = the_test(&r);
    assert_eq!(code, 1);
    assert_eq!(t["verdict"], "TLE", "{t:#}");
    // Stopped by the CPU limit: the sum of the threads' CPU passed it. (On a machine so busy
    // that the wall limit came first, the sum is below the limit: nothing to check.)
    let cpu = t["time_s"].as_f64().unwrap();
    if t["tle"] == "cpu" {
        assert!(cpu >= 1.0, "cpu {cpu}");
    } else {
        eprintln!("note: the wall limit came first (a busy machine): cpu {cpu}");
    }
    env.assert_clean();
}

#[test]
fn thread_bomb_is_capped_and_leaves_nothing() {
    // Row 5.
    let env = Env::new();
    if !has_process_limit(&env) {
        crate::sandbox_skip("the thread bomb needs a verified process limit, not in force here");
        return;
    }
    let started = std::time::Instant::now();
    let (code, r) = run_plain(&env, "thread_bomb.c", "500ms", "64MiB");
    assert_eq!(code, 1);
    let t = the_test(&r);
    let v = t["verdict"].as_str().unwrap().to_string();
    if has_cgroup(&env) {
        // The cgroup counts the refused threads: stopped at once, with the limit named.
        assert_eq!(v, "RE", "{t:#}");
        let msg = t["message"].as_str().unwrap();
        assert!(
            msg.starts_with("process limit reached: 64 processes"),
            "{msg}"
        );
    } else {
        assert!(["TLE", "RE", "MLE"].contains(&v.as_str()), "{r:#}");
    }
    assert!(started.elapsed().as_secs() < 30);
    env.assert_clean();
}

#[test]
fn runtimes_with_large_reservations_run_and_java_hogs_are_mle() {
    // Row 8: Java and Node hello worlds at 256 MiB are accepted (the RLIMIT_AS mistake would
    // kill them); Java allocating twice the limit is MLE.
    let env = Env::new();
    for fixture in ["Hello.java", "hello.js"] {
        let (code, r) = run_plain(&env, fixture, "5s", "256MiB");
        assert_eq!(the_test(&r)["verdict"], "AC", "{fixture}: {r:#}");
        assert_eq!(code, 0);
    }
    let (_, r) = run_plain(&env, "Hog.java", "5s", "256MiB");
    let t = the_test(&r);
    assert_eq!(t["verdict"], "MLE", "{t:#}");
    env.assert_clean();
}

#[test]
fn a_stderr_flood_neither_blocks_nor_grows_the_grader() {
    // Row 10: 10 GB to stderr, then the right answer. Stderr goes to a capped file: the
    // program is stopped at the cap (OLE) or its writes fail; either way no deadlock.
    let env = Env::new();
    let started = std::time::Instant::now();
    let (_, r) = run_plain(&env, "stderr_flood.c", "5s", "64MiB");
    let t = the_test(&r);
    assert_eq!(t["verdict"], "OLE", "{t:#}");
    let msg = t["message"].as_str().unwrap();
    assert!(
        msg.starts_with("stderr ") && msg.contains(" > limit 1"),
        "{msg}"
    );
    assert_comparisons_tell(msg);
    assert!(started.elapsed().as_secs() < 30);
    let grader_rss = r["grader"]["peak_rss_bytes"].as_u64().unwrap();
    assert!(grader_rss < 64 << 20, "grader peak {grader_rss}");
    env.assert_clean();
}

#[test]
fn a_disk_filler_is_stopped_and_leaves_nothing() {
    // Row 11: 10 GB into the work folder and /tmp. The file size limit (1 MiB of output here)
    // stops the work-folder file; /tmp is not writable (Landlock, and a read-only root).
    let env = Env::new();
    let (_, r) = run_plain(&env, "disk_filler.c", "5s", "64MiB");
    let t = the_test(&r);
    let v = t["verdict"].as_str().unwrap();
    assert!(v != "JE" && v != "WA", "{t:#}");
    assert!(
        !Path::new("/tmp/big").exists(),
        "/tmp/big was written on the host"
    );
    env.assert_clean();
}

#[test]
fn output_before_input_does_not_deadlock() {
    // Row 12: 10 MB written before 10 MB of input is read. Input comes from a file and output
    // goes to one, so it finishes (WA here: the problem expects another answer).
    let env = Env::new();
    let problem = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(problem.path().join("tests/main")).unwrap();
    std::fs::write(
        problem.path().join("tests/main/big.in"),
        vec![b'i'; 10 << 20],
    )
    .unwrap();
    std::fs::write(problem.path().join("tests/main/big.out"), "10485760\n").unwrap();
    std::fs::write(
        problem.path().join("problem.toml"),
        "format_version = 1\ntitle = \"Bait\"\nkind = \"stdio\"\n\n[limits]\ntime = \"5s\"\n\
         output = \"32MiB\"\n\n[[groups]]\nname = \"main\"\n",
    )
    .unwrap();
    let source = crate::root().join("tests/fixtures/hostile/deadlock_bait.c");
    let out = env
        .grader()
        .arg("run")
        .arg(problem.path())
        .arg(&source)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let (_, r) = crate::parse_report(&out);
    let t = the_test(&r);
    assert_eq!(t["verdict"], "WA", "{t:#}");
    assert!(t["wall_s"].as_f64().unwrap() < 5.0);
    assert!(t["output_bytes"].as_u64().unwrap() > 10 << 20);
    env.assert_clean();
}

#[test]
fn stack_overflows_are_runtime_errors_and_deep_recursion_passes() {
    // Row 21.
    let env = Env::new();
    let (_, r) = run_plain(&env, "stack_overflow.c", "5s", "256MiB");
    let t = the_test(&r);
    let v = t["verdict"].as_str().unwrap();
    assert!(v == "RE" || v == "MLE", "{t:#}");
    let (_, r) = run_plain(&env, "recursion.py", "5s", "256MiB");
    let t = the_test(&r);
    assert_eq!(t["verdict"], "RE", "{t:#}");
    assert!(
        t["details"]["stderr"]
            .as_str()
            .unwrap_or("")
            .contains("RecursionError"),
        "{t:#}"
    );
    let (code, r) = run_plain(&env, "deep_recursion.c", "5s", "256MiB");
    assert_eq!(the_test(&r)["verdict"], "AC", "{r:#}");
    assert_eq!(code, 0);
    env.assert_clean();
}

#[test]
fn abort_and_segfault_after_the_answer_are_runtime_errors_naming_the_signal() {
    // Row 22 (exit(137) after the answer: verdicts::exit_137_after_correct_output_is_re_...).
    let env = Env::new();
    for (fixture, signal, name) in [
        ("abort.c", 6, "SIGABRT"),
        ("segv_after_output.c", 11, "SIGSEGV"),
    ] {
        let (code, r) = run_plain(&env, fixture, "1s", "64MiB");
        let t = the_test(&r);
        assert_eq!(code, 1);
        assert_eq!(t["verdict"], "RE", "{fixture}: {t:#}");
        assert_eq!(t["signal"], signal, "{fixture}: {t:#}");
        assert!(t["message"].as_str().unwrap().contains(name), "{t:#}");
    }
    env.assert_clean();
}

#[test]
fn cpu_time_and_memory_are_reported_accurately() {
    // Row 25: 0.5 s of CPU reported as such (CPU time, not wall: robust on a busy machine);
    // a Python hello world costs little CPU and a plausible peak.
    let env = Env::new();
    let (_, r) = run_plain(&env, "half_second.c", "2s", "64MiB");
    let t = the_test(&r);
    assert_eq!(t["verdict"], "AC", "{t:#}");
    let cpu = t["time_s"].as_f64().unwrap();
    assert!((0.45..0.65).contains(&cpu), "cpu {cpu}");
    assert!(t["wall_s"].as_f64().unwrap() >= cpu * 0.95);
    let (_, r) = run_plain(&env, "hello.py", "2s", "64MiB");
    let t = the_test(&r);
    assert_eq!(t["verdict"], "AC", "{t:#}");
    let cpu = t["time_s"].as_f64().unwrap();
    assert!(cpu < 0.15, "python hello cpu {cpu}");
    let peak = t["memory_bytes"].as_u64().unwrap();
    assert!(
        (3 << 20..20 << 20).contains(&peak),
        "python hello peak {peak}"
    );
    env.assert_clean();
}

#[test]
fn cpu_spins_are_tle_at_the_cpu_limit() {
    // Row 1, in C and in Python.
    let env = Env::new();
    for fixture in ["spin.c", "spin.py"] {
        let (code, r) = run_plain(&env, fixture, "1s", "64MiB");
        let t = the_test(&r);
        assert_eq!(code, 1);
        assert_eq!(t["verdict"], "TLE", "{fixture}: {t:#}");
        let cpu = t["time_s"].as_f64().unwrap();
        // The language's limit (Python's is scaled).
        let limit = t["limits"]["time_s"].as_f64().unwrap();
        if t["tle"] == "cpu" {
            // Stopped past the limit, within the grace (20 %, and a tick).
            assert!(cpu >= limit && cpu < limit * 1.6, "{fixture}: cpu {cpu}");
        }
        assert!(
            t["wall_s"].as_f64().unwrap() <= t["limits"]["wall_s"].as_f64().unwrap() + 0.5,
            "{t:#}"
        );
    }
    env.assert_clean();
}

#[test]
fn an_idle_program_is_tle_by_the_wall_clock() {
    // Row 2.
    let env = Env::new();
    let (code, r) = run_plain(&env, "idle.py", "500ms", "64MiB");
    let t = the_test(&r);
    assert_eq!(code, 1);
    assert_eq!(t["verdict"], "TLE", "{t:#}");
    assert_eq!(t["tle"], "wall", "{t:#}");
    assert!(t["time_s"].as_f64().unwrap() < 0.3, "{t:#}");
    env.assert_clean();
}

#[test]
fn memory_hogs_are_mle_and_the_grader_is_unaffected() {
    // Row 6, in C and in Python: twice the limit.
    let env = Env::new();
    for fixture in ["hog.c", "hog.py"] {
        let (code, r) = run_plain(&env, fixture, "2s", "64MiB");
        let t = the_test(&r);
        assert_eq!(code, 1);
        assert_eq!(t["verdict"], "MLE", "{fixture}: {t:#}");
        let grader_rss = r["grader"]["peak_rss_bytes"].as_u64().unwrap();
        assert!(grader_rss < 64 << 20, "grader peak {grader_rss}");
    }
    env.assert_clean();
}

#[test]
fn an_output_flood_is_ole_at_once() {
    // Row 9.
    let env = Env::new();
    let (code, r) = run_plain(&env, "yes.c", "5s", "64MiB");
    let t = the_test(&r);
    assert_eq!(code, 1);
    assert_eq!(t["verdict"], "OLE", "{t:#}");
    assert!(t["output_bytes"].as_u64().unwrap() <= (1 << 20) + 1);
    assert!(t["wall_s"].as_f64().unwrap() < 2.0, "{t:#}");
    let msg = t["message"].as_str().unwrap();
    assert!(
        msg.starts_with("stdout 1048577 B > limit 1048576 B"),
        "{msg}"
    );
    let grader_rss = r["grader"]["peak_rss_bytes"].as_u64().unwrap();
    assert!(grader_rss < 64 << 20, "grader peak {grader_rss}");
    env.assert_clean();
}

#[test]
fn a_daemon_left_behind_neither_survives_nor_tampers() {
    // Row 17: the verdict is the state at exit; 3 s later (the daemon would have written after
    // 2 s) no process of the run is alive.
    let env = Env::new();
    let (code, r) = run_plain(&env, "daemon_writer.c", "1s", "64MiB");
    let t = the_test(&r);
    assert_eq!(t["verdict"], "AC", "{t:#}");
    assert_eq!(code, 0);
    assert!(
        t["leftovers_killed"].as_u64().unwrap_or(1) >= 1 || t.get("leftovers_killed").is_none()
    );
    std::thread::sleep(std::time::Duration::from_secs(3));
    env.assert_clean();
}

#[test]
fn a_signal_ignoring_spinner_is_still_tle() {
    // Row 18.
    let env = Env::new();
    let (code, r) = run_plain(&env, "sigspin.c", "500ms", "64MiB");
    let t = the_test(&r);
    assert_eq!(code, 1);
    assert_eq!(t["verdict"], "TLE", "{t:#}");
    env.assert_clean();
}

#[test]
fn a_python_stderr_flood_is_ole_never_a_file_too_large_error() {
    // Python ignores SIGXFSZ: with stderr in a capped file its writes failed, "OSError: File
    // too large", and the verdict was RE.
    let env = Env::new();
    let (code, r) = run_plain(&env, "stderr_flood.py", "5s", "64MiB");
    let t = the_test(&r);
    assert_eq!(code, 1);
    assert_eq!(t["verdict"], "OLE", "{t:#}");
    let msg = t["message"].as_str().unwrap();
    assert!(
        msg.starts_with("stderr ") && msg.contains(" > limit 1"),
        "{msg}"
    );
    assert_comparisons_tell(msg);
    env.assert_clean();
}

#[test]
fn stderr_under_the_output_limit_never_fails_a_correct_answer() {
    let env = Env::new();
    let host = Host::with_output("5s", "64MiB", "8MiB");
    let source = host.submission("stderr_then_ok.py");
    let (code, r) = host.run(&env, &source, &[]);
    host.assert_untouched();
    assert_eq!(the_test(&r)["verdict"], "AC", "{r:#}");
    assert_eq!(code, 0);
    env.assert_clean();
}
