//! Containment of the files a problem names: every file that `problem.toml` or an ICPC/Kattis
//! package names, and every file that discovery finds (tests, jury submissions, references,
//! templates, the digest's walk), resolves inside the problem's folder. The rule is enforced by
//! `cap-std`: names are resolved through a [`Dir`] handle on the folder (`openat2` with
//! `RESOLVE_BENEATH` where the kernel has it), so an absolute path, a `..` or a symlink that
//! leaves the folder is refused however it is spelled, while a symlink that stays inside is
//! followed. FIFOs, sockets and devices are refused too: reading one could block or never end.
//!
//! The model keeps host paths (`root/rel`) for the judge to read later: a problem's files do not
//! change during a run (a pull request's checkout is not written to while it is graded), so the
//! path checked here is the path read.

use crate::error::{Error, Result};
use cap_std::ambient_authority;
use cap_std::fs::Dir;
use std::io;
use std::path::{Path, PathBuf};

/// What a name inside a folder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    File,
    Folder,
}

/// Why a name of a folder cannot be used.
#[derive(Debug)]
pub enum Refusal {
    /// Nothing by that name (or a dangling symlink).
    Missing,
    /// An absolute path, `..`, or a symlink that leaves the folder.
    Outside,
    /// A FIFO, a socket or a device.
    Special,
    /// A folder where a file is needed.
    NotFile,
    /// A file where a folder is needed.
    NotFolder,
    Io(io::Error),
}

impl Refusal {
    fn of(e: io::Error) -> Refusal {
        match e.kind() {
            io::ErrorKind::NotFound | io::ErrorKind::NotADirectory => Refusal::Missing,
            // cap-std's "a path led outside of the filesystem" is its own error, with no errno;
            // a plain EACCES carries one.
            io::ErrorKind::PermissionDenied if e.raw_os_error().is_none() => Refusal::Outside,
            _ => Refusal::Io(e),
        }
    }
}

/// One entry of a listed folder: a file or a folder that resolves inside the root.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The entry's name (lossy UTF-8, for messages and test names).
    pub name: String,
    /// Its path relative to the root.
    pub rel: PathBuf,
    pub found: Found,
}

/// A folder whose names are resolved beneath it.
pub struct Folder {
    root: PathBuf,
    dir: Dir,
    /// How messages call it: "problem folder", "package folder", ...
    label: &'static str,
}

impl std::fmt::Debug for Folder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Folder({})", self.root.display())
    }
}

/// `.` for the root itself (cap-std resolves names relative to the handle).
fn name_of(rel: &Path) -> &Path {
    if rel.as_os_str().is_empty() {
        Path::new(".")
    } else {
        rel
    }
}

impl Folder {
    /// Opens `root` (the user named it: a symlink there is followed).
    pub fn open(root: &Path, label: &'static str) -> Result<Folder> {
        // `Path::parent` of a bare name is the empty path: the current folder.
        let dir = Dir::open_ambient_dir(name_of(root), ambient_authority()).map_err(|e| {
            Error::usage(format!("cannot open the {label} `{}`: {e}", root.display()))
        })?;
        Ok(Folder {
            root: root.to_path_buf(),
            dir,
            label,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The host path of `rel` (to be used once `rel` has been checked).
    pub fn path(&self, rel: impl AsRef<Path>) -> PathBuf {
        self.root.join(rel)
    }

    /// `host` relative to the root, for code that holds host paths built from [`Folder::path`];
    /// a path elsewhere is returned as it is (and then refused by the checks as absolute).
    pub fn rel<'p>(&self, host: &'p Path) -> &'p Path {
        host.strip_prefix(&self.root).unwrap_or(host)
    }

    /// What `rel` is, following symlinks that stay inside.
    pub fn find(&self, rel: impl AsRef<Path>) -> std::result::Result<Found, Refusal> {
        let meta = self
            .dir
            .metadata(name_of(rel.as_ref()))
            .map_err(Refusal::of)?;
        if meta.is_file() {
            Ok(Found::File)
        } else if meta.is_dir() {
            Ok(Found::Folder)
        } else {
            Err(Refusal::Special)
        }
    }

    /// Like [`Folder::find`], with `None` for a name that does not exist.
    pub fn probe(&self, rel: impl AsRef<Path>) -> std::result::Result<Option<Found>, Refusal> {
        match self.find(rel) {
            Ok(f) => Ok(Some(f)),
            Err(Refusal::Missing) => Ok(None),
            Err(r) => Err(r),
        }
    }

    /// The host path of the regular file `rel`.
    pub fn file(&self, rel: impl AsRef<Path>) -> std::result::Result<PathBuf, Refusal> {
        let rel = rel.as_ref();
        match self.find(rel)? {
            Found::File => Ok(self.path(rel)),
            Found::Folder => Err(Refusal::NotFile),
        }
    }

    /// The bytes of the regular file `rel`, read through the folder's handle.
    pub fn read(&self, rel: impl AsRef<Path>) -> std::result::Result<Vec<u8>, Refusal> {
        let rel = rel.as_ref();
        self.file(rel)?;
        self.dir.read(rel).map_err(Refusal::of)
    }

    /// The text of the regular file `rel`, read through the folder's handle.
    pub fn read_to_string(&self, rel: impl AsRef<Path>) -> std::result::Result<String, Refusal> {
        let rel = rel.as_ref();
        self.file(rel)?;
        self.dir.read_to_string(rel).map_err(Refusal::of)
    }

    /// The text of the file `rel` when there is one (`None` when nothing has that name).
    pub fn read_optional(
        &self,
        rel: impl AsRef<Path>,
    ) -> std::result::Result<Option<String>, Refusal> {
        let rel = rel.as_ref();
        match self.probe(rel)? {
            None => Ok(None),
            Some(_) => self.read_to_string(rel).map(Some),
        }
    }

    /// The files and folders of the folder `rel`, sorted by name. Hidden entries (a name
    /// starting with `.`) are left out, and so are dangling symlinks; an entry that leads
    /// outside or is not a file or a folder is refused, with its path.
    pub fn list(
        &self,
        rel: impl AsRef<Path>,
    ) -> std::result::Result<Vec<Entry>, (PathBuf, Refusal)> {
        let rel = rel.as_ref();
        let fail = |r: Refusal| (rel.to_path_buf(), r);
        if self.find(rel).map_err(fail)? != Found::Folder {
            return Err(fail(Refusal::NotFolder));
        }
        let mut out = Vec::new();
        for entry in self
            .dir
            .read_dir(name_of(rel))
            .map_err(|e| fail(Refusal::of(e)))?
        {
            let entry = entry.map_err(|e| fail(Refusal::of(e)))?;
            let name = entry.file_name();
            let name = name.to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let child = rel.join(entry.file_name());
            match self.find(&child) {
                Ok(found) => out.push(Entry {
                    name,
                    rel: child,
                    found,
                }),
                Err(Refusal::Missing) => {}
                Err(r) => return Err((child, r)),
            }
        }
        out.sort_by(|a, b| a.rel.cmp(&b.rel));
        Ok(out)
    }

    /// Every file below the folder `rel` (relative to the root, sorted), through sub-folders;
    /// hidden entries and `__pycache__` folders are left out.
    pub fn walk(
        &self,
        rel: impl AsRef<Path>,
    ) -> std::result::Result<Vec<PathBuf>, (PathBuf, Refusal)> {
        let mut out = Vec::new();
        let mut stack = vec![rel.as_ref().to_path_buf()];
        while let Some(folder) = stack.pop() {
            for e in self.list(&folder)? {
                match e.found {
                    Found::File => out.push(e.rel),
                    Found::Folder if e.name != "__pycache__" => stack.push(e.rel),
                    Found::Folder => {}
                }
            }
        }
        out.sort();
        Ok(out)
    }

    /// A one-line message for `what` `name` refused by `r` (`what` says which key or file it
    /// is, such as "[[expect]] file" or "test input").
    pub fn message(&self, what: &str, name: impl AsRef<Path>, r: &Refusal) -> String {
        let name = name.as_ref().display();
        let label = self.label;
        let what = if what.is_empty() {
            String::new()
        } else {
            format!("{what} ")
        };
        match r {
            Refusal::Missing => format!("{what}`{name}` does not exist in the {label}"),
            Refusal::Outside => format!(
                "{what}`{name}` leads outside the {label} (an absolute path, `..` or a symlink out of it): every file a problem names must stay inside its folder (symlinks inside are fine); copy the file into the folder"
            ),
            Refusal::Special => format!(
                "{what}`{name}` is not a regular file (a FIFO, a socket or a device): put a regular file there"
            ),
            Refusal::NotFile => format!("{what}`{name}` is a folder, not a file"),
            Refusal::NotFolder => format!("{what}`{name}` is not a folder"),
            Refusal::Io(e) => format!("cannot read {what}`{name}` in the {label}: {e}"),
        }
    }

    /// Copies every file below the folder (as [`Folder::walk`] finds them, each with its
    /// mode) into `to`, making the sub-folders: a symlink out of the folder is refused, so no
    /// host file is copied. Checked just before the copy: the folder does not change meanwhile.
    pub fn copy_into(&self, to: &Path) -> Result<()> {
        let io_err = |path: &Path, e: io::Error| {
            Error::judge(format!("cannot write `{}`: {e}", path.display()))
        };
        for rel in self.walk("").map_err(|(p, r)| self.error("", p, &r))? {
            let target = to.join(&rel);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|e| io_err(parent, e))?;
            }
            std::fs::copy(self.path(&rel), &target).map_err(|e| io_err(&target, e))?;
        }
        Ok(())
    }

    /// A name for the folder's content: [`digest`] of every file [`Folder::walk`] finds.
    pub fn digest(&self, tag: &str) -> Result<String> {
        let mut files = Vec::new();
        for rel in self.walk("").map_err(|(p, r)| self.error("", p, &r))? {
            let bytes = self.read(&rel).map_err(|r| self.error("", &rel, &r))?;
            files.push((rel, bytes));
        }
        Ok(digest(
            tag,
            files.iter().map(|(r, b)| (r.as_path(), b.as_slice())),
        ))
    }

    /// [`Folder::message`] as a spec error naming the root: `ROOT: message`.
    pub fn error(&self, what: &str, name: impl AsRef<Path>, r: &Refusal) -> Error {
        Error::spec(format!(
            "{}: {}",
            self.root.display(),
            self.message(what, name, r)
        ))
    }
}

/// A name for a set of files (path, bytes), for a content-addressed cache: 32 hex digits of
/// SHA-256 over `tag` and each file's path, length and bytes, in the order given.
pub fn digest<'a>(tag: &str, files: impl IntoIterator<Item = (&'a Path, &'a [u8])>) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(tag.as_bytes());
    h.update(b"\0");
    for (rel, bytes) in files {
        h.update(rel.to_string_lossy().as_bytes());
        h.update(b"\0");
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Copies the files below the folder `from` (`label` names it in errors) into `to`: see
/// [`Folder::copy_into`].
pub fn copy_folder(from: &Path, to: &Path, label: &'static str) -> Result<()> {
    Folder::open(from, label)?.copy_into(to)
}

/// The statement of the problem in `dir` (`statement.md`), read inside the folder; `None`
/// when there is none.
pub fn statement(dir: &Path) -> Result<Option<String>> {
    let folder = Folder::open(dir, "problem folder")?;
    let name = super::STATEMENT_FILE;
    folder
        .read_optional(name)
        .map_err(|r| folder.error("the statement", name, &r))
}

/// The regular files directly in the folder `rel` of `root` (host paths, sorted; hidden ones
/// left out; none when there is no such folder), every one inside `root`.
pub fn files_in(root: &Path, rel: &str, label: &'static str) -> Result<Vec<PathBuf>> {
    entries_in(root, rel, label, true)
}

/// The files and folders directly in the folder `rel` of `root` (host paths, sorted; hidden
/// ones left out; none when there is no such folder), every one inside `root`; `files_only`
/// leaves the folders out.
pub fn entries_in(
    root: &Path,
    rel: &str,
    label: &'static str,
    files_only: bool,
) -> Result<Vec<PathBuf>> {
    let folder = Folder::open(root, label)?;
    if folder
        .probe(rel)
        .map_err(|r| folder.error("", rel, &r))?
        .is_none()
    {
        return Ok(Vec::new());
    }
    let entries = folder.list(rel).map_err(|(p, r)| folder.error("", p, &r))?;
    Ok(entries
        .into_iter()
        .filter(|e| !files_only || e.found == Found::File)
        .map(|e| folder.path(e.rel))
        .collect())
}

/// The folder of a bank (the folder holding problem folders) where datasets shared by its
/// SQL problems live, one sub-folder per dataset.
pub const SHARED_DATASETS: &str = "datasets";

/// The files of shared dataset `name` (sorted, through sub-folders, hidden ones left out):
/// `datasets/NAME/` of the bank that holds the problem folder `problem` (its parent), every
/// file resolved inside the bank. `Err` is a one-line message naming the fix.
pub fn shared_dataset(problem: &Path, name: &str) -> std::result::Result<Vec<PathBuf>, String> {
    let (bank, files) = shared_dataset_files(problem, name)?;
    Ok(files.into_iter().map(|f| bank.path(f)).collect())
}

/// Like [`shared_dataset`]: the bank's folder and the dataset's files relative to it
/// (`datasets/NAME/…`), to read through the bank's handle.
pub fn shared_dataset_files(
    problem: &Path,
    name: &str,
) -> std::result::Result<(Folder, Vec<PathBuf>), String> {
    let plain = !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\'])
        && !name.chars().any(char::is_control);
    if !plain {
        return Err(format!(
            "dataset `{name}` is not a plain folder name of the bank's `{SHARED_DATASETS}/` folder"
        ));
    }
    let dir = problem
        .canonicalize()
        .map_err(|e| format!("cannot resolve the problem folder: {e}"))?;
    let Some(bank) = dir.parent() else {
        return Err("the problem folder has no parent folder (the bank)".into());
    };
    let folder = Folder::open(bank, "bank folder").map_err(|e| e.message)?;
    let rel = Path::new(SHARED_DATASETS).join(name);
    match folder.find(&rel) {
        Ok(Found::Folder) => {}
        Ok(Found::File) => return Err(folder.message("shared dataset", &rel, &Refusal::NotFolder)),
        Err(Refusal::Missing) => {
            return Err(format!(
                "shared dataset `{name}`: no folder `{SHARED_DATASETS}/{name}/` in the bank `{}` (the folder holding this problem's folder)",
                bank.display()
            ));
        }
        Err(r) => return Err(folder.message("shared dataset", &rel, &r)),
    }
    let files = folder
        .walk(&rel)
        .map_err(|(p, r)| folder.message("shared dataset file", p, &r))?;
    Ok((folder, files))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn setup() -> (tempfile::TempDir, tempfile::TempDir, Folder) {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "s3cret").unwrap();
        let d = tempfile::tempdir().unwrap();
        let p = d.path();
        std::fs::create_dir(p.join("sub")).unwrap();
        std::fs::write(p.join("sub/a.txt"), "a").unwrap();
        std::fs::write(p.join(".hidden"), "h").unwrap();
        symlink("sub/a.txt", p.join("inside-link")).unwrap();
        symlink(outside.path().join("secret"), p.join("abs-link")).unwrap();
        symlink("../../../../../../../../etc", p.join("up-link")).unwrap();
        symlink("nowhere", p.join("dangling")).unwrap();
        let f = Folder::open(p, "problem folder").unwrap();
        (outside, d, f)
    }

    #[test]
    fn copy_into_copies_every_file_with_its_mode_and_refuses_a_link_out() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let from = d.path().join("from");
        std::fs::create_dir_all(from.join("lib/deep")).unwrap();
        std::fs::write(from.join("run"), "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(from.join("run"), std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::write(from.join("lib/deep/h.h"), "h").unwrap();
        std::fs::write(from.join(".hidden"), "h").unwrap();
        let to = d.path().join("to");
        copy_folder(&from, &to, "output validator folder").unwrap();
        assert_eq!(
            std::fs::read_to_string(to.join("lib/deep/h.h")).unwrap(),
            "h"
        );
        let mode = std::fs::metadata(to.join("run"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o755);
        assert!(!to.join(".hidden").exists());
        // A symlink out of the folder: refused before anything is copied.
        let (_outside, bad, f) = setup();
        let out = bad.path().join("copy");
        let e = f.copy_into(&out).unwrap_err();
        assert!(
            e.message.contains("leads outside the problem folder"),
            "{}",
            e.message
        );
        assert!(!out.exists());
    }

    #[test]
    fn names_inside_resolve_and_names_outside_are_refused() {
        let (outside, _d, f) = setup();
        assert_eq!(f.find("sub/a.txt").unwrap(), Found::File);
        assert_eq!(f.find("inside-link").unwrap(), Found::File);
        assert_eq!(f.read_to_string("inside-link").unwrap(), "a");
        assert_eq!(f.find("sub").unwrap(), Found::Folder);
        assert_eq!(f.find("").unwrap(), Found::Folder);
        let secret = outside.path().join("secret");
        for name in [
            secret.as_path(),
            Path::new("abs-link"),
            Path::new("up-link/passwd"),
            Path::new("../x"),
            Path::new("sub/../../x"),
            Path::new("/etc/passwd"),
        ] {
            let r = f.read_to_string(name);
            assert!(matches!(r, Err(Refusal::Outside)), "{name:?}: {r:?}");
        }
        assert!(matches!(f.file("sub"), Err(Refusal::NotFile)));
        assert!(matches!(f.find("missing"), Err(Refusal::Missing)));
        assert!(matches!(f.probe("dangling"), Ok(None)));
        let m = f.message("seed_file", "abs-link", &Refusal::Outside);
        assert!(
            m.starts_with("seed_file `abs-link` leads outside the problem folder"),
            "{m}"
        );
    }

    #[test]
    fn listing_skips_hidden_and_dangling_and_refuses_escapes() {
        let (_o, d, f) = setup();
        let (rel, r) = f.list("").unwrap_err();
        assert!(matches!(r, Refusal::Outside));
        assert!(
            rel == Path::new("abs-link") || rel == Path::new("up-link"),
            "{rel:?}"
        );
        std::fs::remove_file(d.path().join("abs-link")).unwrap();
        std::fs::remove_file(d.path().join("up-link")).unwrap();
        let names: Vec<String> = f.list("").unwrap().into_iter().map(|e| e.name).collect();
        assert_eq!(names, ["inside-link", "sub"]);
        assert_eq!(
            f.walk("").unwrap(),
            [PathBuf::from("inside-link"), PathBuf::from("sub/a.txt")]
        );
        assert!(matches!(
            f.list("inside-link"),
            Err((_, Refusal::NotFolder))
        ));
    }

    #[test]
    fn fifos_are_refused_without_being_opened() {
        let (_o, d, f) = setup();
        let fifo = d.path().join("pipe");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: `c` is a valid NUL-terminated path for the duration of the call.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert!(matches!(f.read("pipe"), Err(Refusal::Special)));
    }
}
