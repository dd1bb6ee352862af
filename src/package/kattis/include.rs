//! What a 2025-09 package adds to each submission before it is built: the included files
//! (`include/<language>/`, else `include/default/`) and the constants of `problem.yaml`
//! (`{{name}}`, `{{name.variant}}`), substituted in the submission's files and the included
//! ones, as the format's "Included files" and "Constants" sections ask; and a copy of the
//! output validator with the constants substituted.

use crate::lang;
use crate::problem::inside::{self, Found};
use std::path::{Path, PathBuf};

/// The `{{...}}` sequences of `problem.yaml`'s `constants` and their values: `{{name}}` and
/// `{{name.value}}` for each, `{{name.variant}}` for each variant key. `Err` names the key that
/// is not a constant (a string, a number, a boolean, or a map of them with `value`).
pub(super) fn constants(yaml: &serde_norway::Value) -> Result<Vec<(String, String)>, String> {
    use serde_norway::Value;
    let scalar = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    let Some(map) = yaml.get("constants") else {
        return Ok(Vec::new());
    };
    let Some(map) = map.as_mapping() else {
        return Err("constants: expected a mapping of names to values".into());
    };
    let mut out = Vec::new();
    for (k, v) in map {
        let Some(name) = k.as_str() else {
            return Err(format!("constants: the name {k:?} is not a string"));
        };
        let not_a_constant = || {
            format!(
                "constants.{name}: expected a string, a number or a map with `value` (and variants)"
            )
        };
        let value = match v.as_mapping() {
            Some(m) => {
                for (vk, vv) in m {
                    let (Some(variant), Some(x)) = (vk.as_str(), scalar(vv)) else {
                        return Err(not_a_constant());
                    };
                    out.push((format!("{{{{{name}.{variant}}}}}"), x));
                }
                v.get("value").and_then(scalar).ok_or_else(not_a_constant)?
            }
            None => scalar(v).ok_or_else(not_a_constant)?,
        };
        out.push((format!("{{{{{name}}}}}"), value));
    }
    Ok(out)
}

/// `text` with every constant sequence replaced by its value (undefined ones stay).
pub(super) fn substitute(text: &str, constants: &[(String, String)]) -> String {
    if !text.contains("{{") {
        return text.to_string();
    }
    constants
        .iter()
        .fold(text.to_string(), |t, (seq, value)| t.replace(seq, value))
}

/// The included files for a submission in language `code` (the format's language code):
/// `include/<code>/`'s, else `include/default/`'s, (name, text) each, constants substituted.
pub(super) fn included(
    pkg: &Path,
    code: &str,
    constants: &[(String, String)],
) -> Vec<(String, String)> {
    let Ok(folder) = inside::Folder::open(pkg, "package folder") else {
        return Vec::new();
    };
    let files = |rel: &str| -> Option<Vec<(String, String)>> {
        let rel = Path::new("include").join(rel);
        if folder.probe(&rel).ok()?? != Found::Folder {
            return None;
        }
        let entries = folder.list(&rel).ok()?;
        let files: Vec<_> = entries
            .into_iter()
            .filter(|e| e.found == Found::File)
            .filter_map(|e| {
                let text = std::fs::read_to_string(folder.path(&e.rel)).ok()?;
                Some((e.name, substitute(&text, constants)))
            })
            .collect();
        (!files.is_empty()).then_some(files)
    };
    files(code).or_else(|| files("default")).unwrap_or_default()
}

/// The output validator `program`, or its copy with the package's `constants` substituted
/// (the format substitutes them in the validators).
pub(super) fn with_constants(
    program: PathBuf,
    constants: &[(String, String)],
) -> crate::error::Result<PathBuf> {
    let copy = substituted_copy(&program, constants).map_err(|e| {
        e.context(format!(
            "cannot copy the output validator `{}` with the package's constants",
            program.display()
        ))
    })?;
    Ok(copy.unwrap_or(program))
}

/// A copy of the output validator `program` (a file or a folder) with the package's constants
/// substituted in its text files, in the build cache (content-addressed, so that a build of it
/// is cached too); `None` when no file of it names a constant. The folder is read inside itself
/// (`single_validator` has refused a link out of it already).
pub(super) fn substituted_copy(
    program: &Path,
    constants: &[(String, String)],
) -> crate::error::Result<Option<PathBuf>> {
    if constants.is_empty() {
        return Ok(None);
    }
    let name = PathBuf::from(program.file_name().unwrap_or_default());
    // (path below the copy, bytes) of each file.
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    if program.is_dir() {
        let folder = inside::Folder::open(program, "output validator folder")?;
        for rel in folder.walk("").map_err(|(p, r)| folder.error("", p, &r))? {
            let bytes = folder.read(&rel).map_err(|r| folder.error("", &rel, &r))?;
            files.push((name.join(&rel), bytes));
        }
    } else {
        let bytes = std::fs::read(program).map_err(|e| {
            crate::error::Error::judge(format!("cannot read `{}`: {e}", program.display()))
        })?;
        files.push((name.clone(), bytes));
    }
    let mut changed = false;
    for (_, bytes) in &mut files {
        if let Ok(text) = std::str::from_utf8(bytes) {
            let new = substitute(text, constants);
            if new != text {
                changed = true;
                *bytes = new.into_bytes();
            }
        }
    }
    if !changed {
        return Ok(None);
    }
    let key = inside::digest(
        "grader-package-constants-v1",
        files.iter().map(|(r, b)| (r.as_path(), b.as_slice())),
    );
    let dir = lang::cached_folder(&format!("constants-{key}"), |work| {
        // The files with their modes, then their substituted text over them.
        let copy = work.join(&name);
        let io_err = |e: std::io::Error| {
            crate::error::Error::judge(format!("cannot write `{}`: {e}", copy.display()))
        };
        if program.is_dir() {
            inside::copy_folder(program, &copy, "output validator folder")?;
        } else {
            std::fs::copy(program, &copy).map_err(io_err)?;
        }
        for (rel, bytes) in &files {
            std::fs::write(work.join(rel), bytes).map_err(io_err)?;
        }
        Ok(())
    })?;
    Ok(Some(dir.join(name)))
}

/// The format's language code of a grader language id (PyPy runs the `python3` code).
pub(super) fn language_code(id: &str) -> &str {
    match id {
        "pypy3" => "python3",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_and_included_files_of_a_package() {
        let d = tempfile::tempdir().unwrap();
        let yaml = |text: &str| serde_norway::from_str::<serde_norway::Value>(text).unwrap();
        let c = constants(&yaml(
            "name: x\nconstants:\n  n: 1\n  big:\n    value: 1000000\n    latex: 10^6\n",
        ))
        .unwrap();
        // What is not a constant is an error naming its key, not a sequence left as it is.
        assert_eq!(
            constants(&yaml("constants:\n  n: [1, 2]\n")).unwrap_err(),
            "constants.n: expected a string, a number or a map with `value` (and variants)"
        );
        assert!(
            constants(&yaml("constants:\n  big:\n    latex: 10^6\n"))
                .unwrap_err()
                .starts_with("constants.big: ")
        );
        assert_eq!(
            constants(&yaml("constants: 3\n")).unwrap_err(),
            "constants: expected a mapping of names to values"
        );
        assert!(constants(&yaml("name: x\n")).unwrap().is_empty());
        assert_eq!(
            substitute("a {{n}} {{big}} {{big.latex}} {{big.value}} {{m}}", &c),
            "a 1 1000000 10^6 1000000 {{m}}"
        );
        for (f, t) in [
            ("include/python3/include.py", "magic = {{n}}\n"),
            ("include/default/data.txt", "{{n}}\n"),
        ] {
            let p = d.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, t).unwrap();
        }
        // A language's own folder replaces the default one.
        assert_eq!(
            included(d.path(), language_code("pypy3"), &c),
            [("include.py".to_string(), "magic = 1\n".to_string())]
        );
        assert_eq!(
            included(d.path(), "php", &c),
            [("data.txt".to_string(), "1\n".to_string())]
        );
        std::fs::remove_dir_all(d.path().join("include")).unwrap();
        assert!(included(d.path(), "php", &c).is_empty());
    }
}
