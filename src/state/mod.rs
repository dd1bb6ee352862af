//! The learner's own state, kept between runs in the user's state folder: how many hints of
//! each problem were shown (`hints`), the history of graded runs (`history`) and the progress
//! over a problem bank drawn from it (`progress`). Nothing here ever stops grading: a state file
//! that cannot be read or written is a warning on stderr.

pub mod hints;
pub mod history;
pub mod progress;

use std::path::PathBuf;

/// The environment variable that overrides the state folder (tests set it).
pub const STATE_DIR_ENV: &str = "GRADER_STATE_DIR";

/// The state folder: `GRADER_STATE_DIR`, else the platform's (`$XDG_STATE_HOME/grader`, i.e.
/// `~/.local/state/grader` on Linux; the local data folder where there is no state folder), else
/// a folder under the system temporary folder.
pub fn dir() -> PathBuf {
    if let Some(p) = std::env::var_os(STATE_DIR_ENV).filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    match directories::ProjectDirs::from("", "", "grader") {
        Some(p) => p
            .state_dir()
            .unwrap_or_else(|| p.data_local_dir())
            .to_path_buf(),
        None => std::env::temp_dir().join("grader-state"),
    }
}

/// Says on stderr that the learner's state could not be used, and that grading goes on.
pub fn warn(message: impl std::fmt::Display) {
    eprintln!("grader: warning: {message}");
}

/// Writes `bytes` to `path` whole or not at all (a temporary file beside it, renamed over it),
/// creating the state folder first.
fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let folder = path.parent().unwrap_or(std::path::Path::new("."));
    std::fs::create_dir_all(folder)?;
    let mut tmp = tempfile::NamedTempFile::new_in(folder)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
