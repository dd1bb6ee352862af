//! Finding and loading problems: the problems folder, `problem.toml` parsing with
//! `file:line:col` errors and "did you mean" suggestions, test-file discovery, and validation
//! into the [`Problem`] model. A problem that does not load never runs.

mod build;
mod function;
mod generator;
mod interactor;
mod records;
mod settings;
mod sql;
mod summary;

use build::*;
use function::*;
use generator::*;
use settings::*;
use sql::*;
pub use summary::{Summary, summary};

use super::compare_spec as compare;
use super::discover::{FileData, FileTest, discover, test_subfolders};
use super::inside::{Folder, Found, Refusal};
use super::model::*;
use super::spec::{self, CompareToml, Kind, LimitsToml, ProblemToml, Visibility};
use super::types::ValueType;
use crate::error::{Error, Result};
use crate::units::{Limit, Wall};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

pub const SPEC_FILE: &str = "problem.toml";
/// The file of an ICPC/Kattis package. The problem layer only recognises a package folder by
/// it (in a bank, or as a PROBLEM argument); `package::kattis` reads and interprets it.
pub const PACKAGE_FILE: &str = "problem.yaml";
/// The statement `grader show` prints.
pub const STATEMENT_FILE: &str = "statement.md";

/// The problems folder: `explicit` (from `--problems` or `GRADER_PROBLEMS`), else the first
/// `problems/` folder found from the current directory upwards.
pub fn problems_root(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        if dir.is_dir() {
            return Ok(dir.to_path_buf());
        }
        return Err(Error::usage(format!(
            "problems folder `{}` does not exist",
            dir.display()
        )));
    }
    let cwd = std::env::current_dir()
        .map_err(|e| Error::usage(format!("cannot read the current directory: {e}")))?;
    // A folder of ICPC/Kattis packages (a contest's problem set) is a problems folder.
    let packages_here = std::fs::read_dir(&cwd)
        .into_iter()
        .flatten()
        .flatten()
        .any(|e| is_package(&e.path()));
    if packages_here {
        return Ok(cwd);
    }
    for dir in cwd.ancestors() {
        let candidate = dir.join("problems");
        if candidate.is_dir() {
            return Ok(candidate);
        }
    }
    Err(Error::usage(
        "no `problems/` folder here or in any parent folder; pass --problems DIR or set GRADER_PROBLEMS",
    ))
}

/// The ids of the problems under `root`, sorted.
pub fn list_ids(root: &Path) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(root)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| is_problem_dir(&e.path()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    ids.sort();
    ids
}

/// The folder of problem `id` of the problems folder `root`. It must stay inside it: a problem
/// that is a symlink out of the bank (or an id with `..`) is refused, as any file a problem names.
pub fn problem_dir(root: &Path, id: &str) -> Result<PathBuf> {
    let bank = Folder::open(root, "problems folder")?;
    match bank.find(id) {
        Ok(Found::Folder) => Ok(root.join(id)),
        Ok(Found::File) => Err(bank.error("problem", id, &Refusal::NotFolder)),
        Err(Refusal::Outside) => Err(Error::usage(format!(
            "{}: problem `{id}` leads outside the problems folder (`..` or a symlink out of it); move the problem into the folder",
            root.display()
        ))),
        Err(r) => Err(bank.error("problem", id, &r)),
    }
}

/// Whether `dir` is an ICPC/Kattis package: `problem.yaml` and no `problem.toml` (which would
/// take precedence).
pub fn is_package(dir: &Path) -> bool {
    dir.join(PACKAGE_FILE).is_file() && !dir.join(SPEC_FILE).is_file()
}

/// Whether `dir` holds a problem: `problem.toml`, or an ICPC/Kattis package (`problem.yaml`).
pub fn is_problem_dir(dir: &Path) -> bool {
    dir.join(SPEC_FILE).is_file() || dir.join(PACKAGE_FILE).is_file()
}

/// Resolves a PROBLEM argument: a folder holding `problem.toml` or `problem.yaml` (an ICPC/Kattis
/// package), or an id under the problems folder.
pub fn resolve(arg: &str, explicit_root: Option<&Path>) -> Result<PathBuf> {
    let as_path = Path::new(arg);
    if is_problem_dir(as_path) {
        return Ok(as_path.to_path_buf());
    }
    let file_name = as_path.file_name();
    if (file_name == Some(SPEC_FILE.as_ref()) || file_name == Some(PACKAGE_FILE.as_ref()))
        && as_path.is_file()
    {
        return Ok(as_path.parent().unwrap_or(Path::new(".")).to_path_buf());
    }
    let root = problems_root(explicit_root)
        .map_err(|e| e.context(format!("cannot find problem `{arg}`")))?;
    let dir = root.join(arg);
    if is_problem_dir(&dir) {
        return problem_dir(&root, arg);
    }
    let ids = list_ids(&root);
    let hint = did_you_mean(arg, ids.iter().map(String::as_str))
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_else(|| "; `grader list` shows the problems".to_string());
    Err(Error::usage(format!(
        "unknown problem `{arg}` (no `{arg}/{SPEC_FILE}` in `{}`){hint}",
        root.display()
    )))
}

pub use crate::error::did_you_mean;

/// 1-based line and column of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Context for errors in one spec file, and the problem folder its names resolve in.
struct Ctx<'a> {
    path: &'a Path,
    text: &'a str,
    inside: &'a Folder,
    /// Where errors point: at a span of `text`, or (a JSON or JSON Lines test) at a line.
    pos: Pos,
    /// The bank's shared SQL datasets the tests name, each resolved once (`sql::sql_data`).
    shared: &'a sql::SharedDatasets,
}

/// How a [`Ctx`]'s errors point into its file.
#[derive(Clone, Copy)]
enum Pos {
    /// At `file:line:col` of a span of the text.
    Spans,
    /// At `file:line` (a JSON Lines test), or at the file (a JSON test): the keys have no span.
    Line(Option<usize>),
}

impl Ctx<'_> {
    fn at(&self, span: std::ops::Range<usize>, message: impl std::fmt::Display) -> Error {
        if let Pos::Line(line) = self.pos {
            return records::at_line(self.path, line, message);
        }
        let (line, col) = line_col(self.text, span.start);
        Error::spec(format!(
            "{}:{line}:{col}: {}",
            self.path.display(),
            one_line(&message.to_string())
        ))
    }
    fn file(&self, message: impl std::fmt::Display) -> Error {
        if let Pos::Line(line) = self.pos {
            return records::at_line(self.path, line, message);
        }
        Error::spec(format!(
            "{}: {}",
            self.path.display(),
            one_line(&message.to_string())
        ))
    }
}

/// An error is one line: a line break quoted from the spec reads `\n`.
fn one_line(message: &str) -> String {
    message.replace('\r', "\\r").replace('\n', "\\n")
}

/// The spec's text, or where it stops being UTF-8 (line and column of the first bad byte).
fn spec_text(path: &Path, bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let text = String::from_utf8_lossy(&bytes[..good]);
        let (line, col) = line_col(&text, good);
        Error::spec(format!(
            "{}:{line}:{col}: not UTF-8 text (byte 0x{:02x}); save the file as UTF-8",
            path.display(),
            bytes[good]
        ))
    })
}

/// Turns a TOML/serde message into ours, adding a "did you mean" for unknown keys and values.
fn explain_toml_message(message: &str) -> String {
    let message = message.trim();
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let unknown = ["unknown field", "unknown variant"]
        .iter()
        .any(|p| message.starts_with(p));
    if unknown && let Some((word, rest)) = quoted.split_first() {
        let what = if message.starts_with("unknown field") {
            "key"
        } else {
            "value"
        };
        let mut out = format!("unknown {what} `{word}`");
        if let Some(best) = did_you_mean(word, rest.iter().copied()) {
            out.push_str(&format!(", did you mean `{best}`?"));
        }
        if !rest.is_empty() {
            out.push_str(&format!(" (expected one of: {})", rest.join(", ")));
        }
        return out;
    }
    // toml's parse errors put what was expected on a line of its own.
    message.lines().collect::<Vec<_>>().join("; ")
}

/// Loads and validates the problem in `dir`.
pub fn load(dir: &Path) -> Result<Problem> {
    load_with(dir, None)
}

/// Loads a problem and adds the tests found in `tests_from` (laid out like `tests/`: files at
/// the top, or in a sub-folder per group), all hidden: private tests kept outside the
/// problem's repository (`--tests-from DIR`). Reads `problem.toml` only: `package::load`
/// reads an ICPC/Kattis package and calls this for the rest.
pub fn load_with(dir: &Path, tests_from: Option<&Path>) -> Result<Problem> {
    let extra = match tests_from {
        Some(extra) if !extra.is_dir() => {
            return Err(Error::usage(format!(
                "--tests-from `{}`: no such folder",
                extra.display()
            )));
        }
        Some(extra) => Some(Folder::open(extra, "--tests-from folder")?),
        None => None,
    };
    let spec = SpecFile::read(dir)?;
    let ctx = spec.ctx();
    let wire = parse(&ctx)?;
    let id = dir
        .canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| dir.display().to_string());
    build(&ctx, dir, id, wire, extra.as_ref())
}

/// A problem's `problem.toml` as read inside its folder, before it is parsed.
struct SpecFile {
    inside: Folder,
    path: PathBuf,
    text: String,
    /// The bank's shared SQL datasets the tests name, each resolved once.
    shared: sql::SharedDatasets,
}

impl SpecFile {
    /// Reads `dir`'s `problem.toml` (UTF-8 text), and checks that the statement, if any, stays
    /// inside the folder (`grader show` and `export` read it).
    fn read(dir: &Path) -> Result<SpecFile> {
        let inside = Folder::open(dir, "problem folder")?;
        let path = dir.join(SPEC_FILE);
        let bytes = inside.read(SPEC_FILE).map_err(|r| match r {
            Refusal::Io(e) => Error::usage(format!("cannot read `{}`: {e}", path.display())),
            r => inside.error("", SPEC_FILE, &r),
        })?;
        let text = spec_text(&path, bytes)?;
        inside
            .probe(STATEMENT_FILE)
            .map_err(|r| inside.error("the statement", STATEMENT_FILE, &r))?;
        Ok(SpecFile {
            inside,
            path,
            text,
            shared: sql::SharedDatasets::default(),
        })
    }

    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            path: &self.path,
            text: &self.text,
            inside: &self.inside,
            pos: Pos::Spans,
            shared: &self.shared,
        }
    }
}

/// The wire form of the spec: TOML errors at `file:line:col`, with a "did you mean".
fn parse(ctx: &Ctx) -> Result<ProblemToml> {
    let text = ctx.text;
    toml::from_str(text).map_err(|e| {
        let mut msg = explain_toml_message(e.message());
        match e.span() {
            Some(span) => {
                if text[span.start.min(text.len())..].starts_with("null") {
                    msg.push_str(&format!(
                        "; TOML has no null: write \"{NULL_SPELLING}\" (\"@{NULL_SPELLING}\" is the string \"{NULL_SPELLING}\")"
                    ));
                }
                ctx.at(span, msg)
            }
            None => ctx.file(msg),
        }
    })
}

/// `[python] requirements`: pip requirement specifiers, sorted and deduplicated. A pip option
/// (`-e`, `--index-url`) or a line break is refused: the set names packages, nothing else.
fn python_requirements(ctx: &Ctx, py: Option<&Spanned<spec::PythonToml>>) -> Result<Vec<String>> {
    let Some(py) = py else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for r in &py.get_ref().requirements {
        let text = r.get_ref().trim();
        if text.is_empty() || text.starts_with('-') || text.contains(['\n', '\r']) {
            return Err(ctx.at(
                r.span(),
                format!(
                    "`{}` is not a requirement specifier: give a package with an optional version, e.g. \"Django>=5,<6\"",
                    r.get_ref().escape_debug()
                ),
            ));
        }
        out.push(text.to_string());
    }
    if out.is_empty() {
        return Err(ctx.at(
            py.span(),
            "[python] needs `requirements` (e.g. [\"Django>=5,<6\"]), or remove the table",
        ));
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn check_require_cycles(ctx: &Ctx, groups: &[Group]) -> Result<()> {
    fn visit(groups: &[Group], g: usize, stack: &mut Vec<usize>) -> bool {
        if stack.contains(&g) {
            return false;
        }
        stack.push(g);
        let ok = groups[g].require.iter().all(|&r| visit(groups, r, stack));
        stack.pop();
        ok
    }
    for g in 0..groups.len() {
        if !visit(groups, g, &mut Vec::new()) {
            return Err(ctx.file(format!(
                "group `{}` is part of a `require` cycle",
                groups[g].name
            )));
        }
    }
    Ok(())
}

/// A file named by the spec: a regular file that resolves inside the problem folder (see
/// [`Folder`]); its host path, the one checked.
fn problem_file(
    ctx: &Ctx,
    span: std::ops::Range<usize>,
    what: &str,
    name: &str,
) -> Result<PathBuf> {
    ctx.inside
        .file(name)
        .map_err(|r| ctx.at(span, ctx.inside.message(what, name, &r)))
}

/// The text of a file named by the spec (a schema file), read inside the problem folder.
fn problem_text(ctx: &Ctx, span: std::ops::Range<usize>, what: &str, name: &str) -> Result<String> {
    ctx.inside
        .read_to_string(name)
        .map_err(|r| ctx.at(span, ctx.inside.message(what, name, &r)))
}

/// A test or group name: one plain path part (it names files in reports and output folders).
fn plain_name(ctx: &Ctx, what: &str, name: &Spanned<String>) -> Result<()> {
    check_plain(name.get_ref())
        .map_err(|e| ctx.at(name.span(), format!("{what} {:?} {e}", name.get_ref())))
}

/// A test found in a folder: its group's folder and its file stem are plain names.
fn file_test_name(t: &FileTest) -> std::result::Result<(), String> {
    for part in t.name.split('/') {
        check_plain(part).map_err(|e| format!("test file name {:?} {e}; rename the file", part))?;
    }
    Ok(())
}

/// Why `name` is not one plain path part (letters, digits, `-`, `_`, `.`, spaces and the like;
/// no `/`, backslash, control characters, `.` or `..`, at most 100 bytes).
pub(crate) fn check_plain(name: &str) -> std::result::Result<(), String> {
    let fix = "use letters, digits, `-`, `_` and `.` only";
    if name.is_empty() || name == "." || name == ".." {
        return Err(format!("is not a name; {fix}"));
    }
    if name.len() > 100 {
        return Err(format!("is longer than 100 bytes; {fix}"));
    }
    if name
        .chars()
        .any(|c| c == '/' || c == '\\' || c.is_control())
    {
        return Err(format!(
            "is not a plain path part (a `/`, `\\` or control character); {fix}"
        ));
    }
    Ok(())
}

/// The visibility of a test decides what a report may show of it.
pub fn shows_data(v: Visibility) -> bool {
    v != Visibility::Hidden
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_problem(toml: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SPEC_FILE), toml).unwrap();
        dir
    }

    #[test]
    fn unknown_key_gets_position_and_suggestion() {
        let dir = write_problem(
            "format_version = 1\ntitle = \"t\"\n[limits]\ntim = \"1s\"\n[[tests]]\ninput = \"1\"\noutput = \"1\"\n",
        );
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("problem.toml:4:1: unknown key `tim`, did you mean `time`?"),
            "{err}"
        );
    }

    #[test]
    fn hints_keep_their_order_and_refuse_unknown_keys_and_empty_text() {
        let t = "[[tests]]\ninput = \"1\"\noutput = \"1\"\n";
        let dir = write_problem(&format!(
            "format_version = 1\ntitle = \"t\"\n{t}[[hints]]\ntext = \"  first \"\n[[hints]]\ntext = \"second\"\n"
        ));
        assert_eq!(load(dir.path()).unwrap().hints, ["first", "second"]);
        let dir = write_problem(&format!(
            "format_version = 1\ntitle = \"t\"\n{t}[[hints]]\ntxt = \"first\"\n"
        ));
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("problem.toml:7:1: unknown key `txt`, did you mean `text`?"),
            "{err}"
        );
        let dir = write_problem(&format!(
            "format_version = 1\ntitle = \"t\"\n{t}[[hints]]\ntext = \" \"\n"
        ));
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("problem.toml:7:8: [[hints]] text is empty"),
            "{err}"
        );
    }

    #[test]
    fn bad_value_and_unknown_group() {
        let dir = write_problem(
            "format_version = 1\ntitle = \"t\"\n[compare]\nmode = \"tokenz\"\n[[tests]]\ninput = \"1\"\noutput = \"1\"\n",
        );
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains(":4:8: unknown value `tokenz`, did you mean `tokens`?"),
            "{err}"
        );
        let dir = write_problem(
            "format_version = 1\ntitle = \"t\"\n[[groups]]\nname = \"samples\"\n[[tests]]\ngroup = \"sample\"\ninput = \"1\"\noutput = \"1\"\n",
        );
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains(":6:9: unknown group `sample`, did you mean `samples`?"),
            "{err}"
        );
    }

    #[test]
    fn bad_duration_and_version() {
        let dir = write_problem(
            "format_version = 1\ntitle = \"t\"\n[limits]\ntime = \"2 parsecs\"\n[[tests]]\ninput = \"1\"\noutput = \"1\"\n",
        );
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(err.contains(":4:8: invalid duration `2 parsecs`"), "{err}");
        let dir = write_problem("format_version = 7\ntitle = \"t\"\n");
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains(":1:18: format_version 7 is not supported"),
            "{err}"
        );
    }

    #[test]
    fn nonsense_limits_tolerances_and_names_are_refused_with_a_position() {
        let t = "[[tests]]\ninput = \"1\"\noutput = \"1\"\n";
        let cases: &[(&str, &str)] = &[
            ("[limits]\ntime = \"18446744073s\"\n", ":4:8: time limit"),
            (
                "[limits]\nwall = \"1ns\"\n",
                ":4:8: wall limit 1ns is outside the sane range (1ms to 1h); use a value in it",
            ),
            ("[limits]\nmemory = \"1B\"\n", ":4:10: memory limit 1 B"),
            ("[limits]\nmemory = 1\n", ":4:10: memory limit 1 B"),
            ("[limits]\noutput = \"2GiB\"\n", ":4:10: output limit 2 GiB"),
            (
                "[compare]\nfloat_abs = -1\n",
                ":4:13: float_abs = -1 is not a tolerance",
            ),
            (
                "[compare]\nfloat_rel = nan\n",
                ":4:13: float_rel = NaN is not a tolerance",
            ),
            (
                "[compare]\nfloat_rel = inf\n",
                ":4:13: float_rel = inf is not a tolerance",
            ),
        ];
        for (table, want) in cases {
            let dir = write_problem(&format!("format_version = 1\ntitle = \"t\"\n{table}{t}"));
            let err = load(dir.path()).unwrap_err();
            assert_eq!(err.kind, crate::error::ErrorKind::Spec, "{table}");
            let err = err.to_string();
            assert!(err.contains(want), "{table}: {err}");
            assert!(!err.contains('\n'), "one line: {err}");
        }
        let names: &[(&str, &str)] = &[
            (
                "[[tests]]\nname = \"../x\"\ninput = \"1\"\noutput = \"1\"\n",
                ":4:8: test name \"../x\" is not a plain path part",
            ),
            (
                "[[tests]]\nname = \"a\\nb\"\ninput = \"1\"\noutput = \"1\"\n",
                ":4:8: test name \"a\\nb\" is not a plain path part",
            ),
            (
                "[[tests]]\nname = \"..\"\ninput = \"1\"\noutput = \"1\"\n",
                ":4:8: test name \"..\" is not a name",
            ),
            (
                "[[groups]]\nname = \"a/b\"\n[[tests]]\ngroup = \"a/b\"\ninput = \"1\"\noutput = \"1\"\n",
                ":4:8: group name \"a/b\"",
            ),
        ];
        for (spec, want) in names {
            let dir = write_problem(&format!("format_version = 1\ntitle = \"t\"\n{spec}"));
            let err = load(dir.path()).unwrap_err().to_string();
            assert!(err.contains(want), "{spec}: {err}");
        }
        // The bounds are lifted by allow_outside_bounds, in the table or the problem's [limits].
        let dir = write_problem(&format!(
            "format_version = 1\ntitle = \"t\"\n[limits]\ntime = \"2h\"\nallow_outside_bounds = true\n{t}"
        ));
        assert_eq!(
            load(dir.path()).unwrap().tests[0].limits.time.as_secs(),
            7200
        );
        let dir = write_problem(&format!(
            "format_version = 1\ntitle = \"t\"\n[limits]\nallow_outside_bounds = true\n{t}limits = {{ output = \"10B\" }}\n"
        ));
        assert_eq!(load(dir.path()).unwrap().tests[0].limits.output, 10);
        let dir = write_problem(&format!(
            "format_version = 1\ntitle = \"t\"\n[limits]\ntime = \"18446744073s\"\nallow_outside_bounds = true\n{t}"
        ));
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("outside what the grader can enforce"), "{err}");
        // A test file whose name is not a plain path part.
        let dir = write_problem(&format!("format_version = 1\ntitle = \"t\"\n{t}"));
        std::fs::create_dir(dir.path().join("tests")).unwrap();
        std::fs::write(dir.path().join("tests/a\nb.in"), "1").unwrap();
        std::fs::write(dir.path().join("tests/a\nb.ans"), "1").unwrap();
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("test file name \"a\\nb\""), "{err}");
    }

    #[test]
    fn expect_scores_and_checker_scores_are_validated() {
        let head = "format_version = 1\ntitle = \"t\"\n[[tests]]\ninput = \"1\"\noutput = \"1\"\n";
        let with = |extra: &str| {
            let dir = write_problem(&format!("{head}{extra}"));
            std::fs::write(dir.path().join("a.py"), "print(1)\n").unwrap();
            std::fs::write(dir.path().join("c.py"), "import sys\nsys.exit(42)\n").unwrap();
            let r = load(dir.path()).map(|p| p.expect.first().and_then(|e| e.score));
            r.map_err(|e| e.to_string())
        };
        let expect = "[[expect]]\nfile = \"a.py\"\nverdict = \"WA\"\n";
        assert_eq!(with(&format!("{expect}score = 3\n")), Ok(Some((3.0, 3.0))));
        assert_eq!(
            with(&format!("{expect}score = [0.5, 2]\n")),
            Ok(Some((0.5, 2.0)))
        );
        for bad in ["score = [2, 1]", "score = \"lots\"", "score = [1]"] {
            let err = with(&format!("{expect}{bad}\n")).unwrap_err();
            assert!(err.contains("[[expect]] score"), "{bad}: {err}");
        }
        let err = with(
            "[compare]\nmode = \"custom\"\ncustom = { program = \"c.py\", protocol = \"testlib\", scores = true }\n",
        )
        .unwrap_err();
        assert!(err.contains("custom.scores"), "{err}");
    }

    #[test]
    fn expect_takes_anything_but_a_verdict() {
        let head = "format_version = 1\ntitle = \"t\"\n[[tests]]\ninput = \"1\"\noutput = \"1\"\n";
        let with = |verdict: &str| {
            let dir = write_problem(&format!(
                "{head}[[expect]]\nfile = \"a.py\"\nverdict = {verdict}\n"
            ));
            std::fs::write(dir.path().join("a.py"), "print(1)\n").unwrap();
            load(dir.path())
                .map(|p| p.expect[0].verdicts.clone())
                .map_err(|e| e.to_string())
        };
        assert_eq!(with("\"!AC\""), Ok(vec!["!AC".to_string()]));
        assert_eq!(
            with("[\"!AC\", \"!CE\"]"),
            Ok(vec!["!AC".to_string(), "!CE".to_string()])
        );
        let err = with("[\"!AC\", \"WA\"]").unwrap_err();
        assert!(
            err.contains("problem.toml:6:1:") && err.contains("not both"),
            "{err}"
        );
        let err = with("\"!XX\"").unwrap_err();
        assert!(err.contains("unknown verdict `!XX`"), "{err}");
    }

    #[test]
    fn discovers_files_in_groups_with_overrides() {
        let dir = write_problem(
            "format_version = 1\ntitle = \"t\"\n[limits]\ntime = \"1s\"\n\
             [[groups]]\nname = \"big\"\npoints = 10\nscore = \"all\"\nrequire = [\"samples\"]\nlimits = { time = \"3s\" }\n\
             [[groups]]\nname = \"samples\"\nvisibility = \"sample\"\n\
             [[tests]]\nname = \"s1\"\ngroup = \"samples\"\ninput = \"1\\n\"\noutput = \"1\\n\"\n",
        );
        let t = dir.path().join("tests/big");
        std::fs::create_dir_all(&t).unwrap();
        std::fs::write(t.join("b.in"), "2\n").unwrap();
        std::fs::write(t.join("b.ans"), "2\n").unwrap();
        std::fs::write(t.join("a.in"), "3\n").unwrap();
        std::fs::write(t.join("a.out"), "3\n").unwrap();
        let p = load(dir.path()).unwrap();
        let names: Vec<_> = p.tests.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["s1", "big/a", "big/b"]);
        assert_eq!(p.tests[1].limits.time, std::time::Duration::from_secs(3));
        assert_eq!(p.tests[0].limits.time, std::time::Duration::from_secs(1));
        assert_eq!(p.tests[0].visibility, Visibility::Sample);
        assert_eq!(p.max_score(), 11);
        assert_eq!(p.wave_of_group(0), 1);
        std::fs::remove_file(t.join("a.out")).unwrap();
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("has no `a.out` or `a.ans`"), "{err}");
    }

    #[test]
    fn function_problems_validate_signature_and_args() {
        let dir = write_problem(
            "format_version = 1\ntitle = \"t\"\nkind = \"function\"\n[function]\nname = \"f\"\nparams = [{ name = \"s\", type = \"strng\" }]\nreturns = \"int\"\n[[tests]]\nargs = [\"a\"]\nexpected = 1\n",
        );
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(err.contains(":6:32: invalid type `strng`"), "{err}");
        let dir = write_problem(
            "format_version = 1\ntitle = \"t\"\nkind = \"function\"\n[function]\nname = \"f\"\nparams = [{ name = \"s\", type = \"string\" }]\nreturns = \"int\"\n[[tests]]\nargs = [\"a\", 2]\nexpected = 1\n",
        );
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("`args` has 2 value(s) but `f` takes 1"),
            "{err}"
        );
    }

    #[test]
    fn python_requirements_are_sorted_and_validated() {
        let head = "format_version = 1\ntitle = \"t\"\nkind = \"function\"\n[function]\nname = \"f\"\nreturns = \"int\"\n[[tests]]\nargs = []\nexpected = 1\n";
        let load_with = |python: &str| {
            let dir = write_problem(&format!("{head}{python}"));
            load(dir.path()).map_err(|e| e.to_string())
        };
        let p =
            load_with("[python]\nrequirements = [\"sqlparse\", \"Django>=5,<6\", \"sqlparse\"]\n")
                .unwrap();
        assert_eq!(p.python_requirements, ["Django>=5,<6", "sqlparse"]);
        assert!(load_with("").unwrap().python_requirements.is_empty());
        let err = load_with("[python]\nrequirements = [\"--index-url=http://x\"]\n").unwrap_err();
        assert!(err.contains("problem.toml:"), "{err}");
        assert!(
            err.contains("`--index-url=http://x` is not a requirement specifier"),
            "{err}"
        );
        let err = load_with("[python]\nrequirements = []\n").unwrap_err();
        assert!(err.contains("[python] needs `requirements`"), "{err}");
        let err = load_with("[python]\nrequirement = [\"x\"]\n").unwrap_err();
        assert!(err.contains("did you mean `requirements`"), "{err}");
    }

    #[test]
    fn class_problems_validate_their_calls() {
        let head = "format_version = 1\ntitle = \"t\"\nkind = \"function\"\n";
        let err_of = |body: &str| {
            let dir = write_problem(&format!("{head}{body}"));
            load(dir.path()).unwrap_err().to_string()
        };
        let err = err_of(
            "[function]\nname = \"f\"\nclass = \"C\"\n[[tests]]\ncalls = [[\"C\"]]\nexpected = [1]\n",
        );
        assert!(err.contains("exactly one of `name`"), "{err}");
        let err = err_of(
            "[function]\nclass = \"C\"\nreturns = \"int\"\n[[tests]]\ncalls = [[\"C\"]]\nexpected = [1]\n",
        );
        assert!(err.contains("remove `returns`"), "{err}");
        let err =
            err_of("[function]\nclass = \"C\"\n[[tests]]\ncalls = [[\"D\", 1]]\nexpected = [1]\n");
        assert!(
            err.contains("should start with the constructor [\"C\", ...]"),
            "{err}"
        );
        let err = err_of(
            "[function]\nclass = \"C\"\n[[tests]]\ncalls = [[\"C\"], [\"get\"]]\nexpected = [1]\n",
        );
        assert!(err.contains("a list of 2 value(s), one per call"), "{err}");
        let err = err_of(
            "[function]\nclass = \"C\"\n[[tests]]\ncalls = [[\"C\"], [\"__dict__\"]]\nexpected = [1, 2]\n",
        );
        assert!(err.contains("not a public method"), "{err}");
        let err = err_of("[function]\nclass = \"C\"\n[[tests]]\nargs = [1]\nexpected = [1]\n");
        assert!(
            err.contains("takes `calls` and `expected`, not `args`"),
            "{err}"
        );
        let err = err_of(
            "[function]\nname = \"f\"\nreturns = \"int\"\n[[tests]]\ncalls = [[\"f\"]]\nexpected = 1\n",
        );
        assert!(
            err.contains("`calls` is only valid with [function] class"),
            "{err}"
        );
        let err = err_of(
            "[function]\nname = \"f\"\nreturns = \"int\"\ncheck = \"nope.py\"\n[[tests]]\nargs = []\nexpected = 1\n",
        );
        assert!(
            err.contains("the check function `nope.py` does not exist"),
            "{err}"
        );
        let err = err_of(
            "[function]\nname = \"f\"\nreturns = \"int\"\nharness = { rust = \"h.rs\" }\n[[tests]]\nargs = []\nexpected = 1\n",
        );
        assert!(
            err.contains("`rust` drivers are not supported yet"),
            "{err}"
        );
        // A well-formed class problem loads, its calls kept as the test's args.
        let dir = write_problem(&format!(
            "{head}[function]\nclass = \"C\"\n[[tests]]\ncalls = [[\"C\", 2], [\"get\", 1]]\nexpected = [2, 3]\n"
        ));
        let p = load(dir.path()).unwrap();
        assert!(p.function.as_ref().unwrap().class);
    }

    #[test]
    fn typed_class_methods_check_every_call() {
        let head = "format_version = 1\ntitle = \"t\"\nkind = \"function\"\n";
        let typed = "[function]\nclass = \"C\"\nparams = [{ name = \"n\", type = \"int\" }]\n\
            methods = [{ name = \"get\", params = [{ name = \"k\", type = \"int\" }], returns = \"optional<string>\" }, { name = \"put\", params = [{ name = \"k\", type = \"int\" }] }]\n";
        // A class test in JSON (TOML has no null for the constructor's expected value).
        let with_test = |calls: &str, expected: &str| {
            let dir = write_problem(&format!("{head}{typed}"));
            std::fs::create_dir(dir.path().join("tests")).unwrap();
            std::fs::write(
                dir.path().join("tests/t.json"),
                format!("{{\"calls\": {calls}, \"expected\": {expected}}}"),
            )
            .unwrap();
            dir
        };
        let err_of = |calls: &str, expected: &str| {
            load(with_test(calls, expected).path())
                .unwrap_err()
                .to_string()
        };
        let err = err_of("[[\"C\", 1], [\"pop\"]]", "[null, 0]");
        assert!(
            err.contains("`calls`[1]: `pop` is not one of the class's `methods` (get, put)"),
            "{err}"
        );
        let err = err_of("[[\"C\"]]", "[null]");
        assert!(err.contains("`C` takes 1 argument(s), not 0"), "{err}");
        let err = err_of("[[\"C\", 1], [\"get\", \"x\"]]", "[null, \"a\"]");
        assert!(err.contains("argument `k` of `get`"), "{err}");
        let err = err_of("[[\"C\", 1], [\"get\", 1]]", "[null, 5]");
        assert!(err.contains("`expected`[1] (`get`)"), "{err}");
        let err = err_of("[[\"C\", 1], [\"put\", 1]]", "[null, 5]");
        assert!(err.contains("`put` returns nothing"), "{err}");
        let err = err_of("[[\"C\", 1]]", "[0]");
        assert!(err.contains("the constructor returns nothing"), "{err}");
        let err = load(
            write_problem(&format!(
                "{head}[function]\nclass = \"C\"\nparams = [{{ name = \"n\", type = \"int\" }}]\n[[tests]]\ncalls = [[\"C\", 1]]\nexpected = [0]\n"
            ))
            .path(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("given with its `methods`"), "{err}");
        let err = load(
            write_problem(&format!(
                "{head}[function]\nname = \"f\"\nreturns = \"int\"\nmethods = []\n[[tests]]\nargs = []\nexpected = 1\n"
            ))
            .path(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("`methods` belong to a class"), "{err}");
        // Typed calls with values of their types load.
        let dir = with_test(
            "[[\"C\", 1], [\"put\", 2], [\"get\", 2], [\"get\", 3]]",
            "[null, null, \"x\", null]",
        );
        let p = load(dir.path()).unwrap();
        assert_eq!(p.function.as_ref().unwrap().methods.len(), 2);
    }

    #[test]
    fn sql_problems_validate_their_spec_and_datasets() {
        let head = "format_version = 1\ntitle = \"t\"\nkind = \"sql\"\n";
        let dir = write_problem(&format!("{head}[[tests]]\nseed = \"\"\n"));
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("kind = \"sql\" needs an [sql] table"), "{err}");
        let dir = write_problem(&format!(
            "{head}[sql]\nreference = \"ref.sql\"\nschema = \"CREATE TABLE T(x);\"\n[[tests]]\nseed = \"\"\n"
        ));
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains(":5:13: the reference query `ref.sql` does not exist"),
            "{err}"
        );
        std::fs::write(dir.path().join("ref.sql"), "SELECT x FROM T").unwrap();
        let p = load(dir.path()).unwrap();
        assert!(matches!(p.tests[0].data, TestData::Sql { .. }));
        assert_eq!(p.sql.unwrap().max_steps, 20_000_000);
        let with = |extra: &str, tests: &str| {
            let d = write_problem(&format!(
                "{head}[sql]\nreference = \"ref.sql\"\nschema = \"CREATE TABLE T(x);\"\n{extra}{tests}"
            ));
            std::fs::write(d.path().join("ref.sql"), "SELECT x FROM T").unwrap();
            load(d.path()).map(|_| ()).unwrap_err().to_string()
        };
        let err = with("", "[[tests]]\ninput = \"1\"\n");
        assert!(err.contains("an SQL dataset takes `seed`"), "{err}");
        let err = with("", "[[tests]]\nname = \"a\"\n");
        assert!(err.contains("needs `seed`, `seed_file` or `csv`"), "{err}");
        let err = with(
            "[sql.compare]\nrow_ordr = \"any\"\n",
            "[[tests]]\nseed = \"\"\n",
        );
        assert!(
            err.contains(":8:1: unknown key `row_ordr`, did you mean `row_order`?"),
            "{err}"
        );
        let err = with(
            "[sql.compare]\nrow_order = \"by_keys\"\n",
            "[[tests]]\nseed = \"\"\n",
        );
        assert!(err.contains("needs order_keys"), "{err}");
        let err = with(
            "",
            "[[tests]]\nseed = \"\"\ncompare = { mode = \"lines\" }\n",
        );
        assert!(err.contains("an SQL dataset has no `compare`"), "{err}");
        let err = with("", "[compare]\nmode = \"exact\"\n[[tests]]\nseed = \"\"\n");
        assert!(err.contains("[compare] does not apply"), "{err}");
        let err = with("", "[[tests]]\ncsv = { T = \"t.csv\" }\n");
        assert!(err.contains("csv file `t.csv` does not exist"), "{err}");
        let t = "[[tests]]\nname = \"a\"\nseed = \"\"\n";
        let err = with("[sql.plan]\ndatasets = [\"large\"]\n", t);
        assert!(err.contains("no dataset is named `large`"), "{err}");
        // Pointed at [sql.plan], as every error about problem.toml (the fuzz test's rule).
        assert!(
            err.contains("problem.toml:7:1: [sql.plan] datasets: no dataset"),
            "{err}"
        );
        let err = with("[sql.plan]\ndatasets = [\"a\"]\nforbid = [\"(\"]\n", t);
        assert!(err.contains("[sql.plan] forbid: bad regex `(`"), "{err}");
        let err = with(
            "[sql.plan]\ndatasets = [\"a\"]\nmax_vm_steps_ratio = 0.0\n",
            t,
        );
        assert!(err.contains("max_vm_steps_ratio must be > 0"), "{err}");
        let err = with(
            "[sql.dml]\nallow = [\"DROP\"]\ntables = [\"T\"]\ncheck = \"SELECT x FROM T\"\n",
            t,
        );
        assert!(
            err.contains("`DROP` is not INSERT, UPDATE, DELETE or TRUNCATE"),
            "{err}"
        );
        let err = with("", "[[tests]]\nseed = \"\"\nparams = { \"a-b\" = 1 }\n");
        assert!(err.contains("letters, digits and `_` only"), "{err}");
        let err = with("", "[[tests]]\nseed = \"\"\nparams = { a = [1] }\n");
        assert!(err.contains("a number, a string or a boolean"), "{err}");
        let dir = write_problem(
            "format_version = 1\ntitle = \"t\"\n[[tests]]\ninput = \"1\"\noutput = \"1\"\nseed = \"x\"\n",
        );
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("only valid in kind = \"sql\" problems"),
            "{err}"
        );
    }

    #[test]
    fn sql_dataset_files_are_discovered_in_groups() {
        let dir = write_problem(
            "format_version = 1\ntitle = \"t\"\nkind = \"sql\"\n[sql]\nreference = \"r.sql\"\n\
             schema = \"CREATE TABLE T(x);\"\n[[groups]]\nname = \"big\"\nvisibility = \"hidden\"\n",
        );
        std::fs::write(dir.path().join("r.sql"), "SELECT x FROM T").unwrap();
        let t = dir.path().join("tests/big");
        std::fs::create_dir_all(&t).unwrap();
        std::fs::write(t.join("b.sql"), "INSERT INTO T VALUES (2);").unwrap();
        std::fs::write(t.join("a.sql"), "INSERT INTO T VALUES (1);").unwrap();
        std::fs::write(dir.path().join("tests/top.sql"), "").unwrap();
        let p = load(dir.path()).unwrap();
        let names: Vec<_> = p.tests.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["top", "big/a", "big/b"]);
        assert_eq!(p.tests[1].visibility, Visibility::Hidden);
        assert!(matches!(&p.tests[1].data, TestData::Sql { seeds, .. } if seeds.len() == 1));
    }
}
