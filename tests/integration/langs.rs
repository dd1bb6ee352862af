//! Every language of the built-in table, end to end: a sum answer per language in
//! tests/fixtures/langs/ graded AC on the sum problem there. A language whose toolchain is not
//! installed is a visible skip, or a failure when `GRADER_REQUIRE_LANGS` names it (`.ci/run`
//! names the ones it installs).

use super::{Env, parse_report, skipped};
use std::path::Path;

/// Whether `tool` is an executable on PATH (what the grader's toolchain lookup finds).
pub fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|d| {
            use std::os::unix::fs::PermissionsExt;
            d.join(tool)
                .metadata()
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
    })
}

/// (fixture file, language id, the tools it needs).
const ANSWERS: [(&str, &str, &[&str]); 19] = [
    ("sum.py3", "python3", &["python3"]),
    ("sum.hs", "haskell", &["ghc"]),
    ("sum.kt", "kotlin", &["kotlinc", "kotlin"]),
    ("sum.scala", "scala", &["scalac", "scala"]),
    ("sum.pas", "pascal", &["fpc"]),
    ("sum.go", "go", &["go"]),
    ("sum.rb", "ruby", &["ruby"]),
    ("sum.pl", "perl", &["perl"]),
    ("sum.lua", "lua", &["lua5.4"]),
    ("sum.R", "r", &["Rscript"]),
    ("sum.plg", "prolog", &["swipl"]),
    ("sum.cs", "csharp", &["mcs", "mono"]),
    ("sum.ml", "ocaml", &["ocamlopt"]),
    ("sum.f90", "fortran", &["gfortran"]),
    ("sum.adb", "ada", &["gnatmake"]),
    ("sum.awk", "awk", &["gawk"]),
    ("sum.sh", "bash", &["bash"]),
    ("sum.php", "php", &["php"]),
    ("sum.lisp", "lisp", &["sbcl"]),
];

/// The languages `GRADER_REQUIRE_LANGS` names (ids, separated by commas or spaces).
fn required() -> Vec<String> {
    std::env::var("GRADER_REQUIRE_LANGS")
        .unwrap_or_default()
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn a_sum_answer_in_every_language_is_accepted() {
    let env = Env::new();
    let required = required();
    let dir = Path::new("tests/fixtures/langs");
    for (file, id, tools) in ANSWERS {
        if let Some(tool) = tools.iter().find(|t| !on_path(t)) {
            assert!(
                !required.iter().any(|r| r == id),
                "GRADER_REQUIRE_LANGS names {id} but `{tool}` is not on PATH"
            );
            skipped(&format!(
                "{id}: `{tool}` is not installed, {file} not graded"
            ));
            continue;
        }
        let out = env
            .grader()
            .args(["run", &dir.join("sum").display().to_string()])
            .arg(dir.join(file))
            .args(["--format", "json"])
            .output()
            .unwrap();
        let (code, report) = parse_report(&out);
        assert_eq!(report["language"]["id"], id, "{file}: {report:#}");
        assert_eq!(report["verdict"], "AC", "{file}: {report:#}");
        assert_eq!(code, 0, "{file}");
    }
    env.assert_clean();
}

#[test]
fn a_language_without_its_toolchain_is_named_with_its_install_hint() {
    let env = Env::new();
    // A PATH with none of the toolchains: the run is refused, saying what to install.
    let out = env
        .grader()
        .env("PATH", "/nonexistent")
        .args([
            "run",
            "tests/fixtures/langs/sum",
            "tests/fixtures/langs/sum.go",
        ])
        .output()
        .unwrap();
    // A judge error (exit 3), never the candidate's fault.
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{text}");
    assert!(
        text.contains("judge error (not your fault)")
            && text.contains("go not found on PATH (needed for Go)")
            && text.contains("apt-get install golang-go"),
        "{text}"
    );
    env.assert_clean();
}

#[test]
fn a_java_main_in_a_nested_class_runs_as_domjudge_detects_it() {
    let env = Env::new();
    if !on_path("javac") {
        skipped("java: `javac` is not installed, the nested main class not graded");
        return;
    }
    // `main` in a nested class of a packaged file: DOMjudge's DetectMain finds it among the
    // class files and runs `p.Outer$Inner`; the top-level class names the file.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sum.java");
    std::fs::write(
        &file,
        "package p;\nimport java.util.Scanner;\npublic class Outer {\n    static char brace() { return '{'; }\n    static class Inner {\n        public static void main(String[] args) {\n            Scanner in = new Scanner(System.in);\n            System.out.println(in.nextLong() + in.nextLong());\n        }\n    }\n}\n",
    )
    .unwrap();
    let out = env
        .grader()
        .args(["run", "tests/fixtures/langs/sum"])
        .arg(&file)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let (code, report) = parse_report(&out);
    assert_eq!(report["verdict"], "AC", "{report:#}");
    assert_eq!(code, 0);
    env.assert_clean();
}

#[test]
fn haskell_recursion_millions_deep_runs_within_the_memory_limit_as_on_kattis() {
    let env = Env::new();
    if !on_path("ghc") {
        skipped("haskell: `ghc` is not installed, deep.hs not graded");
        return;
    }
    // Two million nested frames: a stack overflow under problemtools' `-K8m`; Kattis runs
    // `+RTS -M{memlim}m -RTS`, where the stack may grow to the memory limit.
    let out = env
        .grader()
        .args([
            "run",
            "tests/fixtures/langs/sum",
            "tests/fixtures/langs/deep.hs",
        ])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let (code, report) = parse_report(&out);
    assert_eq!(report["verdict"], "AC", "{report:#}");
    assert_eq!(code, 0);
    env.assert_clean();
}

#[test]
fn haskell_fills_most_of_a_package_s_memory_limit_as_its_jury_s_did() {
    let env = Env::new();
    if !on_path("ghc") {
        skipped(
            "haskell: `ghc` is not installed, the memory of a package's Haskell submission not checked",
        );
        return;
    }
    // GCPC 2023's accepted `paul.hs` uses 820 MiB of the 1024 MiB limit. GHC reserves its `-M`
    // heap up front and needs address space well past it as the heap fills: under an
    // address-space cap of the limit + 64 MiB the RTS ran out of memory at 730 MiB (RTE). This
    // list of 11 million cells peaks at about 900 MB, within the limit.
    let dir = env.tmp.path().join("haskell-memory");
    let live = "main :: IO ()\nmain = do\n  n <- readLn :: IO Int\n  let xs = [1 .. n] :: [Int]\n  \
                print (length xs)\n  print (sum xs `mod` 1000003)\n";
    super::kattis::write_package(
        &dir,
        &[
            ("problem.yaml", "name: Live\nlimits:\n  time_limit: 10\n"),
            ("data/secret/1.in", "11000000\n"),
            ("data/secret/1.ans", "11000000\n528\n"),
            ("submissions/accepted/live.hs", live),
        ],
    );
    let text = super::kattis::verify(&env, dir.to_str().unwrap(), &["-j", "1"], 0);
    assert!(text.contains("agreement 1/1 (100 %)"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
    env.assert_clean();
}

#[test]
fn pypy_with_a_high_recursion_limit_starts_and_a_real_hog_still_fails_at_once() {
    let env = Env::new();
    if !on_path("pypy3") {
        skipped(
            "pypy: `pypy3` is not installed, the memory of a package's PyPy submission not checked",
        );
        return;
    }
    // `sys.setrecursionlimit(10**6)` makes PyPy allocate a 1.25 GiB shadow stack it touches
    // only as the recursion deepens: under an address-space cap of the limit it was a
    // MemoryError at once (DOMjudge's `fibonacci-recursive.py`, which its jury, charging
    // resident memory, calls too slow). A program that really fills 3 GiB is still stopped at
    // once, not at the time limit.
    let dir = env.tmp.path().join("pypy-memory");
    let deep = "import sys\nsys.setrecursionlimit(10**6)\n\
                def depth(n):\n    return 0 if n == 0 else 1 + depth(n - 1)\n\
                print(depth(int(input())))\n";
    let hog = "n = int(input())\nx = bytearray(3 << 30)\nfor i in range(0, len(x), 4096):\n    x[i] = 1\nprint(n)\n";
    super::kattis::write_package(
        &dir,
        &[
            (
                "problem.yaml",
                "name: Deep\nlimits:\n  time_limit: 20\n  memory: 256\n",
            ),
            ("data/secret/1.in", "20000\n"),
            ("data/secret/1.ans", "20000\n"),
            ("submissions/accepted/deep.py", deep),
            ("submissions/run_time_error/hog.py", hog),
        ],
    );
    let text = super::kattis::verify(&env, dir.to_str().unwrap(), &["-j", "1"], 0);
    assert!(text.contains("agreement 2/2 (100 %)"), "{text}");
    // The hog ends long before the 20 s limit: the limit stopped it, not the clock.
    let hog_line = text.lines().find(|l| l.contains("hog.py")).unwrap();
    let secs: f64 = hog_line
        .split_whitespace()
        .find_map(|w| w.strip_suffix('s').and_then(|n| n.parse().ok()))
        .unwrap();
    assert!(secs < 10.0, "{hog_line}");
    std::fs::remove_dir_all(&dir).unwrap();
    env.assert_clean();
}

#[test]
fn java_recursion_200000_deep_runs_as_on_kattis_and_domjudge() {
    let env = Env::new();
    // 200,000 nested calls: a StackOverflowError (RE) under the JVM's default thread stack;
    // problemtools and DOMjudge run Java with `-Xss64m` (mzuenni's `Jannik.java`, accepted by
    // its jury, recurses 90,000 deep).
    let out = env
        .grader()
        .args([
            "run",
            "tests/fixtures/langs/sum",
            "tests/fixtures/langs/Deep.java",
        ])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let (code, report) = parse_report(&out);
    assert_eq!(report["verdict"], "AC", "{report:#}");
    assert_eq!(code, 0);
    env.assert_clean();
}

#[test]
fn an_ocaml_folder_is_compiled_in_module_dependency_order() {
    let env = Env::new();
    if !on_path("ocamlopt") {
        skipped("ocaml: `ocamlopt` is not installed, multi_ocaml/ not graded");
        return;
    }
    // main.ml uses Split, which uses Zz_io: neither the main-first nor the names' order
    // compiles; the modules' order does.
    let out = env
        .grader()
        .args([
            "run",
            "tests/fixtures/kattis/two-parts",
            "tests/fixtures/langs/multi_ocaml",
        ])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let (code, report) = parse_report(&out);
    assert_eq!(report["language"]["id"], "ocaml", "{report:#}");
    assert_eq!(report["verdict"], "AC", "{report:#}");
    assert_eq!(code, 0);
    env.assert_clean();
}

#[test]
fn check_grades_a_folder_as_one_multi_file_submission() {
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let write = |name: &str, text: &str| {
        let f = p.join(name);
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, text).unwrap();
    };
    write(
        "problem.toml",
        "format_version = 1\ntitle = \"Sum\"\nkind = \"stdio\"\n[[tests]]\ninput = \"1 2\\n\"\noutput = \"3\\n\"\n\n[[expect]]\nfile = \"wrong/off_by_one\"\nverdict = \"WA\"\n",
    );
    // Each folder's main.py imports its lib.py, which decides the verdict.
    let main = "from lib import add\nprint(add(*map(int, input().split())))\n";
    write("reference/modules/main.py", main);
    write(
        "reference/modules/lib.py",
        "def add(a, b):\n    return a + b\n",
    );
    write("wrong/off_by_one/main.py", main);
    write(
        "wrong/off_by_one/lib.py",
        "def add(a, b):\n    return a + b + 1\n",
    );
    let out = env.grader().arg("check").arg(p).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("2 passed, 0 failed"), "{text}");
    let row = |name: &str| text.lines().find(|l| l.contains(name)).unwrap_or("");
    assert!(row("reference/modules").contains(" AC "), "{text}");
    assert!(row("wrong/off_by_one").contains(" WA "), "{text}");
    // An [[expect]] folder that is not there is a spec error naming it.
    write(
        "problem.toml",
        "format_version = 1\ntitle = \"Sum\"\nkind = \"stdio\"\n[[tests]]\ninput = \"1 2\\n\"\noutput = \"3\\n\"\n\n[[expect]]\nfile = \"wrong/gone\"\nverdict = \"WA\"\n",
    );
    let out = env.grader().arg("check").arg(p).output().unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_ne!(out.status.code(), Some(0), "{all}");
    assert!(all.contains("wrong/gone"), "{all}");
    env.assert_clean();
}
