//! Building a submission once: the source is copied into a build folder, compiled (or
//! syntax-checked) inside the sandbox, and the folder is kept in a content-addressed cache keyed
//! by the source, the language entry and the toolchain, so an unchanged file never compiles twice.

use super::entry;
use super::table::{Language, Vars, expand};
use super::tools::{Toolchain, cache_root};
use crate::error::{Error, Result};
use crate::sandbox::{self, Access, Job, Limits, Sandbox};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The largest submission accepted (a source file, not a data dump).
const MAX_SOURCE: u64 = 4 << 20;

/// Memory of a compiler's whole process tree, where a cgroup enforces it.
const COMPILE_MEMORY: u64 = 2 << 30;

/// Most bytes of compiler output kept for the report.
const MESSAGE_CAP: usize = 8 << 10;

/// The folder under the build cache where builds are made before they are moved into place.
const WORK: &str = ".tmp";

/// Where the language layer makes work folders that a killed grader leaves behind: (folder,
/// name prefix) places for [`sandbox::stale::sweep`]. Builds, and Python environments.
pub fn work_places() -> Vec<(PathBuf, &'static str)> {
    vec![
        (cache_root().join("builds").join(WORK), ""),
        (super::pyenv::envs_dir(), ".tmp-"),
    ]
}

/// A ready-to-run submission.
#[derive(Debug)]
pub struct Build {
    /// The build folder (in the cache, or a private temporary folder with `--no-cache`).
    pub dir: PathBuf,
    /// Placeholder values for the run command (memory is filled in per test).
    pub vars: Vars,
    /// True when the build came from the cache.
    pub cached: bool,
    /// Compile (or check) time, zero when cached.
    pub time: Duration,
    /// Compiler warnings, if it printed any.
    pub warnings: String,
    /// A submission of several files runs in its build folder, which holds them (read only):
    /// the working folder the package format gives a submission (its files, its binaries, the
    /// included files), and DOMjudge's (its run scripts `cd` to the program's folder).
    pub runs_in_build: bool,
}

/// Building either worked or the submission does not compile (CE, the candidate's fault).
#[derive(Debug)]
#[expect(
    clippy::large_enum_variant,
    reason = "one per build, moved once; a box would cost every caller a deref for nothing"
)]
pub enum BuildResult {
    Ready(Build),
    CompileError { message: String, time: Duration },
}

/// The environment of compilers: a fixed PATH and a private HOME/TMPDIR.
pub fn base_env(home: &Path) -> Vec<(String, String)> {
    let home = home.display().to_string();
    vec![
        ("PATH".into(), "/usr/local/bin:/usr/bin:/bin".into()),
        ("HOME".into(), home.clone()),
        ("TMPDIR".into(), home),
        ("LANG".into(), "C.UTF-8".into()),
        ("LC_ALL".into(), "C.UTF-8".into()),
    ]
}

/// The installation folders of a build's tools (`…/bin/tool` → `…`), readable by sandboxed
/// programs: an interpreter's standard library, a compiler's sysroot, a virtualenv. A folder that would expose
/// too much (`/`, a home folder) is replaced by the tool file itself.
pub fn tool_roots(vars: &Vars) -> Vec<PathBuf> {
    type Cache = std::sync::Mutex<Vec<((String, String), Vec<PathBuf>)>>;
    static CACHE: Cache = std::sync::Mutex::new(Vec::new());
    let key = (vars.tool.clone(), vars.run_tool.clone());
    if let Ok(c) = CACHE.lock()
        && let Some((_, roots)) = c.iter().find(|(k, _)| *k == key)
    {
        return roots.clone();
    }
    let mut roots = find_tool_roots(vars);
    roots.extend(vars.read.iter().map(PathBuf::from).filter(|p| p.exists()));
    if let Ok(mut c) = CACHE.lock() {
        c.push((key, roots.clone()));
    }
    roots
}

fn find_tool_roots(vars: &Vars) -> Vec<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let mut roots = Vec::new();
    for tool in [&vars.tool, &vars.run_tool] {
        if tool.is_empty() {
            continue;
        }
        // A virtualenv's interpreter links to its base interpreter: the environment (its
        // packages) is granted as well as the base installation (the standard library).
        if let Some(venv) = Path::new(tool).parent().and_then(Path::parent)
            && venv.join("pyvenv.cfg").is_file()
            && !roots.iter().any(|r| r == venv)
        {
            roots.push(venv.to_path_buf());
        }
        let path = std::fs::canonicalize(tool).unwrap_or_else(|_| PathBuf::from(tool));
        let Some(parent) = path.parent() else {
            continue;
        };
        let root = if parent.file_name().is_some_and(|n| n == "bin") {
            parent.parent().unwrap_or(parent)
        } else {
            parent
        };
        let too_wide = root.components().count() < 3
            || home.as_deref() == Some(root)
            || root.parent() == Some(Path::new("/home"));
        let granted = if too_wide {
            path.clone()
        } else {
            root.to_path_buf()
        };
        if !roots.contains(&granted) {
            roots.push(granted);
        }
    }
    roots
}

/// Generates the files a function answer is built with (a harness), from the candidate's file
/// name in the build folder and its source text: `(file name, contents)` pairs.
pub type Harness<'a> = &'a dyn Fn(&str, &str) -> Vec<(String, String)>;

fn cache_key(
    source: &[u8],
    file_name: &str,
    extra: &[(String, String)],
    lang: &Language,
    tc: &Toolchain,
) -> String {
    let mut h = Sha256::new();
    // v2: the sources of a build include files of a sniffed extension (`.pl` of Prolog).
    h.update(b"grader-build-v2\0");
    h.update(file_name.as_bytes());
    h.update(b"\0");
    h.update(source);
    h.update(b"\0");
    for (name, text) in extra {
        h.update(name.as_bytes());
        h.update(b"\0");
        h.update(text.as_bytes());
        h.update(b"\0");
    }
    h.update(serde_json::to_vec(lang).unwrap_or_default());
    h.update(b"\0");
    h.update(tc.fingerprint().as_bytes());
    h.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What to build: a source in its language with its toolchain, and what goes beside it.
pub struct Request<'a> {
    pub lang: &'a Language,
    pub tc: &'a Toolchain,
    pub source: &'a Path,
    /// `--no-cache`: built in `scratch` (a private folder) instead of the cache.
    pub no_cache: bool,
    pub scratch: &'a Path,
    /// A function answer: the generated files are written next to the source and the
    /// language's `function_compile` step builds them together.
    pub harness: Option<Harness<'a>>,
    /// Files (name, text) written next to the source before compiling: the headers a Kattis
    /// output validator ships (`validate.h`), a multi-file submission's other files. They are
    /// part of the cache key, and the program then runs among them.
    pub files: Vec<(String, String)>,
}

impl<'a> Request<'a> {
    /// `source` alone, cached.
    pub fn new(
        lang: &'a Language,
        tc: &'a Toolchain,
        source: &'a Path,
        scratch: &'a Path,
    ) -> Request<'a> {
        Request {
            lang,
            tc,
            source,
            no_cache: false,
            scratch,
            harness: None,
            files: Vec::new(),
        }
    }
}

/// Builds what `req` asks for in `slot`.
pub fn build(req: Request, slot: &mut dyn Sandbox) -> Result<BuildResult> {
    let Request {
        lang,
        tc,
        source,
        no_cache,
        scratch,
        harness,
        files,
    } = req;
    let size = std::fs::metadata(source)
        .map_err(|e| Error::usage(format!("cannot read `{}`: {e}", source.display())))?
        .len();
    if size > MAX_SOURCE {
        return Err(Error::usage(format!(
            "`{}` is {} bytes; a submission may have at most {MAX_SOURCE} bytes",
            source.display(),
            size
        )));
    }
    let bytes = std::fs::read(source)
        .map_err(|e| Error::usage(format!("cannot read `{}`: {e}", source.display())))?;
    let text = String::from_utf8_lossy(&bytes);
    let (file_name, class) = match names(lang, source, &text, harness.is_some()) {
        Ok(names) => names,
        Err(message) => {
            return Ok(BuildResult::CompileError {
                message,
                time: Duration::ZERO,
            });
        }
    };
    let runs_in_build = !files.is_empty();
    let mut extra = harness.map(|h| h(&file_name, &text)).unwrap_or_default();
    extra.extend(files);
    let key = cache_key(&bytes, &file_name, &extra, lang, tc);
    let root = cache_root().join("builds");
    let final_dir = if no_cache {
        scratch.join("build")
    } else {
        root.join(&key)
    };
    let vars_for = |dir: &Path| Vars {
        tool: tc.tool.path.display().to_string(),
        run_tool: tc
            .run_tool
            .as_ref()
            .map(|t| t.path.display().to_string())
            .unwrap_or_default(),
        source: dir.join(&file_name).display().to_string(),
        build: dir.display().to_string(),
        class: class.clone(),
        memory_mib: 0,
        sources: sources(lang, (&file_name, &text), &extra, dir),
        read: lang.read.clone(),
    };
    if !no_cache && final_dir.join(".ok").is_file() {
        let warnings = std::fs::read_to_string(final_dir.join(".warnings")).unwrap_or_default();
        return Ok(BuildResult::Ready(Build {
            vars: vars_for(&final_dir),
            dir: final_dir,
            cached: true,
            time: Duration::ZERO,
            warnings,
            runs_in_build,
        }));
    }
    let holder = WorkDir::create(&root, &key, no_cache.then_some(final_dir.as_path()))?;
    let work = holder.dir.clone();
    std::fs::write(work.join(&file_name), &bytes).map_err(|e| {
        Error::judge(format!(
            "cannot copy the submission into `{}`: {e}",
            work.display()
        ))
    })?;
    for (name, text) in &extra {
        std::fs::write(work.join(name), text).map_err(|e| {
            Error::judge(format!(
                "cannot write the harness into `{}`: {e}",
                work.display()
            ))
        })?;
    }
    let vars = vars_for(&work);
    let step = harness
        .and(lang.function_compile.as_ref())
        .or(lang.compile.as_ref())
        .or(lang.check.as_ref());
    let (time, warnings) = match step {
        None => (Duration::ZERO, String::new()),
        Some(template) => match compile(template, &vars, &work, scratch, slot)? {
            Ok(done) => done,
            Err(failed) => {
                holder.discard();
                return Ok(failed);
            }
        },
    };
    std::fs::write(work.join(".warnings"), &warnings).ok();
    std::fs::write(work.join(".ok"), b"").map_err(|e| {
        Error::judge(format!(
            "cannot write to build folder `{}`: {e}",
            work.display()
        ))
    })?;
    let dir = holder.store(&final_dir)?;
    Ok(BuildResult::Ready(Build {
        vars: vars_for(&dir),
        dir,
        cached: false,
        time,
        warnings,
        runs_in_build,
    }))
}

/// The file name of the source in the build folder and its main class (JVM languages), or the
/// compile error of a JVM source without one (a function answer needs none: its harness has it).
fn names(
    lang: &Language,
    source: &Path,
    text: &str,
    function: bool,
) -> std::result::Result<(String, String), String> {
    let own = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "solution".into());
    let file_class = match lang.main_class.as_deref() {
        Some("java") => entry::java_file_class(text),
        _ => None,
    };
    let file_name = match (&lang.source_name, &file_class) {
        (Some(t), _) if t.contains("{class}") => match &file_class {
            Some(c) => t.replace("{class}", c),
            None => own.clone(),
        },
        (Some(t), _) => t.clone(),
        (None, Some(c)) => format!("{c}.java"),
        (None, None) => own.clone(),
    };
    let class = match lang.main_class.as_deref() {
        Some(kind) if !function => entry::main_class(kind, &file_name, text)?,
        _ => file_class.unwrap_or_default(),
    };
    Ok((file_name, class))
}

/// The source files of a build in `dir`: the submission's, then each file written beside it
/// with one of the language's extensions (a multi-file submission's other sources); for a
/// language with `modules_in_order` (OCaml), sorted so that a module comes after the modules
/// it names, as `ocamldep -sort` orders them.
fn sources(
    lang: &Language,
    (file_name, text): (&str, &str),
    extra: &[(String, String)],
    dir: &Path,
) -> Vec<String> {
    let ext = |n: &str| n.rsplit_once('.').map(|(_, e)| e.to_string());
    // A shared extension counts too (`.pl` beside a Prolog main file is Prolog: the folder is
    // of one language; problemtools compiles every `*.pl` of it).
    let of_lang = |n: &str| {
        ext(n).is_some_and(|e| {
            let lower = e.to_ascii_lowercase();
            [&lang.extensions, &lang.sniff_extensions]
                .iter()
                .any(|x| x.contains(&e) || x.contains(&lower))
        })
    };
    let files: Vec<(&str, &str)> = std::iter::once((file_name, text))
        .chain(
            extra
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_str()))
                .filter(|(n, _)| of_lang(n) && !n.starts_with("grader_")),
        )
        .collect();
    let order: Vec<usize> = if lang.modules_in_order {
        entry::module_order(&files)
    } else {
        (0..files.len()).collect()
    };
    order
        .into_iter()
        .map(|i| dir.join(files[i].0).display().to_string())
        .collect()
}

/// The limits of a compile step, and of a package's own `build` script.
pub fn compile_limits() -> Limits {
    Limits {
        cpu: Duration::from_secs(60),
        wall: Duration::from_secs(120),
        data: None,
        stack: None,
        // DOMjudge's default (2.5 GiB): a 512 MiB initialised static array builds there.
        file_size: Some(2560 << 20),
        open_files: 4096,
        memory: Some(COMPILE_MEMORY),
        tasks: Some(512),
        address_space: None,
    }
}

/// The folder of the build cache named `key`, made once: `make` fills a fresh work folder
/// (owned by this grader, so a killed run's is swept), which then moves into place; an error
/// of `make` leaves nothing in the cache. For builds that are not one source's compile (a
/// package's `build` script); `key` must name every input.
pub fn cached_folder(key: &str, make: impl FnOnce(&Path) -> Result<()>) -> Result<PathBuf> {
    cached_folder_in(&cache_root().join("builds"), key, make)
}

fn cached_folder_in(
    root: &Path,
    key: &str,
    make: impl FnOnce(&Path) -> Result<()>,
) -> Result<PathBuf> {
    let final_dir = root.join(key);
    if final_dir.join(".ok").is_file() {
        return Ok(final_dir);
    }
    let holder = WorkDir::create(root, key, None)?;
    if let Err(e) = make(&holder.dir) {
        holder.discard();
        return Err(e);
    }
    std::fs::write(holder.dir.join(".ok"), b"").map_err(|e| {
        Error::judge(format!(
            "cannot write to build folder `{}`: {e}",
            holder.dir.display()
        ))
    })?;
    holder.store(&final_dir)
}

/// Runs the compile (or check) step `template` in the build folder `work`, confined: its time
/// and output (the warnings), or the compile error (`Err`). A failure of the sandbox or of
/// starting the compiler is a judge error.
fn compile(
    template: &[String],
    vars: &Vars,
    work: &Path,
    scratch: &Path,
    slot: &mut dyn Sandbox,
) -> Result<std::result::Result<(Duration, String), BuildResult>> {
    let log_dir = scratch.join("compile");
    std::fs::create_dir_all(&log_dir)
        .map_err(|e| Error::judge(format!("cannot create `{}`: {e}", log_dir.display())))?;
    let limits = compile_limits();
    // The compiler runs confined too: `#include "/etc/shadow"`, a build script or a macro
    // must not reach outside the build folder.
    let job = Job::new(expand(template, vars), work, limits)
        .env(base_env(work))
        .streams(log_dir.join("stdout"), log_dir.join("stderr"))
        .confined(Access {
            read: tool_roots(vars),
            write: vec![work.to_path_buf()],
        });
    let out = slot
        .run(&job)
        .map_err(|e| Error::judge(format!("the sandbox failed while compiling: {e}")))?;
    if let Some(e) = out.setup_error {
        return Err(Error::judge(format!("cannot start the compiler: {e}")));
    }
    let time = out.wall;
    let message = compiler_message(&log_dir, work);
    if out.exit_code != Some(0) {
        let why = match (out.killed_by, out.signal) {
            (Some(k), _) => format!(
                "the compiler was stopped ({k:?}) after {:.1}s\n",
                out.wall.as_secs_f64()
            ),
            (None, Some(s)) => format!("the compiler was killed by signal {s}\n"),
            _ => String::new(),
        };
        return Ok(Err(BuildResult::CompileError {
            message: format!("{why}{message}"),
            time,
        }));
    }
    Ok(Ok((time, message)))
}

/// A build's work folder. In the cache, it is made inside a holder folder of its own, marked with
/// this grader as its owner (the next run removes a killed grader's, see [`work_places`]); the
/// record stays out of the compiler's reach (its folder is given to the slot's uid).
struct WorkDir {
    dir: PathBuf,
    /// The marked holder (none with `--no-cache`: the build is made in the run's scratch folder).
    holder: Option<PathBuf>,
}

impl WorkDir {
    fn create(root: &Path, key: &str, no_cache: Option<&Path>) -> Result<WorkDir> {
        let (dir, holder) = match no_cache {
            Some(dir) => (dir.to_path_buf(), None),
            None => {
                // Unique per process and per call: `grader batch` builds identical files (a
                // copied submission, a template) on several threads of one process at once.
                static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
                let seq = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let holder = root
                    .join(WORK)
                    .join(format!("{}{key}-{seq}", sandbox::stale::tag()));
                (holder.join("build"), Some(holder))
            }
        };
        let work = WorkDir { dir, holder };
        work.discard();
        std::fs::create_dir_all(&work.dir)
            .and_then(|()| work.holder.as_deref().map_or(Ok(()), sandbox::stale::mark))
            .map_err(|e| {
                Error::judge(format!(
                    "cannot create build folder `{}`: {e}",
                    work.dir.display()
                ))
            })?;
        Ok(work)
    }

    /// Removes the work folder (and its holder).
    fn discard(&self) {
        let _ = std::fs::remove_dir_all(self.holder.as_ref().unwrap_or(&self.dir));
    }

    /// Moves a finished build into the cache as `final_dir` (unless it is made there already)
    /// and returns where it is.
    fn store(self, final_dir: &Path) -> Result<PathBuf> {
        if self.holder.is_none() {
            return Ok(self.dir);
        }
        let moved = std::fs::rename(&self.dir, final_dir);
        self.discard();
        match moved {
            Ok(()) => Ok(final_dir.to_path_buf()),
            // Another grader finished the same build first.
            Err(_) if final_dir.join(".ok").is_file() => Ok(final_dir.to_path_buf()),
            Err(e) => Err(Error::judge(format!(
                "cannot store the build in `{}`: {e}",
                final_dir.display()
            ))),
        }
    }
}

/// The compiler's output, capped, with the build folder's path removed so that messages point at
/// the candidate's own file name.
fn compiler_message(log_dir: &Path, work: &Path) -> String {
    let mut text = String::new();
    for f in ["stdout", "stderr"] {
        if let Ok(bytes) = std::fs::read(log_dir.join(f)) {
            text.push_str(&String::from_utf8_lossy(&bytes));
        }
    }
    let prefix = format!("{}/", work.display());
    // A harness that includes the candidate's file: the inclusion is the grader's business.
    let text: String = text
        .replace(&prefix, "")
        .lines()
        .filter(|l| !l.starts_with("In file included from grader_"))
        .map(|l| format!("{l}\n"))
        .collect();
    cap(&text, MESSAGE_CAP)
}

/// The start of a program's stderr for a report: at most 20 lines and about 1.5 KiB.
pub fn excerpt(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = cap(
        &lines
            .iter()
            .take(20)
            .copied()
            .collect::<Vec<_>>()
            .join("\n"),
        1536,
    );
    if lines.len() > 20 {
        out.push_str(&format!("\n… ({} more lines)", lines.len() - 20));
    }
    out
}

/// Truncates `text` to about `max` bytes on a character boundary, saying how much was cut.
pub fn cap(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.trim_end().to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!(
        "{}\n… ({} more bytes)",
        text[..end].trim_end(),
        text.len() - end
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cached_folder_is_made_once_and_a_failed_make_leaves_nothing() {
        let root = tempfile::tempdir().unwrap();
        let mut calls = 0;
        let mut make = |work: &Path| {
            calls += 1;
            std::fs::write(work.join("run"), "x").map_err(|e| Error::judge(e.to_string()))
        };
        let first = cached_folder_in(root.path(), "k1", &mut make).unwrap();
        let again = cached_folder_in(root.path(), "k1", &mut make).unwrap();
        assert_eq!(calls, 1);
        assert_eq!(first, root.path().join("k1"));
        assert_eq!(again, first);
        assert_eq!(std::fs::read_to_string(first.join("run")).unwrap(), "x");
        let failed = cached_folder_in(root.path(), "k2", |_| Err(Error::spec("no run")));
        assert_eq!(failed.unwrap_err().message, "no run");
        assert!(!root.path().join("k2").exists());
        // Nothing left of the work folders either.
        let work = std::fs::read_dir(root.path().join(WORK)).unwrap().count();
        assert_eq!(work, 0);
    }

    #[test]
    fn a_prolog_build_compiles_the_pl_files_beside_its_main_file() {
        let table = crate::lang::Table::load().unwrap();
        let prolog = table.get("prolog").unwrap();
        let extra = [
            (
                "kattio.pl".to_string(),
                ":- module(kattio, [read_int/1]).\n".to_string(),
            ),
            ("notes.txt".to_string(), "x\n".to_string()),
        ];
        let got = sources(
            prolog,
            ("different.pl", "main :- read_int(X).\n"),
            &extra,
            Path::new("/b"),
        );
        // The helper module is compiled with the main file (it was left out: `.pl` is only a
        // sniffed extension of Prolog, and its read_int/1 was unknown at run time).
        assert_eq!(got, ["/b/different.pl", "/b/kattio.pl"]);
        let perl = table.get("perl").unwrap();
        let got = sources(perl, ("a.pl", "print 1;\n"), &extra[1..], Path::new("/b"));
        assert_eq!(got, ["/b/a.pl"]);
    }
}
