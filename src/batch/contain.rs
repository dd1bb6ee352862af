//! The class folder as the only place a batch reads from. Every submission path is opened
//! through a `cap_std::fs::Dir` on the class folder (or on the manifest's folder), which refuses
//! absolute paths, `..` and symlinks that lead out of it; and, when the grader is root, as the
//! folder's owner ([`ReadAs`]), a second defence that costs four syscalls per read. The folder
//! itself is opened as the user who ran the grader (its parents, e.g. under `/root`, need not
//! be open to the owner). What cannot be read becomes a reason for the student's row, which
//! names the path and never holds a byte of what the path led to.

use crate::error::{Error, Result};
use crate::sandbox::ReadAs;
use cap_std::fs::{Dir, FileTypeExt, MetadataExt, OpenOptions, OpenOptionsExt};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The most a submission may hold (as much as a build accepts).
pub const MAX_SOURCE: u64 = 4 << 20;

/// A folder of submissions, opened once.
#[derive(Debug)]
pub struct Class {
    /// The folder as the user gave it: paths are shown relative to it.
    pub base: PathBuf,
    dir: Dir,
    /// Read as this uid and gid (the folder's owner) when the grader is root.
    owner: Option<(u32, u32)>,
}

/// What a path inside the class folder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Folder,
}

/// Why a path cannot be read: the text for the student's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// The path leads out of the folder (a symlink, an absolute path, `..`).
    pub leaves: bool,
    pub why: String,
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.why)
    }
}

type Found<T> = std::result::Result<T, Unreadable>;

/// Whether `rel` is a plain relative path: no root, no `..`.
pub fn plain(rel: &Path) -> bool {
    rel.components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// Where the first NUL byte of `bytes` is: a file holding one is not source code.
pub fn nul_at(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

impl Class {
    /// Opens the folder `base` (the user's own argument, so it may be a symlink itself). The
    /// owner's ids are tried once; when the kernel refuses them, reads stay contained but as
    /// the grader's user, and a warning says so.
    pub fn open(base: &Path) -> Result<Class> {
        let fail = |e: std::io::Error| {
            Error::usage(format!(
                "cannot open the submissions folder `{}`: {e}",
                base.display()
            ))
        };
        let dir = Dir::open_ambient_dir(base, cap_std::ambient_authority()).map_err(fail)?;
        let meta = dir.dir_metadata().map_err(fail)?;
        let owner = (meta.uid(), meta.gid());
        let owner = match ReadAs::new(owner.0, owner.1) {
            Ok(_) => Some(owner),
            Err(e) => {
                eprintln!(
                    "grader: warning: cannot read `{}` as its owner (uid {}): {e}; reading inside it as the grader's user",
                    base.display(),
                    owner.0
                );
                None
            }
        };
        Ok(Class {
            base: base.to_path_buf(),
            dir,
            owner,
        })
    }

    /// This thread's reads as the folder's owner, until the guard drops.
    fn as_owner(&self, rel: &Path) -> Found<Option<ReadAs>> {
        let Some((uid, gid)) = self.owner else {
            return Ok(None);
        };
        ReadAs::new(uid, gid).map(Some).map_err(|e| Unreadable {
            leaves: false,
            why: format!("cannot read `{}`: {e}", rel.display()),
        })
    }

    /// The visible entries (no leading `.`) of the folder `rel` (`""`: the class folder),
    /// as paths relative to the class folder, sorted.
    pub fn list(&self, rel: &Path) -> Found<Vec<PathBuf>> {
        let guard = self.as_owner(rel)?;
        let entries = if rel.as_os_str().is_empty() {
            self.dir.entries()
        } else {
            self.kind(rel)?;
            self.dir.read_dir(rel)
        }
        .map_err(|e| self.why(rel, &e, false, guard.as_ref()))?;
        let mut out: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.file_name())
            .filter(|n| !n.to_string_lossy().starts_with('.'))
            .map(|n| rel.join(n))
            .collect();
        out.sort();
        Ok(out)
    }

    /// What `rel` is, symlinks inside the folder followed; anything but a regular file or a
    /// folder (a FIFO, a device, a socket) is refused.
    pub fn kind(&self, rel: &Path) -> Found<Kind> {
        let guard = self.as_owner(rel)?;
        let shown = rel.display();
        if !plain(rel) {
            return Err(Unreadable {
                leaves: true,
                why: format!("refused: `{shown}` is not a path inside the class folder"),
            });
        }
        let link = self
            .dir
            .symlink_metadata(rel)
            .map_err(|e| self.why(rel, &e, false, guard.as_ref()))?
            .file_type()
            .is_symlink();
        let ft = self
            .dir
            .metadata(rel)
            .map_err(|e| self.why(rel, &e, link, guard.as_ref()))?
            .file_type();
        if ft.is_dir() {
            return Ok(Kind::Folder);
        }
        if ft.is_file() {
            return Ok(Kind::File);
        }
        let what = if ft.is_fifo() {
            "a FIFO"
        } else if ft.is_socket() {
            "a socket"
        } else if ft.is_block_device() || ft.is_char_device() {
            "a device"
        } else {
            "not a file"
        };
        Err(Unreadable {
            leaves: false,
            why: format!("refused: `{shown}` is not a regular file ({what})"),
        })
    }

    /// The bytes of the regular file `rel`, read inside the folder as its owner, at most
    /// [`MAX_SOURCE`] of them.
    pub fn read(&self, rel: &Path) -> Found<Vec<u8>> {
        let guard = self.as_owner(rel)?;
        let shown = rel.display();
        if self.kind(rel)? != Kind::File {
            return Err(Unreadable {
                leaves: false,
                why: format!("cannot read `{shown}`: it is a folder"),
            });
        }
        let mut options = OpenOptions::new();
        // Non-blocking: a FIFO swapped in after the check must not hang the batch.
        options
            .read(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
        let io = |e: std::io::Error| self.why(rel, &e, false, guard.as_ref());
        let file = self.dir.open_with(rel, &options).map_err(io)?;
        // The opened file decides, whatever the path pointed to when it was checked.
        let meta = file.metadata().map_err(io)?;
        let too_big = |size: u64| Unreadable {
            leaves: false,
            why: format!(
                "`{shown}` is {size} bytes; a submission may have at most {MAX_SOURCE} bytes"
            ),
        };
        if !meta.is_file() {
            return Err(Unreadable {
                leaves: false,
                why: format!("refused: `{shown}` is not a regular file"),
            });
        }
        if meta.len() > MAX_SOURCE {
            return Err(too_big(meta.len()));
        }
        let mut bytes = Vec::new();
        file.take(MAX_SOURCE + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        if bytes.len() as u64 > MAX_SOURCE {
            return Err(too_big(bytes.len() as u64));
        }
        Ok(bytes)
    }

    /// The row's text for an error opening `rel` (`link`: `rel` itself is a symlink).
    fn why(
        &self,
        rel: &Path,
        e: &std::io::Error,
        link: bool,
        guard: Option<&ReadAs>,
    ) -> Unreadable {
        let shown = rel.display();
        // cap-std reports an escape as PermissionDenied without an OS error code.
        if e.kind() == std::io::ErrorKind::PermissionDenied && e.raw_os_error().is_none() {
            let why = if link {
                format!("refused: `{shown}` is a symlink that leaves the class folder")
            } else {
                format!("refused: `{shown}` leads out of the class folder through a symlink")
            };
            return Unreadable { leaves: true, why };
        }
        let why = match e.kind() {
            std::io::ErrorKind::NotFound if link => {
                format!("cannot read `{shown}`: a symlink to nothing")
            }
            std::io::ErrorKind::NotFound => format!("cannot read `{shown}`: no such file"),
            std::io::ErrorKind::PermissionDenied => match guard.and_then(ReadAs::uid) {
                Some(uid) => format!(
                    "cannot read `{shown}`: permission denied to the class folder's owner (uid {uid}), as whom submissions are read"
                ),
                None => format!("cannot read `{shown}`: permission denied"),
            },
            _ => format!("cannot read `{shown}`: {e}"),
        };
        Unreadable { leaves: false, why }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn symlinks_leaving_the_folder_and_fifos_are_refused_by_name() {
        let d = tempfile::tempdir().unwrap();
        let class = d.path().join("class");
        std::fs::create_dir_all(class.join("bob")).unwrap();
        std::fs::write(d.path().join("secret"), "TOKEN").unwrap();
        std::fs::write(class.join("bob/a.py"), "print(1)").unwrap();
        symlink(d.path().join("secret"), class.join("alice.py")).unwrap();
        symlink("bob/a.py", class.join("carol.py")).unwrap();
        symlink(d.path(), class.join("dave")).unwrap();
        symlink("../secret", class.join("erin.py")).unwrap();
        nix::unistd::mkfifo(&class.join("fifo.py"), nix::sys::stat::Mode::S_IRWXU).unwrap();
        let c = Class::open(&class).unwrap();
        let alice = c.read(Path::new("alice.py")).unwrap_err();
        assert!(alice.leaves);
        assert_eq!(
            alice.why,
            "refused: `alice.py` is a symlink that leaves the class folder"
        );
        assert!(c.read(Path::new("erin.py")).unwrap_err().leaves);
        assert_eq!(c.read(Path::new("carol.py")).unwrap(), b"print(1)");
        assert_eq!(c.kind(Path::new("bob")), Ok(Kind::Folder));
        let dave = c.list(Path::new("dave")).unwrap_err();
        assert!(
            dave.why.contains("`dave` is a symlink that leaves"),
            "{dave}"
        );
        let through = c.read(Path::new("dave/secret")).unwrap_err();
        assert!(
            through.why.contains("leads out of the class folder"),
            "{through}"
        );
        let fifo = c.read(Path::new("fifo.py")).unwrap_err();
        assert_eq!(
            fifo.why,
            "refused: `fifo.py` is not a regular file (a FIFO)"
        );
        for bad in ["../secret", "/etc/passwd", "bob/../../secret"] {
            let e = c.read(Path::new(bad)).unwrap_err();
            assert!(e.leaves && !e.why.contains("TOKEN"), "{bad}: {e}");
        }
        assert_eq!(
            c.list(Path::new("")).unwrap(),
            ["alice.py", "bob", "carol.py", "dave", "erin.py", "fifo.py"].map(PathBuf::from)
        );
    }

    #[test]
    fn a_file_too_big_is_refused_with_its_size() {
        let d = tempfile::tempdir().unwrap();
        let f = std::fs::File::create(d.path().join("big.py")).unwrap();
        f.set_len(MAX_SOURCE + 1).unwrap();
        let c = Class::open(d.path()).unwrap();
        let e = c.read(Path::new("big.py")).unwrap_err();
        assert!(e.why.contains(&format!("{} bytes", MAX_SOURCE + 1)), "{e}");
        assert_eq!(nul_at(b"ab\0"), Some(2));
    }
}
