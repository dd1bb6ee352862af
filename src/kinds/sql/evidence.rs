//! What a query cost on PostgreSQL, measured on its backend: the evidence of a TLE or MLE.
//!
//! The cluster is always the grader's own, on this machine (`pg`), and each query has a fresh
//! connection, so its backend is a local process the grader may read (its own user's, or the
//! grader is root): `/proc/PID/stat` gives the backend's CPU time over the query and
//! `/proc/PID/status` its peak resident memory (`VmHWM`). What a query spills past `work_mem`
//! goes to temporary files, which `temp_file_limit` bounds: the answer's role has
//! `log_temp_files = 0`, so the server reports each file's size as it is removed (at the end
//! of the sort or hash, or when the query fails), sent to the client as a LOG notice
//! (`client_min_messages = log`) and summed here. Sampling `pg_backend_memory_contexts` is not
//! possible (only the busy backend itself can read it), and `pg_stat_statements` keeps no row
//! for a query that fails, which a TLE or MLE is.

use crate::procfs;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The bytes of temporary files a connection's backend reported (`log_temp_files`).
#[derive(Debug, Clone, Default)]
pub struct TempFiles(Arc<AtomicU64>);

impl TempFiles {
    /// Counts a notice's file, if it reports one.
    pub fn notice(&self, message: &str) {
        if let Some(size) = temp_file_size(message) {
            self.0.fetch_add(size, Ordering::Relaxed);
        }
    }

    pub fn bytes(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// The size in a `log_temp_files` message: `temporary file: path "…", size 42000000`.
fn temp_file_size(message: &str) -> Option<u64> {
    let rest = message.strip_prefix("temporary file: ")?;
    rest.rsplit_once(", size ")?.1.trim().parse().ok()
}

/// A backend process, by the pid `pg_backend_pid()` gave.
#[derive(Debug, Clone, Copy)]
pub struct Backend(pub i32);

impl Backend {
    /// The backend's CPU time so far (user and system), from `/proc/PID/stat`.
    pub fn cpu(self) -> Option<Duration> {
        procfs::cpu_of(self.0, procfs::Cpu::Own)
    }

    /// The backend's peak resident memory, from `VmHWM` in `/proc/PID/status`.
    pub fn peak(self) -> Option<u64> {
        procfs::peak_rss_of(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_temp_file_notices() {
        let t = TempFiles::default();
        t.notice(r#"temporary file: path "base/pgsql_tmp/pgsql_tmp29187.0", size 42000000"#);
        t.notice(r#"temporary file: path "base/pgsql_tmp/pgsql_tmp29187.1", size 25108480"#);
        t.notice("some other notice, size 5");
        assert_eq!(t.bytes(), 67_108_480);
    }

    #[test]
    fn this_process_can_be_read_as_a_backend() {
        let me = Backend(std::process::id() as i32);
        assert!(me.peak().is_some_and(|p| p > 1 << 20));
        assert!(me.cpu().is_some());
    }
}
