//! Source text to a normalised token stream, with the tree-sitter grammar of the file's
//! language: identifiers become one token (`$id`), string and character literals another
//! (`$str`), numbers a third (`$num`); keywords, operators and punctuation stay themselves;
//! comments and whitespace are dropped. Renaming a variable, rewording a message or a comment,
//! or re-indenting leaves the stream as it was.

use crate::lang::Table;
use std::path::Path;
use std::sync::LazyLock;

/// A language whose grammar the similarity check knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Grammar {
    Python,
    Java,
    JavaScript,
    C,
    Cpp,
    Rust,
}

impl Grammar {
    /// By the language the grader's table gives the file (by its extension, as `run` detects
    /// it: `.py`/`.py3`, `.java`, `.js`/`.mjs`/`.cjs`, `.c`, `.cpp`/`.cc`/`.C`/..., `.rs`); none
    /// for a language without a grammar here, or when the language table does not load (see
    /// [`Grammar::detect`] for why).
    pub fn of(path: &Path) -> Option<Grammar> {
        Grammar::detect(path).ok().flatten()
    }

    /// [`Grammar::of`], or the error of the language table (the built-in one with the user's
    /// file, loaded once per process), which a caller shows.
    pub fn detect(path: &Path) -> Result<Option<Grammar>, String> {
        static TABLE: LazyLock<Result<Table, String>> =
            LazyLock::new(|| Table::load().map_err(|e| e.to_string()));
        let table = TABLE.as_ref().map_err(Clone::clone)?;
        let Ok(lang) = table.detect(path, None) else {
            return Ok(None);
        };
        Ok(Grammar::of_language(&lang.id))
    }

    /// The grammar of the language table's language `id`.
    pub fn of_language(id: &str) -> Option<Grammar> {
        Some(match id {
            "python3" | "pypy3" => Grammar::Python,
            "java" => Grammar::Java,
            "javascript" => Grammar::JavaScript,
            "c" => Grammar::C,
            "cpp" => Grammar::Cpp,
            "rust" => Grammar::Rust,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Grammar::Python => "python",
            Grammar::Java => "java",
            Grammar::JavaScript => "javascript",
            Grammar::C => "c",
            Grammar::Cpp => "cpp",
            Grammar::Rust => "rust",
        }
    }

    fn language(self) -> tree_sitter::Language {
        match self {
            Grammar::Python => tree_sitter_python::LANGUAGE.into(),
            Grammar::Java => tree_sitter_java::LANGUAGE.into(),
            Grammar::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Grammar::C => tree_sitter_c::LANGUAGE.into(),
            Grammar::Cpp => tree_sitter_cpp::LANGUAGE.into(),
            Grammar::Rust => tree_sitter_rust::LANGUAGE.into(),
        }
    }
}

/// One token: its normalised id and the lines (from 1) it spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub id: u64,
    pub line: u32,
    pub end_line: u32,
}

/// The normalised tokens of `text`. A syntax error does not stop it (tree-sitter recovers and
/// the tokens it could read still count); only a grammar the parser rejects does.
pub fn tokens(grammar: Grammar, text: &str) -> Result<Vec<Token>, String> {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&grammar.language())
        .map_err(|e| format!("cannot load the {} grammar: {e}", grammar.name()))?;
    let tree = parser
        .parse(text, None)
        .ok_or_else(|| format!("the {} parser gave up", grammar.name()))?;
    let mut out = Vec::new();
    let mut cursor = tree.walk();
    // Pre-order walk without recursion (a deeply nested file must not overflow the stack).
    loop {
        let node = cursor.node();
        let descend = match normalised(&node, text) {
            Some(Class::Skip) => false,
            Some(Class::Leaf(name)) => {
                out.push(Token {
                    id: id_of(name),
                    line: line(node.start_position().row),
                    end_line: line(node.end_position().row),
                });
                false
            }
            Some(Class::Marker(name)) => {
                out.push(Token {
                    id: id_of(name),
                    line: line(node.start_position().row),
                    end_line: line(node.start_position().row),
                });
                true
            }
            None => true,
        };
        if descend && cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return Ok(out);
            }
        }
    }
}

enum Class<'a> {
    /// Not a token, nor anything under it (comments, empty nodes).
    Skip,
    /// One token; what is under the node is not looked at.
    Leaf(&'a str),
    /// A token, then the node's children (a Python block: its only visible boundary).
    Marker(&'a str),
}

/// How a node counts: `None` for an inner node whose children are the tokens.
fn normalised<'a>(node: &tree_sitter::Node<'a>, text: &'a str) -> Option<Class<'a>> {
    let kind = node.kind();
    if kind.contains("comment") || node.start_byte() == node.end_byte() {
        return Some(Class::Skip);
    }
    if node.is_named() {
        if is_string(kind) {
            return Some(Class::Leaf("$str"));
        }
        if kind == "block" && node.child_count() > 0 {
            return Some(Class::Marker("$block"));
        }
        if node.child_count() == 0 {
            return Some(Class::Leaf(if kind.contains("identifier") {
                "$id"
            } else if is_number(kind) {
                "$num"
            } else if kind == "escape_sequence" || kind.contains("string") {
                "$str"
            } else if kind.ends_with("_type") || kind == "type" {
                // A primitive type keyword (`int`, `usize`): the text is the token.
                text.get(node.byte_range()).unwrap_or(kind)
            } else {
                kind
            }));
        }
        return None;
    }
    if node.child_count() == 0 {
        return Some(Class::Leaf(kind));
    }
    None
}

fn is_string(kind: &str) -> bool {
    matches!(
        kind,
        "string"
            | "string_literal"
            | "raw_string_literal"
            | "char_literal"
            | "character_literal"
            | "template_string"
            | "concatenated_string"
            | "text_block"
    )
}

fn is_number(kind: &str) -> bool {
    kind.contains("integer")
        || kind.contains("float")
        || kind.contains("number")
        || kind.ends_with("_literal") && !kind.contains("string") && !kind.contains("char")
}

fn line(row: usize) -> u32 {
    u32::try_from(row + 1).unwrap_or(u32::MAX)
}

/// A stable 64-bit id for a token text (FNV-1a).
fn id_of(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(g: Grammar, text: &str) -> Vec<u64> {
        tokens(g, text).unwrap().iter().map(|t| t.id).collect()
    }

    #[test]
    fn renaming_recommenting_and_reformatting_change_nothing() {
        let a = "def two_sum(nums, target):\n    # look up\n    seen = {}\n    for i, x in enumerate(nums):\n        if target - x in seen:\n            return [seen[target - x], i]\n        seen[x] = i\n";
        let b = "def find(arr, goal):  # other words\n    memo = {}\n\n    for j, v in enumerate(arr):\n        if goal - v in memo: return [memo[goal - v], j]\n        memo[v] = j\n";
        assert_eq!(ids(Grammar::Python, a), ids(Grammar::Python, b));
        let c = "def find(arr, goal):\n    memo = {}\n    for j, v in enumerate(arr):\n        if goal + v in memo: return [memo[goal - v], j]\n        memo[v] = j\n";
        assert_ne!(
            ids(Grammar::Python, a),
            ids(Grammar::Python, c),
            "- is not +"
        );
    }

    #[test]
    fn java_literals_and_types() {
        let a = "class A { /* x */ int f(int[] a) { String s = \"hi\"; return a.length + 1; } }";
        let b = "class Zed {\n  // y\n  int g(int[] q) { String t = \"bye\\n\"; return q.length + 42; }\n}";
        assert_eq!(ids(Grammar::Java, a), ids(Grammar::Java, b));
        let c = "class A { long f(int[] a) { String s = \"hi\"; return a.length + 1; } }";
        assert_ne!(
            ids(Grammar::Java, a),
            ids(Grammar::Java, c),
            "int is not long"
        );
    }

    #[test]
    fn lines_and_every_grammar_loads() {
        let t = tokens(Grammar::Python, "x = 1\n\n\ny = \"\"\"a\nb\"\"\"\n").unwrap();
        assert_eq!(t.first().map(|t| t.line), Some(1));
        let last = t.last().unwrap();
        assert_eq!((last.line, last.end_line), (4, 5));
        for (g, src) in [
            (Grammar::JavaScript, "function f(a) { return a + 1; }"),
            (Grammar::C, "int f(int a) { return a + 1; }"),
            (Grammar::Cpp, "int f(int a) { return a + 1; }"),
            (Grammar::Rust, "fn f(a: i32) -> i32 { a + 1 }"),
        ] {
            assert!(tokens(g, src).unwrap().len() >= 10, "{g:?}");
        }
        assert_eq!(Grammar::of(Path::new("x/A.JAVA")), Some(Grammar::Java));
        assert_eq!(Grammar::of(Path::new("x/a.txt")), None);
        // As the language table has them: `.py3` is Python, `.C` C++ (Kattis), `.hs` no grammar.
        assert_eq!(Grammar::of(Path::new("a.py3")), Some(Grammar::Python));
        assert_eq!(Grammar::of(Path::new("a.C")), Some(Grammar::Cpp));
        assert_eq!(Grammar::of(Path::new("a.c")), Some(Grammar::C));
        assert_eq!(Grammar::of(Path::new("a.hs")), None);
        assert_eq!(Grammar::detect(Path::new("a.rs")), Ok(Some(Grammar::Rust)));
        assert_eq!(Grammar::of_language("pypy3"), Some(Grammar::Python));
        assert_eq!(Grammar::of_language("haskell"), None);
    }
}
