//! One test's job, between the engine and the sandbox: the limits a test runs under in a
//! language ([`effective`]) and the job limits for them at the sandbox's level ([`job_limits`]),
//! the submission's environment and access, the per-slot folders, and the one builder of a
//! submission's [`Job`] ([`Runner::job`]). A job built elsewhere (a compiler, a checker) uses
//! [`Job::new`] directly.

use super::verdict::Effective;
use crate::error::{Error, Result};
use crate::lang::{self, Build, Language, expand};
use crate::sandbox::{self, Access, Job, Limits, SandboxInfo};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What runs one submission's jobs: its build, its language, and the sandbox level whose layers
/// its limits are set for.
#[derive(Clone, Copy)]
pub struct Runner<'a> {
    pub build: &'a Build,
    pub lang: &'a Language,
    pub info: &'a SandboxInfo,
}

impl Runner<'_> {
    /// The submission's job: the language's command `template` (its run command, or its
    /// function harness's) for a memory limit of `lim`, in `dirs.work` with the submission's
    /// environment, its streams in `dirs`, the job limits for `lim`, and confined to its build,
    /// its tools and its working folder. Judged as juries judge (`lim.jury`: packages), a refused
    /// fork fails and the program runs on, and the working folder is read-only: only `dirs.tmp`
    /// (`HOME` and `TMPDIR`) may be written.
    pub fn job(&self, template: &[String], lim: &Effective, dirs: &SlotDirs) -> Job {
        let mut vars = self.build.vars.clone();
        vars.memory_mib = lim.memory.div_ceil(1 << 20);
        // A multi-file submission runs among its files (`Build::runs_in_build`).
        let cwd = if self.build.runs_in_build {
            &self.build.dir
        } else {
            &dirs.work
        };
        let (env, access) = if lim.jury {
            let mut access = run_access(self.build, &dirs.tmp, &[]);
            access.read.push(dirs.work.clone());
            (run_env(&dirs.tmp), access)
        } else {
            (run_env(&dirs.work), run_access(self.build, &dirs.work, &[]))
        };
        let mut job = Job::new(
            expand(template, &vars),
            cwd,
            job_limits(lim, self.lang, self.info),
        )
        .env(env)
        .streams(dirs.stdout.clone(), dirs.stderr.clone())
        .confined(access);
        job.fork_may_fail = lim.jury;
        job
    }
}

/// A private temporary folder for one run, removed at the end (and on Ctrl-C).
pub struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Result<Scratch> {
        let dir = tempfile::Builder::new()
            .prefix(&format!("grader-{}", sandbox::stale::tag()))
            .tempdir()
            .map_err(|e| Error::judge(format!("cannot create a temporary folder: {e}")))?;
        // Owned by this grader: the next run removes it if this one is killed.
        sandbox::stale::mark(dir.path())
            .map_err(|e| Error::judge(format!("cannot mark the temporary folder: {e}")))?;
        sandbox::register_dir(dir.path().to_path_buf());
        Ok(Scratch { dir })
    }
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        sandbox::unregister_dir(self.dir.path());
    }
}

/// The CPU limit a test runs under in this language: the problem's limit scaled by the
/// language's time factor, or the limit itself where the problem says `time_factors = false`
/// (packages: one limit for every language, as the juries' systems give).
fn cpu_limit(test_limits: &crate::problem::TestLimits, lang: &Language) -> Duration {
    if test_limits.time_factors {
        lang.scale_time(test_limits.time)
    } else {
        test_limits.time
    }
}

/// The limits a test runs under in this language.
pub fn effective(test_limits: &crate::problem::TestLimits, lang: &Language) -> Effective {
    let cpu = cpu_limit(test_limits, lang);
    // A fixed wall limit scales like the CPU limit, so a slower language keeps the same margin.
    let scale = cpu.as_secs_f64() / test_limits.time.as_secs_f64().max(1e-9);
    let wall = match test_limits.wall {
        crate::problem::units::Wall::Fixed(w) => w.mul_f64(scale.max(1.0)),
        auto => auto.resolve(cpu),
    };
    Effective {
        cpu,
        wall,
        memory: test_limits.memory,
        output: test_limits.output,
        runtime_memory: lang.runtime_memory.unwrap_or(0),
        refuse_allocations: test_limits.refuse_allocations,
        jury: test_limits.jury,
    }
}

/// How far past the CPU limit the watchdog lets a program run, so that a program that ends
/// just over the limit can be told from one that never ends (and re-run alone when the machine
/// was busy).
pub fn grace(cpu: Duration) -> Duration {
    (cpu / 5).max(Duration::from_millis(50))
}

/// A per-slot folder: the program's working directory and its captured streams.
pub struct SlotDirs {
    pub work: PathBuf,
    /// The writable folder (`HOME`, `TMPDIR`) of a program whose working folder is read-only.
    pub tmp: PathBuf,
    pub stdout: PathBuf,
    pub stderr: PathBuf,
    pub channel: PathBuf,
    pub root: PathBuf,
}

/// Prepares fresh per-test folders under the run's scratch space, one set per thread.
pub fn slot_dirs(scratch: &Path, lane: usize) -> std::io::Result<SlotDirs> {
    let id = format!("{:?}", std::thread::current().id())
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>();
    let root = scratch.join(format!("slot-{id}-{lane}"));
    let (work, tmp) = (root.join("work"), root.join("tmp"));
    emptied(&work)?;
    emptied(&tmp)?;
    Ok(SlotDirs {
        stdout: root.join("stdout"),
        stderr: root.join("stderr"),
        channel: root.join("channel"),
        work,
        tmp,
        root,
    })
}

/// An empty folder at `dir`: the same folder, emptied (a slot's namespaced helper keeps the
/// job's root, which binds this folder: a new folder in its place would not be seen).
fn emptied(dir: &Path) -> std::io::Result<()> {
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            for entry in entries {
                let entry = entry?;
                if entry.file_type()?.is_dir() {
                    std::fs::remove_dir_all(entry.path())?;
                } else {
                    std::fs::remove_file(entry.path())?;
                }
            }
            Ok(())
        }
        Err(_) => std::fs::create_dir_all(dir),
    }
}

/// The environment of a submission: a fixed PATH and locale, HOME in its working folder.
pub fn run_env(work: &Path) -> Vec<(String, String)> {
    lang::base_env(work)
}

/// The job limits for a test's effective limits, in a sandbox at `info`'s level.
pub fn job_limits(lim: &Effective, lang: &Language, info: &SandboxInfo) -> Limits {
    let data = lim.memory + lim.runtime_memory + lang.memory_allowance.unwrap_or(0);
    // With a cgroup the limit is enforced on what the program really uses (an allocation twice
    // the limit is an OOM kill, MLE with the evidence); RLIMIT_DATA stays only as a backstop
    // against absurd reservations. Without one, or where the problem refuses allocations past the
    // limit (Kattis packages), it is the limit itself (a refused allocation).
    let data = if info.cgroup.is_some() && !lim.refuse_allocations {
        data.saturating_mul(4)
    } else {
        data
    };
    let space = address_space(lim, lang);
    Limits {
        cpu: lim.cpu + grace(lim.cpu),
        wall: lim.wall,
        data: Some(data),
        address_space: space,
        // Unlimited: deep recursion is bounded by the memory limit instead. A finite stack limit
        // would also become every thread's default stack size, each counted by RLIMIT_DATA.
        stack: Some(libc::RLIM_INFINITY),
        file_size: Some(lim.output + 1),
        open_files: 256,
        // Where a cgroup is in force: the whole tree, at the judged limit; at the address-space
        // cap where there is one, so that the cap stops the program (an allocation refused, as
        // on the judge) before the cgroup's reclaim does. The peak is judged all the same.
        memory: Some(space.unwrap_or(lim.memory + lim.runtime_memory)),
        tasks: Some(RUN_TASKS),
    }
}

/// RLIMIT_AS where the problem refuses allocations past the limit (packages, as problemtools
/// sets it): the judged limit plus the language's `address_space` allowance (its own mappings:
/// shared libraries, an interpreter's image), so that an allocation, a stack or a mapping past
/// the limit fails at once. None for languages without one (runtimes that reserve address space
/// up front: JVM, V8, Go, SBCL; their heap is capped by a flag at the limit instead) and for
/// problems that do not refuse allocations (the cgroup decides MLE there, with the evidence).
fn address_space(lim: &Effective, lang: &Language) -> Option<u64> {
    let allowance = lang.address_space.filter(|_| lim.refuse_allocations)?;
    Some(lim.memory + lim.runtime_memory + allowance)
}

/// Processes and threads a program may have at once (cgroup or slot uid). Measured: Java 17 needs
/// 14 with the flags of languages.toml, Node 20 about 8; a fork bomb is stopped at 64 (RE).
pub const RUN_TASKS: u64 = 64;

/// What a submission may touch under Landlock: its build (read), its tools' installations
/// (read), `extra` files (read), its working folder (read and write).
pub fn run_access(build: &Build, work: &Path, extra: &[&Path]) -> Access {
    let mut read = lang::tool_roots(&build.vars);
    read.push(build.dir.clone());
    read.extend(extra.iter().map(|p| p.to_path_buf()));
    Access {
        read,
        write: vec![work.to_path_buf()],
    }
}

/// Reads the first `max` bytes of a file as text.
pub fn head(path: &Path, max: usize) -> String {
    use std::io::Read;
    let mut buf = Vec::new();
    if let Ok(f) = std::fs::File::open(path) {
        let _ = f.take(max as u64).read_to_end(&mut buf);
    }
    String::from_utf8_lossy(&buf).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::{Level, fake};

    fn lim(refuse_allocations: bool) -> Effective {
        Effective {
            cpu: Duration::from_secs(1),
            wall: Duration::from_secs(2),
            memory: 256 << 20,
            output: 1 << 20,
            runtime_memory: 0,
            refuse_allocations,
            jury: false,
        }
    }

    #[test]
    fn address_space_only_where_allocations_are_refused_and_the_language_has_one() {
        let table = lang::Table::load().unwrap();
        let info = fake::info_with_cgroup(Level::Strong);
        let cpp = table.get("cpp").unwrap();
        // A package (refuse_allocations): RLIMIT_AS = the limit + C++'s 16 MiB of libraries,
        // RLIMIT_DATA the limit itself, the cgroup at the address-space cap.
        let l = job_limits(&lim(true), cpp, &info);
        assert_eq!(l.address_space, Some((256 + 16) << 20));
        assert_eq!(l.data, Some(256 << 20));
        assert_eq!(l.memory, Some((256 + 16) << 20));
        // problem.toml's default: no RLIMIT_AS, the cgroup decides at the limit (data only a
        // far backstop).
        let l = job_limits(&lim(false), cpp, &info);
        assert_eq!(l.address_space, None);
        assert_eq!(l.data, Some(4 * (256 << 20)));
        assert_eq!(l.memory, Some(256 << 20));
        // Runtimes that reserve address space up front never get one: their heap flag caps them.
        for id in [
            "java",
            "kotlin",
            "scala",
            "javascript",
            "go",
            "lisp",
            "haskell",
            "pypy3",
        ] {
            let l = job_limits(&lim(true), table.get(id).unwrap(), &info);
            assert_eq!(l.address_space, None, "{id}");
            assert_eq!(l.memory, Some(256 << 20), "{id}");
        }
        // The runtime baseline not charged to the program is not charged to the cap either.
        let py = table.get("python3").unwrap();
        let mut with_runtime = lim(true);
        with_runtime.runtime_memory = 8 << 20;
        let l = job_limits(&with_runtime, py, &fake::info(Level::Basic));
        assert_eq!(l.address_space, Some((256 + 8 + 32) << 20));
    }
}
