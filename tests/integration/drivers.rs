//! A problem's own driver and check function: checked when the problem loads for a run or
//! `grader check` (a signature that cannot take what the grader passes is a spec error, exit 2,
//! before any answer runs), and a driver that raises in its own code at run time is a judge
//! error at its line (exit 3), while the candidate's exceptions stay the candidate's RE.

use super::*;

/// A problem whose driver `run` takes one argument too few (the grader passes the solution and
/// the two of each test), written into `dir` (not a fixture of the bank: `grader check` of the
/// fixture bank would find it invalid, as it should).
fn arity_problem(dir: &Path) -> PathBuf {
    let problem = dir.join("driver-arity");
    std::fs::create_dir_all(problem.join("harness")).unwrap();
    std::fs::write(
        problem.join("problem.toml"),
        "format_version = 1\ntitle = \"Double it, through a driver that takes too few arguments\"\n\
         kind = \"function\"\n[function]\nname = \"double\"\n\
         params = [{ name = \"x\", type = \"int\" }, { name = \"unused\", type = \"int\" }]\n\
         returns = \"int\"\nharness = { python3 = \"harness/python.py\" }\n\
         [[tests]]\nname = \"one\"\nargs = [1, 0]\nexpected = 2\n",
    )
    .unwrap();
    std::fs::write(
        problem.join("harness/python.py"),
        "\"\"\"The author forgot the second parameter: the grader calls run(double, x, unused).\"\"\"\n\n\n\
         def run(double, x):\n    return double(x)\n",
    )
    .unwrap();
    problem
}

/// Regression (issue 16): a driver `run(double, x)` for a two-parameter signature made every
/// answer RE "run() takes 2 positional arguments but 3 were given".
#[test]
fn a_driver_with_too_few_parameters_is_a_spec_error_before_any_answer_runs() {
    let env = Env::new();
    let dir = env.tmp.path().join("work");
    let problem = arity_problem(&dir).display().to_string();
    let out = env
        .grader()
        .args(["run", &problem, &fixture_submission("double_ac.py")])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let (code, r) = parse_report(&out);
    assert_eq!(code, 2, "{r:#}");
    assert_eq!(r["error"]["kind"], "spec", "{r:#}");
    let msg = r["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains("driver-arity/harness/python.py:4: the driver `def run(double, x)` cannot be called as the grader calls it, run(solution, x, unused)"),
        "{msg}"
    );
    assert!(
        msg.contains("write `def run(solution, x, unused):`"),
        "{msg}"
    );
    assert!(r.get("tests").is_none(), "no test ran: {r:#}");
    // `grader check` says so too, as an invalid spec.
    let out = env.grader().args(["check", &problem]).output().unwrap();
    assert_exit(&out, 2);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("1 invalid spec(s)"), "{text}");
    assert!(text.contains("harness/python.py:4:"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
    env.assert_clean();
}

/// The driver is checked once per problem, when the command loads it: a batch with a driver
/// that cannot be called stops with the spec error (exit 2) before any student is graded or
/// any output written (it was a row of errors, one per student).
#[test]
fn a_batch_refuses_a_problem_whose_driver_cannot_be_called_before_grading_anyone() {
    let env = Env::new();
    let dir = env.tmp.path().join("work");
    let problem = arity_problem(&dir).display().to_string();
    let class = dir.join("class");
    for student in ["ann", "bob"] {
        std::fs::create_dir_all(class.join(student)).unwrap();
        std::fs::copy(
            root().join(fixture_submission("double_ac.py")),
            class.join(student).join("double.py"),
        )
        .unwrap();
    }
    let out_dir = dir.join("out");
    let out = env
        .grader()
        .args(["batch", &problem])
        .arg(&class)
        .arg("-o")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_exit(&out, 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("harness/python.py:4: the driver `def run(double, x)` cannot be called as the grader calls it"),
        "{err}"
    );
    assert!(!out_dir.exists(), "nothing written before the spec error");
    std::fs::remove_dir_all(&dir).unwrap();
    env.assert_clean();
}

#[test]
fn a_driver_that_raises_in_its_own_code_is_a_judge_error_at_its_line() {
    let env = Env::new();
    let (code, r) = env.run_json("driver-raises", "double_ac.py", &[]);
    assert_eq!(code, 3, "{r:#}");
    assert_eq!(verdicts(&r), ["AC", "JE"]);
    let msg = test(&r, "two")["message"].as_str().unwrap();
    assert_eq!(
        msg,
        "the problem's driver failed at harness/python.py:7: KeyError: 2 (the problem's bug, not the answer's)"
    );
    // The candidate's own exception, raised inside the driver's call, stays its RE.
    let (code, r) = env.run_json("driver-raises", "double_raises.py", &[]);
    assert_eq!(code, 1, "{r:#}");
    assert_eq!(verdicts(&r), ["RE", "RE"]);
    let msg = test(&r, "one")["message"].as_str().unwrap();
    assert!(msg.contains("ValueError: not today"), "{msg}");
    env.assert_clean();
}

#[test]
fn a_javascript_driver_that_raises_in_its_own_code_is_a_judge_error_at_its_line() {
    let env = Env::new();
    let dir = env.tmp.path().join("work");
    let problem = dir.join("driver-raises");
    copy_tree(&root().join(fixture_problem("driver-raises")), &problem);
    let spec = std::fs::read_to_string(problem.join("problem.toml")).unwrap();
    std::fs::write(
        problem.join("problem.toml"),
        spec.replace(
            "harness = { python3 = \"harness/python.py\" }",
            "harness = { javascript = \"harness/node.js\" }",
        ),
    )
    .unwrap();
    std::fs::write(
        problem.join("harness/node.js"),
        "\"use strict\";\nconst EXTRA = { 1: { n: 0 } };\nfunction run(double, x) {\n  return double(x) + EXTRA[x].n;\n}\nmodule.exports = { run };\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("double.js"),
        "function double(x) { return 2 * x; }\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("raises.js"),
        "function double(x) { throw new RangeError(\"no\"); }\n",
    )
    .unwrap();
    let run = |file: &str| {
        let out = env
            .grader()
            .args([
                "run",
                &problem.display().to_string(),
                &dir.join(file).display().to_string(),
            ])
            .args(["--format", "json"])
            .output()
            .unwrap();
        parse_report(&out)
    };
    let (code, r) = run("double.js");
    assert_eq!(code, 3, "{r:#}");
    assert_eq!(verdicts(&r), ["AC", "JE"], "{r:#}");
    let msg = test(&r, "two")["message"].as_str().unwrap();
    assert!(
        msg.starts_with("the problem's driver failed at harness/node.js:4: TypeError: Cannot read properties of undefined"),
        "{msg}"
    );
    let (code, r) = run("raises.js");
    assert_eq!(code, 1, "{r:#}");
    assert_eq!(verdicts(&r), ["RE", "RE"], "{r:#}");
    std::fs::remove_dir_all(&dir).unwrap();
    env.assert_clean();
}

#[test]
fn a_check_function_that_cannot_take_three_arguments_is_a_spec_error() {
    let env = Env::new();
    let dir = env.tmp.path().join("work");
    let problem = dir.join("half");
    std::fs::create_dir_all(&problem).unwrap();
    std::fs::write(
        problem.join("problem.toml"),
        "format_version = 1\ntitle = \"t\"\nkind = \"function\"\n[function]\nname = \"double\"\n\
         params = [{ name = \"x\", type = \"int\" }]\nreturns = \"int\"\ncheck = \"check.py\"\n\
         [[tests]]\nargs = [1]\nexpected = 2\n",
    )
    .unwrap();
    std::fs::write(
        problem.join("check.py"),
        "import math\n\ndef check(args, got):\n    return got == 2 * args[0]\n",
    )
    .unwrap();
    let problem_arg = problem.display().to_string();
    let submission = root().join(fixture_submission("double_ac.py"));
    let out = env
        .grader()
        .args(["run", &problem_arg, &submission.display().to_string()])
        .output()
        .unwrap();
    assert_exit(&out, 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("half/check.py:3: the check function `def check(args, got)` cannot be called as the grader calls it, check(args, expected, got)"),
        "{err}"
    );
    assert!(
        err.contains("write `def check(args, expected, got):`"),
        "{err}"
    );
    // Fixed, the same answer is accepted.
    std::fs::write(
        problem.join("check.py"),
        "def check(args, expected, got):\n    return got == expected\n",
    )
    .unwrap();
    let out = env
        .grader()
        .args(["run", &problem_arg, &submission.display().to_string()])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    std::fs::remove_dir_all(&dir).unwrap();
    env.assert_clean();
}

#[test]
fn a_javascript_driver_is_checked_before_any_answer_runs() {
    let env = Env::new();
    let dir = env.tmp.path().join("work");
    let problem = arity_problem(&dir);
    let spec = std::fs::read_to_string(problem.join("problem.toml")).unwrap();
    std::fs::write(
        problem.join("problem.toml"),
        spec.replace(
            "harness = { python3 = \"harness/python.py\" }",
            "harness = { javascript = \"harness/node.js\" }",
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("double.js"),
        "function double(x) { return 2 * x; }\n",
    )
    .unwrap();
    let run = |driver: &str| {
        std::fs::write(problem.join("harness/node.js"), driver).unwrap();
        env.grader()
            .args([
                "run",
                &problem.display().to_string(),
                &dir.join("double.js").display().to_string(),
            ])
            .output()
            .unwrap()
    };
    let out = run(
        "\"use strict\";\n// drives double\nfunction run(double, x, unused, extra) {\n  return double(x);\n}\nmodule.exports = { run };\n",
    );
    assert_exit(&out, 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("harness/node.js:3: the driver `function run(double, x, unused, extra)` takes more parameters than the grader passes, run(solution, x, unused)"),
        "{err}"
    );
    assert!(
        err.contains("write `function run(solution, x, unused)`"),
        "{err}"
    );
    let out = run("module.exports = function run(double, x) { return double(x); };\n");
    assert_exit(&out, 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the driver exports no function `run` (it exports a function: write module.exports = { run })"), "{err}");
    // Fixed, the answer runs and is accepted.
    let out = run("function run(double, x) { return double(x); }\nmodule.exports = { run };\n");
    assert_exit(&out, 0);
    std::fs::remove_dir_all(&dir).unwrap();
    env.assert_clean();
}

/// A fake of the driver's that raises when the candidate's code calls it: the candidate's
/// misuse, so its RE, though the raise is in the driver's file.
#[test]
fn a_driver_fake_that_raises_under_the_candidates_call_is_the_candidates_re() {
    let env = Env::new();
    let dir = env.tmp.path().join("work");
    let problem = dir.join("driver-raises");
    copy_tree(&root().join(fixture_problem("driver-raises")), &problem);
    std::fs::write(
        problem.join("harness/python.py"),
        "class Strict:\n    def __init__(self, x):\n        self.x = x\n\n    def __rmul__(self, other):\n        raise TypeError(\"multiply x.value\")\n\n\ndef run(double, x):\n    return double(Strict(x))\n",
    )
    .unwrap();
    let out = env
        .grader()
        .args([
            "run",
            &problem.display().to_string(),
            &fixture_submission("double_ac.py"),
        ])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let (code, r) = parse_report(&out);
    assert_eq!(code, 1, "{r:#}");
    assert_eq!(verdicts(&r), ["RE", "RE"]);
    let msg = test(&r, "one")["message"].as_str().unwrap();
    assert!(msg.contains("TypeError: multiply x.value"), "{msg}");
    std::fs::remove_dir_all(&dir).unwrap();
    env.assert_clean();
}
