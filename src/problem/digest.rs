//! The problem's fingerprint: a SHA-256 over every file of its folder (relative path and
//! content, in sorted order), so a changed test, spec, checker or reference changes it. `grader
//! batch` keys its journal with it; `--expect-spec-sha256` compares against it.

use super::inside::Folder;
use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::path::Path;

/// The hex SHA-256 of the problem folder `dir`. Hidden files and `__pycache__` are left out;
/// every file must resolve inside the folder (a symlink out of it is refused, see `inside`).
pub fn spec_sha256(dir: &Path) -> Result<String> {
    let folder = Folder::open(dir, "problem folder")?;
    let files = folder
        .walk("")
        .map_err(|(p, r)| folder.error("file", p, &r))?;
    let mut h = Sha256::new();
    for rel in &files {
        let bytes = folder
            .read(rel)
            .map_err(|r| folder.error("file", rel, &r))?;
        let name = rel.to_string_lossy();
        h.update((name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    // The SQL datasets shared by the bank that its tests name (`dataset = "club"`) are part of
    // the problem: a changed dump changes every problem that uses it.
    for name in shared_datasets(dir) {
        let (bank, files) = super::inside::shared_dataset_files(dir, &name)
            .map_err(|m| Error::spec(format!("{}: {m}", dir.display())))?;
        for rel in files {
            // Read through the bank's handle, as the dataset was found.
            let bytes = bank.read(&rel).map_err(|r| {
                Error::spec(format!(
                    "{}: {}",
                    dir.display(),
                    bank.message("shared dataset file", &rel, &r)
                ))
            })?;
            // Named from the bank down (`/datasets/NAME/…`), never by its host path.
            let name = format!("/{}", rel.to_string_lossy());
            h.update((name.len() as u64).to_le_bytes());
            h.update(name.as_bytes());
            h.update((bytes.len() as u64).to_le_bytes());
            h.update(&bytes);
        }
    }
    Ok(hex(&h.finalize()))
}

/// The shared datasets `problem.toml` in `dir` names (`[[tests]] dataset = "…"`), sorted and
/// unique; none when the file does not parse (the loader says why).
fn shared_datasets(dir: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(dir.join(super::SPEC_FILE)) else {
        return Vec::new();
    };
    let Ok(v) = toml::from_str::<toml::Value>(&text) else {
        return Vec::new();
    };
    let mut names: Vec<String> = v
        .get("tests")
        .and_then(|t| t.as_array())
        .into_iter()
        .flatten()
        .filter_map(|t| t.get("dataset")?.as_str().map(str::to_string))
        .collect();
    names.sort();
    names.dedup();
    names
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
        // A symlink out of the folder is refused, naming it; one inside is followed.
        std::os::unix::fs::symlink("1.in", dir.path().join("tests/3.in")).unwrap();
        assert_ne!(third, spec_sha256(dir.path()).unwrap());
        let secret = tempfile::tempdir().unwrap();
        std::fs::write(secret.path().join("s"), "x").unwrap();
        std::os::unix::fs::symlink(secret.path().join("s"), dir.path().join("tests/4.in")).unwrap();
        let e = spec_sha256(dir.path()).unwrap_err().message;
        assert!(
            e.contains("`tests/4.in` leads outside the problem folder"),
            "{e}"
        );
    }
}
