//! Every report format from one graded run on the scripted sandbox (`grader::sandbox::fake`): a
//! test per verdict, scripted as raw outcomes, graded by the engine and written as the human
//! report, JSON, JUnit, TAP and GitHub annotations and summary, with no process started.

use grader::judge::{Report, RunOptions, Submission, grade_in};
use grader::lang::{Table, Tool, Toolchain};
use grader::report::{Format, Human, cases, github, junit, render, tap};
use grader::sandbox::fake::{self, Fake, Scripted};
use grader::sandbox::{Job, Killer, Level};
use std::cell::RefCell;
use std::io::Write;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::Duration;

const PROBLEM: &str = r#"
format_version = 1
title = "Scripted outcomes"

[limits]
time = "1s"
memory = "64MiB"
output = "1MiB"

[[tests]]
name = "ac"
input = "ac\n"
output = "42\n"

[[tests]]
name = "wa"
input = "wa\n"
output = "42\n"

[[tests]]
name = "tle"
input = "tle\n"
output = "42\n"

[[tests]]
name = "mle"
input = "mle\n"
output = "42\n"

[[tests]]
name = "ole"
input = "ole\n"
output = "42\n"

[[tests]]
name = "re"
input = "re\n"
output = "42\n"

[[tests]]
name = "je"
input = "je\n"
output = "42\n"
"#;

/// Each test's fate, chosen by its input; the syntax check (no stdin) passes.
fn script(job: &Job) -> Result<Scripted, String> {
    let Some(stdin) = &job.stdin else {
        return Ok(Scripted::exit(0));
    };
    let input = std::fs::read_to_string(stdin).map_err(|e| e.to_string())?;
    Ok(match input.trim() {
        "ac" => Scripted::printed("42\n"),
        "wa" => Scripted::printed("41\n"),
        "tle" => Scripted::killed(Killer::CpuLimit)
            .cpu(Duration::from_millis(2_400))
            .wall(Duration::from_millis(2_500)),
        "mle" => Scripted::signal(libc::SIGKILL).oom_killed().peak(64 << 20),
        "ole" => Scripted::killed(Killer::OutputLimit).stdout(vec![b'x'; 2 << 20]),
        "re" => Scripted::exit(1).stderr("Traceback (most recent call last):\nValueError: boom\n"),
        "je" => Scripted::setup_error("cannot open the input"),
        other => return Err(format!("no script for {other}")),
    })
}

/// A writer whose bytes the test reads back after the reporter is done with it.
#[derive(Clone, Default)]
struct Buffer(Rc<RefCell<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buffer {
    fn text(&self) -> String {
        let text = String::from_utf8_lossy(&self.0.borrow()).into_owned();
        // Colour, if the terminal gets any, is not what these tests read.
        regex::Regex::new("\x1b\\[[0-9;]*m")
            .unwrap()
            .replace_all(&text, "")
            .into_owned()
    }
}

struct Graded {
    _dir: tempfile::TempDir,
    report: Report,
    human: String,
    json: String,
}

fn graded() -> Graded {
    let dir = tempfile::tempdir().unwrap();
    let problem_dir = dir.path().join("scripted");
    std::fs::create_dir_all(&problem_dir).unwrap();
    std::fs::write(problem_dir.join("problem.toml"), PROBLEM).unwrap();
    let file = dir.path().join("answer.py");
    std::fs::write(&file, "print(42)\n").unwrap();
    let problem = grader::problem::load(&problem_dir).unwrap();
    let table = Table::load().unwrap();
    let submission = Submission {
        file: &file,
        lang: table.get("python3").unwrap(),
        toolchain: Some(Toolchain {
            tool: Tool {
                path: PathBuf::from("/usr/bin/python3"),
                version: "Python 3 (scripted)".into(),
            },
            run_tool: None,
        }),
        expected: Default::default(),
    };
    let options = RunOptions {
        slow: true,
        all: true,
        jobs: 1,
        fail_fast: false,
        filter: None,
        no_cache: true,
        engine: None,
        files: Vec::new(),
    };
    let human = Buffer::default();
    let mut reporter = Human::new(human.clone());
    let fake = Fake::new(fake::info(Level::Basic), script);
    let report = grade_in(&fake, &problem, submission, &table, &options, &mut reporter).unwrap();
    // The JSON document is rendered from the results, as `--format json` and `--json PATH` are.
    let json = render(Format::Json, &report).unwrap();
    Graded {
        _dir: dir,
        report,
        human: human.text(),
        json,
    }
}

const VERDICTS: [(&str, &str); 7] = [
    ("ac", "AC"),
    ("wa", "WA"),
    ("tle", "TLE"),
    ("mle", "MLE"),
    ("ole", "OLE"),
    ("re", "RE"),
    ("je", "JE"),
];

#[test]
fn scripted_outcomes_in_the_human_report() {
    let g = graded();
    for (name, verdict) in VERDICTS {
        let line = g
            .human
            .lines()
            .find(|l| l.split_whitespace().any(|w| w == name))
            .unwrap_or_else(|| panic!("no line for {name}:\n{}", g.human));
        assert!(line.contains(verdict), "{name}: {line}");
    }
    assert!(g.human.contains("sandbox basic"), "{}", g.human);
    assert!(
        g.human
            .contains("cpu 2.40s > limit 2.00s; killed by the grader (cpu limit)"),
        "{}",
        g.human
    );
    assert!(g.human.contains("score 1/7"), "{}", g.human);
}

#[test]
fn scripted_outcomes_in_json() {
    let g = graded();
    let v: serde_json::Value = serde_json::from_str(&g.json).unwrap();
    assert_eq!(v["verdict"], "WA");
    assert_eq!(v["first_failure"], "wa");
    assert_eq!(v["sandbox"]["level"], "basic");
    let tests = v["tests"].as_array().unwrap();
    let got: Vec<(&str, &str)> = tests
        .iter()
        .map(|t| (t["name"].as_str().unwrap(), t["verdict"].as_str().unwrap()))
        .collect();
    assert_eq!(got, VERDICTS);
    assert_eq!(tests[2]["tle"], "cpu");
    assert_eq!(tests[2]["killed_by"], "cpu-limit");
    assert_eq!(tests[2]["time_s"], 2.4);
    assert_eq!(tests[3]["memory_bytes"], 64 << 20);
    assert_eq!(tests[4]["output_bytes"], (1 << 20) + 1);
    assert_eq!(tests[5]["exit_code"], 1);
    // The same document as the report the engine returned.
    assert_eq!(v, serde_json::to_value(&g.report).unwrap());
}

#[test]
fn scripted_outcomes_in_junit() {
    let g = graded();
    let xml = junit::junit(&[cases::of_report(&g.report)]);
    assert!(
        xml.contains(r#"<testsuites name="grader" tests="7" failures="5" errors="1" skipped="0""#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<testcase name="ac" classname="scripted" time="0.010"/>"#),
        "{xml}"
    );
    for (name, verdict) in &VERDICTS[1..6] {
        let case = xml
            .split("<testcase ")
            .find(|c| c.starts_with(&format!("name=\"{name}\"")))
            .unwrap();
        assert!(case.contains("<failure message="), "{case}");
        assert!(case.contains(&format!(" type=\"{verdict}\">")), "{case}");
    }
    let je = xml
        .split("<testcase ")
        .find(|c| c.starts_with("name=\"je\""))
        .unwrap();
    assert!(
        je.contains("<error message=") && je.contains(" type=\"JE\">"),
        "{je}"
    );
    assert!(
        je.contains("the sandbox could not start the program"),
        "{je}"
    );
}

#[test]
fn scripted_outcomes_in_tap() {
    let g = graded();
    let text = tap::tap(&[cases::of_report(&g.report)]);
    let file = g.report.header.submission.clone();
    insta::assert_snapshot!(text.replace(&file, "[submission]"));
}

#[test]
fn scripted_outcomes_in_github_annotations_and_summary() {
    let g = graded();
    let suites = [cases::of_report(&g.report)];
    let annotations = github::annotations(&suites);
    assert_eq!(annotations.lines().count(), 6, "{annotations}");
    for (name, verdict) in &VERDICTS[1..] {
        let title = format!("title=scripted%3A {name} {verdict}::");
        assert!(annotations.contains(&title), "{title}\n{annotations}");
    }
    let summary = github::summary("grader run", &suites);
    assert!(
        summary.contains("1 passed, 5 failed, 1 errors, 0 skipped of 7"),
        "{summary}"
    );
    assert!(
        summary
            .contains("| ole | OLE | stdout 1048577 B > limit 1048576 B; stopped by the grader |"),
        "{summary}"
    );
}
