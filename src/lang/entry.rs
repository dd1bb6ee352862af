//! Entry points as the judge systems find them: the main class of a JVM-language source (Java,
//! Kotlin, Scala) with its package (Kattis runs `package.Class`), and the main file of a
//! multi-file submission (`main.*`, the problem's name, the file that holds the entry point).

use regex::Regex;
use std::sync::LazyLock;

/// Removes comments and the text of string and character literals, so that a `main` (or a
/// brace) in either is not taken for code.
fn code_only(text: &str) -> String {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?s)"(?:\\.|[^"\\\n])*"|'(?:\\[^'\n]{1,6}|[^'\\\n])'|//[^\n]*|/\*.*?\*/"#)
            .expect("valid regex")
    });
    RE.replace_all(text, |c: &regex::Captures| {
        match c[0].chars().next() {
            Some('"') => "\"\"",
            Some('\'') => "'c'",
            _ => " ",
        }
        .to_string()
    })
    .into_owned()
}

/// The package a JVM source declares, if any.
fn package(code: &str) -> Option<String> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?m)^\s*package\s+([A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*;?")
            .expect("valid regex")
    });
    RE.captures(code).map(|c| c[1].split_whitespace().collect())
}

fn qualify(package: Option<String>, class: &str) -> String {
    match package {
        Some(p) => format!("{p}.{class}"),
        None => class.to_string(),
    }
}

/// The class that declares `static void main(` with the classes it is nested in, outermost
/// first (`["Outer", "Inner"]`: its binary name is `Outer$Inner`, which DOMjudge's `DetectMain`
/// finds among the class files and `java` runs).
fn java_main(code: &str) -> Option<Vec<String>> {
    static MAIN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\bstatic\s+(?:(?:public|final|synchronized|strictfp)\s+)*void\s+main\s*\(")
            .expect("valid regex")
    });
    let at = MAIN.find(code)?.start();
    let open = open_classes(&code[..at]);
    (!open.is_empty()).then_some(open)
}

/// The classes whose bodies are still open at the end of `code` (outermost first): each
/// declaration's body is the next `{`, closed by its matching `}`.
fn open_classes(code: &str) -> Vec<String> {
    static CLASS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:class|interface|enum|record)\s+([A-Za-z_$][\w$]*)").expect("valid regex")
    });
    let mut decls = CLASS.captures_iter(code).peekable();
    // (name, the brace depth inside its body).
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut pending: Option<String> = None;
    let mut depth = 0usize;
    for (i, ch) in code.char_indices() {
        if let Some(c) = decls.next_if(|c| c.get(0).is_some_and(|m| m.start() <= i)) {
            pending = Some(c[1].to_string());
        }
        match ch {
            '{' => {
                depth += 1;
                if let Some(name) = pending.take() {
                    open.push((name, depth));
                }
            }
            '}' => {
                if open.last().is_some_and(|(_, d)| *d == depth) {
                    open.pop();
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    open.into_iter().map(|(n, _)| n).collect()
}

/// The public top-level class of a Java source (its file must be named after it).
fn java_public(code: &str) -> Option<String> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?m)^\s*public\s+(?:(?:final|abstract|sealed|strictfp)\s+)*(?:class|interface|enum|record)\s+([A-Za-z_$][\w$]*)",
        )
        .expect("valid regex")
    });
    RE.captures(code).map(|c| c[1].to_string())
}

/// The class name a Java source's file must have in the build folder: its public class, else
/// the class with `main`, else its first class; none when it declares no class.
pub fn java_file_class(text: &str) -> Option<String> {
    static ANY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:class|interface|enum|record)\s+([A-Za-z_$][\w$]*)").expect("valid regex")
    });
    let code = code_only(text);
    java_public(&code)
        .or_else(|| java_main(&code).and_then(|chain| chain.into_iter().next()))
        .or_else(|| ANY.captures(&code).map(|c| c[1].to_string()))
}

/// Kotlin's class for the top-level functions of `file.kt`: `@file:JvmName`, else the file
/// name made an identifier, capitalised, with `Kt`.
fn kotlin_file_class(file_name: &str, code: &str) -> String {
    static NAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"@file\s*:\s*JvmName\s*\(\s*"([^"]+)"\s*\)"#).expect("valid regex")
    });
    if let Some(c) = NAME.captures(code) {
        return c[1].to_string();
    }
    let stem = file_name.strip_suffix(".kt").unwrap_or(file_name);
    let mut ident: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if let Some(first) = ident.get(..1) {
        ident = first.to_uppercase() + &ident[1..];
    }
    format!("{ident}Kt")
}

/// The fully qualified main class of a source in a JVM language (`kind` is the language's
/// `main_class`: java, kotlin or scala), or the compile error to give when it has none.
pub fn main_class(kind: &str, file_name: &str, text: &str) -> Result<String, String> {
    let code = code_only(&text.replace("\"\"\"", "\""));
    let pkg = package(&code);
    let found = match kind {
        "kotlin" => {
            static MAIN: LazyLock<Regex> =
                LazyLock::new(|| Regex::new(r"(?m)^fun\s+main\s*\(").expect("valid regex"));
            MAIN.is_match(&code)
                .then(|| kotlin_file_class(file_name, text))
        }
        "scala" => {
            static OBJ: LazyLock<Regex> = LazyLock::new(|| {
                Regex::new(r"\bobject\s+([A-Za-z_$][\w$]*)(\s+extends\s+App\b)?")
                    .expect("valid regex")
            });
            static MAIN: LazyLock<Regex> =
                LazyLock::new(|| Regex::new(r"\bdef\s+main\s*\(").expect("valid regex"));
            let main_at = MAIN.find(&code).map(|m| m.start());
            OBJ.captures_iter(&code)
                .filter(|c| {
                    c.get(2).is_some() || main_at.is_some_and(|at| c.get(0).unwrap().start() < at)
                })
                .last()
                .map(|c| c[1].to_string())
        }
        _ => java_main(&code).map(|chain| chain.join("$")),
    };
    let what = match kind {
        "kotlin" => "a top-level `fun main`",
        "scala" => "an `object` with `def main` (or `extends App`)",
        _ => "a class with `public static void main(String[] args)`",
    };
    found.map(|c| qualify(pkg, &c)).ok_or_else(|| {
        format!(
            "`{file_name}` has no main class: the judge starts {what} (Kattis and DOMjudge give a compile error)"
        )
    })
}

/// Whether a source holds its language's entry point (a `main`, a Pascal `program`, Python's
/// `__main__` test); None when the language has no such mark.
fn holds_entry(lang_id: &str, text: &str) -> Option<bool> {
    /// (language ids, the mark of the entry point), compiled once.
    static MARKS: LazyLock<Vec<(&[&str], Regex)>> = LazyLock::new(|| {
        let marks: [(&[&str], &str); 10] = [
            (&["java"], r"\bstatic\s+(?:\w+\s+)*void\s+main\s*\("),
            (&["kotlin"], r"(?m)^fun\s+main\s*\("),
            (&["scala"], r"\bdef\s+main\s*\(|\bextends\s+App\b"),
            (&["c", "cpp"], r"\bmain\s*\("),
            (&["go"], r"\bfunc\s+main\s*\("),
            (&["rust"], r"\bfn\s+main\s*\("),
            (&["csharp"], r"\bstatic\s+(?:\w+\s+)*Main\s*\("),
            (&["pascal"], r"(?im)^\s*program\s+\w+"),
            (&["haskell"], r"(?m)^main\s*(?:::|=)"),
            (&["python3", "pypy3"], r#"__name__\s*==\s*['"]__main__['"]"#),
        ];
        marks
            .into_iter()
            .map(|(ids, re)| (ids, Regex::new(re).expect("valid regex")))
            .collect()
    });
    let (_, re) = MARKS.iter().find(|(ids, _)| ids.contains(&lang_id))?;
    Some(re.is_match(&code_only(text)))
}

/// The one name among `names` whose stem (the name up to its last `.`) is one of `stems`, in
/// any case (`Main.java` for `main`); none when no name or several have such a stem. The rule
/// both for a package's multi-file submission (`main.*`, then the problem's name) and for a
/// student's folder in a batch (`main.*` or `solution.*`). An index into `names`.
pub fn named<'n>(names: impl IntoIterator<Item = &'n str>, stems: &[&str]) -> Option<usize> {
    let stem = |n: &str| {
        n.rsplit_once('.')
            .map_or(n, |(s, _)| s)
            .to_ascii_lowercase()
    };
    let hits: Vec<usize> = names
        .into_iter()
        .enumerate()
        .filter(|(_, n)| stems.iter().any(|s| stem(n) == s.to_ascii_lowercase()))
        .map(|(i, _)| i)
        .collect();
    (hits.len() == 1).then(|| hits[0])
}

/// The main file of a multi-file submission among `files` (name, text), all of language
/// `lang_id`: the only file; the file named `main.*` (any case, as problemtools has it); the
/// file named after the problem; the only file holding the entry point; else the first name in
/// order. An index into `files`.
pub fn main_file(lang_id: &str, files: &[(String, String)], problem: Option<&str>) -> usize {
    let names = || files.iter().map(|(n, _)| n.as_str());
    let pick = |ok: &dyn Fn(&(String, String)) -> bool| {
        let hits: Vec<usize> = (0..files.len()).filter(|&i| ok(&files[i])).collect();
        (hits.len() == 1).then(|| hits[0])
    };
    if files.len() <= 1 {
        return 0;
    }
    named(names(), &["main"])
        .or_else(|| problem.and_then(|p| named(names(), &[p])))
        .or_else(|| pick(&|(_, t)| holds_entry(lang_id, t) == Some(true)))
        .unwrap_or_else(|| {
            (0..files.len())
                .min_by(|&a, &b| files[a].0.cmp(&files[b].0))
                .unwrap_or(0)
        })
}

/// OCaml source without its comments (nested `(* *)`) and string literals.
fn ocaml_code(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut depth, mut in_string) = (0usize, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if in_string => {
                chars.next();
            }
            '"' if depth == 0 => {
                in_string = !in_string;
                out.push(' ');
            }
            _ if in_string => {}
            '(' if chars.peek() == Some(&'*') => {
                chars.next();
                depth += 1;
            }
            '*' if depth > 0 && chars.peek() == Some(&')') => {
                chars.next();
                depth -= 1;
                out.push(' ');
            }
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out
}

/// The order in which to give `files` (name, text) to a compiler that needs a module before
/// the modules using it (OCaml: module `Foo` is the file `foo.ml`): a file after every file
/// whose module it names outside comments and strings, as `ocamldep -sort` orders them; ties
/// (and a cycle, which the compiler then reports) keep the given order. Indices into `files`.
pub fn module_order(files: &[(&str, &str)]) -> Vec<usize> {
    let module = |name: &str| {
        let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
        let mut m = stem.to_string();
        if let Some(first) = m.get(..1) {
            m = first.to_uppercase() + &m[1..];
        }
        m
    };
    let words: Vec<std::collections::HashSet<String>> = files
        .iter()
        .map(|(_, text)| {
            ocaml_code(text)
                .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '\''))
                .map(str::to_string)
                .collect()
        })
        .collect();
    let uses = |i: usize, j: usize| i != j && words[i].contains(&module(files[j].0));
    let mut order = Vec::with_capacity(files.len());
    let mut placed = vec![false; files.len()];
    while order.len() < files.len() {
        // The first file whose modules are all placed; in a cycle, the first left.
        let ready = (0..files.len())
            .filter(|&i| !placed[i])
            .find(|&i| (0..files.len()).all(|j| placed[j] || !uses(i, j)))
            .or_else(|| (0..files.len()).find(|&i| !placed[i]));
        let Some(i) = ready else { break };
        placed[i] = true;
        order.push(i);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_main_classes_with_packages() {
        let t = "package a.b;\nimport x;\nclass Helper {}\npublic class Sol {\n  public static void main(String[] a) {}\n}";
        assert_eq!(main_class("java", "Sol.java", t).unwrap(), "a.b.Sol");
        let t = "class Helper {}\nclass Main { static public void main(String[] a) {} }";
        assert_eq!(main_class("java", "x.java", t).unwrap(), "Main");
        // A main in a comment or a string is not one.
        let t = "public class A { // static void main(\n String s = \"static void main(\"; }";
        let err = main_class("java", "A.java", t).unwrap_err();
        assert!(
            err.contains("no main class") && err.contains("compile error"),
            "{err}"
        );
        assert_eq!(java_file_class("class Only {}").as_deref(), Some("Only"));
        assert_eq!(
            java_file_class("class H {}\npublic final class Main {}").as_deref(),
            Some("Main")
        );
        assert_eq!(java_file_class("// nothing"), None);
    }

    #[test]
    fn a_main_in_a_nested_class_runs_by_its_binary_name() {
        let t = "package p;\npublic class Outer {\n  static int f() { return '{'; }\n  static class Helper { void g() {} }\n  public static class Inner {\n    public static void main(String[] a) { String s = \"}\"; }\n  }\n}";
        assert_eq!(
            main_class("java", "Outer.java", t).unwrap(),
            "p.Outer$Inner"
        );
        // The file is still named after its top-level class.
        assert_eq!(java_file_class(t).as_deref(), Some("Outer"));
        let t =
            "class A { class B { } }\nclass C { interface D { static void main(String[] a) {} } }";
        assert_eq!(main_class("java", "x.java", t).unwrap(), "C$D");
        assert_eq!(java_file_class(t).as_deref(), Some("C"));
        let t = "class A {}\nclass B { public static void main(String[] a) {} }";
        assert_eq!(main_class("java", "x.java", t).unwrap(), "B");
    }

    #[test]
    fn ocaml_modules_come_before_their_users() {
        let files = [
            ("main.ml", "let () = print_int (Split.half (Util.read ()))"),
            (
                "util.ml",
                "(* Split is not used here *) let read () = \"Split\" |> ignore; 4",
            ),
            ("split.ml", "let half n = Util.id (n / 2)\nopen Util"),
            ("zed.ml", "let z = 1"),
        ];
        assert_eq!(module_order(&files), [1, 2, 0, 3]);
        // A cycle keeps the given order (ocamlopt then reports it).
        let files = [("a.ml", "B.x"), ("b.ml", "A.x")];
        assert_eq!(module_order(&files), [0, 1]);
        assert_eq!(module_order(&[("only.ml", "")]), [0]);
    }

    #[test]
    fn kotlin_and_scala_main_classes() {
        assert_eq!(
            main_class("kotlin", "hello-world.kt", "fun main() {}").unwrap(),
            "Hello_worldKt"
        );
        assert_eq!(
            main_class(
                "kotlin",
                "a.kt",
                "package p\n@file:JvmName(\"Go\")\nfun main() {}"
            )
            .unwrap(),
            "p.Go"
        );
        assert!(main_class("kotlin", "a.kt", "fun helper() {}").is_err());
        assert_eq!(
            main_class(
                "scala",
                "a.scala",
                "object H\nobject M { def main(a: Array[String]) = () }"
            )
            .unwrap(),
            "M"
        );
        assert_eq!(
            main_class("scala", "a.scala", "object M extends App {}").unwrap(),
            "M"
        );
    }

    #[test]
    fn main_files_as_the_judges_choose_them() {
        let f = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        let py = f(&[("a.py", "x=1"), ("Main.py", "import a"), ("b.py", "")]);
        assert_eq!(main_file("python3", &py, None), 1);
        let py = f(&[("lib.py", "x=1"), ("hello.py", "import lib")]);
        assert_eq!(main_file("python3", &py, Some("hello")), 1);
        let py = f(&[
            ("lib.py", "x=1"),
            ("sol.py", "if __name__ == '__main__':\n  pass"),
        ]);
        assert_eq!(main_file("python3", &py, None), 1);
        let c = f(&[("util.cpp", "int f(){}"), ("sol.cpp", "int main() {}")]);
        assert_eq!(main_file("cpp", &c, None), 1);
        let js = f(&[("b.js", ""), ("a.js", "")]);
        assert_eq!(
            main_file("javascript", &js, None),
            1,
            "the first name in order"
        );
    }
}
