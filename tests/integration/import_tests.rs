//! `grader import --tests FILE PROBLEM`: an author's (input, output) pairs become tests that
//! the problem loads and grades; nothing is written over an existing file, and pairs that do not
//! fit the signature leave nothing behind.

use super::*;

/// A copy of the shipped problem `id` in a problems folder of this test's own.
fn bank(env: &Env, id: &str) -> PathBuf {
    let bank = env.tmp.path().join("bank");
    copy_tree(&root().join("problems").join(id), &bank.join(id));
    bank
}

fn import(env: &Env, bank: &Path, args: &[&str]) -> std::process::Output {
    env.grader()
        .args(["import", "--problems", &bank.display().to_string()])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn json_pairs_become_a_jsonl_file_of_tests_that_grade() {
    let env = Env::new();
    let bank = bank(&env, "two-sum");
    let pairs = env.tmp.path().join("classic.json");
    std::fs::write(
        &pairs,
        r#"[[[[2, 7, 11, 15], 9], [0, 1]], {"input": [[3, 2, 4], 6], "output": [1, 2]}]"#,
    )
    .unwrap();
    let out = import(
        &env,
        &bank,
        &[
            "--tests",
            &pairs.display().to_string(),
            "two-sum",
            "--group",
            "imported",
        ],
    );
    assert_exit(&out, 0);
    let written = bank.join("two-sum/tests/imported/classic.jsonl");
    assert_eq!(
        std::fs::read_to_string(&written).unwrap(),
        "{\"args\":[[2,7,11,15],9],\"expected\":[0,1]}\n{\"args\":[[3,2,4],6],\"expected\":[1,2]}\n"
    );
    // The reference passes them, a wrong answer does not.
    let grade = |file: &str| {
        let out = env
            .grader()
            .args(["run", "--problems", &bank.display().to_string(), "two-sum"])
            .arg(bank.join("two-sum").join(file))
            .args(["--tests", "imported/*", "--format", "json"])
            .output()
            .unwrap();
        parse_report(&out)
    };
    let reference = std::fs::read_dir(bank.join("two-sum/reference"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "py"))
        .unwrap();
    let (code, r) = grade(&format!(
        "reference/{}",
        reference.file_name().unwrap().to_string_lossy()
    ));
    assert_eq!(code, 0, "{r:#}");
    let names: Vec<&str> = r["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["imported/classic-1", "imported/classic-2"]);
    // Again: the file exists, nothing is written over it.
    let before = std::fs::read(&written).unwrap();
    let out = import(
        &env,
        &bank,
        &[
            "--tests",
            &pairs.display().to_string(),
            "two-sum",
            "--group",
            "imported",
        ],
    );
    assert_exit(&out, 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("classic.jsonl` exists; import --tests writes new files only"),
        "{err}"
    );
    assert_eq!(std::fs::read(&written).unwrap(), before);
    env_clean(&env);
}

#[test]
fn pairs_that_do_not_fit_the_signature_leave_nothing_behind() {
    let env = Env::new();
    let bank = bank(&env, "two-sum");
    let pairs = env.tmp.path().join("bad.jsonl");
    std::fs::write(
        &pairs,
        "{\"input\": [[1, 2], 3], \"output\": [0, 1]}\n{\"input\": [[1, 2], \"x\"], \"output\": [0, 1]}\n",
    )
    .unwrap();
    let out = import(
        &env,
        &bank,
        &[
            "--tests",
            &pairs.display().to_string(),
            "two-sum",
            "--group",
            "new",
        ],
    );
    assert_exit(&out, 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the imported tests do not fit the problem, so none was written"),
        "{err}"
    );
    assert!(
        err.contains("bad.jsonl:2: test `new/bad-2`: argument `target`: should be int"),
        "{err}"
    );
    assert!(!bank.join("two-sum/tests/new").exists());
    // A pair that is not one.
    std::fs::write(&pairs, "[1, 2, 3]\n").unwrap();
    let out = import(
        &env,
        &bank,
        &["--tests", &pairs.display().to_string(), "two-sum"],
    );
    assert_exit(&out, 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.jsonl:1: a pair is [input, output]"),
        "{err}"
    );
    env_clean(&env);
}

#[test]
fn a_folder_of_in_and_out_files_is_copied_into_a_stdio_problem() {
    let env = Env::new();
    let bank = bank(&env, "longest-substring-length");
    let pairs = env.tmp.path().join("pairs");
    std::fs::create_dir_all(&pairs).unwrap();
    for (name, input, output) in [
        ("1", "abcabcbb\n", "3\n"),
        ("2", "bbbbb\n", "1\n"),
        ("10", "pwwkew\n", "3\n"),
    ] {
        std::fs::write(pairs.join(format!("{name}.in")), input).unwrap();
        std::fs::write(pairs.join(format!("{name}.ans")), output).unwrap();
    }
    let out = import(
        &env,
        &bank,
        &[
            "--tests",
            &pairs.display().to_string(),
            "longest-substring-length",
            "--group",
            "classic",
        ],
    );
    assert_exit(&out, 0);
    let tests = bank.join("longest-substring-length/tests/classic");
    assert_eq!(
        std::fs::read_to_string(tests.join("10.out")).unwrap(),
        "3\n"
    );
    assert_eq!(
        std::fs::read_to_string(tests.join("2.in")).unwrap(),
        "bbbbb\n"
    );
    env_clean(&env);
}

fn env_clean(env: &Env) {
    let _ = std::fs::remove_dir_all(env.tmp.path().join("bank"));
    for e in std::fs::read_dir(env.tmp.path()).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            let _ = std::fs::remove_dir_all(&p);
        } else {
            let _ = std::fs::remove_file(&p);
        }
    }
    env.assert_clean();
}
