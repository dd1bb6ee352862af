//! The hostile-spec suite (issue 12): problem folders and ICPC/Kattis packages, as a hostile
//! pull request to a practice repository would write them, that name a file outside their
//! folder (an absolute path, `..`, a symlink out) or a file that is not a regular one. Each row
//! copies a shipped fixture into a temporary folder, plants a secret (a random token in a file
//! outside the problem) and the escape, runs the commands the escape reaches, and asserts exit
//! 2, an error naming the offending file (with `problem.toml:LINE:COL` where a key names it),
//! and that no byte of the token is in stdout, stderr or any file the grader wrote.

use crate::{Env, copy_tree, root};
use std::hash::{BuildHasher, Hasher};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// One row's folders: the hostile copy, the secret outside it, and where outputs go.
struct Ws {
    /// `work/problems/ID` (or `work/packages/ID`): the hostile copy.
    problem: PathBuf,
    /// `work`: the repository the problem belongs to (for `solutions-template/`).
    work: PathBuf,
    /// The secret file (outside `work`).
    secret: PathBuf,
    /// A folder outside `work` holding test-like files with the token.
    secret_dir: PathBuf,
    /// `secret` as a path relative to the problem folder (`../../…/secret`).
    up: String,
    /// `../` up to `/` from the problem folder.
    up_root: String,
}

impl Ws {
    /// Replaces what is at `rel` in the problem folder with a symlink to `target`.
    fn link(&self, rel: &str, target: &Path) {
        let at = self.problem.join(rel);
        let _ = std::fs::remove_file(&at);
        let _ = std::fs::remove_dir_all(&at);
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        symlink(target, &at).unwrap();
    }

    fn write(&self, rel: &str, text: &str) {
        let at = self.problem.join(rel);
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        std::fs::write(at, text).unwrap();
    }

    /// Replaces `from` by `to` in the problem's file `rel` (which must hold `from`).
    fn edit(&self, rel: &str, from: &str, to: &str) {
        let at = self.problem.join(rel);
        let text = std::fs::read_to_string(&at).unwrap();
        assert!(text.contains(from), "{rel} has no `{from}`");
        std::fs::write(at, text.replacen(from, to, 1)).unwrap();
    }

    fn append(&self, rel: &str, text: &str) {
        let at = self.problem.join(rel);
        let old = std::fs::read_to_string(&at).unwrap();
        std::fs::write(at, format!("{old}\n{text}")).unwrap();
    }

    /// `{secret}`, `{up}` and `{up_root}` filled in.
    fn fill(&self, s: &str) -> String {
        s.replace("{secret}", &self.secret.display().to_string())
            .replace("{up_root}", &self.up_root)
            .replace("{up}", &self.up)
    }
}

#[derive(Clone, Copy, Debug)]
enum Cmd {
    Run,
    /// `run --tests-from work/extra`.
    RunTestsFrom,
    /// `run --expect-spec-sha256` (computes the folder's digest).
    RunDigest,
    Show,
    Check,
    Export,
    Verify,
    Import,
}

struct Row {
    name: &'static str,
    /// The shipped problem or package copied, relative to the repository.
    fixture: &'static str,
    /// The submission `run` grades, relative to the repository.
    submission: &'static str,
    plant: fn(&Ws),
    cmds: &'static [Cmd],
    /// What the error says (`{secret}`, `{up}`, `{up_root}` filled in).
    error: &'static str,
    /// Whether the error points into `problem.toml` with a line and a column.
    position: bool,
}

const SUM: &str = "tests/fixtures/problems/sum";
const SUM_PY: &str = "tests/fixtures/problems/sum/reference/sum.py";
const EVEN: &str = "tests/fixtures/problems/even";
const EVEN_PY: &str = "tests/fixtures/problems/even/reference/even.py";
const SQL: &str = "problems/sql-left-join";
const SQL_ANSWER: &str = "problems/sql-left-join/reference/answer.sql";
const DJANGO: &str = "problems/django-middleware";
const DJANGO_PY: &str = "problems/django-middleware/reference/timing.py";
const HELLO: &str = "tests/fixtures/kattis/hello";
const HELLO_CC: &str = "tests/fixtures/kattis/hello/submissions/accepted/hello.cc";
const APPROX: &str = "tests/fixtures/kattis/approx";
const LEGACY: &str = "tests/fixtures/kattis/legacy-sum";
const NO_SUB: &str = "";

use Cmd::*;

const ALL_TOML: &[Cmd] = &[Run, Show, Check, Export];
const ALL_PKG: &[Cmd] = &[Run, Show, Check, Verify, Import];

fn rows() -> Vec<Row> {
    vec![
        Row {
            name: "checker /bin/true",
            fixture: EVEN,
            submission: EVEN_PY,
            plant: |w| w.edit("problem.toml", "\"checker.py\"", "\"/bin/true\""),
            cmds: ALL_TOML,
            error: "custom checker `/bin/true` leads outside the problem folder",
            position: false,
        },
        Row {
            name: "checker ../../bin/sh",
            fixture: EVEN,
            submission: EVEN_PY,
            plant: |w| {
                let to = w.fill("\"{up_root}bin/sh\"");
                w.edit("problem.toml", "\"checker.py\"", &to)
            },
            cmds: ALL_TOML,
            error: "custom checker `{up_root}bin/sh` leads outside the problem folder",
            position: false,
        },
        Row {
            name: "checker symlink out",
            fixture: EVEN,
            submission: EVEN_PY,
            plant: |w| w.link("checker.py", &w.secret),
            cmds: ALL_TOML,
            error: "custom checker `checker.py` leads outside the problem folder",
            position: false,
        },
        Row {
            name: "[[expect]] file absolute",
            fixture: SUM,
            submission: SUM_PY,
            plant: |w| {
                let text = w.fill("[[expect]]\nfile = \"{secret}\"\nverdict = \"WA\"\n");
                w.append("problem.toml", &text)
            },
            cmds: ALL_TOML,
            error: "[[expect]] file `{secret}` leads outside the problem folder",
            position: true,
        },
        Row {
            name: "[[expect]] file symlink out",
            fixture: SUM,
            submission: SUM_PY,
            plant: |w| w.link("wrong/abs.py", &w.secret),
            cmds: ALL_TOML,
            error: "[[expect]] file `wrong/abs.py` leads outside the problem folder",
            position: true,
        },
        Row {
            name: "sql reference absolute",
            fixture: SQL,
            submission: SQL_ANSWER,
            plant: |w| {
                let to = w.fill("\"{secret}\"");
                w.edit("problem.toml", "\"reference/answer.sql\"", &to)
            },
            cmds: &[Run, Show, Check],
            error: "the reference query `{secret}` leads outside the problem folder",
            position: true,
        },
        Row {
            name: "sql reference ../",
            fixture: SQL,
            submission: SQL_ANSWER,
            plant: |w| {
                let to = w.fill("\"{up}\"");
                w.edit("problem.toml", "\"reference/answer.sql\"", &to)
            },
            cmds: &[Run, Show, Check],
            error: "the reference query `{up}` leads outside the problem folder",
            position: true,
        },
        Row {
            name: "sql reference symlink out",
            fixture: SQL,
            submission: SQL_ANSWER,
            plant: |w| w.link("reference/answer.sql", &w.secret),
            cmds: &[Run, Show, Check],
            error: "the reference query `reference/answer.sql` leads outside the problem folder",
            position: true,
        },
        Row {
            name: "seed_file ../",
            fixture: SQL,
            submission: SQL_ANSWER,
            plant: |w| {
                let to = w.fill("\"{up}\"");
                w.edit("problem.toml", "\"datasets/large.sql\"", &to)
            },
            cmds: &[Run, Show, Check],
            error: "seed_file `{up}` leads outside the problem folder",
            position: true,
        },
        Row {
            name: "seed_file symlink out",
            fixture: SQL,
            submission: SQL_ANSWER,
            plant: |w| w.link("datasets/large.sql", &w.secret),
            cmds: &[Run, Show, Check],
            error: "seed_file `datasets/large.sql` leads outside the problem folder",
            position: true,
        },
        Row {
            name: "csv symlink out",
            fixture: SQL,
            submission: SQL_ANSWER,
            plant: |w| w.link("datasets/csv/Employees.csv", &w.secret),
            cmds: &[Run, Show, Check],
            error: "csv file `datasets/csv/Employees.csv` leads outside the problem folder",
            position: true,
        },
        Row {
            name: "schema_file symlink out",
            fixture: SQL,
            submission: SQL_ANSWER,
            plant: |w| w.link("schema.sql", &w.secret),
            cmds: &[Run, Show, Check],
            error: "the schema file `schema.sql` leads outside the problem folder",
            position: true,
        },
        Row {
            name: "[[sql.case]] file absolute",
            fixture: SQL,
            submission: SQL_ANSWER,
            plant: |w| {
                let text = w.fill("[[sql.case]]\nfile = \"{secret}\"\nexpect = \"pass\"\n");
                w.append("problem.toml", &text)
            },
            cmds: &[Run, Show, Check],
            error: "[[sql.case]] file `{secret}` leads outside the problem folder",
            position: true,
        },
        Row {
            name: "test input symlink out",
            fixture: SUM,
            submission: SUM_PY,
            plant: |w| {
                w.link("tests/a.in", &w.secret);
                w.write("tests/a.out", "3\n");
            },
            cmds: ALL_TOML,
            error: "test file `tests/a.in` leads outside the problem folder",
            position: false,
        },
        Row {
            name: "tests -> a folder outside",
            fixture: SUM,
            submission: SUM_PY,
            plant: |w| w.link("tests", &w.secret_dir),
            cmds: ALL_TOML,
            error: "the tests folder `tests` leads outside the problem folder",
            position: false,
        },
        Row {
            name: "tests is a file",
            fixture: SUM,
            submission: SUM_PY,
            plant: |w| w.write("tests", "1 2\n"),
            cmds: ALL_TOML,
            error: "`tests` is not a folder",
            position: false,
        },
        Row {
            name: "group folder symlink out",
            fixture: SUM,
            submission: SUM_PY,
            plant: |w| w.link("tests/large", &w.secret_dir),
            cmds: ALL_TOML,
            error: "test file `tests/large` leads outside the problem folder",
            position: false,
        },
        Row {
            name: "test input is a FIFO",
            fixture: SUM,
            submission: SUM_PY,
            plant: |w| {
                w.write("tests/b.out", "3\n");
                let fifo = w.problem.join("tests/b.in");
                let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
                // SAFETY: `c` is a valid NUL-terminated path for the duration of the call.
                assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
            },
            cmds: ALL_TOML,
            error: "test file `tests/b.in` is not a regular file",
            position: false,
        },
        Row {
            name: "statement symlink out",
            fixture: SUM,
            submission: SUM_PY,
            plant: |w| w.link("statement.md", &w.secret),
            cmds: ALL_TOML,
            error: "the statement `statement.md` leads outside the problem folder",
            position: false,
        },
        Row {
            name: "problem.toml symlink out",
            fixture: SUM,
            submission: SUM_PY,
            plant: |w| w.link("problem.toml", &w.secret),
            cmds: ALL_TOML,
            error: "`problem.toml` leads outside the problem folder",
            position: false,
        },
        Row {
            name: "function driver symlink out",
            fixture: DJANGO,
            submission: DJANGO_PY,
            plant: |w| w.link("harness/python.py", &w.secret),
            cmds: &[Run, Show, Check],
            error: "the harness `harness/python.py` leads outside the problem folder",
            position: true,
        },
        Row {
            name: "check function symlink out",
            fixture: DJANGO,
            submission: DJANGO_PY,
            plant: |w| w.link("check.py", &w.secret),
            cmds: &[Run, Show, Check],
            error: "the check function `check.py` leads outside the problem folder",
            position: true,
        },
        Row {
            name: "reference/ symlink out",
            fixture: SUM,
            submission: NO_SUB,
            plant: |w| w.link("reference/evil.py", &w.secret),
            cmds: &[Check, Export],
            error: "`reference/evil.py` leads outside the problem folder",
            position: false,
        },
        Row {
            name: "solutions-template symlink out",
            fixture: SUM,
            submission: NO_SUB,
            plant: |w| {
                let t = w.work.join("solutions-template/sum");
                std::fs::create_dir_all(&t).unwrap();
                symlink(&w.secret, t.join("evil.py")).unwrap();
            },
            cmds: &[Check],
            error: "`solutions-template/sum/evil.py` leads outside the repository",
            position: false,
        },
        Row {
            name: "--tests-from symlink out",
            fixture: SUM,
            submission: SUM_PY,
            plant: |w| {
                let extra = w.work.join("extra");
                std::fs::create_dir_all(&extra).unwrap();
                symlink(&w.secret, extra.join("x.in")).unwrap();
                std::fs::write(extra.join("x.out"), "3\n").unwrap();
            },
            cmds: &[RunTestsFrom],
            error: "test file `x.in` leads outside the --tests-from folder",
            position: false,
        },
        Row {
            name: "unnamed file in the digest",
            fixture: SUM,
            submission: SUM_PY,
            plant: |w| w.link("notes.txt", &w.secret),
            cmds: &[RunDigest],
            error: "file `notes.txt` leads outside the problem folder",
            position: false,
        },
        Row {
            name: "package test input symlink out",
            fixture: HELLO,
            submission: HELLO_CC,
            plant: |w| w.link("data/sample/hello.in", &w.secret),
            cmds: ALL_PKG,
            error: "test data file `data/sample/hello.in` leads outside the package folder",
            position: false,
        },
        Row {
            name: "package data -> a folder outside",
            fixture: HELLO,
            submission: HELLO_CC,
            plant: |w| w.link("data", &w.secret_dir),
            cmds: ALL_PKG,
            error: "`data` leads outside the package folder",
            position: false,
        },
        Row {
            name: "package testdata.yaml symlink out",
            fixture: HELLO,
            submission: HELLO_CC,
            plant: |w| w.link("data/testdata.yaml", &w.secret),
            cmds: ALL_PKG,
            error: "test data file `data/testdata.yaml` leads outside the package folder",
            position: false,
        },
        Row {
            name: "problem.yaml symlink out",
            fixture: HELLO,
            submission: HELLO_CC,
            plant: |w| w.link("problem.yaml", &w.secret),
            cmds: ALL_PKG,
            error: "`problem.yaml` leads outside the package folder",
            position: false,
        },
        Row {
            name: ".timelimit symlink out",
            fixture: LEGACY,
            submission: NO_SUB,
            plant: |w| w.link(".timelimit", &w.secret),
            cmds: &[Show, Check, Verify],
            error: "`.timelimit` leads outside the package folder",
            position: false,
        },
        Row {
            name: "domjudge-problem.ini symlink out",
            fixture: HELLO,
            submission: HELLO_CC,
            plant: |w| w.link("domjudge-problem.ini", &w.secret),
            cmds: ALL_PKG,
            error: "`domjudge-problem.ini` leads outside the package folder",
            position: false,
        },
        Row {
            name: "output validator file symlink out",
            fixture: APPROX,
            submission: NO_SUB,
            plant: |w| w.link("output_validator/extra.h", &w.secret),
            cmds: &[Show, Check, Verify, Import],
            error: "output validator file `output_validator/extra.h` leads outside the package folder",
            position: false,
        },
        Row {
            name: "jury submission symlink out",
            fixture: HELLO,
            submission: NO_SUB,
            plant: |w| w.link("submissions/accepted/evil.cc", &w.secret),
            cmds: &[Check, Verify, Import],
            error: "jury submission `submissions/accepted/evil.cc` leads outside the package folder",
            position: false,
        },
        Row {
            name: "submissions -> a folder outside",
            fixture: HELLO,
            submission: NO_SUB,
            plant: |w| w.link("submissions", &w.secret_dir),
            cmds: &[Check, Verify, Import],
            error: "`submissions` leads outside the package folder",
            position: false,
        },
    ]
}

/// A token no fixture holds: 32 random hex digits.
fn token() -> String {
    let r = std::collections::hash_map::RandomState::new();
    let mut a = r.build_hasher();
    a.write_u32(std::process::id());
    let mut b = r.build_hasher();
    b.write_u64(a.finish());
    format!("SECRET-{:016x}{:016x}", a.finish(), b.finish())
}

/// Regular files below `dir` (symlinks not followed).
fn files_below(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let Ok(t) = e.file_type() else { continue };
        if t.is_dir() {
            files_below(&e.path(), out);
        } else if t.is_file() {
            out.push(e.path());
        }
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Runs one row; its failures, if any.
fn run_row(row: &Row, token: &str, secret_dir: &Path) -> Vec<String> {
    let env = Env::new();
    let work = TempDir::new().unwrap();
    let id = Path::new(row.fixture).file_name().unwrap();
    let problem = work.path().join("problems").join(id);
    copy_tree(&root().join(row.fixture), &problem);
    let depth = problem.components().count() - 1;
    let secret = secret_dir.join("secret");
    let ws = Ws {
        problem: problem.clone(),
        work: work.path().to_path_buf(),
        up: format!(
            "{}{}",
            "../".repeat(depth),
            secret.strip_prefix("/").unwrap().display()
        ),
        up_root: "../".repeat(depth),
        secret,
        secret_dir: secret_dir.join("data"),
    };
    (row.plant)(&ws);
    let expected = ws.fill(row.error);
    let p = problem.display().to_string();
    let sub = root().join(row.submission).display().to_string();
    let mut failures = Vec::new();
    let at = regex::Regex::new(r"problem\.toml:\d+:\d+: ").unwrap();
    for (i, cmd) in row.cmds.iter().enumerate() {
        let out_dir = work.path().join(format!("out-{i}"));
        let o = out_dir.display().to_string();
        let extra = work.path().join("extra").display().to_string();
        let args: Vec<&str> = match cmd {
            Run => vec!["run", &p, &sub],
            RunTestsFrom => vec!["run", &p, &sub, "--tests-from", &extra],
            RunDigest => vec!["run", &p, &sub, "--expect-spec-sha256", "00"],
            Show => vec!["show", &p],
            Check => vec!["check", &p],
            Export => vec!["export", "--kattis", &p, &o],
            Verify => vec!["verify", &p],
            Import => vec!["import", &p, &o],
        };
        let out = env.grader().args(&args).output().unwrap();
        let both = [out.stdout.as_slice(), out.stderr.as_slice()].concat();
        let text = String::from_utf8_lossy(&both);
        let what = format!("{}: {cmd:?}", row.name);
        if out.status.code() != Some(2) {
            failures.push(format!(
                "{what}: exit {:?}, not 2:\n{text}",
                out.status.code()
            ));
        }
        if !text.contains(&expected) {
            failures.push(format!("{what}: no `{expected}` in:\n{text}"));
        } else if row.position {
            let line = text.lines().find(|l| l.contains(&expected)).unwrap_or("");
            if !at.is_match(line) {
                failures.push(format!("{what}: no problem.toml:LINE:COL in `{line}`"));
            }
        }
        if contains(&both, token.as_bytes()) {
            failures.push(format!("{what}: the secret is in the output:\n{text}"));
        }
    }
    // Every file written: the outputs, the cache, TMPDIR, and the copy itself (its links are
    // not followed).
    let mut files = Vec::new();
    for dir in [work.path(), env.cache.path(), env.tmp.path()] {
        files_below(dir, &mut files);
    }
    for f in files {
        if contains(&std::fs::read(&f).unwrap_or_default(), token.as_bytes()) {
            failures.push(format!("{}: the secret is in `{}`", row.name, f.display()));
        }
    }
    failures
}

#[test]
fn every_escape_is_refused_and_no_secret_leaks() {
    let token = token();
    let secret_dir = TempDir::new().unwrap();
    std::fs::write(secret_dir.path().join("secret"), format!("{token}\n")).unwrap();
    let data = secret_dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    for f in ["a.in", "a.out", "a.ans", "problem.toml", "testdata.yaml"] {
        std::fs::write(data.join(f), format!("{token}\n")).unwrap();
    }
    std::fs::create_dir_all(data.join("sample")).unwrap();
    std::fs::create_dir_all(data.join("accepted")).unwrap();
    for f in ["sample/b.in", "sample/b.ans", "accepted/c.py"] {
        std::fs::write(data.join(f), format!("{token}\n")).unwrap();
    }
    let rows = rows();
    let failures: Vec<String> = rows
        .iter()
        .flat_map(|row| run_row(row, &token, secret_dir.path()))
        .collect();
    assert!(
        failures.is_empty(),
        "{} failure(s) in {} rows:\n\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n\n")
    );
}

/// `grader run PROBLEM SUBMISSION --format json` on paths: the exit code and the report.
fn run_json_at(env: &Env, problem: &str, submission: &Path) -> (i32, serde_json::Value) {
    let out = env
        .grader()
        .args(["run", problem, &submission.display().to_string()])
        .args(["--format", "json"])
        .output()
        .unwrap();
    crate::parse_report(&out)
}

/// Symlinks that stay inside the folder are followed: a statement, a test, an `[[expect]]` file
/// and a checker that are links to files of the same folder load, show and grade as before.
#[test]
fn symlinks_inside_the_folder_are_fine() {
    let env = Env::new();
    let work = TempDir::new().unwrap();
    let sum = work.path().join("problems/sum");
    copy_tree(&root().join(SUM), &sum);
    std::fs::create_dir_all(sum.join("docs")).unwrap();
    std::fs::rename(sum.join("statement.md"), sum.join("docs/statement.md")).unwrap();
    symlink("docs/statement.md", sum.join("statement.md")).unwrap();
    std::fs::create_dir_all(sum.join("data")).unwrap();
    std::fs::write(sum.join("data/a.in"), "40 2\n").unwrap();
    std::fs::write(sum.join("data/a.out"), "42\n").unwrap();
    std::fs::create_dir_all(sum.join("tests")).unwrap();
    symlink("../data/a.in", sum.join("tests/a.in")).unwrap();
    symlink("../data/a.out", sum.join("tests/a.out")).unwrap();
    std::fs::rename(sum.join("wrong/abs.py"), sum.join("data/abs.py")).unwrap();
    symlink("../data/abs.py", sum.join("wrong/abs.py")).unwrap();
    let p = sum.display().to_string();
    let show = env.grader().args(["show", &p]).output().unwrap();
    crate::assert_exit(&show, 0);
    let text = String::from_utf8_lossy(&show.stdout);
    let statement = std::fs::read_to_string(sum.join("docs/statement.md")).unwrap();
    assert!(text.contains(statement.trim()), "{text}");
    let (code, report) = run_json_at(&env, &p, &root().join(SUM_PY));
    assert_eq!(code, 0, "{report}");
    assert_eq!(crate::verdicts(&report), ["AC", "AC", "AC"]);
    let check = env
        .grader()
        .args(["check", &p, "--format", "json"])
        .output()
        .unwrap();
    crate::assert_exit(&check, 0);

    let even = work.path().join("problems/even");
    copy_tree(&root().join(EVEN), &even);
    std::fs::create_dir_all(even.join("validators")).unwrap();
    std::fs::rename(even.join("checker.py"), even.join("validators/checker.py")).unwrap();
    symlink("validators/checker.py", even.join("checker.py")).unwrap();
    let (code, report) = run_json_at(&env, &even.display().to_string(), &root().join(EVEN_PY));
    assert_eq!(code, 0, "{report}");
    env.assert_clean();
}

/// Hidden entries are not test files: links out of the folder under hidden names are never
/// read (the problem loads, and no byte of the secret is shown).
#[test]
fn hidden_links_out_are_not_read() {
    let env = Env::new();
    let token = token();
    let secret_dir = TempDir::new().unwrap();
    let secret = secret_dir.path().join("secret");
    std::fs::write(&secret, format!("{token}\n")).unwrap();
    let work = TempDir::new().unwrap();
    let sum = work.path().join("problems/sum");
    copy_tree(&root().join(SUM), &sum);
    std::fs::create_dir_all(sum.join("tests")).unwrap();
    let hello = work.path().join("packages/hello");
    copy_tree(&root().join(HELLO), &hello);
    for (dir, names) in [
        (sum.join("tests"), [".a.in", ".a.out"]),
        (hello.join("data/sample"), [".b.in", ".b.ans"]),
    ] {
        for n in names {
            symlink(&secret, dir.join(n)).unwrap();
        }
    }
    for p in [&sum, &hello] {
        let out = env
            .grader()
            .args(["show", &p.display().to_string()])
            .output()
            .unwrap();
        crate::assert_exit(&out, 0);
        let both = [out.stdout.as_slice(), out.stderr.as_slice()].concat();
        assert!(!contains(&both, token.as_bytes()), "{}", p.display());
    }
}

/// A problem of the bank that is a symlink out of `problems/` (a pull request adding
/// `problems/evil -> ../../elsewhere`) is refused by `list`, `check` and `run ID`, naming it.
#[test]
fn a_problem_linked_out_of_the_bank_is_refused() {
    let env = Env::new();
    let work = TempDir::new().unwrap();
    let bank = work.path().join("problems");
    std::fs::create_dir_all(&bank).unwrap();
    copy_tree(
        &root().join("tests/fixtures/problems/sum"),
        &work.path().join("outside/sum"),
    );
    symlink("../outside/sum", bank.join("evil")).unwrap();
    let submission = root().join("tests/fixtures/problems/sum/reference/sum.py");
    let want = "problem `evil` leads outside the problems folder";
    for args in [
        vec!["list"],
        vec!["check"],
        vec!["run", "evil", submission.to_str().unwrap()],
    ] {
        let out = env
            .grader()
            .current_dir(work.path())
            .args(&args)
            .output()
            .unwrap();
        crate::assert_exit(&out, 2);
        let text = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
        assert!(text.contains(want), "{args:?}: {text}");
    }
}
