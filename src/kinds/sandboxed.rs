//! What the two sandboxed kinds (stdio and function answers) share before their tests run: the
//! toolchain (a problem's Python environment included), the build on a sandbox slot (with the
//! function kind's harness, or a multi-file submission's other files), the custom checkers the
//! selected tests use, and the Python that runs a problem's check function. [`Ready`] is what
//! their tests then run with.

use super::{Answer, Prepared};
use crate::compare::checker::{self, ReadyChecker};
use crate::error::{ErrorKind, Result};
use crate::exec::{CompileInfo, LanguageInfo, Runner, Scratch};
use crate::lang::{self, Build, BuildResult, Harness, Language, Toolchain};
use crate::problem::Problem;
use crate::sandbox::SandboxInfo;
use crate::units::human_secs;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A sandboxed answer on its way to ready: what `describe` found, what `prepare` made.
pub struct Sandboxed<'a> {
    pub answer: Answer<'a>,
    toolchain: Option<Toolchain>,
    scratch: Option<Scratch>,
    build: Option<Build>,
    checkers: Vec<(PathBuf, ReadyChecker)>,
    check_python: Option<PathBuf>,
}

/// What the tests of a ready sandboxed answer run with.
#[derive(Clone, Copy)]
pub struct Ready<'a> {
    /// The sandbox level the jobs' limits are set for.
    pub info: &'a SandboxInfo,
    pub problem: &'a Problem,
    pub lang: &'a Language,
    pub build: &'a Build,
    pub scratch: &'a Path,
    /// The prepared custom checkers, by program.
    pub checkers: &'a [(PathBuf, ReadyChecker)],
    /// The Python interpreter that runs the problem's check function, if it has one.
    pub check_python: Option<&'a Path>,
    /// What the tests are graded against.
    pub expected: super::Expected,
}

impl Ready<'_> {
    pub fn runner(&self) -> Runner<'_> {
        Runner {
            build: self.build,
            lang: self.lang,
            info: self.info,
        }
    }
}

impl<'a> Sandboxed<'a> {
    pub fn new(answer: Answer<'a>) -> Self {
        Sandboxed {
            answer,
            toolchain: None,
            scratch: None,
            build: None,
            checkers: Vec::new(),
            check_python: None,
        }
    }

    /// What the tests run with, once `prepare` made the answer ready.
    pub fn ready(&self) -> Option<Ready<'_>> {
        Some(Ready {
            info: self.answer.pool.info(),
            problem: self.answer.problem,
            lang: self.answer.lang,
            build: self.build.as_ref()?,
            scratch: self.scratch.as_ref()?.path(),
            checkers: &self.checkers,
            check_python: self.check_python.as_deref(),
            expected: self.answer.expected,
        })
    }

    /// The language's toolchain on this host; a problem with `[python] requirements` runs
    /// Python answers in its cached environment.
    pub fn describe(
        &mut self,
        notes: &mut Vec<String>,
    ) -> Result<std::result::Result<LanguageInfo, String>> {
        let (problem, lang) = (self.answer.problem, self.answer.lang);
        let found = match self.answer.toolchain.take() {
            Some(tc) => Ok(tc),
            None => lang::toolchain(lang)
                .and_then(|tc| python_env(problem, lang, tc))
                .map(|(tc, built)| {
                    if let Some(time) = built {
                        notes.push(format!(
                            "built the Python environment for {} in {:.1}s (cached for later runs)",
                            problem.python_requirements.join(", "),
                            time.as_secs_f64()
                        ));
                    }
                    tc
                }),
        };
        Ok(match found {
            Ok(tc) => {
                let info = LanguageInfo {
                    id: lang.id.clone(),
                    name: lang.name.clone(),
                    version: tc.tool.version.clone(),
                };
                self.toolchain = Some(tc);
                Ok(info)
            }
            Err(e) => Err(e.message),
        })
    }

    /// Builds the answer on a slot of its own (with `harness`, for a function answer) and
    /// prepares the tools its tests use.
    pub fn prepare(&mut self, harness: Option<Harness>) -> Result<Prepared> {
        let Some(tc) = self.toolchain.take() else {
            return Ok(Prepared::JudgeError(
                "no toolchain was found before the build".into(),
            ));
        };
        let scratch = Scratch::new()?;
        let mut slot = match self.answer.pool.slot() {
            Ok(s) => s,
            Err(e) => {
                let message = format!("cannot start the sandbox helper: {e}");
                return Ok(Prepared::JudgeError(message));
            }
        };
        let a = &self.answer;
        // A function answer's harness is its only company; other answers bring their files.
        let files = if harness.is_some() {
            Vec::new()
        } else {
            a.files.clone()
        };
        let request = lang::Request {
            no_cache: a.no_cache,
            harness,
            files,
            ..lang::Request::new(a.lang, &tc, a.file, scratch.path())
        };
        let built = lang::build(request, &mut *slot);
        let build = match built {
            Ok(BuildResult::Ready(b)) => b,
            Ok(BuildResult::CompileError { message, time }) => {
                return Ok(Prepared::CompileError { message, time });
            }
            Err(e) if e.kind == ErrorKind::Judge => return Ok(Prepared::JudgeError(e.message)),
            Err(e) => return Err(e),
        };
        let compile = CompileInfo {
            cached: build.cached,
            time: build.time,
            message: build.warnings.clone(),
        };
        let tools = match self.checkers(&mut *slot, scratch.path()) {
            Ok(checkers) => self.check_python().map(|python| (checkers, python)),
            Err(message) => Err(message),
        };
        match tools {
            Ok((checkers, python)) => {
                self.checkers = checkers;
                self.check_python = python;
            }
            Err(message) => return Ok(Prepared::JudgeError(message)),
        }
        self.build = Some(build);
        self.scratch = Some(scratch);
        Ok(Prepared::Ready {
            compile,
            slot: Some(slot),
        })
    }

    /// Every distinct checker program the selected tests use, built once.
    fn checkers(
        &self,
        slot: &mut dyn crate::sandbox::Sandbox,
        scratch: &Path,
    ) -> std::result::Result<Vec<(PathBuf, ReadyChecker)>, String> {
        let mut checkers: Vec<(PathBuf, ReadyChecker)> = Vec::new();
        for c in self
            .answer
            .selected
            .iter()
            .filter_map(|t| t.compare.checker())
        {
            if checkers
                .iter()
                .any(|(p, r)| *p == c.program && r.protocol == c.protocol)
            {
                continue;
            }
            let ready = checker::prepare(&c.program, c.protocol, self.answer.table, slot, scratch)
                .map_err(|e| e.message)?;
            checkers.push((c.program.clone(), ready));
        }
        Ok(checkers)
    }

    /// The Python interpreter that runs a problem-supplied check function, whatever the
    /// answer's language; `None` when the problem has none.
    fn check_python(&self) -> std::result::Result<Option<PathBuf>, String> {
        let problem = self.answer.problem;
        if problem.function.as_ref().is_none_or(|f| f.check.is_none()) {
            return Ok(None);
        }
        let python = self.answer.table.get("python3").and_then(|l| {
            let tc = lang::toolchain(l)?;
            python_env(problem, l, tc).map(|(tc, _)| tc)
        });
        match python {
            Ok(tc) => Ok(Some(tc.tool.path)),
            Err(e) => Err(format!(
                "the problem's check function needs Python: {}",
                e.message
            )),
        }
    }
}

/// The toolchain of `lang` for `problem`: for Python, on a problem with `[python]
/// requirements`, the interpreter of the problem's environment (built on first use).
/// Also says how long building the environment took, when this call built it.
fn python_env(
    problem: &Problem,
    lang: &Language,
    tc: Toolchain,
) -> Result<(Toolchain, Option<Duration>)> {
    if lang.id != "python3" || problem.python_requirements.is_empty() {
        return Ok((tc, None));
    }
    let env = lang::pyenv::ensure(&tc.tool, &problem.python_requirements)?;
    let tc = Toolchain {
        tool: lang::Tool {
            path: env.python,
            version: format!(
                "{} + {}",
                tc.tool.version,
                problem.python_requirements.join(", ")
            ),
        },
        run_tool: tc.run_tool,
    };
    Ok((tc, env.built))
}

/// How a header states the time limit's scaling for `lang` ("1s × 2").
pub fn scaling_text(problem: &Problem, lang: &Language) -> String {
    let base = human_secs(problem.limits.time);
    if !problem.limits.time_factors {
        return String::new();
    }
    match (lang.time_factor != 1.0, lang.time_offset) {
        (false, None) => String::new(),
        (true, None) => format!("{base} × {}", lang.time_factor),
        (_, Some(o)) => format!("{base} × {} + {}", lang.time_factor, human_secs(o)),
    }
}
