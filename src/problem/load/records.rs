//! Test files with keys of their own: `tests/NAME.json` (one function test, named by its file)
//! and `tests/NAME.jsonl` (JSON Lines: one test per line, function or stdio). A record takes the
//! keys of a `[[tests]]` entry (`name`, `group`, `visibility`, `points`, `hint`, `hint_on`,
//! `slow`, `limits`, `compare`, and its data: `args`/`calls` and `expected`, or `input` and
//! `output`), its values with JSON's own null. Errors name the file and the line.

use super::*;
use serde_json::Value;

/// One test of a JSON or JSON Lines file.
pub(super) struct Record {
    /// Its line in a JSON Lines file (a JSON file: none, the whole file is the test).
    pub line: Option<usize>,
    /// Its name, not yet qualified by a group's folder.
    pub name: String,
    /// Its keys but the data, read as a `[[tests]]` entry.
    pub settings: Spanned<spec::TestToml>,
    pub args: Option<Value>,
    pub calls: Option<Value>,
    pub expected: Option<Value>,
}

/// `file`, or `file:line` for a JSON Lines test.
fn records_at(file: &Path, line: Option<usize>) -> String {
    match line {
        Some(l) => format!("{}:{l}", file.display()),
        None => file.display().to_string(),
    }
}

/// An error about `file` (at `line`, for a JSON Lines file).
pub(super) fn at_line(file: &Path, line: Option<usize>, message: impl std::fmt::Display) -> Error {
    let message = one_line(&message.to_string());
    Error::spec(format!("{}: {message}", records_at(file, line)))
}

/// The lines of a JSON Lines file that hold a test each (the blank ones left out), with their
/// line numbers from 1: what `load` reads and `grader list` counts.
pub(super) fn lines_of(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, l))
}

/// The records of a test file: a JSON file is one test named `stem`; a JSON Lines file one test
/// per non-blank line, named by its `name` or `STEM-K` (its K-th test).
pub(super) fn read(file: &Path, text: &str, stem: &str, lines: bool) -> Result<Vec<Record>> {
    let mut out = Vec::new();
    if !lines {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            Error::spec(format!(
                "{}:{}:{}: {}",
                file.display(),
                e.line(),
                e.column(),
                json_message(&e)
            ))
        })?;
        let record = record(file, None, value, || stem.to_string())?;
        if let Some(n) = &record.settings.get_ref().name {
            return Err(at_line(
                file,
                None,
                format!(
                    "a .json test is named by its file (`{stem}`): remove \"name\": {:?}, or put the test in a .jsonl file",
                    n.get_ref()
                ),
            ));
        }
        out.push(record);
        return Ok(out);
    }
    for (line, l) in lines_of(text) {
        let value: Value = serde_json::from_str(l).map_err(|e| {
            Error::spec(format!(
                "{}:{line}:{}: {}",
                file.display(),
                e.column(),
                json_message(&e)
            ))
        })?;
        let k = out.len() + 1;
        out.push(record(file, Some(line), value, || format!("{stem}-{k}"))?);
    }
    if out.is_empty() {
        return Err(at_line(
            file,
            None,
            "holds no tests: write one test per line, like {\"args\": [1, 2], \"expected\": 3}, or remove the file",
        ));
    }
    Ok(out)
}

/// serde_json's message without its own position (the caller gives the file's).
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rsplit_once(" at line ") {
        Some((message, _)) => message.to_string(),
        None => text,
    }
}

/// One test from its JSON object: the data kept as JSON, the other keys read as a `[[tests]]`
/// entry (through TOML, so that they are checked exactly as in `problem.toml`).
fn record(
    file: &Path,
    line: Option<usize>,
    value: Value,
    default_name: impl FnOnce() -> String,
) -> Result<Record> {
    let Value::Object(mut keys) = value else {
        return Err(at_line(
            file,
            line,
            "a test is a JSON object, like {\"args\": [1, 2], \"expected\": 3}",
        ));
    };
    let (args, calls, expected) = (
        keys.remove("args"),
        keys.remove("calls"),
        keys.remove("expected"),
    );
    let table = json_toml(&Value::Object(keys))
        .map_err(|e| at_line(file, line, e))?
        .unwrap_or_else(|| toml::Value::Table(Default::default()));
    let mut doc = toml::map::Map::new();
    doc.insert("tests".into(), toml::Value::Array(vec![table]));
    let text = toml::to_string(&toml::Value::Table(doc))
        .map_err(|e| at_line(file, line, format!("cannot read the test's keys: {e}")))?;
    #[derive(serde::Deserialize)]
    struct One {
        tests: Vec<Spanned<spec::TestToml>>,
    }
    let one: One = toml::from_str(&text)
        .map_err(|e| at_line(file, line, explain_toml_message(e.message())))?;
    let settings = one
        .tests
        .into_iter()
        .next()
        .ok_or_else(|| at_line(file, line, "cannot read the test's keys"))?;
    if let Some(n) = &settings.get_ref().name {
        check_plain(n.get_ref())
            .map_err(|e| at_line(file, line, format!("test name {:?} {e}", n.get_ref())))?;
    }
    let name = settings
        .get_ref()
        .name
        .as_ref()
        .map_or_else(default_name, |n| n.get_ref().clone());
    Ok(Record {
        line,
        name,
        settings,
        args,
        calls,
        expected,
    })
}

/// A JSON value of a test's keys as TOML; a null leaves the key out (as if not written).
fn json_toml(v: &Value) -> std::result::Result<Option<toml::Value>, String> {
    Ok(Some(match v {
        Value::Null => return Ok(None),
        Value::Bool(b) => toml::Value::Boolean(*b),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => toml::Value::Integer(i),
            (None, Some(f)) if n.is_f64() => toml::Value::Float(f),
            _ => return Err(format!("{n} is too large")),
        },
        Value::String(s) => toml::Value::String(s.clone()),
        Value::Array(items) => toml::Value::Array(
            items
                .iter()
                .filter_map(|v| json_toml(v).transpose())
                .collect::<std::result::Result<_, _>>()?,
        ),
        Value::Object(keys) => toml::Value::Table(
            keys.iter()
                .filter_map(|(k, v)| json_toml(v).transpose().map(|v| v.map(|v| (k.clone(), v))))
                .collect::<std::result::Result<_, _>>()?,
        ),
    }))
}

impl Tests<'_> {
    /// The tests of a JSON or JSON Lines file found in `folder` (a group's folder, or the top of
    /// the tests folder); a record's `group` places it where the file is at the top.
    pub(super) fn records(
        &mut self,
        ctx: &Ctx,
        groups: &Groups,
        (folder, file, text, lines): (&Option<String>, &Path, &str, bool),
        source: Source,
    ) -> Result<()> {
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        for r in read(file, text, stem, lines)? {
            let rctx = Ctx {
                path: file,
                text: "",
                inside: ctx.inside,
                pos: Pos::Line(r.line),
                shared: ctx.shared,
            };
            let tt = r.settings.get_ref();
            let name = match folder {
                Some(g) => format!("{g}/{}", r.name),
                None => r.name.clone(),
            };
            let at = |e: String| rctx.file(format!("test `{name}`: {e}"));
            let group = match (&tt.group, folder) {
                (Some(g), Some(f)) if g.get_ref() != f => {
                    return Err(at(format!(
                        "the file is in the folder of group `{f}`, so are its tests: remove \"group\": {:?}, or move the test",
                        g.get_ref()
                    )));
                }
                (Some(g), None) => Some(groups.lookup(&rctx, g)?),
                _ => groups.of_folder(folder.as_deref()),
            };
            if sql_keys(tt) {
                return Err(at(
                    "`seed`, `seed_file`, `csv`, `dataset` and `params` are only valid in kind = \"sql\" problems".into(),
                ));
            }
            let io = tt.input.is_some() || tt.output.is_some();
            let data = match self.kind {
                Kind::Function => {
                    function_data(self.function, r.args, r.calls, r.expected, io).map_err(at)?
                }
                _ if r.args.is_some() || r.calls.is_some() || r.expected.is_some() => {
                    return Err(at(
                        "a stdio test takes `input` and `output`, not `args`/`expected`".into(),
                    ));
                }
                _ => inline_data(&rctx, &r.settings, self.kind, None)?,
            };
            if matches!(source, Source::Private) && self.names.contains_key(&name) {
                return Err(Error::usage(format!(
                    "--tests-from: {}: test `{name}` has the name of one of the problem's tests; rename it",
                    records_at(file, r.line)
                )));
            }
            self.push(&rctx, 0..0, groups, (name, group, data), tt, source)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const FUNCTION: &str = "format_version = 1\ntitle = \"t\"\nkind = \"function\"\n[function]\nname = \"f\"\n\
        params = [{ name = \"x\", type = \"optional<int>\" }]\nreturns = \"float\"\n\
        [[groups]]\nname = \"big\"\n[[groups]]\nname = \"edge\"\nvisibility = \"hidden\"\n";

    /// A problem folder with `spec` and the test files `files` (path under tests/, text).
    fn problem(spec: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SPEC_FILE), spec).unwrap();
        for (path, text) in files {
            let p = dir.path().join("tests").join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    fn err_of(spec: &str, files: &[(&str, &str)]) -> String {
        let e = load(problem(spec, files).path()).unwrap_err();
        assert_eq!(e.kind, crate::error::ErrorKind::Spec, "{e}");
        e.to_string()
    }

    #[test]
    fn lines_of_skips_blank_lines_and_numbers_from_one() {
        let lines: Vec<_> = lines_of("{}\n\n  \n{\"a\": 1}\n").collect();
        assert_eq!(lines, [(1, "{}"), (4, "{\"a\": 1}")]);
        assert_eq!(lines_of(" \n").count(), 0);
    }

    #[test]
    fn a_jsonl_file_holds_one_test_per_line_with_keys_of_its_own() {
        let jsonl = "{\"args\": [1], \"expected\": 0.5}\n\n\
            {\"name\": \"nothing\", \"args\": [null], \"expected\": 0, \"hint\": \"None is no number\", \"points\": 3, \"slow\": true}\n\
            {\"args\": [2], \"expected\": 1.0, \"compare\": {\"float_abs\": 0.25}, \"group\": \"edge\", \"limits\": {\"time\": \"3s\"}}\n";
        let dir = problem(
            FUNCTION,
            &[
                ("cases.jsonl", jsonl),
                (
                    "big/more.jsonl",
                    "{\"args\": [7], \"expected\": 3.5, \"visibility\": \"sample\"}\n",
                ),
            ],
        );
        let p = load(dir.path()).unwrap();
        let names: Vec<&str> = p.tests.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["cases-1", "nothing", "cases-3", "big/more-1"]);
        let TestData::Function { args, expected } = &p.tests[1].data else {
            panic!("not a function test");
        };
        assert_eq!((args, expected), (&json!([null]), &json!(0)));
        let t = &p.tests[1];
        assert_eq!(
            (t.points, t.slow, t.hint.as_deref()),
            (3, true, Some("None is no number"))
        );
        let edge = &p.tests[2];
        assert_eq!(edge.group, Some(1));
        assert_eq!(edge.visibility, Visibility::Hidden);
        assert_eq!(edge.limits.time, std::time::Duration::from_secs(3));
        assert_eq!(edge.compare.options().float_abs, 0.25);
        assert_eq!(p.tests[0].compare.options().float_abs, 1e-6);
        assert_eq!(
            (p.tests[3].group, p.tests[3].visibility),
            (Some(0), Visibility::Sample)
        );
    }

    #[test]
    fn jsonl_errors_name_the_file_and_the_line() {
        let one = "{\"args\": [1], \"expected\": 1}\n";
        let err = err_of(
            FUNCTION,
            &[("c.jsonl", &format!("{one}\n{one}{{\"args\": [1,\n"))],
        );
        assert!(err.contains("tests/c.jsonl:4:"), "{err}");
        assert!(err.contains("EOF while parsing"), "{err}");
        let err = err_of(
            FUNCTION,
            &[(
                "c.jsonl",
                &format!("{one}{{\"args\": [1], \"expected\": 1, \"tolerance\": 0.1}}\n"),
            )],
        );
        assert!(
            err.contains("tests/c.jsonl:2: unknown key `tolerance`"),
            "{err}"
        );
        let err = err_of(
            FUNCTION,
            &[(
                "c.jsonl",
                &format!("{one}{{\"args\": [1, 2], \"expected\": 1}}\n"),
            )],
        );
        assert!(
            err.contains("tests/c.jsonl:2: test `c-2`: `args` has 2 value(s) but `f` takes 1"),
            "{err}"
        );
        let err = err_of(
            FUNCTION,
            &[("c.jsonl", "{\"args\": [\"a\"], \"expected\": 1}\n")],
        );
        assert!(err.contains("c.jsonl:1: test `c-1`: argument `x`"), "{err}");
        let err = err_of(FUNCTION, &[("c.jsonl", "[1, 2]\n")]);
        assert!(err.contains("c.jsonl:1: a test is a JSON object"), "{err}");
        let err = err_of(FUNCTION, &[("c.jsonl", "{\"args\": 1, \"expected\": 1}\n")]);
        assert!(err.contains("`args` should be a list"), "{err}");
        let err = err_of(
            FUNCTION,
            &[(
                "c.jsonl",
                "{\"args\": [1], \"expected\": 1, \"group\": \"bgi\"}\n",
            )],
        );
        assert!(
            err.contains("c.jsonl:1: unknown group `bgi`, did you mean `big`?"),
            "{err}"
        );
        let err = err_of(
            FUNCTION,
            &[(
                "big/c.jsonl",
                "{\"args\": [1], \"expected\": 1, \"group\": \"edge\"}\n",
            )],
        );
        assert!(err.contains("in the folder of group `big`"), "{err}");
        let err = err_of(
            FUNCTION,
            &[(
                "c.jsonl",
                &format!("{one}{{\"name\": \"c-1\", \"args\": [1], \"expected\": 1}}\n"),
            )],
        );
        assert!(
            err.contains("c.jsonl:2: two tests are named `c-1`"),
            "{err}"
        );
        let err = err_of(
            FUNCTION,
            &[(
                "c.jsonl",
                "{\"name\": \"a/b\", \"args\": [1], \"expected\": 1}\n",
            )],
        );
        assert!(
            err.contains("c.jsonl:1: test name \"a/b\" is not a plain path part"),
            "{err}"
        );
        let err = err_of(
            FUNCTION,
            &[(
                "c.jsonl",
                "{\"args\": [1], \"expected\": 1, \"limits\": {\"time\": \"0s\"}}\n",
            )],
        );
        assert!(err.contains("c.jsonl:1: "), "{err}");
        let err = err_of(FUNCTION, &[("c.jsonl", "\n  \n")]);
        assert!(err.contains("c.jsonl: holds no tests"), "{err}");
    }

    #[test]
    fn a_json_test_file_takes_the_keys_too_but_is_named_by_its_file() {
        let p = load(
            problem(
                FUNCTION,
                &[
                    (
                        "edge/zero.json",
                        "{\n  \"args\": [0],\n  \"expected\": 0,\n  \"hint\": \"zero\"\n}\n",
                    ),
                    ("big/one.json", "{\"args\": [1], \"expected\": 1}"),
                ],
            )
            .path(),
        )
        .unwrap();
        assert_eq!(p.tests[1].name, "edge/zero");
        assert_eq!(p.tests[1].hint.as_deref(), Some("zero"));
        assert_eq!(p.tests[1].visibility, Visibility::Hidden);
        assert_eq!(p.tests[0].hint, None);
        let err = err_of(
            FUNCTION,
            &[("a.json", "{\"args\": [0], \"expected\": 0, \"hnt\": \"x\"}")],
        );
        assert!(
            err.contains("tests/a.json: unknown key `hnt`, did you mean `hint`?"),
            "{err}"
        );
        let err = err_of(
            FUNCTION,
            &[(
                "a.json",
                "{\"name\": \"b\", \"args\": [0], \"expected\": 0}",
            )],
        );
        assert!(
            err.contains("a .json test is named by its file (`a`)"),
            "{err}"
        );
        let err = err_of(FUNCTION, &[("a.json", "{\"args\": [0]}")]);
        assert!(
            err.contains("tests/a.json: test `a`: a function test needs `args` and `expected`"),
            "{err}"
        );
        let err = err_of(FUNCTION, &[("a.json", "{\"args\": [0],\n\"expected\": }")]);
        assert!(err.contains("tests/a.json:2:13: expected value"), "{err}");
    }

    #[test]
    fn a_stdio_problem_takes_jsonl_tests_of_input_and_output() {
        let spec = "format_version = 1\ntitle = \"t\"\n";
        let jsonl = "{\"input\": \"1 2\\n\", \"output\": \"3\\n\"}\n{\"name\": \"neg\", \"input\": \"-1 1\\n\", \"output\": \"0\\n\", \"visibility\": \"sample\"}\n";
        let p = load(problem(spec, &[("sums.jsonl", jsonl)]).path()).unwrap();
        let names: Vec<&str> = p.tests.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["sums-1", "neg"]);
        assert!(
            matches!(&p.tests[1].data, TestData::Stdio { input: Data::Inline(i), answer: Data::Inline(o) } if i == "-1 1\n" && o == "0\n")
        );
        assert_eq!(p.tests[1].visibility, Visibility::Sample);
        let err = err_of(spec, &[("s.jsonl", "{\"args\": [1], \"expected\": 1}\n")]);
        assert!(
            err.contains("s.jsonl:1: test `s-1`: a stdio test takes `input` and `output`"),
            "{err}"
        );
        let err = err_of(spec, &[("s.jsonl", "{\"input\": \"1\"}\n")]);
        assert!(
            err.contains("s.jsonl:1: a stdio test needs `input` and `output`"),
            "{err}"
        );
    }

    #[test]
    fn jsonl_tests_from_a_private_folder_are_hidden() {
        let one = "{\"args\": [1], \"expected\": 1}\n";
        let dir = problem(FUNCTION, &[("big/a.jsonl", one), ("edge/a.jsonl", one)]);
        let private = tempfile::tempdir().unwrap();
        std::fs::write(
            private.path().join("more.jsonl"),
            "{\"args\": [2], \"expected\": 1, \"visibility\": \"sample\"}\n",
        )
        .unwrap();
        let p = load_with(dir.path(), Some(private.path())).unwrap();
        assert_eq!(p.tests[2].name, "more-1");
        assert_eq!(p.tests[2].visibility, Visibility::Hidden);
    }
}
