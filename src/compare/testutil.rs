//! Helpers of the comparison tests: options per mode, accept/reject shorthands, a temporary
//! folder.

use super::*;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

pub(super) fn opts(mode: Mode) -> Options {
    Options {
        mode,
        ..Options::default()
    }
}

pub(super) fn ci(mode: Mode) -> Options {
    Options {
        mode,
        case_sensitive: false,
        ..Options::default()
    }
}

pub(super) fn unordered(unit: Unit) -> Options {
    Options {
        mode: Mode::Unordered,
        unordered: unit,
        ..Options::default()
    }
}

pub(super) fn accepts(expected: &str, actual: &str, o: &Options) -> bool {
    compare_bytes(expected.as_bytes(), actual.as_bytes(), o).is_accepted()
}

#[track_caller]
pub(super) fn wrong(expected: &str, actual: &str, o: &Options) -> Mismatch {
    wrong_bytes(expected.as_bytes(), actual.as_bytes(), o)
}

#[track_caller]
pub(super) fn wrong_bytes(expected: &[u8], actual: &[u8], o: &Options) -> Mismatch {
    match try_compare_bytes(expected, actual, o).expect("no judge error") {
        Outcome::Wrong(m) => m,
        Outcome::Accepted => panic!("expected a mismatch for {expected:?} vs {actual:?}"),
    }
}

/// A directory under the system temp dir, removed on drop.
pub(super) struct TempDir(pub(super) PathBuf);

impl TempDir {
    pub(super) fn new(tag: &str) -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        // Not `grader-WORD-PID-NUMBER`: the stale sweep of another grader would take that for
        // a folder left by a killed run and remove it mid-test.
        let dir = std::env::temp_dir().join(format!(
            "grader-compare-{tag}-p{}-{nanos}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    pub(super) fn file(&self, name: &str, content: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, content).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
