//! Before a function answer is built: the file is not empty, and it names the function the
//! problem asks for. A file that never spells the name cannot define it, so it gets one compile
//! error saying which names the file does define and which is the closest (`longestSubstring`?),
//! pointing at the candidate's file, instead of a compiler error in the generated bridge (C,
//! C++, Rust) or a runtime error on every test (Python, JavaScript, Java). A file that spells
//! the name somewhere (a comment) goes on to the build and the harness, which say the rest.

use regex::Regex;
use std::sync::LazyLock;

/// Words that look like a call followed by a block in C-family code but define nothing.
const NOT_NAMES: &[&str] = &[
    "if",
    "for",
    "while",
    "switch",
    "catch",
    "return",
    "sizeof",
    "do",
    "else",
    "synchronized",
    "main",
    "function",
    "new",
    "try",
];

/// Definitions, per language: the first group is the defined name.
fn patterns(lang_id: &str) -> &'static [Regex] {
    static PYTHON: LazyLock<Vec<Regex>> = LazyLock::new(|| {
        vec![re(
            r"(?m)^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+([A-Za-z_]\w*)",
        )]
    });
    static JAVASCRIPT: LazyLock<Vec<Regex>> = LazyLock::new(|| {
        vec![
            re(r"\bfunction\s*\*?\s*([A-Za-z_$][\w$]*)"),
            re(
                r"\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s*)?(?:function\b|\([^)]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>)",
            ),
            re(r"\bclass\s+([A-Za-z_$][\w$]*)"),
        ]
    });
    static C_FAMILY: LazyLock<Vec<Regex>> = LazyLock::new(|| {
        vec![re(
            r"\b([A-Za-z_]\w*)\s*\([^;{}()]*\)\s*(?:const\s*)?(?:noexcept\s*)?(?:throws\s+[\w.,\s]+)?\{",
        )]
    });
    static RUST: LazyLock<Vec<Regex>> = LazyLock::new(|| vec![re(r"\bfn\s+([A-Za-z_]\w*)")]);
    match lang_id {
        "python3" | "pypy3" => &PYTHON,
        "javascript" => &JAVASCRIPT,
        "c" | "cpp" | "java" => &C_FAMILY,
        "rust" => &RUST,
        _ => &[],
    }
}

fn re(s: &str) -> Regex {
    Regex::new(s).expect("valid definition regex")
}

/// The names `source` defines (functions, methods, classes), in order, each with its line.
pub fn defined(lang_id: &str, source: &str) -> Vec<(String, usize)> {
    let mut found: Vec<(usize, String)> = Vec::new();
    for p in patterns(lang_id) {
        for c in p.captures_iter(source) {
            if let Some(m) = c.get(1)
                && !NOT_NAMES.contains(&m.as_str())
            {
                found.push((m.start(), m.as_str().to_string()));
            }
        }
    }
    found.sort();
    let mut out: Vec<(String, usize)> = Vec::new();
    for (at, name) in found {
        if !out.iter().any(|(n, _)| *n == name) {
            let line = source[..at].matches('\n').count() + 1;
            out.push((name, line));
        }
    }
    out
}

/// The compile error for a file that is empty or never spells `name` (the function's name in
/// the language's convention); `None` when the build should go on.
pub fn missing(lang_id: &str, file_name: &str, source: &str, name: &str) -> Option<String> {
    if source.trim().is_empty() {
        return Some(format!(
            "{file_name}: the file is empty: write the function `{name}` the problem asks for \
             (`grader show` prints its signature)"
        ));
    }
    let word = Regex::new(&format!(r"\b{}\b", regex::escape(name))).ok()?;
    if word.is_match(source) {
        return None;
    }
    let names = defined(lang_id, source);
    let closest = crate::error::did_you_mean(name, names.iter().map(|(n, _)| n.as_str()))
        .and_then(|c| names.iter().find(|(n, _)| n == c));
    let head = match closest {
        Some((c, line)) => format!(
            "{file_name}:{line}: the file defines no function `{name}`; did you mean `{c}`?"
        ),
        None => format!("{file_name}: the file defines no function `{name}`"),
    };
    const SHOWN: usize = 8;
    let listed: Vec<String> = names
        .iter()
        .take(SHOWN)
        .map(|(n, _)| format!("`{n}`"))
        .collect();
    let more = names
        .len()
        .checked_sub(SHOWN)
        .filter(|&n| n > 0)
        .map(|n| format!(" and {n} more"))
        .unwrap_or_default();
    let defines = if names.is_empty() {
        "it defines no function".to_string()
    } else {
        format!("it defines {}{more}", listed.join(", "))
    };
    Some(format!(
        "{head}\n{defines}; the grader calls `{name}`, and the name must match exactly"
    ))
}

/// A C or C++ compile error in the generated bridge (the candidate's function has other
/// parameter or return types than the grader passes): one line saying so about the
/// candidate's file, then the compiler's blocks that are about that file (its notes show the
/// declaration), never the bridge's own lines.
pub fn bridge_error(lang_id: &str, file_name: &str, message: &str, name: &str) -> Option<String> {
    if !matches!(lang_id, "c" | "cpp") || !message.contains("grader_bridge.") {
        return None;
    }
    // A block is a line at the left margin and the indented excerpt lines under it.
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    for line in message.lines() {
        match blocks.last_mut() {
            Some(b) if line.starts_with(' ') || line.is_empty() => b.push(line),
            _ => blocks.push(vec![line]),
        }
    }
    let own = format!("{file_name}:");
    let kept: Vec<String> = blocks
        .iter()
        .filter(|b| b[0].starts_with(&own))
        .map(|b| b.join("\n"))
        .collect();
    let head = format!(
        "{file_name}: `{name}` does not have the parameter and return types the grader calls it \
         with (`grader show` prints the signature; the C and C++ types are in \
         docs/problem-format.md)"
    );
    Some(if kept.is_empty() {
        head
    } else {
        format!("{head}\n{}", kept.join("\n"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_defined_in_each_language() {
        let names =
            |lang, src| -> Vec<String> { defined(lang, src).into_iter().map(|(n, _)| n).collect() };
        assert_eq!(
            names(
                "python3",
                "import os\ndef helper(x):\n    pass\n\nclass Solution:\n    def longestSubstring(self, s): pass\n"
            ),
            ["helper", "Solution", "longestSubstring"]
        );
        assert_eq!(
            names(
                "c",
                "#include <stdio.h>\nstatic int helper(int x) { if (x) { return 1; } return 0; }\nchar *longestSubstring(const char *s) {\n  while (1) {}\n}\nint main(void) { return 0; }\n"
            ),
            ["helper", "longestSubstring"]
        );
        assert_eq!(
            names(
                "javascript",
                "function a() {}\nconst b = (x) => x;\nlet c = function () {};\nclass D {}\n"
            ),
            ["a", "b", "c", "D"]
        );
        assert_eq!(
            names("rust", "pub fn longest(s: String) -> String { s }\n"),
            ["longest"]
        );
    }

    #[test]
    fn a_missing_name_is_one_message_with_the_closest() {
        let src = "def longestSubstring(s):\n    return s\n\ndef helper(x):\n    return x\n";
        let m = missing("python3", "a.py", src, "longest_substring").unwrap();
        assert_eq!(
            m,
            "a.py:1: the file defines no function `longest_substring`; did you mean `longestSubstring`?\n\
             it defines `longestSubstring`, `helper`; the grader calls `longest_substring`, and the name must match exactly"
        );
        // Spelt somewhere (here in a comment): the build and the harness decide.
        assert_eq!(
            missing(
                "python3",
                "a.py",
                "# longest_substring\n",
                "longest_substring"
            ),
            None
        );
        assert!(
            missing("c", "a.c", " \n\n", "longest_substring")
                .unwrap()
                .contains("the file is empty")
        );
    }

    #[test]
    fn a_bridge_error_points_at_the_candidates_file() {
        let gcc = "grader_bridge.c: In function ‘grader_call’:\n\
                   grader_bridge.c:7:49: error: passing argument 1 of ‘f’ makes integer\n\
                   \x20   7 |     char* r = f((args->items[0]).s);\n\
                   wt.c:1:11: note: expected ‘int’ but argument is of type ‘char *’\n\
                   \x20   1 | int f(int s) { return 0; }\n\
                   cc1: some warnings being treated as errors\n";
        let m = bridge_error("c", "wt.c", gcc, "f").unwrap();
        assert!(
            m.starts_with("wt.c: `f` does not have the parameter and return types"),
            "{m}"
        );
        assert!(m.contains("\nwt.c:1:11: note: expected ‘int’"), "{m}");
        assert!(m.contains("1 | int f(int s)"), "{m}");
        assert!(!m.contains("grader_bridge") && !m.contains("cc1"), "{m}");
        assert_eq!(bridge_error("c", "wt.c", "wt.c:1:1: error: x\n", "f"), None);
    }
}
