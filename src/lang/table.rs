//! The language table as data: the embedded `languages.toml`, a user override file, detection
//! by extension, and the placeholders of command templates.

use crate::error::{Error, Result};
use crate::units::{Dur, SizeText};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

const BUILTIN: &str = include_str!("languages.toml");

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Language {
    pub id: String,
    pub name: String,
    pub extensions: Vec<String>,
    /// The compiler or interpreter, found on PATH.
    pub tool: String,
    /// A second program used to run the build (e.g. `java` after `javac`).
    pub run_tool: Option<String>,
    /// Arguments that make `tool` print its real path (for shims and proxies).
    #[serde(default)]
    pub resolve: Vec<String>,
    /// Appended to what `resolve` printed.
    pub resolve_join: Option<String>,
    /// Prints the toolchain version (first line of stdout or stderr).
    pub version: Vec<String>,
    /// A syntax check for interpreted languages; failing it is a compile error.
    pub check: Option<Vec<String>>,
    pub compile: Option<Vec<String>>,
    pub run: Vec<String>,
    /// Builds a function answer with its generated harness (default: `compile`, or `check`).
    pub function_compile: Option<Vec<String>>,
    /// Runs a function answer's harness; none: this language takes no function answers.
    pub function_run: Option<Vec<String>>,
    /// The file name of the submission inside the build folder; default: its own name.
    pub source_name: Option<String>,
    /// How `{class}` is found for JVM languages: `java`, `kotlin` or `scala` (see `entry`).
    pub main_class: Option<String>,
    /// `{sources}` in dependency order: a file after the files whose module it names (OCaml
    /// links modules in the order given; see `entry::module_order`).
    #[serde(default)]
    pub modules_in_order: bool,
    /// Extensions this language shares with another (Prolog's `.pl` with Perl's): a file with
    /// one of them is this language's only when its text matches `sniff`.
    #[serde(default)]
    pub sniff_extensions: Vec<String>,
    /// A regular expression over the source text; see `sniff_extensions`.
    pub sniff: Option<Sniff>,
    /// Folders outside the system ones that the toolchain reads (its configuration in /etc,
    /// its package database in /var/lib), granted to the compiler and the program.
    #[serde(default)]
    pub read: Vec<String>,
    #[serde(default = "one")]
    pub time_factor: f64,
    #[serde(default, with = "dur_opt")]
    pub time_offset: Option<Duration>,
    /// Added to RLIMIT_DATA for runtimes that reserve more than they use (not judged).
    #[serde(default, with = "size_opt")]
    pub memory_allowance: Option<u64>,
    /// The runtime's own baseline memory (JVM, V8), not charged to the program's limit.
    #[serde(default, with = "size_opt")]
    pub runtime_memory: Option<u64>,
    /// Where allocations past the limit are refused (packages): RLIMIT_AS is the judged limit
    /// plus this allowance (the runtime's own mappings). `None` (`"off"`, or absent): no
    /// address-space limit, for runtimes that reserve address space up front (JVM, V8, Go, SBCL).
    #[serde(default, with = "size_opt::or_off")]
    pub address_space: Option<u64>,
    /// How to install the toolchain, shown when it is missing.
    pub install: String,
}

fn one() -> f64 {
    1.0
}

mod dur_opt {
    use super::*;
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Duration>, D::Error> {
        Ok(Option::<Dur>::deserialize(d)?.map(|d| d.0))
    }
    pub fn serialize<S: serde::Serializer>(v: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
        v.map(|d| format!("{}ms", d.as_millis())).serialize(s)
    }
}

/// An optional size: bytes, or a text with a unit (`"64MiB"`); [`size_opt::or_off`] (for
/// `address_space`) also takes `"off"` for none.
mod size_opt {
    use super::*;

    fn read<'de, D: serde::Deserializer<'de>>(d: D, off: bool) -> Result<Option<u64>, D::Error> {
        match SizeText::deserialize(d)? {
            SizeText::Text(t) if off && t.trim() == "off" => Ok(None),
            written => written.bytes().map(Some).map_err(|e| {
                serde::de::Error::custom(if off { format!("{e}, or \"off\"") } else { e })
            }),
        }
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        read(d, false)
    }

    pub fn serialize<S: serde::Serializer>(v: &Option<u64>, s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }

    /// A size, or `"off"` for none.
    pub mod or_off {
        pub use super::serialize;

        pub fn deserialize<'de, D: serde::Deserializer<'de>>(
            d: D,
        ) -> Result<Option<u64>, D::Error> {
            super::read(d, true)
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableToml {
    #[serde(default)]
    language: Vec<Language>,
}

impl Language {
    /// The CPU limit for this language.
    pub fn scale_time(&self, time: Duration) -> Duration {
        time.mul_f64(self.time_factor) + self.time_offset.unwrap_or_default()
    }

    pub fn is_compiled(&self) -> bool {
        self.compile.is_some()
    }
}

/// How much of a file with a shared extension is read to tell its language.
const SNIFF_BYTES: u64 = 64 * 1024;

/// Whether `file` is Python 2, which does not run here (Python 3 does): a `.py2` file, or, when
/// its `text` is given, a `python2` shebang, a `print` statement, or a call of a builtin only
/// Python 2 has (`raw_input`, `xrange`) that the file does not define. The one rule of
/// detection, of a package's jury submissions and of `run`.
pub fn is_python2(file: &Path, text: Option<&str>) -> bool {
    static PRINT_STATEMENT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"(?m)^\s*print\s+[^\s(=]"#).expect("valid regex")
    });
    static PY2_BUILTIN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\b(raw_input|xrange)\s*\(").expect("valid regex")
    });
    static DEFINED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?m)(\bdef\s+(raw_input|xrange)\b|\b(raw_input|xrange)\s*=[^=]|\bimport\b.*\b(raw_input|xrange)\b)")
            .expect("valid regex")
    });
    if file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("py2"))
    {
        return true;
    }
    let Some(text) = text else { return false };
    let first = text.lines().next().unwrap_or("");
    (first.starts_with("#!") && first.contains("python2"))
        || PRINT_STATEMENT.is_match(text)
        || (PY2_BUILTIN.is_match(text) && !DEFINED.is_match(text))
}

/// A `sniff` pattern, compiled when the table is parsed: an invalid one is an error of the
/// table, at its line. Serialized (and compared) as its text.
#[derive(Debug, Clone)]
pub struct Sniff(regex::Regex);

impl Sniff {
    pub fn is_match(&self, text: &str) -> bool {
        self.0.is_match(text)
    }
}

impl PartialEq for Sniff {
    fn eq(&self, other: &Sniff) -> bool {
        self.0.as_str() == other.0.as_str()
    }
}

impl Serialize for Sniff {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.as_str().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Sniff {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Sniff, D::Error> {
        let text = String::deserialize(d)?;
        regex::Regex::new(&text).map(Sniff).map_err(|e| {
            // The regex crate's message spans lines (the pattern, a caret): its last one says why.
            let why = e.to_string();
            let why = why
                .lines()
                .last()
                .unwrap_or("")
                .trim_start_matches("error: ");
            serde::de::Error::custom(format!("`sniff` is not a valid regular expression: {why}"))
        })
    }
}

/// All known languages.
#[derive(Debug, Clone)]
pub struct Table {
    pub languages: Vec<Language>,
    /// Where the user override came from, if any.
    pub user_file: Option<PathBuf>,
}

/// The user override file: `GRADER_LANGUAGES`, else `$XDG_CONFIG_HOME/grader/languages.toml`
/// (or `~/.config/grader/languages.toml`) when it exists.
fn user_file() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("GRADER_LANGUAGES") {
        return Some(PathBuf::from(p));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    let p = base.join("grader").join("languages.toml");
    p.is_file().then_some(p)
}

fn parse(text: &str, origin: &str) -> Result<Vec<Language>> {
    toml::from_str::<TableToml>(text)
        .map(|t| t.language)
        .map_err(|e| {
            let pos = e
                .span()
                .map(|s| {
                    let before = &text[..s.start];
                    format!(
                        ":{}:{}",
                        before.matches('\n').count() + 1,
                        before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1
                    )
                })
                .unwrap_or_default();
            Error::spec(format!("{origin}{pos}: {}", e.message().trim()))
        })
}

impl Table {
    /// The built-in table with the user's file merged over it.
    pub fn load() -> Result<Table> {
        let mut languages = parse(BUILTIN, "built-in languages.toml")?;
        let user = user_file();
        if let Some(path) = &user {
            let text = std::fs::read_to_string(path).map_err(|e| {
                Error::usage(format!(
                    "cannot read languages file `{}`: {e}",
                    path.display()
                ))
            })?;
            for lang in parse(&text, &path.display().to_string())? {
                match languages.iter_mut().find(|l| l.id == lang.id) {
                    Some(existing) => *existing = lang,
                    None => languages.push(lang),
                }
            }
        }
        Ok(Table {
            languages,
            user_file: user,
        })
    }

    pub fn get(&self, id: &str) -> Result<&Language> {
        self.languages.iter().find(|l| l.id == id).ok_or_else(|| {
            let ids: Vec<&str> = self.languages.iter().map(|l| l.id.as_str()).collect();
            let hint = crate::error::did_you_mean(id, ids.iter().copied())
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            Error::usage(format!(
                "unknown language `{id}`; {hint}known: {}",
                ids.join(", ")
            ))
        })
    }

    /// The language of `file`: `forced` if given, else by extension (as written first, then
    /// lowercased: `.C` is C++ as on Kattis, `.c` is C), a shared extension by the text.
    pub fn detect(&self, file: &Path, forced: Option<&str>) -> Result<&Language> {
        if let Some(id) = forced {
            return self.get(id);
        }
        let raw = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        let lower = raw.to_ascii_lowercase();
        // Only a shared extension costs a read of the file.
        let sniffed = || {
            let claims: Vec<&Language> = self
                .languages
                .iter()
                .filter(|l| l.sniff_extensions.iter().any(|e| *e == raw || *e == lower))
                .collect();
            if claims.is_empty() {
                return None;
            }
            // Only a regular file, and only its first 64 KiB: a FIFO or a device named `x.pl`
            // must not block or flood the detection (the build refuses it later by name).
            let mut text = Vec::new();
            if std::fs::symlink_metadata(file).is_ok_and(|m| m.is_file())
                && let Ok(f) = std::fs::File::open(file)
            {
                use std::io::Read;
                let _ = f.take(SNIFF_BYTES).read_to_end(&mut text);
            }
            let text = String::from_utf8_lossy(&text);
            claims
                .into_iter()
                .find(|l| l.sniff.as_ref().is_some_and(|re| re.is_match(&text)))
        };
        let by = |ext: &str| {
            self.languages
                .iter()
                .find(|l| l.extensions.iter().any(|e| e == ext))
        };
        if let Some(l) = sniffed().or_else(|| by(raw)).or_else(|| by(&lower)) {
            return Ok(l);
        }
        if is_python2(file, None) {
            return Err(Error::usage(format!(
                "`{}` is Python 2, which is not supported (Python 3 runs `.py` and `.py3`): port it to Python 3",
                file.display()
            )));
        }
        let known: Vec<String> = self
            .languages
            .iter()
            .filter(|l| !l.extensions.is_empty())
            .map(|l| format!("{} (.{})", l.id, l.extensions.join(", .")))
            .collect();
        Err(Error::usage(format!(
            "cannot tell the language of `{}` from its extension; pass --lang ID (known: {})",
            file.display(),
            known.join(", ")
        )))
    }
}

/// Values for the placeholders of command templates.
#[derive(Debug, Clone, Default)]
pub struct Vars {
    pub tool: String,
    pub run_tool: String,
    pub source: String,
    pub build: String,
    pub class: String,
    pub memory_mib: u64,
    /// Every source file of the build (the main one first); `{sources}`.
    pub sources: Vec<String>,
    /// The language's `read` folders.
    pub read: Vec<String>,
}

/// Fills the placeholders of a command template; an argument that is exactly `{sources}`
/// becomes one argument per source file.
pub fn expand(template: &[String], v: &Vars) -> Vec<String> {
    template
        .iter()
        .flat_map(|a| {
            if a == "{sources}" {
                return if v.sources.is_empty() {
                    vec![v.source.clone()]
                } else {
                    v.sources.clone()
                };
            }
            vec![
                a.replace("{tool}", &v.tool)
                    .replace("{run_tool}", &v.run_tool)
                    .replace("{source}", &v.source)
                    .replace("{build}", &v.build)
                    .replace("{class}", &v.class)
                    .replace("{memory_mib}", &v.memory_mib.to_string()),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python2_is_told_from_python3() {
        let py = Path::new("a.py");
        assert!(is_python2(Path::new("x.py2"), None));
        assert!(is_python2(Path::new("x.PY2"), Some("print(1)")));
        assert!(!is_python2(py, None));
        assert!(is_python2(py, Some("#!/usr/bin/env python2\nprint(1)\n")));
        assert!(is_python2(
            py,
            Some("import sys\nfor l in sys.stdin:\n    print abs(1)\n")
        ));
        assert!(!is_python2(
            py,
            Some("#!/usr/bin/env python3\nprint(abs(1))\n")
        ));
        assert!(!is_python2(py, Some("print = 3\nprint (4)\n")));
        // Builtins only Python 2 has, unless the file defines them.
        assert!(is_python2(py, Some("s = raw_input()\nprint(s)\n")));
        assert!(is_python2(py, Some("for i in xrange(3): print(i)\n")));
        assert!(!is_python2(
            py,
            Some("raw_input = input\nprint(raw_input())\n")
        ));
        assert!(!is_python2(
            py,
            Some(
                "try:\n    xrange\nexcept NameError:\n    xrange = range\nprint(list(xrange (2)))\n"
            )
        ));
        assert!(!is_python2(
            py,
            Some("from six.moves import xrange\nprint(list(xrange(2)))\n")
        ));
        assert!(!is_python2(py, Some("print(my_raw_input())\n")));
    }

    #[test]
    fn builtin_table_parses_and_detects() {
        let t = Table {
            languages: parse(BUILTIN, "builtin").unwrap(),
            user_file: None,
        };
        for (file, id) in [
            ("a.py", "python3"),
            ("a.c", "c"),
            ("a.cc", "cpp"),
            ("Main.java", "java"),
            ("a.js", "javascript"),
            ("a.rs", "rust"),
            ("a.py3", "python3"),
            ("a.C", "cpp"),
            ("a.c++", "cpp"),
            ("a.kt", "kotlin"),
            ("a.hs", "haskell"),
            ("a.R", "r"),
            ("a.pl", "perl"),
            ("a.f90", "fortran"),
        ] {
            assert_eq!(t.detect(Path::new(file), None).unwrap().id, id);
        }
        let err = t.detect(Path::new("a.zz"), None).unwrap_err().to_string();
        assert!(err.contains("pass --lang ID"), "{err}");
        let err = t.detect(Path::new("a.py2"), None).unwrap_err().to_string();
        assert!(err.contains("Python 2, which is not supported"), "{err}");
        // Prolog shares `.pl` with Perl: a file with Prolog clauses is Prolog's.
        let d = tempfile::tempdir().unwrap();
        let pl = d.path().join("a.pl");
        std::fs::write(&pl, ":- initialization(main).\nmain :- halt.\n").unwrap();
        assert_eq!(t.detect(&pl, None).unwrap().id, "prolog");
        std::fs::write(&pl, "print \"hi\\n\";\n").unwrap();
        assert_eq!(t.detect(&pl, None).unwrap().id, "perl");
        let err = t.get("pyhton3").unwrap_err().to_string();
        assert!(err.contains("did you mean `python3`?"), "{err}");
        let py = t.get("python3").unwrap();
        assert_eq!(
            py.scale_time(Duration::from_secs(1)),
            Duration::from_secs(2)
        );
        let java = t.get("java").unwrap();
        assert_eq!(
            java.scale_time(Duration::from_secs(1)),
            Duration::from_millis(2000)
        );
    }

    /// A one-language table with `value` appended to its entry.
    fn entry(value: &str) -> String {
        format!(
            "[[language]]\nid = \"x\"\nname = \"X\"\nextensions = [\"x\"]\ntool = \"x\"\n\
             version = []\nrun = [\"{{tool}}\"]\ninstall = \"-\"\n{value}"
        )
    }

    #[test]
    fn a_sniff_pattern_is_compiled_with_the_table() {
        let one = |value: &str| parse(&entry(value), "test").map(|mut l| l.remove(0));
        let l = one("sniff = '^:-'\n").unwrap();
        let sniff = l.sniff.as_ref().unwrap();
        assert!(sniff.is_match(":- initialization(main)."));
        assert!(!sniff.is_match("print 1;"));
        assert_eq!(serde_json::to_string(sniff).unwrap(), "\"^:-\"");
        assert_eq!(l, one("sniff = '^:-'\n").unwrap());
        let err = one("sniff = '(unclosed'\n").unwrap_err().to_string();
        assert!(
            err.starts_with("test:9:")
                && err.contains("`sniff` is not a valid regular expression: unclosed group"),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }

    #[test]
    fn a_size_is_bytes_or_a_unit_and_only_address_space_takes_off() {
        let one = |value: &str| parse(&entry(value), "test").map(|mut l| l.remove(0));
        let l = one("memory_allowance = \"1KiB\"\nruntime_memory = 2048\n").unwrap();
        assert_eq!(
            (l.memory_allowance, l.runtime_memory),
            (Some(1024), Some(2048))
        );
        let err = one("memory_allowance = \"off\"\n").unwrap_err().to_string();
        assert!(
            err.contains("invalid size `off`") && !err.contains("or \"off\""),
            "{err}"
        );
    }

    #[test]
    fn address_space_is_a_size_or_off() {
        let one = |value: &str| parse(&entry(value), "test").map(|mut l| l.remove(0));
        assert_eq!(
            one("address_space = \"16MiB\"\n").unwrap().address_space,
            Some(16 << 20)
        );
        assert_eq!(
            one("address_space = \"off\"\n").unwrap().address_space,
            None
        );
        // Absent: off (a user's language is never broken by a limit it did not ask for).
        assert_eq!(one("").unwrap().address_space, None);
        let err = one("address_space = \"lots\"\n").unwrap_err().to_string();
        assert!(
            err.contains("invalid size `lots`") && err.contains("or \"off\""),
            "{err}"
        );
        assert!(err.starts_with("test:9:"), "{err}");
        // Every built-in language says which: a size, or off for the runtimes that reserve.
        let builtin = BUILTIN.split("[[language]]").skip(1);
        for block in builtin {
            let id = block.lines().find(|l| l.starts_with("id = ")).unwrap();
            assert!(
                block.contains("address_space = ") || id.contains("\"sql\""),
                "{id} has no address_space"
            );
        }
    }
}
