//! The process exit codes of every `grader` command, in one place.

/// Everything accepted (`run`), every check passed (`check`), or the command succeeded.
pub const ACCEPTED: u8 = 0;
/// The submission was not accepted, or a check failed.
pub const NOT_ACCEPTED: u8 = 1;
/// Bad usage: unknown option, missing file, unknown language or problem, invalid problem spec.
pub const USAGE: u8 = 2;
/// Judge error: the grader, a toolchain, a checker or the sandbox failed (never the candidate's fault).
pub const JUDGE_ERROR: u8 = 3;
