//! One file per subcommand.

pub mod batch;
pub mod check;
pub mod completions;
pub mod doctor;
pub mod export;
pub mod growth;
pub mod hint;
pub mod import;
pub mod list;
pub mod merge;
pub mod new;
pub mod options;
pub mod run;
pub mod show;
pub mod similar;
pub mod status;
pub mod stress;
pub mod verify;
pub mod watch;

/// Removes the state that graders killed earlier left behind (temporary folders, PostgreSQL
/// clusters, build work folders: see `sandbox::stale`) and returns what it removed.
pub fn sweep_stale() -> Vec<crate::sandbox::stale::Cleaned> {
    crate::sandbox::stale::sweep(&crate::lang::work_places())
}

/// Refuses to write into `out` unless it is missing or empty (`what`: what the command writes).
fn ensure_new_folder(out: &std::path::Path, what: &str) -> crate::error::Result<()> {
    let empty = !out.exists()
        || std::fs::read_dir(out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
    if empty {
        Ok(())
    } else {
        Err(crate::error::Error::usage(format!(
            "`{}` exists and is not empty; {what}",
            out.display()
        )))
    }
}
