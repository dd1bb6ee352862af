//! The messages a learner meets, each checked as a new user would see it: a wrong function
//! name, compile errors that point at the candidate's file, tracebacks without the harness's
//! frames, empty strings, hints, `show` and `doctor` columns, usage errors (also in the machine
//! formats) and the SQL errors' suggestions.

use crate::{Env, assert_exit};
use std::path::PathBuf;

/// Writes `text` as `name` in `dir`, a folder apart from the grader's TMPDIR (which must be
/// empty at the end, see `Env::assert_clean`).
fn answer(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// `grader run PROBLEM FILE ARGS...` on a shipped problem: the exit code, stdout and stderr.
fn run(env: &Env, problem: &str, file: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = env
        .grader()
        .arg("run")
        .arg(problem)
        .arg(file)
        .args(args)
        .output()
        .expect("run grader");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_python_syntax_error_starts_at_the_candidates_file() {
    let (env, dir) = (Env::new(), tempfile::tempdir().unwrap());
    let file = answer(&dir, "syn.py", "def longest_substring(s)\n    return s\n");
    let (code, out, _) = run(&env, "longest-substring", &file, &[]);
    assert_eq!(code, 1, "{out}");
    let ce = out.split("CE compile error\n").nth(1).expect("a CE block");
    assert!(
        ce.trim_start().starts_with("File \"syn.py\", line 1"),
        "{out}"
    );
    assert!(ce.contains("SyntaxError: expected ':'"), "{out}");
    assert!(
        !out.contains("<string>") && !out.contains("Traceback"),
        "{out}"
    );
    env.assert_clean();
}

#[test]
fn the_empty_string_is_two_quotes() {
    let (env, dir) = (Env::new(), tempfile::tempdir().unwrap());
    let file = answer(
        &dir,
        "e.py",
        "def longest_substring(s):\n    return s or \"x\"\n",
    );
    let (code, out, _) = run(&env, "longest-substring", &file, &["--tests", "empty"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("expected \"\", got \"x\""), "{out}");
    assert!(!out.contains('∅'), "{out}");
}

/// The character column where the text after `field` starts on `line` (after its padding).
fn column_after(line: &str, field: &str) -> usize {
    let at = line.find(field).expect("field on the line") + field.len();
    let rest = &line[at..];
    let pad = rest.len() - rest.trim_start().len();
    line[..at + pad].chars().count()
}

#[test]
fn long_test_names_keep_the_columns_aligned() {
    let env = Env::new();
    let file = crate::root().join("problems/longest-substring/reference/longest_substring.py");
    let (code, out, _) = run(&env, "longest-substring", &file, &["--tests", "random/*"]);
    assert_eq!(code, 0, "{out}");
    let lines: Vec<&str> = out.lines().filter(|l| l.starts_with("   AC ")).collect();
    assert_eq!(lines.len(), 10, "{out}");
    assert!(out.contains("random/08-tie-two-permutations"), "{out}");
    let columns: Vec<usize> = lines
        .iter()
        .map(|l| column_after(l, l.split_whitespace().nth(1).unwrap()))
        .collect();
    assert!(columns.windows(2).all(|w| w[0] == w[1]), "{out}");
}

#[test]
fn show_spells_rules_as_the_toml_does() {
    let env = Env::new();
    let out = env
        .grader()
        .args(["show", "longest-substring"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("points  score sum\n"), "{text}");
    assert!(
        text.contains("points  score all  requires samples"),
        "{text}"
    );
    assert!(!text.contains("Sum") && !text.contains("All "), "{text}");
    let out = env
        .grader()
        .args(["show", "sql-order-by-salary"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("compare: rows by_keys,"), "{text}");
}

#[test]
fn doctor_rows_keep_their_columns() {
    let env = Env::new();
    let out = env.grader().args(["doctor"]).output().unwrap();
    assert_exit(&out, 0);
    let text = String::from_utf8_lossy(&out.stdout);
    let section = text.split("\n\n").next().unwrap();
    // Every found language's version starts in one column, and so does its path.
    let rows: Vec<&str> = section.lines().filter(|l| l.starts_with("  ok ")).collect();
    assert!(rows.len() >= 2, "{text}");
    let version: Vec<usize> = rows
        .iter()
        .map(|l| column_after(l, l.split_whitespace().nth(1).unwrap()))
        .collect();
    assert!(version.windows(2).all(|w| w[0] == w[1]), "{text}");
    let paths: Vec<usize> = rows
        .iter()
        .filter_map(|l| l.rfind(" /").map(|i| l[..i].chars().count()))
        .collect();
    assert!(paths.len() >= 2, "{text}");
    assert!(paths.windows(2).all(|w| w[0] == w[1]), "{text}");
}

#[test]
fn a_folder_and_an_unknown_language_say_what_they_are() {
    let (env, dir) = (Env::new(), tempfile::tempdir().unwrap());
    let file = answer(
        &dir,
        "a.py",
        "def two_sum(nums, target):\n    return [0, 1]\n",
    );
    let (code, _, err) = run(&env, "two-sum", dir.path(), &[]);
    assert_eq!(code, 2, "{err}");
    let shown = dir.path().display();
    assert_eq!(
        err.trim_end(),
        format!(
            "grader: error: `{shown}` is a folder, not a file; give the candidate's source file \
             (it holds `{shown}/a.py`)"
        )
    );
    let (code, _, err) = run(&env, "two-sum", &file, &["--lang", "swift"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("unknown language `swift`; known: python3, "),
        "{err}"
    );
    assert!(!err.contains("did you mean"), "{err}");
}

#[test]
fn an_sql_syntax_error_needs_no_cluster_and_a_misspelt_table_is_suggested() {
    let (env, dir) = (Env::new(), tempfile::tempdir().unwrap());
    // sql-left-join runs on SQLite and PostgreSQL: SQLite's CE comes first, and the header names
    // only the engine that looked at the answer (no cluster was started).
    let file = answer(&dir, "syn.sql", "SELEC name FROM employees\n");
    let (code, out, _) = run(&env, "sql-left-join", &file, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("near \"SELEC\": syntax error"), "{out}");
    assert!(!out.contains("PostgreSQL"), "{out}");
    let file = answer(&dir, "tbl.sql", "SELECT e.name FROM Employes e\n");
    let (code, out, _) = run(&env, "sql-left-join", &file, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("no such table: Employes\n   hint: did you mean `Employees`?"),
        "{out}"
    );
    let file = answer(&dir, "col.sql", "SELECT e.nme FROM Employees e\n");
    let (_, out, _) = run(&env, "sql-left-join", &file, &[]);
    assert!(out.contains("hint: did you mean `name`?"), "{out}");
    env.assert_clean();
}

/// The CE block of a human report: the lines after `CE compile error`, up to the score.
fn ce_block(out: &str) -> String {
    let after = out.split("CE compile error\n").nth(1).unwrap_or("");
    after.split("\n\nscore").next().unwrap_or("").to_string()
}

#[test]
fn a_wrong_function_name_is_one_message_naming_the_closest() {
    let (env, dir) = (Env::new(), tempfile::tempdir().unwrap());
    let cases = [
        (
            "wrong.py",
            "def longestSubstring(s):\n    return s\n\ndef helper(x):\n    return x\n",
            "longest_substring",
            "longestSubstring",
        ),
        (
            "wrong.c",
            "#include <stdlib.h>\nchar *longestSubstring(const char *s) { return 0; }\n",
            "longest_substring",
            "longestSubstring",
        ),
        (
            "wrong.cpp",
            "#include <string>\nstd::string longest_substring(std::string s) { return s; }\n",
            "longestSubstring",
            "longest_substring",
        ),
        (
            "Solution.java",
            "class Solution {\n    public String longest_substring(String s) { return s; }\n}\n",
            "longestSubstring",
            "longest_substring",
        ),
        (
            "wrong.js",
            "function longest_substring(s) { return s; }\n",
            "longestSubstring",
            "longest_substring",
        ),
    ];
    for (name, text, wanted, closest) in cases {
        let file = answer(&dir, name, text);
        let (code, out, _) = run(&env, "longest-substring", &file, &[]);
        assert_eq!(code, 1, "{name}: {out}");
        let ce = ce_block(&out);
        let line = text.lines().position(|l| l.contains(closest)).unwrap() + 1;
        assert_eq!(
            ce.lines().next().unwrap_or(""),
            format!(
                "   {name}:{line}: the file defines no function `{wanted}`; did you mean `{closest}`?"
            ),
            "{out}"
        );
        assert!(ce.contains(&format!("it defines `{closest}`")), "{out}");
        // Once: no test line repeats it, and nothing points at the generated bridge.
        assert_eq!(out.matches("defines no function").count(), 1, "{out}");
        assert!(
            !out.contains("grader_bridge") && !out.contains("grader_harness"),
            "{out}"
        );
    }
    let file = answer(&dir, "empty.c", "");
    let (_, out, _) = run(&env, "longest-substring", &file, &[]);
    assert!(
        ce_block(&out).starts_with("   empty.c: the file is empty"),
        "{out}"
    );
    // Other types than the grader passes: the C compiler's error about the bridge is said about
    // the candidate's file, with the compiler's note on its declaration.
    let file = answer(
        &dir,
        "types.c",
        "int longest_substring(int s) { return s; }\n",
    );
    let (_, out, _) = run(&env, "longest-substring", &file, &[]);
    let ce = ce_block(&out);
    assert!(
        ce.starts_with(
            "   types.c: `longest_substring` does not have the parameter and return types"
        ),
        "{out}"
    );
    assert!(ce.contains("types.c:1:"), "{out}");
    assert!(!ce.contains("grader_bridge"), "{out}");
    env.assert_clean();
}

#[test]
fn a_java_method_with_the_wrong_arity_is_not_cut_off() {
    let (env, dir) = (Env::new(), tempfile::tempdir().unwrap());
    let file = answer(
        &dir,
        "Solution.java",
        "class Solution {\n    public String longestSubstring(String s, int k) { return s; }\n}\n",
    );
    let (code, out, _) = run(&env, "longest-substring", &file, &["--tests", "sample-1"]);
    assert_eq!(code, 1, "{out}");
    let line = out
        .lines()
        .find(|l| l.contains("RE sample-1"))
        .expect("a test line");
    assert!(
        line.ends_with("class Solution has no method `longestSubstring` taking 1 parameter"),
        "{out}"
    );
}

#[test]
fn a_hint_shows_only_with_the_verdicts_it_was_written_for() {
    let (env, dir) = (Env::new(), tempfile::tempdir().unwrap());
    // sample-1's hint is about the return type: shown on a WA, not on a TLE.
    let wa = answer(
        &dir,
        "wa.py",
        "def longest_substring(s):\n    return len(s)\n",
    );
    let (_, out, _) = run(&env, "longest-substring", &wa, &["--tests", "sample-1"]);
    assert!(out.contains("hint: Return the substring itself"), "{out}");
    let tle = answer(
        &dir,
        "tle.py",
        "def longest_substring(s):\n    while True:\n        pass\n",
    );
    let (_, out, _) = run(&env, "longest-substring", &tle, &["--tests", "sample-1"]);
    assert!(out.contains("TLE sample-1"), "{out}");
    assert!(!out.contains("hint:"), "{out}");
    // `hint_on` names other verdicts: here TLE only, so the WA shows none.
    let problem = dir.path().join("sum");
    crate::copy_tree(&crate::root().join("tests/fixtures/problems/sum"), &problem);
    let toml = problem.join("problem.toml");
    let text = std::fs::read_to_string(&toml).unwrap().replace(
        "hint = \"the numbers may be negative\"",
        "hint = \"the numbers may be negative\"\nhint_on = [\"TLE\"]",
    );
    std::fs::write(&toml, text).unwrap();
    let wrong = crate::root().join("tests/fixtures/submissions/wa.py");
    let (code, out, _) = run(&env, problem.to_str().unwrap(), &wrong, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("WA negative") && !out.contains("hint:"),
        "{out}"
    );
    env.assert_clean();
}

#[test]
fn a_usage_error_in_a_machine_format_is_a_document() {
    let (env, dir) = (Env::new(), tempfile::tempdir().unwrap());
    let file = answer(
        &dir,
        "a.py",
        "def two_sum(nums, target):\n    return [0, 1]\n",
    );
    // Refused by the argument parser, and by the command.
    for args in [
        vec!["run", "two-sum", "--format", "json", "--bogus"],
        vec![
            "run",
            "two-sum",
            file.to_str().unwrap(),
            "--format=json",
            "--lang",
            "swift",
        ],
    ] {
        let out = env.grader().args(&args).output().unwrap();
        assert_exit(&out, 2);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out:?}"));
        assert_eq!(doc["format_version"], 1, "{doc}");
        assert_eq!(doc["error"]["kind"], "usage", "{doc}");
        assert_eq!(doc["error"]["exit_code"], 2, "{doc}");
        let message = doc["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("--bogus") || message.starts_with("unknown language `swift`"),
            "{doc}"
        );
        // stderr still says it to people.
        assert!(!out.stderr.is_empty());
    }
    let out = env
        .grader()
        .args([
            "run",
            "two-sum",
            file.to_str().unwrap(),
            "--format",
            "tap",
            "--lang",
            "swift",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 2);
    let tap = String::from_utf8_lossy(&out.stdout);
    assert!(
        tap.starts_with("TAP version 14\nBail out! usage error: unknown language `swift`"),
        "{tap}"
    );
    let out = env
        .grader()
        .args([
            "run",
            "two-sum",
            file.to_str().unwrap(),
            "--format",
            "junit",
            "--lang",
            "swift",
        ])
        .output()
        .unwrap();
    let xml = String::from_utf8_lossy(&out.stdout);
    assert!(
        xml.contains("<error message=\"unknown language `swift`"),
        "{xml}"
    );
    // The human format keeps stdout empty.
    let out = env
        .grader()
        .args(["run", "two-sum", file.to_str().unwrap(), "--lang", "swift"])
        .output()
        .unwrap();
    assert_exit(&out, 2);
    assert!(out.stdout.is_empty());
}
