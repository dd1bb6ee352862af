//! The problem's fingerprint: a SHA-256 over every file of its folder (relative path and
//! content, in sorted order), so a changed test, spec, checker or reference changes it. `grader
//! batch` keys its journal with it; `--expect-spec-sha256` compares against it.

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The hex SHA-256 of the problem folder `dir`. Hidden files and `__pycache__` are left out.
pub fn spec_sha256(dir: &Path) -> Result<String> {
    let mut files = Vec::new();
    walk(dir, dir, &mut files)?;
    files.sort();
    let mut h = Sha256::new();
    for rel in &files {
        let bytes = std::fs::read(dir.join(rel))
            .map_err(|e| Error::spec(format!("cannot read `{}`: {e}", dir.join(rel).display())))?;
        let name = rel.to_string_lossy();
        h.update((name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    Ok(hex(&h.finalize()))
}

/// The fingerprint of a problem graded with private tests from `tests_from` (`--tests-from`):
/// both folders' digests hashed together; the problem's own digest without them.
pub fn spec_sha256_with(dir: &Path, tests_from: Option<&Path>) -> Result<String> {
    let own = spec_sha256(dir)?;
    match tests_from {
        None => Ok(own),
        Some(extra) => Ok(sha256_hex(
            format!("{own}+tests-from:{}", spec_sha256(extra)?).as_bytes(),
        )),
    }
}

/// Refuses a problem whose fingerprint is not the pinned one (`--expect-spec-sha256`).
pub fn expect_sha256(id: &str, actual: &str, expected: Option<&str>) -> Result<()> {
    match expected {
        Some(want) if !want.trim().eq_ignore_ascii_case(actual) => Err(Error::spec(format!(
            "problem `{id}` is not the one expected: its sha256 is {actual}, not {} (--expect-spec-sha256); review the change, then pin the new value",
            want.trim()
        ))),
        _ => Ok(()),
    }
}

/// The hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::spec(format!("cannot list `{}`: {e}", dir.display())))?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name == "__pycache__" {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            walk(root, &path, out)?;
        } else if path.is_file()
            && let Ok(rel) = path.strip_prefix(root)
        {
            out.push(rel.to_path_buf());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_or_added_file_changes_the_digest() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("problem.toml"), "a").unwrap();
        std::fs::create_dir(dir.path().join("tests")).unwrap();
        std::fs::write(dir.path().join("tests/1.in"), "1").unwrap();
        let first = spec_sha256(dir.path()).unwrap();
        assert_eq!(first, spec_sha256(dir.path()).unwrap());
        std::fs::write(dir.path().join("tests/1.in"), "2").unwrap();
        let second = spec_sha256(dir.path()).unwrap();
        assert_ne!(first, second);
        std::fs::write(dir.path().join("tests/2.in"), "").unwrap();
        assert_ne!(second, spec_sha256(dir.path()).unwrap());
        // Hidden files do not count.
        let third = spec_sha256(dir.path()).unwrap();
        std::fs::write(dir.path().join(".swp"), "x").unwrap();
        assert_eq!(third, spec_sha256(dir.path()).unwrap());
        assert_eq!(sha256_hex(b"").len(), 64);
    }
}
