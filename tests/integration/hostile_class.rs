//! A hostile class: submissions that try to make `grader batch` (and `grader run`) read a host
//! file. A secret file holding a random token is planted beside the class folder; the class
//! holds symlinks to it (a file, a student folder, a file inside a student folder), a FIFO, a
//! binary file and a manifest naming it with `../` and an absolute path. Every refusal is a row
//! with its reason (or exit 2 for a manifest), a symlink that stays inside is graded, and no
//! byte of the token reaches stdout, stderr or any file the grader wrote. Also: ERR rows are
//! final until their file changes, outputs get the user's umask, and as root the class is read
//! as its folder's owner.

use crate::Env;
use std::collections::HashMap;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::Output;

const ACCEPTED: &str = "tests/fixtures/batch/two-sum/alice.py";

/// A host with a secret beside a class folder.
struct Host {
    dir: tempfile::TempDir,
    token: String,
}

impl Host {
    fn new() -> Host {
        let dir = tempfile::tempdir().unwrap();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let token = format!("tok{:x}{nanos:x}", std::process::id());
        std::fs::create_dir_all(dir.path().join("secret")).unwrap();
        // Python source that fails to compile with the token in the quoted line, as a shadow
        // file's first line would be.
        std::fs::write(
            dir.path().join("secret/token.py"),
            format!("{token}:*:20228:0:99999:7:::\n"),
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("class")).unwrap();
        Host { dir, token }
    }

    fn class(&self) -> PathBuf {
        self.dir.path().join("class")
    }

    fn secret(&self) -> PathBuf {
        self.dir.path().join("secret/token.py")
    }

    /// Fails if the token is anywhere in `bytes`.
    fn assert_absent(&self, what: &str, bytes: &[u8]) {
        let t = self.token.as_bytes();
        assert!(
            !bytes.windows(t.len()).any(|w| w == t),
            "the secret token reached {what}:\n{}",
            String::from_utf8_lossy(bytes)
        );
    }

    /// Fails if the token is in the output of a run or in any file under `out`.
    fn assert_no_leak(&self, out: &Output, written: &Path) {
        self.assert_absent("stdout", &out.stdout);
        self.assert_absent("stderr", &out.stderr);
        let mut files = 0;
        let mut stack = vec![written.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if e.file_type().unwrap().is_dir() {
                    stack.push(p);
                } else {
                    self.assert_absent(&p.display().to_string(), &std::fs::read(&p).unwrap());
                    files += 1;
                }
            }
        }
        assert!(
            files >= 4 || !written.exists(),
            "{files} files in {written:?}"
        );
    }
}

/// The grader under umask 022, from the repository root with `env`'s cache and TMPDIR.
#[expect(
    clippy::disallowed_methods,
    reason = "a shell sets the umask for the grader"
)]
fn grader(env: &Env, args: &[&std::ffi::OsStr]) -> Output {
    std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 022 && exec \"$0\" \"$@\"")
        .arg(assert_cmd::cargo::cargo_bin("grader"))
        .args(args)
        .current_dir(crate::root())
        .env("GRADER_CACHE_DIR", env.cache.path())
        .env("TMPDIR", env.tmp.path())
        .env("GRADER_STATE_DIR", env.state.path())
        .env("NO_COLOR", "1")
        .env_remove("GRADER_PROBLEMS")
        .env_remove("GRADER_LANGUAGES")
        .output()
        .unwrap()
}

fn batch(env: &Env, source: &Path, out: &Path) -> Output {
    grader(
        env,
        &[
            "batch".as_ref(),
            "two-sum".as_ref(),
            source.as_os_str(),
            "-j".as_ref(),
            "2".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ],
    )
}

/// student -> (verdict, message), from the gradebook.
fn rows(out: &Path) -> HashMap<String, (String, String)> {
    let mut reader = csv::Reader::from_path(out.join("gradebook.csv")).unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), (r[5].to_string(), r[7].to_string()))
        })
        .collect()
}

fn journal_lines(out: &Path) -> usize {
    std::fs::read_to_string(out.join("journal.jsonl"))
        .unwrap()
        .lines()
        .count()
}

/// The hostile class of the module doc, in `host`'s class folder.
fn plant(host: &Host) {
    let class = host.class();
    symlink(host.secret(), class.join("alice.py")).unwrap();
    symlink("../secret/token.py", class.join("bob.py")).unwrap();
    symlink(host.secret().parent().unwrap(), class.join("carol")).unwrap();
    nix::unistd::mkfifo(&class.join("dave.py"), nix::sys::stat::Mode::S_IRWXU).unwrap();
    // A symlink that stays inside: graded like any file.
    std::fs::create_dir_all(class.join(".stash")).unwrap();
    std::fs::copy(ACCEPTED, class.join(".stash/erin.py")).unwrap();
    symlink(".stash/erin.py", class.join("erin.py")).unwrap();
    std::fs::create_dir_all(class.join("frank")).unwrap();
    symlink("../../secret/token.py", class.join("frank/solution.py")).unwrap();
    let mut binary = b"\x7fELF\0\0".to_vec();
    binary.extend_from_slice(host.token.as_bytes());
    std::fs::write(class.join("gina.py"), binary).unwrap();
    std::fs::copy(ACCEPTED, class.join("hana.py")).unwrap();
}

#[test]
fn a_hostile_class_is_refused_row_by_row_and_leaks_nothing() {
    let env = Env::new();
    let host = Host::new();
    plant(&host);
    let out_dir = host.dir.path().join("out");
    let out = batch(&env, &host.class(), &out_dir);
    crate::assert_exit(&out, 0);
    host.assert_no_leak(&out, &out_dir);
    let rows = rows(&out_dir);
    let leaves = |f: &str| format!("refused: `{f}` is a symlink that leaves the class folder");
    let expected = [
        ("alice", "ERR", leaves("alice.py")),
        ("bob", "ERR", leaves("bob.py")),
        ("carol", "ERR", leaves("carol")),
        (
            "dave",
            "ERR",
            "refused: `dave.py` is not a regular file (a FIFO)".into(),
        ),
        ("erin", "AC", String::new()),
        ("frank", "ERR", leaves("frank/solution.py")),
        (
            "gina",
            "ERR",
            "refused: `gina.py` is not a text file (a NUL byte at offset 4); a submission is source code".into(),
        ),
        ("hana", "AC", String::new()),
    ];
    assert_eq!(rows.len(), expected.len(), "{rows:?}");
    for (student, verdict, message) in expected {
        assert_eq!(
            rows[student],
            (verdict.to_string(), message),
            "row of {student}"
        );
    }
    // Every output gets the user's umask (022 here), not a temporary file's 0600.
    for name in [
        "gradebook.csv",
        "results.json",
        "report.html",
        "journal.jsonl",
    ] {
        let mode = std::fs::metadata(out_dir.join(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644, "mode of {name}");
    }
    env.assert_clean();
}

#[test]
fn err_rows_are_final_until_their_file_changes() {
    let env = Env::new();
    let host = Host::new();
    plant(&host);
    let out_dir = host.dir.path().join("out");
    crate::assert_exit(&batch(&env, &host.class(), &out_dir), 0);
    let lines = journal_lines(&out_dir);
    assert_eq!(lines, 8);
    let gradebook = std::fs::read(out_dir.join("gradebook.csv")).unwrap();
    for _ in 0..2 {
        let again = batch(&env, &host.class(), &out_dir);
        crate::assert_exit(&again, 0);
        assert!(
            String::from_utf8_lossy(&again.stderr).contains("resuming: 8 of 8"),
            "{}",
            String::from_utf8_lossy(&again.stderr)
        );
        assert_eq!(journal_lines(&out_dir), lines, "a resume graded again");
        assert_eq!(
            std::fs::read(out_dir.join("gradebook.csv")).unwrap(),
            gradebook
        );
    }
    // A refused symlink replaced by a file, and a binary file changed: both graded again.
    let class = host.class();
    std::fs::remove_file(class.join("alice.py")).unwrap();
    std::fs::copy(ACCEPTED, class.join("alice.py")).unwrap();
    std::fs::write(class.join("gina.py"), b"\0changed").unwrap();
    let out = batch(&env, &class, &out_dir);
    crate::assert_exit(&out, 0);
    assert_eq!(journal_lines(&out_dir), lines + 2);
    let rows = rows(&out_dir);
    assert_eq!(rows["alice"].0, "AC");
    assert!(rows["gina"].1.contains("offset 0"), "{:?}", rows["gina"]);
    host.assert_no_leak(&out, &out_dir);
    env.assert_clean();
}

#[test]
fn a_manifest_cannot_name_a_file_outside_its_folder() {
    let env = Env::new();
    let host = Host::new();
    plant(&host);
    let manifest = host.class().join("m.csv");
    let secret = host.secret().display().to_string();
    for (row, why) in [
        ("../secret/token.py", "is outside the manifest's folder"),
        (secret.as_str(), "is outside the manifest's folder"),
        (
            "alice.py",
            "leads outside the manifest's folder through a symlink",
        ),
    ] {
        std::fs::write(&manifest, format!("student,file\nhana,hana.py\nx,{row}\n")).unwrap();
        let out_dir = host.dir.path().join("out");
        let out = batch(&env, &manifest, &out_dir);
        crate::assert_exit(&out, 2);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let at = format!("{}:3: the file `{row}` {why}", manifest.display());
        assert!(stderr.contains(&at), "{stderr}");
        assert!(stderr.contains("copy the file there"), "{stderr}");
        assert!(
            !out_dir.exists(),
            "nothing is written for a refused manifest"
        );
        host.assert_no_leak(&out, &out_dir);
    }
    // Rows inside the folder, one through a symlink that stays inside, are graded.
    std::fs::write(&manifest, "student,file\nhana,hana.py\nerin,erin.py\n").unwrap();
    let out_dir = host.dir.path().join("out");
    let out = batch(&env, &manifest, &out_dir);
    crate::assert_exit(&out, 0);
    let rows = rows(&out_dir);
    assert_eq!(
        (rows["hana"].0.as_str(), rows["erin"].0.as_str()),
        ("AC", "AC")
    );
    env.assert_clean();
}

#[test]
fn as_root_the_class_is_read_as_its_folder_owner() {
    if !nix::unistd::geteuid().is_root() {
        crate::sandbox_skip("reading as the folder's owner needs root");
        return;
    }
    let env = Env::new();
    let host = Host::new();
    let class = host.class();
    std::fs::copy(ACCEPTED, class.join("bob.py")).unwrap();
    std::fs::copy(ACCEPTED, class.join("alice.py")).unwrap();
    std::fs::set_permissions(
        class.join("alice.py"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    let nobody = Some(nix::unistd::Uid::from_raw(65534));
    nix::unistd::chown(&class, nobody, Some(nix::unistd::Gid::from_raw(65534))).unwrap();
    let out_dir = host.dir.path().join("out");
    let out = batch(&env, &class, &out_dir);
    crate::assert_exit(&out, 0);
    let rows = rows(&out_dir);
    assert_eq!(
        rows["alice"],
        (
            "ERR".into(),
            "cannot read `alice.py`: permission denied to the class folder's owner (uid 65534), as whom submissions are read".into()
        )
    );
    assert_eq!(rows["bob"].0, "AC");
    env.assert_clean();
}

#[test]
fn run_refuses_fifos_and_binaries_and_names_a_symlink_by_its_path() {
    let env = Env::new();
    let host = Host::new();
    plant(&host);
    let class = host.class();
    let run = |file: &Path| {
        grader(
            &env,
            &["run".as_ref(), "two-sum".as_ref(), file.as_os_str()],
        )
    };
    for (file, why) in [
        (
            "dave.py",
            "`{}` is not a regular file (a FIFO); give the candidate's source file",
        ),
        (
            "gina.py",
            "`{}` is not a text file (a NUL byte at offset 4); give the candidate's source file",
        ),
    ] {
        let path = class.join(file);
        let out = run(&path);
        crate::assert_exit(&out, 2);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&why.replace("{}", &path.display().to_string())),
            "{stderr}"
        );
        host.assert_no_leak(&out, &host.dir.path().join("none"));
    }
    // A file of no known language (the secret, like /etc/shadow) is refused before any read.
    let plain = host.dir.path().join("secret/shadow");
    std::fs::copy(host.secret(), &plain).unwrap();
    let out = run(&plain);
    crate::assert_exit(&out, 2);
    host.assert_no_leak(&out, &host.dir.path().join("none"));
    // The user's own symlink is graded, and named with what it resolves to.
    let out = run(&class.join("erin.py"));
    crate::assert_exit(&out, 0);
    let target = std::fs::canonicalize(class.join(".stash/erin.py")).unwrap();
    let note = format!("is a symlink to `{}`", target.display());
    assert!(String::from_utf8_lossy(&out.stderr).contains(&note));
    env.assert_clean();
}
