//! `grader new ID --kind stdio|function|sql [--lang ...]`: scaffolds a problem folder that
//! `grader check` passes as created. The files are data: one folder per kind beside this file
//! (`problem.toml`, `statement.md`, and `reference`, `template`, `wrong` per language), with
//! `{{id}}`, `{{title}}` and `{{expect}}` filled in here.

use super::options;
use crate::error::{Error, Result};
use crate::problem::{self, Kind};
use std::path::{Path, PathBuf};

/// One language's three files of a kind: the reference, the starter and the known-wrong answer.
struct Sources {
    reference: &'static str,
    template: &'static str,
    wrong: &'static str,
}

/// The languages `grader new` writes, with their file names: (id, reference and template
/// file name, wrong answer's file name).
const LANGS: [(&str, &str, &str); 6] = [
    ("python3", "solution.py", "wrong.py"),
    ("c", "solution.c", "wrong.c"),
    ("cpp", "solution.cpp", "wrong.cpp"),
    ("java", "Solution.java", "Wrong.java"),
    ("javascript", "solution.js", "wrong.js"),
    ("rust", "solution.rs", "wrong.rs"),
];

/// The language ids `--lang` takes.
pub const LANG_IDS: [&str; 6] = ["python3", "c", "cpp", "java", "javascript", "rust"];

macro_rules! sources {
    ($kind:literal, $ext:literal) => {
        Sources {
            reference: include_str!(concat!($kind, "/reference.", $ext)),
            template: include_str!(concat!($kind, "/template.", $ext)),
            wrong: include_str!(concat!($kind, "/wrong.", $ext)),
        }
    };
}

/// The sources of a stdio or function problem in `lang`.
fn sources(kind: Kind, lang: &str) -> Option<Sources> {
    Some(match (kind, lang) {
        (Kind::Stdio, "python3") => sources!("stdio", "py"),
        (Kind::Stdio, "c") => sources!("stdio", "c"),
        (Kind::Stdio, "cpp") => sources!("stdio", "cpp"),
        (Kind::Stdio, "java") => sources!("stdio", "java"),
        (Kind::Stdio, "javascript") => sources!("stdio", "js"),
        (Kind::Stdio, "rust") => sources!("stdio", "rs"),
        (Kind::Function, "python3") => sources!("function", "py"),
        (Kind::Function, "c") => sources!("function", "c"),
        (Kind::Function, "cpp") => sources!("function", "cpp"),
        (Kind::Function, "java") => sources!("function", "java"),
        (Kind::Function, "javascript") => sources!("function", "js"),
        (Kind::Function, "rust") => sources!("function", "rs"),
        (Kind::Sql, _) => sources!("sql", "sql"),
        _ => return None,
    })
}

/// A kind's `problem.toml` and `statement.md`.
fn spec_and_statement(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Stdio => (
            include_str!("stdio/problem.toml"),
            include_str!("stdio/statement.md"),
        ),
        Kind::Function => (
            include_str!("function/problem.toml"),
            include_str!("function/statement.md"),
        ),
        Kind::Sql => (
            include_str!("sql/problem.toml"),
            include_str!("sql/statement.md"),
        ),
    }
}

/// Whether `id` is a problem id `grader new` accepts: lowercase letters, digits and dashes,
/// starting with a letter or digit.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// "two-sum" -> "Two Sum".
fn title_of(id: &str) -> String {
    id.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The files of the new problem: (path relative to the problems folder's parent, text).
fn files(args: &options::New, problems_name: &str) -> Result<Vec<(PathBuf, String)>> {
    let id = &args.id;
    let fill = |s: &str, expect: &str| {
        s.replace("{{id}}", id)
            .replace("{{title}}", &title_of(id))
            .replace("{{expect}}", expect)
    };
    let dir = Path::new(problems_name).join(id);
    let starters = Path::new("solutions-template").join(id);
    let mut out = Vec::new();
    let mut expect = String::new();
    let langs: Vec<(&str, &str, &str)> = if args.kind == Kind::Sql {
        if !args.langs.is_empty() {
            return Err(Error::usage(
                "an sql problem's answers are SQL queries: drop --lang",
            ));
        }
        vec![("sql", "answer.sql", "wrong.sql")]
    } else {
        let wanted: Vec<&str> = if args.langs.is_empty() {
            vec!["python3"]
        } else {
            args.langs.iter().map(String::as_str).collect()
        };
        LANGS
            .into_iter()
            .filter(|(l, _, _)| wanted.contains(l))
            .collect()
    };
    for (lang, file, wrong) in langs {
        let s = sources(args.kind, lang).ok_or_else(|| {
            Error::usage(format!(
                "unknown language `{lang}`; use one of {}",
                LANG_IDS.join(", ")
            ))
        })?;
        out.push((dir.join("reference").join(file), fill(s.reference, "")));
        out.push((dir.join("wrong").join(wrong), fill(s.wrong, "")));
        let template = if lang == "sql" { "answer.sql" } else { file };
        out.push((starters.join(template), fill(s.template, "")));
        expect.push_str(&format!(
            "[[expect]]\nfile = \"wrong/{wrong}\"\nverdict = \"WA\"\n\n"
        ));
    }
    let (spec, statement) = spec_and_statement(args.kind);
    out.push((dir.join(problem::STATEMENT_FILE), fill(statement, "")));
    out.push((
        dir.join(problem::SPEC_FILE),
        fill(spec, expect.trim_end()) + "\n",
    ));
    Ok(out)
}

pub fn run(args: &options::New) -> Result<u8> {
    if !valid_id(&args.id) {
        return Err(Error::usage(format!(
            "`{}` is not a valid problem id: use lowercase letters, digits and dashes (e.g. `two-sum`)",
            args.id
        )));
    }
    let root = problem::problems_root(args.problems.as_deref())?;
    let dir = root.join(&args.id);
    if dir.exists() {
        return Err(Error::usage(format!(
            "`{}` exists; choose another id or remove that folder",
            dir.display()
        )));
    }
    let name = root
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("problems")
        .to_string();
    let base = root.parent().unwrap_or(Path::new(""));
    let starters = base.join("solutions-template").join(&args.id);
    if starters.exists() {
        return Err(Error::usage(format!(
            "`{}` exists; choose another id or remove that folder",
            starters.display()
        )));
    }
    let files = files(args, &name)?;
    for (rel, text) in &files {
        let path = base.join(rel);
        let parent = path.parent().unwrap_or(Path::new(""));
        std::fs::create_dir_all(parent)
            .and_then(|()| std::fs::write(&path, text))
            .map_err(|e| Error::judge(format!("cannot write `{}`: {e}", path.display())))?;
    }
    crate::outln!(
        "created `{}` ({} files) and its starters in `{}`; `grader check {}` checks it",
        dir.display(),
        files.len(),
        starters.display(),
        args.id
    );
    Ok(crate::exit::ACCEPTED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_titles() {
        assert!(valid_id("two-sum-2"));
        for bad in ["", "-x", "Two", "a_b", "a b", "a/b", ".."] {
            assert!(!valid_id(bad), "{bad}");
        }
        assert_eq!(title_of("two-sum"), "Two Sum");
    }
}
