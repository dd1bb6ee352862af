//! Reporters fan out: `--format` chooses stdout, and `--json PATH`, `--junit PATH`, `--tap PATH`
//! and `--github PATH` write files from the same `run`, `check` or `batch`. Each file must say
//! what `--format` of its kind prints alone (byte for byte once timings are blanked), and a file
//! that cannot be written is a judge error naming it, after stdout's report.

use crate::Env;
use serde_json::Value;
use std::path::{Path, PathBuf};

const BOB: &str = "tests/fixtures/batch/two-sum/bob.py";
const MANIFEST: &str = "tests/fixtures/batch/manifest.csv";

/// JUnit with what changes between two runs of the same thing blanked: durations and the time
/// of day (TAP has neither).
fn untimed(text: &str) -> String {
    let attrs = regex::Regex::new(r#"\b(time|timestamp)="[^"]*""#).unwrap();
    attrs.replace_all(text, r#"$1="""#).into_owned()
}

/// A JSON document without its measurements (times, memory, the grader's own peak) and the
/// build cache's state (the first run compiles, the next finds it cached).
fn untimed_json(text: &str) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(m) => {
                for key in [
                    "time_s",
                    "wall_s",
                    "memory_bytes",
                    "peak_rss_bytes",
                    "grader_peak_rss_bytes",
                    "cached",
                    "rerun_alone",
                ] {
                    m.remove(key);
                }
                m.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v: Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"));
    strip(&mut v);
    v
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs the grader with `args` and returns (exit code, stdout, stderr).
fn grader(env: &Env, args: &[&str], extra: &[&Path]) -> (i32, String, String) {
    let out = env.grader().args(args).args(extra).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The report files of one command, kept out of TMPDIR (which must be left empty).
fn files(env: &Env) -> (PathBuf, PathBuf, PathBuf) {
    let d = env.cache.path();
    (d.join("a.xml"), d.join("b.json"), d.join("c.tap"))
}

fn flags<'a>(junit: &'a Path, json: &'a Path, tap: &'a Path) -> Vec<&'a Path> {
    vec![
        Path::new("--junit"),
        junit,
        Path::new("--json"),
        json,
        Path::new("--tap"),
        tap,
    ]
}

/// The files of a fanned-out command agree with `--format junit|json|tap` alone.
fn assert_same_as_alone(env: &Env, args: &[&str], extra: &[&Path], fanned: (&Path, &Path, &Path)) {
    let (junit, json, tap) = fanned;
    let alone = |format: &str| {
        let mut a = args.to_vec();
        a.extend(["--format", format]);
        grader(env, &a, extra).1
    };
    assert_eq!(untimed(&read(junit)), untimed(&alone("junit")));
    assert_eq!(read(tap), alone("tap"));
    assert_eq!(untimed_json(&read(json)), untimed_json(&alone("json")));
}

#[test]
fn run_prints_the_human_report_and_writes_the_machine_files_of_the_same_run() {
    let env = Env::new();
    let (junit, json, tap) = files(&env);
    let args = ["run", "two-sum", BOB];
    let mut a = args.to_vec();
    a.extend(["--format", "human"]);
    let (code, stdout, stderr) = grader(&env, &a, &flags(&junit, &json, &tap));
    assert_eq!(code, 1, "bob's answer is WA, whatever is written: {stderr}");
    assert!(
        stdout.contains("score 6/8 · WA on test sample-2"),
        "{stdout}"
    );
    assert!(!stdout.contains("<testsuites"), "{stdout}");
    // The files hold bob's verdicts, not only something of the right shape.
    let doc: Value = serde_json::from_str(&read(&json)).unwrap();
    assert_eq!(doc["verdict"], "WA");
    assert_eq!(crate::test(&doc, "sample-2")["verdict"], "WA");
    assert!(read(&junit).contains(r#"type="WA">"#));
    assert!(
        read(&tap).contains("not ok 2 - two-sum: sample-2"),
        "{}",
        read(&tap)
    );
    assert_same_as_alone(&env, &args, &[], (&junit, &json, &tap));
    env.assert_clean();
}

#[test]
fn check_and_batch_write_the_machine_files_of_the_same_run() {
    let env = Env::new();
    let (junit, json, tap) = files(&env);
    let args = ["check", "valid-parentheses"];
    let (code, stdout, stderr) = grader(&env, &args, &flags(&junit, &json, &tap));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("0 failed, 0 invalid spec(s)"), "{stdout}");
    let doc: Value = serde_json::from_str(&read(&json)).unwrap();
    assert_eq!(doc["failed"], 0);
    assert!(doc["passed"].as_u64().unwrap() >= 6);
    assert_same_as_alone(&env, &args, &[], (&junit, &json, &tap));

    // Each batch grades afresh into its own folder.
    let outs: Vec<PathBuf> = (0..4)
        .map(|i| env.cache.path().join(format!("out{i}")))
        .collect();
    let mut extra = vec![Path::new("-o"), &outs[0]];
    extra.extend(flags(&junit, &json, &tap));
    let args = ["batch", "two-sum", MANIFEST];
    let (code, stdout, stderr) = grader(&env, &args, &extra);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("4 submission(s), 2 accepted"), "{stdout}");
    // `--json` is the folder's results.json, and the JUnit file has a case per student.
    assert_eq!(read(&json), read(&outs[0].join("results.json")));
    assert!(read(&junit).contains(r#"tests="4" failures="1" errors="1""#));
    let alone = |format: &str, out: &Path| {
        let mut a = args.to_vec();
        a.extend(["--format", format]);
        grader(&env, &a, &[Path::new("-o"), out]).1
    };
    assert_eq!(untimed(&read(&junit)), untimed(&alone("junit", &outs[1])));
    assert_eq!(read(&tap), alone("tap", &outs[2]));
    assert_eq!(
        untimed_json(&read(&json)),
        untimed_json(&alone("json", &outs[3]))
    );
    env.assert_clean();
}

#[test]
fn a_report_file_that_cannot_be_written_is_a_judge_error_after_stdout() {
    let env = Env::new();
    let missing = env.cache.path().join("no-such-folder/a.xml");
    let good = env.cache.path().join("b.json");
    let (code, stdout, stderr) = grader(
        &env,
        &["run", "two-sum", BOB, "--format", "human"],
        &[Path::new("--junit"), &missing, Path::new("--json"), &good],
    );
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stdout.contains("score 6/8 · WA on test sample-2"),
        "{stdout}"
    );
    assert_eq!(
        stderr.trim_end(),
        format!(
            "grader: error: cannot write `{}`: No such file or directory (os error 2); give a path in an existing folder the grader may write to",
            missing.display()
        )
    );
    // The other file is written all the same; nothing half-written is left beside either.
    let doc: Value = serde_json::from_str(&read(&good)).unwrap();
    assert_eq!(doc["verdict"], "WA");
    let names: Vec<String> = std::fs::read_dir(env.cache.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(names.is_empty(), "{names:?}");

    // The same path for two formats is a usage error, before anything runs.
    let (code, _, stderr) = grader(
        &env,
        &["check", "valid-parentheses"],
        &[Path::new("--junit"), &good, Path::new("--tap"), &good],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("is given to both --junit and --tap"),
        "{stderr}"
    );
    env.assert_clean();
}
