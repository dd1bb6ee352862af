//! Finding toolchains: a tool on PATH, resolved once to its real path (pyenv shims and rustup
//! proxies cost ~100 ms per start) and its version, both remembered in the cache folder keyed
//! by the tool file's identity, so later runs pay only a `stat`.

use super::table::{Language, Vars, expand};
use crate::error::{Error, Result};
use crate::sandbox;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// The cache folder: `GRADER_CACHE_DIR`, `$XDG_CACHE_HOME/grader`, `~/.cache/grader`, or a
/// folder under the system temporary folder.
pub fn cache_root() -> PathBuf {
    if let Some(p) = std::env::var_os("GRADER_CACHE_DIR") {
        return PathBuf::from(p);
    }
    if let Some(p) = std::env::var_os("XDG_CACHE_HOME") {
        return PathBuf::from(p).join("grader");
    }
    if let Some(h) = std::env::var_os("HOME") {
        return PathBuf::from(h).join(".cache").join("grader");
    }
    std::env::temp_dir().join("grader-cache")
}

/// Looks `name` up on the user's PATH (or takes it as a path if it has a slash).
pub fn which(name: &str) -> Option<PathBuf> {
    if name.contains('/') {
        let p = PathBuf::from(name);
        return is_executable(&p).then_some(p);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    p.metadata()
        .map(|m| m.is_file() && m.mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// A resolved toolchain program.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Tool {
    /// The real executable (symlinks, shims and proxies resolved).
    pub path: PathBuf,
    /// First line of its version output.
    pub version: String,
}

#[derive(Default, Serialize, Deserialize)]
struct ToolCache {
    tools: BTreeMap<String, Tool>,
}

const CACHE_FILE: &str = "tools.json";

fn identity(p: &Path) -> String {
    match p.metadata() {
        Ok(m) => format!(
            "{}|{}|{}|{}",
            p.display(),
            m.mtime(),
            m.mtime_nsec(),
            m.size()
        ),
        Err(_) => p.display().to_string(),
    }
}

fn read_cache(root: &Path) -> ToolCache {
    std::fs::read(root.join(CACHE_FILE))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

fn write_cache(root: &Path, cache: &ToolCache) {
    let _ = std::fs::create_dir_all(root);
    // Unique per thread too: `grader batch` resolves toolchains on several threads at once.
    static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let seq = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = root.join(format!("{CACHE_FILE}.{}.{seq}", std::process::id()));
    if let Ok(text) = serde_json::to_vec_pretty(cache)
        && std::fs::write(&tmp, text).is_ok()
    {
        let _ = std::fs::rename(&tmp, root.join(CACHE_FILE));
    }
}

fn missing(lang: &Language, name: &str) -> Error {
    Error::judge(format!(
        "{name} not found on PATH (needed for {}): {}",
        lang.name, lang.install
    ))
}

/// Resolves `name` for `lang`: the real path and the version.
fn resolve_one(
    lang: &Language,
    name: &str,
    with_resolve: bool,
    cache: &mut ToolCache,
) -> Result<(Tool, bool)> {
    let found = which(name).ok_or_else(|| missing(lang, name))?;
    let key = format!("{}|{}|{}", lang.id, name, identity(&found));
    if let Some(t) = cache.tools.get(&key)
        && t.path.exists()
    {
        return Ok((t.clone(), false));
    }
    let mut real = std::fs::canonicalize(&found).unwrap_or(found.clone());
    if with_resolve && !lang.resolve.is_empty() {
        let mut argv = vec![found.display().to_string()];
        argv.extend(lang.resolve.iter().cloned());
        let out = sandbox::capture(&argv)
            .map_err(|e| Error::judge(format!("cannot run `{}`: {e}", found.display())))?;
        let printed = out.stdout.trim();
        if !out.success || printed.is_empty() {
            return Err(Error::judge(format!(
                "`{}` failed to report its real path: {}",
                argv.join(" "),
                out.stderr.trim()
            )));
        }
        let mut p = PathBuf::from(printed);
        if let Some(j) = &lang.resolve_join {
            p = p.join(j);
        }
        real = std::fs::canonicalize(&p).unwrap_or(p);
    }
    let vars = Vars {
        tool: real.display().to_string(),
        run_tool: real.display().to_string(),
        ..Vars::default()
    };
    let argv = expand(&lang.version, &vars);
    let version = match sandbox::capture(&argv) {
        Ok(out) => out
            .stdout
            .lines()
            .chain(out.stderr.lines())
            .map(str::trim)
            // The JVM's warnings before kotlinc's version; Debian's `kotlin -version` error.
            .find(|l| !l.is_empty() && !l.contains("warning:") && !l.starts_with("error:"))
            .unwrap_or("unknown version")
            .to_string(),
        Err(e) => {
            return Err(Error::judge(format!(
                "cannot run `{}`: {e}",
                real.display()
            )));
        }
    };
    let tool = Tool {
        path: real,
        version,
    };
    cache.tools.insert(key, tool.clone());
    Ok((tool, true))
}

/// The toolchain of a language: its main tool and, if any, its runtime.
#[derive(Debug, Clone)]
pub struct Toolchain {
    pub tool: Tool,
    pub run_tool: Option<Tool>,
}

impl Toolchain {
    /// A string that changes whenever the toolchain does (for the build cache key).
    pub fn fingerprint(&self) -> String {
        let mut s = format!("{}|{}", self.tool.path.display(), self.tool.version);
        if let Some(r) = &self.run_tool {
            s.push_str(&format!("|{}|{}", r.path.display(), r.version));
        }
        s
    }
}

/// The `tool` of the built-in SQL language: SQLite inside the grader, not a program.
pub const BUILTIN_SQLITE: &str = "builtin:sqlite";

/// Finds the toolchain of `lang`, using and updating the cache.
pub fn toolchain(lang: &Language) -> Result<Toolchain> {
    if lang.tool == BUILTIN_SQLITE {
        return Ok(Toolchain {
            tool: Tool {
                path: PathBuf::from("(built into the grader)"),
                version: format!("SQLite {}", rusqlite::version()),
            },
            run_tool: None,
        });
    }
    // One resolution at a time in this process: `grader batch` asks on several threads at once,
    // and a pyenv shim costs half a second to resolve; the second asker finds it cached.
    static RESOLVING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one = RESOLVING.lock().unwrap_or_else(|e| e.into_inner());
    let root = cache_root();
    let mut cache = read_cache(&root);
    let (tool, fresh1) = resolve_one(lang, &lang.tool, true, &mut cache)?;
    let (run_tool, fresh2) = match &lang.run_tool {
        Some(name) => {
            let (t, f) = resolve_one(lang, name, false, &mut cache)?;
            (Some(t), f)
        }
        None => (None, false),
    };
    if fresh1 || fresh2 {
        write_cache(&root, &cache);
    }
    Ok(Toolchain { tool, run_tool })
}
