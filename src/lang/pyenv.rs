//! Python environments for problems that declare `[python] requirements`: one virtualenv per
//! requirement set and interpreter, kept in the cache folder (`python-envs/<key>`), built once
//! with `python -m venv` and `pip install` and reused offline afterwards.
//!
//! The key hashes the sorted requirements with the base interpreter's real path and version. A
//! build happens in a temporary folder next to its final place and is renamed into it when
//! complete (marked by `.ok`); a lock file (`<key>.lock`, `flock`) makes a second grader wait
//! for the first one's build instead of building the same environment again.

use super::tools::{Tool, cache_root};
use crate::error::{Error, Result};
use crate::sandbox::{self, ToolOutput};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::IsTerminal;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The folder of the cache that holds the environments.
const ENVS: &str = "python-envs";

/// What the grader records about an environment, in `grader-env.json` inside it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EnvInfo {
    pub requirements: Vec<String>,
    /// The base interpreter's real path and version.
    pub python: PathBuf,
    pub python_version: String,
    /// What pip installed: `(name, version)`.
    #[serde(default)]
    pub packages: Vec<(String, String)>,
    /// Seconds since the Unix epoch.
    #[serde(default)]
    pub built_at: u64,
    /// Seconds the build took.
    #[serde(default)]
    pub build_seconds: f64,
}

/// A ready environment.
#[derive(Debug, Clone)]
pub struct PyEnv {
    /// The virtualenv's folder.
    pub dir: PathBuf,
    /// Its interpreter (`<dir>/bin/python`, a link to the base interpreter).
    pub python: PathBuf,
    /// How long building it took, when this call built it; `None` when it came from the cache.
    pub built: Option<Duration>,
}

/// The cache key of a requirement set for a base interpreter.
pub fn key(base: &Tool, requirements: &[String]) -> String {
    let mut reqs: Vec<&String> = requirements.iter().collect();
    reqs.sort();
    reqs.dedup();
    let mut h = Sha256::new();
    h.update(b"grader-pyenv-v1\0");
    h.update(base.path.as_os_str().as_encoded_bytes());
    h.update(b"\0");
    h.update(base.version.as_bytes());
    h.update(b"\0");
    for r in reqs {
        h.update(r.as_bytes());
        h.update(b"\0");
    }
    h.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn ready(dir: &Path) -> bool {
    // `bin/python` links to the base interpreter: gone if that interpreter was removed.
    dir.join(".ok").is_file() && dir.join("bin/python").is_file()
}

/// The folder of the cached environments.
pub fn envs_dir() -> PathBuf {
    cache_root().join(ENVS)
}

/// The environment for `requirements` on the base interpreter `base` (its real path), built on
/// first use. Progress goes to stderr: one line, and pip's own output on a terminal.
pub fn ensure(base: &Tool, requirements: &[String]) -> Result<PyEnv> {
    let envs = envs_dir();
    let key = key(base, requirements);
    let dir = envs.join(&key);
    let env = |built: Option<Duration>| PyEnv {
        python: dir.join("bin/python"),
        dir: dir.clone(),
        built,
    };
    if ready(&dir) {
        return Ok(env(None));
    }
    let listed = requirements.join(" ");
    std::fs::create_dir_all(&envs).map_err(|e| {
        Error::judge(format!(
            "cannot create the Python environments folder `{}`: {e}",
            envs.display()
        ))
    })?;
    let _lock = Lock::take(&envs.join(format!("{key}.lock")), &listed)?;
    if ready(&dir) {
        // Another grader built it while this one waited.
        return Ok(env(None));
    }
    let started = Instant::now();
    build(base, requirements, &envs, &key, &dir)?;
    Ok(env(Some(started.elapsed())))
}

/// An exclusive `flock` on a lock file, released when dropped (or when the grader dies).
struct Lock(std::fs::File);

impl Lock {
    fn take(path: &Path, listed: &str) -> Result<Lock> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(|e| Error::judge(format!("cannot open `{}`: {e}", path.display())))?;
        let fd = file.as_raw_fd();
        // SAFETY: flock on a file descriptor we own.
        if unsafe { libc::flock(fd, libc::LOCK_EX | libc::LOCK_NB) } != 0 {
            eprintln!(
                "grader: waiting for another grader to finish building the Python environment for {listed} ..."
            );
            // SAFETY: as above, now waiting for the lock.
            while unsafe { libc::flock(fd, libc::LOCK_EX) } != 0 {
                let e = std::io::Error::last_os_error();
                if e.kind() != std::io::ErrorKind::Interrupted {
                    return Err(Error::judge(format!(
                        "cannot lock `{}`: {e}",
                        path.display()
                    )));
                }
            }
        }
        Ok(Lock(file))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // SAFETY: unlocking a file descriptor we own (closing it would release it too).
        unsafe { libc::flock(self.0.as_raw_fd(), libc::LOCK_UN) };
    }
}

/// Longest a build may take (pip's own network timeouts end a dead index much sooner).
const BUILD_TIMEOUT: Duration = Duration::from_secs(20 * 60);

fn build(base: &Tool, requirements: &[String], envs: &Path, key: &str, dir: &Path) -> Result<()> {
    let listed = requirements.join(" ");
    let started = Instant::now();
    let tmp = envs.join(format!(".tmp-{}{key}", sandbox::stale::tag()));
    let _ = std::fs::remove_dir_all(&tmp);
    sandbox::register_dir(tmp.clone());
    let result = build_in(base, requirements, &tmp, dir, started);
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
        sandbox::unregister_dir(&tmp);
        return result;
    }
    // A stale environment (its interpreter gone) is replaced.
    let _ = std::fs::remove_dir_all(dir);
    let renamed = std::fs::rename(&tmp, dir);
    sandbox::unregister_dir(&tmp);
    sandbox::stale::unmark(dir);
    if let Err(e) = renamed {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(Error::judge(format!(
            "cannot store the Python environment for {listed} in `{}`: {e}",
            dir.display()
        )));
    }
    eprintln!(
        "grader: Python environment ready in {:.1} s ({})",
        started.elapsed().as_secs_f64(),
        dir.display()
    );
    Ok(())
}

fn build_in(
    base: &Tool,
    requirements: &[String],
    tmp: &Path,
    dir: &Path,
    started: Instant,
) -> Result<()> {
    let listed = requirements.join(" ");
    let show = std::io::stderr().is_terminal();
    eprintln!("grader: building Python environment for {listed} (first use) ...");
    let fail = |what: &str, detail: String| {
        Error::judge(format!(
            "cannot build the Python environment for {listed}: {what}{detail}"
        ))
    };
    // Owned by this grader: the next run removes it if this one is killed mid-build.
    std::fs::create_dir_all(tmp)
        .and_then(|()| sandbox::stale::mark(tmp))
        .map_err(|e| {
            fail(
                "cannot create its folder",
                format!(" `{}`: {e}", tmp.display()),
            )
        })?;
    let log = tmp.join("grader-build.log");
    let output = if show {
        ToolOutput::Show
    } else {
        ToolOutput::Log(log.clone())
    };
    let s = |p: &Path| p.display().to_string();
    let python = s(&base.path);
    let envs = tmp.parent().unwrap_or(tmp);
    let venv = sandbox::run_tool(
        &[python, "-I".into(), "-m".into(), "venv".into(), s(tmp)],
        envs,
        &output,
        BUILD_TIMEOUT,
    );
    let venv = venv.map_err(|e| fail("cannot run `python -m venv`", format!(": {e}")))?;
    if !venv.success {
        let _ = std::fs::remove_file(&log);
        let text = format!("{}{}", venv.stdout, venv.stderr);
        let hint = if text.contains("ensurepip") || text.contains("No module named venv") {
            " (the interpreter has no `venv` module; Debian: apt-get install python3-venv)"
        } else {
            ""
        };
        return Err(fail(
            "`python -m venv` failed",
            format!("{hint}{}", last_error(&text, show)),
        ));
    }
    let mut pip = vec![
        s(&tmp.join("bin/python")),
        "-I".into(),
        "-m".into(),
        "pip".into(),
        "install".into(),
        "--disable-pip-version-check".into(),
        "--no-input".into(),
    ];
    pip.extend(requirements.iter().cloned());
    let installed = sandbox::run_tool(&pip, envs, &output, BUILD_TIMEOUT)
        .map_err(|e| fail("cannot run pip", format!(": {e}")))?;
    let _ = std::fs::remove_file(&log);
    if !installed.success {
        return Err(fail(
            "pip could not install the packages",
            format!(
                "{}; check the network or the package index (PIP_INDEX_URL), then run again: once built, the environment is cached and needs no network",
                last_error(&format!("{}{}", installed.stdout, installed.stderr), show)
            ),
        ));
    }
    relocate(tmp, dir);
    let packages = installed_packages(&tmp.join("bin/python"), tmp);
    let info = EnvInfo {
        requirements: requirements.to_vec(),
        python: base.path.clone(),
        python_version: base.version.clone(),
        packages,
        built_at: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0),
        build_seconds: started.elapsed().as_secs_f64(),
    };
    let text = serde_json::to_vec_pretty(&info).unwrap_or_default();
    std::fs::write(tmp.join("grader-env.json"), text)
        .and_then(|()| std::fs::write(tmp.join(".ok"), b""))
        .map_err(|e| fail("cannot write into it", format!(": {e}")))
}

/// pip's first `ERROR:` line (or the last line of its output), for a one-line message; on a
/// terminal its output was shown already.
fn last_error(text: &str, shown: bool) -> String {
    if shown {
        return " (pip's output is above)".into();
    }
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("ERROR:"))
        .or_else(|| text.lines().map(str::trim).rfind(|l| !l.is_empty()));
    // pip retries an index it cannot reach and then only says it found no version: the
    // connection's own error says why.
    let unreachable = text
        .lines()
        .find_map(|l| l.split_once("Failed to establish a new connection: "))
        .map(|(_, why)| why.split(['\'', ')']).next().unwrap_or(why).trim())
        .map(|why| format!("the package index could not be reached: {why}; "))
        .unwrap_or_default();
    match line {
        Some(l) => format!(" ({unreachable}{})", super::cap(l, 300)),
        None if !unreachable.is_empty() => format!(" ({})", unreachable.trim_end_matches("; ")),
        None => String::new(),
    }
}

/// A virtualenv names its own folder in its scripts (`bin/pip`'s `#!`, `activate`) and
/// `pyvenv.cfg`: once built in `tmp`, they are rewritten to name its final place, so the
/// environment also works by hand (`<env>/bin/pip list`). The interpreter itself finds its
/// packages relative to its own location and needs nothing.
fn relocate(tmp: &Path, dir: &Path) {
    let (from, to) = (tmp.display().to_string(), dir.display().to_string());
    let mut files: Vec<PathBuf> = std::fs::read_dir(tmp.join("bin"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.push(tmp.join("pyvenv.cfg"));
    for f in files {
        let Ok(meta) = std::fs::symlink_metadata(&f) else {
            continue;
        };
        if !meta.is_file() || meta.len() > 1 << 20 {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(&f)
            && text.contains(&from)
        {
            let _ = std::fs::write(&f, text.replace(&from, &to));
        }
    }
}

/// The distributions installed in an environment, `(name, version)`, sorted.
fn installed_packages(python: &Path, cwd: &Path) -> Vec<(String, String)> {
    let script = "import importlib.metadata as m, json; print(json.dumps(sorted([d.metadata['Name'], d.version] for d in m.distributions())))";
    let argv = [
        python.display().to_string(),
        "-I".into(),
        "-c".into(),
        script.into(),
    ];
    let log = cwd.join("grader-packages.log");
    let out = sandbox::run_tool(
        &argv,
        cwd,
        &ToolOutput::Log(log.clone()),
        Duration::from_secs(60),
    );
    let _ = std::fs::remove_file(&log);
    out.ok()
        .filter(|o| o.success)
        .and_then(|o| serde_json::from_str(o.stdout.trim()).ok())
        .unwrap_or_default()
}

/// The environments in the cache, with what they hold and their size in bytes.
pub fn list() -> Vec<(PathBuf, EnvInfo, u64)> {
    let envs = cache_root().join(ENVS);
    let mut out: Vec<(PathBuf, EnvInfo, u64)> = std::fs::read_dir(&envs)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| ready(p))
        .filter_map(|p| {
            let info = std::fs::read(p.join("grader-env.json"))
                .ok()
                .and_then(|b| serde_json::from_slice(&b).ok())?;
            let size = du(&p);
            Some((p, info, size))
        })
        .collect();
    out.sort_by(|a, b| a.1.requirements.cmp(&b.1.requirements));
    out
}

fn du(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(e.path()),
                Ok(t) if t.is_file() => total += e.metadata().map(|m| m.len()).unwrap_or(0),
                _ => {}
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_ignores_order_and_duplicates_but_not_the_interpreter() {
        let py = |v: &str| Tool {
            path: PathBuf::from("/opt/python/bin/python3.11"),
            version: v.into(),
        };
        let a = key(&py("Python 3.11.7"), &["b".into(), "a".into()]);
        let b = key(&py("Python 3.11.7"), &["a".into(), "b".into(), "a".into()]);
        assert_eq!(a, b);
        assert_ne!(a, key(&py("Python 3.12.1"), &["a".into(), "b".into()]));
        assert_ne!(a, key(&py("Python 3.11.7"), &["a".into()]));
        assert_eq!(a.len(), 16);
    }

    #[test]
    fn the_error_line_is_pips_first_error() {
        let log = "Looking in indexes: http://127.0.0.1:9/\nWARNING: Retrying\nERROR: Could not find a version that satisfies the requirement nope==1\nERROR: No matching distribution found for nope==1\n";
        assert_eq!(
            last_error(log, false),
            " (ERROR: Could not find a version that satisfies the requirement nope==1)"
        );
        assert_eq!(last_error("a\nlast\n\n", false), " (last)");
        let refused = "WARNING: Retrying (Retry(total=0)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPConnection object at 0x7f>: Failed to establish a new connection: [Errno 111] Connection refused')': /nope/\nERROR: Could not find a version that satisfies the requirement nope==1 (from versions: none)\n";
        assert_eq!(
            last_error(refused, false),
            " (the package index could not be reached: [Errno 111] Connection refused; ERROR: Could not find a version that satisfies the requirement nope==1 (from versions: none))"
        );
        assert_eq!(last_error(log, true), " (pip's output is above)");
    }
}
