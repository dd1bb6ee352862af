//! The problem's `[generator]`, run: built once like an answer (its language from its
//! extension), then run as `FILE SEED SIZE` in a sandbox slot, confined and under limits (a
//! problem folder may come from a stranger's pull request), and its stdout read as one test:
//! a JSON array of arguments that fit the signature, or stdin text. Whatever goes wrong is one
//! line naming the file: a spec error when the generator fails, a judge error when the host does.

use super::shrink::Input;
use crate::error::{Error, Result};
use crate::judge::conforms;
use crate::lang::{self, BuildResult, Table, base_env, cap, expand};
use crate::problem::{self, Kind, Problem};
use crate::sandbox::{Access, Job, Killer, Limits, Pool, Sandbox};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// CPU time one test may take to generate.
const CPU: Duration = Duration::from_secs(3);
/// Wall time one test may take to generate (a generator that sleeps).
const WALL: Duration = Duration::from_secs(6);
/// The most a generator may print (one test).
const OUTPUT: u64 = 16 << 20;
/// Memory of a generator.
const MEMORY: u64 = 512 << 20;

/// The usage error of a problem without a generator, saying how to add one.
pub fn no_generator(problem: &Problem) -> Error {
    Error::usage(format!(
        "problem `{}` has no [generator]: add a program that prints one random test for a seed and a size, and declare it in its problem.toml (`[generator]` with `file = \"gen.py\"`; see docs/problem-format.md)",
        problem.id
    ))
}

/// A generator ready to run.
pub struct Generator {
    built: Built,
    /// One slot per core: tests are generated in parallel.
    slots: Vec<Box<dyn Sandbox>>,
}

/// The built generator and what its output must be.
struct Built {
    /// The file as `problem.toml` names it.
    name: String,
    argv: Vec<String>,
    access_read: Vec<PathBuf>,
    work: PathBuf,
    kind: Kind,
    params: Vec<problem::types::ValueType>,
    /// `[generator] max_size`.
    max_size: usize,
}

impl Generator {
    /// Builds the problem's generator in a slot of `pool`, with `scratch` as its private
    /// folder. A problem without one is a usage error that says how to add one.
    pub fn prepare(
        problem: &Problem,
        table: &Table,
        pool: &dyn Pool,
        scratch: &Path,
    ) -> Result<Generator> {
        let Some(g) = &problem.generator else {
            return Err(no_generator(problem));
        };
        let name = g.name.clone();
        let lang = table.detect(&g.file, None).map_err(|e| {
            Error::spec(format!(
                "generator `{name}`: {}; name it with the extension of a known language",
                e.message
            ))
        })?;
        let tc = lang::toolchain(lang).map_err(|e| {
            Error::judge(format!("cannot run the generator `{name}`: {}", e.message))
        })?;
        let parallel = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let mut slots = Vec::new();
        for _ in 0..parallel {
            slots.push(
                pool.slot()
                    .map_err(|e| Error::judge(format!("cannot start the sandbox helper: {e}")))?,
            );
        }
        let build_dir = scratch.join("generator-build");
        std::fs::create_dir_all(&build_dir)
            .map_err(|e| Error::judge(format!("cannot create a folder for the generator: {e}")))?;
        let request = lang::Request::new(lang, &tc, &g.file, &build_dir);
        let build = match lang::build(request, &mut *slots[0]) {
            Ok(BuildResult::Ready(b)) => b,
            Ok(BuildResult::CompileError { message, .. }) => {
                let first = message.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
                return Err(Error::spec(format!(
                    "the generator `{name}` does not compile: {}",
                    cap(first.trim(), 300)
                )));
            }
            Err(e) => return Err(e.context(format!("cannot build the generator `{name}`"))),
        };
        let mut vars = build.vars.clone();
        vars.memory_mib = MEMORY >> 20;
        let mut read = lang::tool_roots(&build.vars);
        read.push(build.dir.clone());
        let work = scratch.join("generator");
        let built = Built {
            name,
            argv: expand(&lang.run, &vars),
            access_read: read,
            work,
            kind: problem.kind,
            max_size: g.max_size,
            params: problem
                .function
                .as_ref()
                .map(|f| f.params.iter().map(|(_, t)| t.clone()).collect())
                .unwrap_or_default(),
        };
        Ok(Generator { built, slots })
    }

    /// The file as `problem.toml` names it.
    pub fn name(&self) -> &str {
        &self.built.name
    }

    /// Whether `input` fits the function's parameter types (always, for stdin text).
    pub fn fits(&self, input: &Input) -> bool {
        self.built.fits(input)
    }

    /// Whether it generates a function's arguments (else stdin text).
    pub fn is_function(&self) -> bool {
        self.built.kind == Kind::Function
    }

    /// The problem's `[generator] max_size`.
    pub fn max_size(&self) -> usize {
        self.built.max_size
    }

    /// One test per `(seed, size)`, in order, generated on the slots in parallel; the first
    /// error in order if any fails.
    pub fn generate(&mut self, tests: &[(u64, usize)]) -> Result<Vec<Input>> {
        let n = self.slots.len().max(1);
        let this = &self.built;
        let mut results: Vec<Option<Result<Input>>> = (0..tests.len()).map(|_| None).collect();
        std::thread::scope(|scope| {
            let handles: Vec<_> = self
                .slots
                .iter_mut()
                .enumerate()
                .map(|(lane, slot)| {
                    scope.spawn(move || {
                        let mut out = Vec::new();
                        for (i, (seed, size)) in tests.iter().enumerate().skip(lane).step_by(n) {
                            let r = this.one(&mut **slot, lane, *seed, *size);
                            let failed = r.is_err();
                            out.push((i, r));
                            if failed {
                                // One error is enough (a generator that hangs would hang again).
                                break;
                            }
                        }
                        out
                    })
                })
                .collect();
            for h in handles {
                for (i, r) in h.join().unwrap_or_default() {
                    results[i] = Some(r);
                }
            }
        });
        if let Some(e) = results.iter_mut().find_map(|r| r.take_if(|r| r.is_err())) {
            return Err(e
                .err()
                .unwrap_or_else(|| Error::judge("a generator failed")));
        }
        results
            .into_iter()
            .map(|r| r.unwrap_or_else(|| Err(Error::judge("a generator thread failed"))))
            .collect()
    }
}

impl Built {
    /// One test: the generator run with `seed` and `size` on `slot`, its output checked.
    fn one(&self, slot: &mut dyn Sandbox, lane: usize, seed: u64, size: usize) -> Result<Input> {
        let text = self.run(slot, lane, seed, size)?;
        self.parse(&text).map_err(|why| {
            Error::spec(format!(
                "the generator `{}` printed {why} (seed {seed}, size {size})",
                self.name
            ))
        })
    }

    /// Runs the generator; its stdout, or why it failed.
    fn run(&self, slot: &mut dyn Sandbox, lane: usize, seed: u64, size: usize) -> Result<String> {
        let name = &self.name;
        let work = self.work.join(format!("work-{lane}"));
        let _ = std::fs::remove_dir_all(&work);
        std::fs::create_dir_all(&work)
            .map_err(|e| Error::judge(format!("cannot create the generator's folder: {e}")))?;
        let (out, err) = (
            self.work.join(format!("stdout-{lane}")),
            self.work.join(format!("stderr-{lane}")),
        );
        let mut argv = self.argv.clone();
        argv.extend([seed.to_string(), size.to_string()]);
        let limits = Limits {
            cpu: CPU,
            wall: WALL,
            data: Some(MEMORY),
            stack: Some(libc::RLIM_INFINITY),
            file_size: Some(OUTPUT + 1),
            open_files: 256,
            memory: Some(MEMORY),
            tasks: Some(64),
            address_space: None,
        };
        let job = Job::new(argv, &work, limits)
            .env(base_env(&work))
            .streams(out.clone(), err.clone())
            .confined(Access {
                read: self.access_read.clone(),
                write: vec![work.clone()],
            });
        let raw = slot
            .run_or_recover(&job)
            .map_err(|e| Error::judge(format!("cannot run the generator `{name}`: {e}")))?;
        if let Some(e) = raw.setup_error {
            return Err(Error::judge(format!(
                "cannot start the generator `{name}`: {e}"
            )));
        }
        let stderr = std::fs::read(&err)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .map(|l| format!(": {}", cap(l.trim(), 200)))
            .unwrap_or_default();
        let how = match (raw.killed_by, raw.signal, raw.exit_code) {
            (Some(k), _, _) => Some(match k {
                Killer::CpuLimit => {
                    format!("was stopped: it used its cpu limit of {}s", CPU.as_secs())
                }
                Killer::WallLimit => format!(
                    "was stopped: it ran past its wall limit of {}s",
                    WALL.as_secs()
                ),
                Killer::OutputLimit => {
                    format!("was stopped: it printed more than {} MiB", OUTPUT >> 20)
                }
                Killer::ProcessLimit => "was stopped: it started too many processes".into(),
                Killer::Cancelled => "was cancelled".into(),
            }),
            (_, Some(sig), _) => Some(format!("was killed by signal {sig}")),
            (_, _, Some(0)) => None,
            (_, _, Some(c)) => Some(format!("exited with {c}")),
            _ => Some("ended oddly".into()),
        };
        if let Some(how) = how {
            return Err(Error::spec(format!(
                "the generator `{name}` {how} (seed {seed}, size {size}){last}"
            )));
        }
        let bytes = std::fs::read(&out)
            .map_err(|e| Error::judge(format!("cannot read the generator's output: {e}")))?;
        String::from_utf8(bytes).map_err(|_| {
            Error::spec(format!(
                "the generator `{name}` printed bytes that are not UTF-8 (seed {seed}, size {size})"
            ))
        })
    }

    /// The test `text` holds, or what is wrong with it.
    fn parse(&self, text: &str) -> std::result::Result<Input, String> {
        if self.kind != Kind::Function {
            return Ok(Input::Text(text.to_string()));
        }
        let quoted = || format!("`{}`", cap(text.trim(), 80).replace('\n', "\\n"));
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| format!("{}, not a JSON array of arguments ({e})", quoted()))?;
        let serde_json::Value::Array(args) = value else {
            return Err(format!("{}, not a JSON array of arguments", quoted()));
        };
        if args.len() != self.params.len() {
            return Err(format!(
                "{} values where the function takes {} argument(s)",
                args.len(),
                self.params.len()
            ));
        }
        for (i, (a, ty)) in args.iter().zip(&self.params).enumerate() {
            conforms(a, ty).map_err(|e| format!("a wrong argument {}: it {e}", i + 1))?;
        }
        Ok(Input::Args(args))
    }

    /// Whether `input` fits the function's parameter types (always, for stdin text).
    fn fits(&self, input: &Input) -> bool {
        match input {
            Input::Args(args) => {
                args.len() == self.params.len()
                    && args
                        .iter()
                        .zip(&self.params)
                        .all(|(a, t)| conforms(a, t).is_ok())
            }
            Input::Text(_) => true,
        }
    }
}
