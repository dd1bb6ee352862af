//! `grader import --tests FILE PROBLEM`: (input, output) pairs as an author has them, written as
//! tests of a problem. FILE is a JSON list of `[input, output]` pairs (or of `{"input": ...,
//! "output": ...}` objects), a JSON Lines file of those, or a folder of `NAME.in` + `NAME.out`
//! (or `.ans`) files. They become `tests/[GROUP/]NAME.jsonl`, one test per line (a folder for a
//! stdio problem: its files copied); nothing is written over an existing file, and tests that
//! do not load with the problem are taken back out.

use crate::commands::options;
use crate::error::{Error, Result};
use crate::problem::{self, FunctionSig, Kind, Problem};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// One pair as found: where (for messages), its name if the source gives one, and its values.
struct Pair {
    at: String,
    name: Option<String>,
    input: Value,
    output: Value,
}

pub fn run(args: &options::ImportTests) -> Result<u8> {
    let dir = problem::resolve(&args.problem, args.problems.as_deref())?;
    if !dir.join(problem::SPEC_FILE).is_file() {
        return Err(Error::usage(format!(
            "`{}` has no {}: --tests adds tests to a problem.toml problem",
            dir.display(),
            problem::SPEC_FILE
        )));
    }
    let p = problem::load(&dir)?;
    if p.kind == Kind::Sql {
        return Err(Error::usage(
            "an SQL problem's tests are datasets, not (input, output) pairs: add .sql files under tests/",
        ));
    }
    let src = &args.file;
    let stem = match &args.name {
        Some(n) => n.clone(),
        None => src
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    plain(&stem, "--name")?;
    let mut folder = dir.join("tests");
    if let Some(g) = &args.group {
        plain(g, "--group")?;
        folder.push(g);
    }
    let pairs = if src.is_dir() {
        if p.kind == Kind::Stdio {
            return copy_folder(&p, src, &folder);
        }
        folder_pairs(src)?
    } else {
        file_pairs(src)?
    };
    if pairs.is_empty() {
        return Err(Error::usage(format!(
            "`{}` holds no (input, output) pairs",
            src.display()
        )));
    }
    let lines = pairs
        .iter()
        .map(|pair| record(&p, pair).map(|r| r.to_string()))
        .collect::<Result<Vec<_>>>()?;
    let target = folder.join(format!("{stem}.jsonl"));
    write_new(&[(target.clone(), lines.join("\n") + "\n")])?;
    validate(&dir, std::slice::from_ref(&target))?;
    crate::outln!(
        "imported {} test(s) into `{}` ({})",
        pairs.len(),
        target.display(),
        if pairs.iter().any(|p| p.name.is_some()) {
            "named by their files".to_string()
        } else {
            let prefix = args
                .group
                .as_ref()
                .map_or(String::new(), |g| format!("{g}/"));
            format!("{prefix}{stem}-1 to {prefix}{stem}-{}", pairs.len())
        }
    );
    Ok(crate::exit::ACCEPTED)
}

/// `name` is one plain file name (the loader's rule for a test's name).
fn plain(name: &str, what: &str) -> Result<()> {
    crate::problem::check_plain(name).map_err(|why| Error::usage(format!("{what} `{name}` {why}")))
}

/// The pairs of a JSON list or a JSON Lines file (`.jsonl`).
fn file_pairs(src: &Path) -> Result<Vec<Pair>> {
    let text = std::fs::read_to_string(src)
        .map_err(|e| Error::usage(format!("cannot read `{}`: {e}", src.display())))?;
    let shown = src.display();
    let bad_json = |at: String, e: serde_json::Error| {
        Error::usage(format!("{at}: not JSON: {e}; each pair is [input, output]"))
    };
    if src.extension().is_some_and(|e| e == "jsonl") {
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let at = format!("{shown}:{}", i + 1);
            let v = serde_json::from_str(line).map_err(|e| bad_json(at.clone(), e))?;
            out.push(pair(at, v)?);
        }
        return Ok(out);
    }
    let v: Value = serde_json::from_str(&text).map_err(|e| bad_json(shown.to_string(), e))?;
    let Value::Array(items) = v else {
        return Err(Error::usage(format!(
            "{shown}: expected a JSON list of pairs, [[input, output], ...] (or a .jsonl file, one pair per line)"
        )));
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, v)| pair(format!("{shown}: pair {}", i + 1), v))
        .collect()
}

/// One pair from `[input, output]` or `{"input": ..., "output": ...}`.
fn pair(at: String, v: Value) -> Result<Pair> {
    let (input, output) = match v {
        Value::Array(mut a) if a.len() == 2 => {
            let output = a.pop().unwrap_or_default();
            (a.pop().unwrap_or_default(), output)
        }
        Value::Object(mut o) if o.contains_key("input") && o.contains_key("output") => (
            o.remove("input").unwrap_or_default(),
            o.remove("output").unwrap_or_default(),
        ),
        _ => {
            return Err(Error::usage(format!(
                "{at}: a pair is [input, output] or {{\"input\": ..., \"output\": ...}}"
            )));
        }
    };
    Ok(Pair {
        at,
        name: None,
        input,
        output,
    })
}

/// The `NAME.in` + `NAME.out` (or `.ans`) files of a folder, in natural order (2 before 10).
fn pair_files(src: &Path) -> Result<Vec<(String, PathBuf, PathBuf)>> {
    let entries = std::fs::read_dir(src)
        .map_err(|e| Error::usage(format!("cannot read `{}`: {e}", src.display())))?;
    let mut out = Vec::new();
    for e in entries.flatten() {
        let path = e.path();
        if path.extension().is_none_or(|x| x != "in") || !path.is_file() {
            continue;
        }
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let answer = ["out", "ans"]
            .iter()
            .map(|x| path.with_extension(x))
            .find(|a| a.is_file())
            .ok_or_else(|| {
                Error::usage(format!(
                    "`{}` has no `{stem}.out` or `{stem}.ans` beside it",
                    path.display()
                ))
            })?;
        out.push((stem, path, answer));
    }
    out.sort_by(|a, b| {
        let num = |s: &str| s.parse::<u64>().ok();
        (num(&a.0).is_none(), num(&a.0), &a.0).cmp(&(num(&b.0).is_none(), num(&b.0), &b.0))
    });
    Ok(out)
}

/// A folder's pairs for a function problem: each `.in` holds the arguments as JSON values (one
/// per line, LeetCode's way), each `.out` the expected value.
fn folder_pairs(src: &Path) -> Result<Vec<Pair>> {
    let mut out = Vec::new();
    for (stem, input, answer) in pair_files(src)? {
        let read = |p: &Path| {
            std::fs::read_to_string(p)
                .map_err(|e| Error::usage(format!("cannot read `{}`: {e}", p.display())))
        };
        let values: Vec<Value> = serde_json::Deserializer::from_str(&read(&input)?)
            .into_iter()
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| {
                Error::usage(format!(
                    "{}: not JSON values ({e}); write one argument per line as JSON (strings in quotes)",
                    input.display()
                ))
            })?;
        let output: Value = serde_json::from_str(&read(&answer)?).map_err(|e| {
            Error::usage(format!(
                "{}: not one JSON value ({e}); write the expected value as JSON",
                answer.display()
            ))
        })?;
        out.push(Pair {
            at: input.display().to_string(),
            name: Some(stem),
            input: Value::Array(values),
            output,
        });
    }
    Ok(out)
}

/// A folder's `.in`/`.out` files copied as a stdio problem's tests.
fn copy_folder(p: &Problem, src: &Path, folder: &Path) -> Result<u8> {
    let mut files = Vec::new();
    for (stem, input, answer) in pair_files(src)? {
        for (from, ext) in [(input, "in"), (answer, "out")] {
            let text = std::fs::read_to_string(&from)
                .map_err(|e| Error::usage(format!("cannot read `{}`: {e}", from.display())))?;
            files.push((folder.join(format!("{stem}.{ext}")), text));
        }
    }
    if files.is_empty() {
        return Err(Error::usage(format!(
            "`{}` holds no NAME.in + NAME.out pairs",
            src.display()
        )));
    }
    write_new(&files)?;
    let written: Vec<PathBuf> = files.into_iter().map(|(f, _)| f).collect();
    validate(&p.dir, &written)?;
    crate::outln!(
        "imported {} test(s) into `{}`",
        written.len() / 2,
        folder.display()
    );
    Ok(crate::exit::ACCEPTED)
}

/// A pair as a test record of the problem's kind.
fn record(p: &Problem, pair: &Pair) -> Result<Value> {
    let mut r = match (&p.function, p.kind) {
        (Some(sig), _) if sig.class => json!({"calls": pair.input, "expected": pair.output}),
        (Some(sig), _) => json!({"args": args(sig, pair)?, "expected": pair.output}),
        _ => json!({"input": text(&pair.input), "output": text(&pair.output)}),
    };
    if let Some(n) = &pair.name {
        r["name"] = json!(n);
    }
    Ok(r)
}

/// A function's arguments from a pair's input: the one argument itself (or, if only that fits
/// the parameter's type, the only item of a list), else the list of every argument.
fn args(sig: &FunctionSig, pair: &Pair) -> Result<Value> {
    let input = &pair.input;
    if pair.name.is_some() {
        // From a folder: the .in file's values are the arguments already.
        return Ok(input.clone());
    }
    match sig.params.as_slice() {
        [] if input.is_null() || input.as_array().is_some_and(Vec::is_empty) => Ok(json!([])),
        [(_, ty)] => {
            let fits = |v: &Value| problem::types::conforms(v, ty).is_ok();
            Ok(match input.as_array().map(Vec::as_slice) {
                Some([only]) if !fits(input) && fits(only) => input.clone(),
                _ => json!([input]),
            })
        }
        params => match input.as_array() {
            Some(a) if a.len() == params.len() => Ok(input.clone()),
            _ => {
                let names: Vec<&str> = params.iter().map(|(n, _)| n.as_str()).collect();
                Err(Error::usage(format!(
                    "{}: the input should be the list of `{}`'s {} argument(s), [{}]",
                    pair.at,
                    sig.name,
                    params.len(),
                    names.join(", ")
                )))
            }
        },
    }
}

/// A stdio test's text from a JSON value: a string as it is, anything else as JSON; a line
/// break ends it.
fn text(v: &Value) -> String {
    let mut s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if !s.is_empty() && !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// Writes new files only: if any exists, nothing is written.
fn write_new(files: &[(PathBuf, String)]) -> Result<()> {
    if let Some((f, _)) = files.iter().find(|(f, _)| f.exists()) {
        return Err(Error::usage(format!(
            "`{}` exists; import --tests writes new files only (choose another --name or --group)",
            f.display()
        )));
    }
    for (i, (f, text)) in files.iter().enumerate() {
        let written = f
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| {
                use std::io::Write;
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(f)
                    .and_then(|mut out| out.write_all(text.as_bytes()))
            });
        if let Err(e) = written {
            remove(files[..i].iter().map(|(f, _)| f));
            return Err(Error::judge(format!("cannot write `{}`: {e}", f.display())));
        }
    }
    Ok(())
}

/// Removes files written, and their folder if that leaves it empty (a new group's).
fn remove<'a>(files: impl Iterator<Item = &'a PathBuf>) {
    for f in files {
        let _ = std::fs::remove_file(f);
        if let Some(parent) = f.parent() {
            let _ = std::fs::remove_dir(parent);
        }
    }
}

/// The problem loads with the new tests, or they are taken back out.
fn validate(dir: &Path, written: &[PathBuf]) -> Result<()> {
    match problem::load(dir) {
        Ok(_) => Ok(()),
        Err(e) => {
            remove(written.iter());
            Err(e.context("the imported tests do not fit the problem, so none was written"))
        }
    }
}
