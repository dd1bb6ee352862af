//! Reading untrusted files as their folder's owner: a per-thread guard that sets the thread's
//! filesystem uid and gid (`setfsuid(2)`, `setfsgid(2)`) and puts the old ones back when it is
//! dropped. Only the thread that holds the guard is affected (the filesystem ids are per
//! thread on Linux; a thread or process started under the guard inherits them, so start none),
//! so a batch's workers can read submissions as the class folder's owner while the rest of the
//! grader keeps root. When the grader is not root, or the owner is root, nothing changes.
//! Supplementary groups are process-wide and stay as they are.

use nix::unistd::{Gid, Uid, geteuid, setfsgid, setfsuid};
use std::marker::PhantomData;

/// While alive, this thread's file accesses are checked as `uid`/`gid`.
#[must_use = "the identity is restored when the guard is dropped"]
pub struct ReadAs {
    /// The ids to put back, when they were changed.
    previous: Option<(Uid, Gid)>,
    /// The ids only apply to the thread that set them: the guard must drop there.
    _same_thread: PhantomData<*const ()>,
}

impl ReadAs {
    /// Checks this thread's file accesses as `uid`/`gid` until the guard drops. No change
    /// (and no error) when the grader is not root or `uid` is root. Fails when the kernel
    /// refused the change (a root without CAP_SETUID), after putting the old ids back.
    pub fn new(uid: u32, gid: u32) -> std::io::Result<ReadAs> {
        let unchanged = ReadAs {
            previous: None,
            _same_thread: PhantomData,
        };
        if uid == 0 || !geteuid().is_root() {
            return Ok(unchanged);
        }
        let (uid, gid) = (Uid::from_raw(uid), Gid::from_raw(gid));
        // The group first, while the filesystem uid is still root.
        let old_gid = setfsgid(gid);
        let old_uid = setfsuid(uid);
        let guard = ReadAs {
            previous: Some((old_uid, old_gid)),
            _same_thread: PhantomData,
        };
        // setfsuid never reports failure: an invalid id (-1) changes nothing and returns the
        // id in force, which says whether the change took.
        let now_uid = setfsuid(Uid::from_raw(u32::MAX));
        let now_gid = setfsgid(Gid::from_raw(u32::MAX));
        if now_uid != uid || now_gid != gid {
            drop(guard);
            return Err(std::io::Error::other(format!(
                "the kernel refused to check file accesses as uid {uid}, gid {gid}"
            )));
        }
        Ok(guard)
    }

    /// The uid accesses are checked as, when it was changed.
    pub fn uid(&self) -> Option<u32> {
        self.previous
            .map(|_| setfsuid(Uid::from_raw(u32::MAX)).as_raw())
    }
}

impl Drop for ReadAs {
    fn drop(&mut self) {
        if let Some((uid, gid)) = self.previous {
            // The uid first: back to root restores the capabilities setfsgid needs.
            setfsuid(uid);
            setfsgid(gid);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn current() -> (Uid, Gid) {
        (
            setfsuid(Uid::from_raw(u32::MAX)),
            setfsgid(Gid::from_raw(u32::MAX)),
        )
    }

    #[test]
    fn reads_as_the_owner_on_this_thread_only_and_restores() {
        if !geteuid().is_root() {
            crate::sandbox::test_skip("needs root to change the filesystem uid");
            return;
        }
        let d = tempfile::tempdir().unwrap();
        let secret = d.path().join("secret");
        std::fs::write(&secret, "s").unwrap();
        std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
        let before = current();
        // A thread started before the guard keeps root while this one holds it (one started
        // under the guard would inherit the ids, as a child process would).
        let (ask, asked) = std::sync::mpsc::channel::<()>();
        let (answer, answered) = std::sync::mpsc::channel::<bool>();
        let other = std::thread::Builder::new()
            .spawn({
                let secret = secret.clone();
                move || {
                    asked.recv().unwrap();
                    answer.send(std::fs::read(secret).is_ok()).unwrap();
                }
            })
            .unwrap();
        let guard = ReadAs::new(65534, 65534).unwrap();
        assert_eq!(guard.uid(), Some(65534));
        let denied = std::fs::read(&secret).unwrap_err();
        assert_eq!(denied.kind(), std::io::ErrorKind::PermissionDenied);
        ask.send(()).unwrap();
        assert!(answered.recv().unwrap(), "the other thread lost root");
        other.join().unwrap();
        drop(guard);
        assert_eq!(std::fs::read(&secret).unwrap(), b"s");
        assert_eq!(current(), before);
    }

    #[test]
    fn root_owner_changes_nothing() {
        let guard = ReadAs::new(0, 0).unwrap();
        assert_eq!(guard.uid(), None);
    }
}
