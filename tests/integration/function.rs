//! Function answers (Python): one process for all tests, per-test isolation when it fails,
//! results that the candidate's prints cannot forge, and the blog's code on the shipped problem.

use crate::{Env, test, verdicts};

#[test]
fn blog_code_is_accepted_on_longest_substring() {
    let env = Env::new();
    // The blog's code, pasted as a learner would (quotes fixed, stray print included).
    let blog = env.tmp.path().join("my.py");
    std::fs::copy(
        crate::root().join("problems/longest-substring/reference/blog.py"),
        &blog,
    )
    .unwrap();
    let out = env
        .grader()
        .args([
            "run",
            "longest-substring",
            blog.to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{r:#}");
    assert_eq!(r["verdict"], "AC");
    assert_eq!(r["score"], r["max_score"]);
    assert!(r["tests"].as_array().unwrap().len() >= 25);
    let notes = r["notes"].to_string();
    assert!(
        notes.contains("printed at import") && notes.contains("abc"),
        "{notes}"
    );
    std::fs::remove_file(&blog).unwrap();
    env.assert_clean();
}

#[test]
fn accepted_with_top_level_prints() {
    let env = Env::new();
    let (code, r) = env.run_json("double", "double_ac.py", &[]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(verdicts(&r), ["AC", "AC", "AC"]);
    env.assert_clean();
}

#[test]
fn site_packages_stay_importable_without_pth_files() {
    let env = Env::new();
    let (code, r) = env.run_json("double", "double_site_packages.py", &[]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(verdicts(&r), ["AC", "AC", "AC"]);
    env.assert_clean();
}

#[test]
fn an_endless_python_loop_costs_one_test_only() {
    let env = Env::new();
    let (_, r) = env.run_json("double", "double_loop.py", &[]);
    assert_eq!(verdicts(&r), ["AC", "TLE", "AC"], "{r:#}");
    // CPU normally; wall when the machine is so loaded that the loop got under half a core.
    let tle = test(&r, "two")["tle"].as_str().unwrap().to_string();
    assert!(tle == "cpu" || tle == "wall", "{tle}");
    env.assert_clean();
}

#[test]
fn an_endless_loop_in_c_code_costs_one_test_only() {
    let env = Env::new();
    let (_, r) = env.run_json("double", "double_cloop.py", &[]);
    assert_eq!(verdicts(&r), ["AC", "TLE", "AC"], "{r:#}");
    env.assert_clean();
}

#[test]
fn exiting_in_the_middle_costs_one_test_only() {
    let env = Env::new();
    let (_, r) = env.run_json("double", "double_exit.py", &[]);
    assert_eq!(verdicts(&r), ["AC", "RE", "AC"], "{r:#}");
    env.assert_clean();
}

#[test]
fn printing_fake_results_forges_nothing() {
    let env = Env::new();
    let (_, r) = env.run_json("double", "double_forge.py", &[]);
    assert_eq!(verdicts(&r), ["AC", "WA", "WA"], "{r:#}");
    assert!(
        test(&r, "two")["message"]
            .as_str()
            .unwrap()
            .contains("expected 4, got 3")
    );
    env.assert_clean();
}

/// `grader run PROBLEM FILE --format json` on a shipped problem: the exit code and the report.
fn run_shipped(env: &Env, problem: &str, file: &str) -> (i32, serde_json::Value) {
    let out = env
        .grader()
        .args(["run", problem, file, "--format", "json"])
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap_or(-1), report)
}

#[test]
fn references_in_every_language_are_accepted_on_longest_substring() {
    let env = Env::new();
    for name in [
        "longest_substring.js",
        "longest_substring.cpp",
        "longest_substring.rs",
        "Solution.java",
        "longest_substring.c",
    ] {
        let ext = name;
        let file = format!("problems/longest-substring/reference/{name}");
        let (code, r) = run_shipped(&env, "longest-substring", &file);
        assert_eq!(code, 0, "{ext}: {r:#}");
        assert_eq!(r["verdict"], "AC", "{ext}");
        assert_eq!(r["tests"].as_array().unwrap().len(), 38, "{ext}");
    }
    env.assert_clean();
}

#[test]
fn top_level_code_and_main_forge_nothing_in_other_languages() {
    let env = Env::new();
    for file in [
        "twice_ac.js",
        "twice_ac.cpp",
        "twice_ac.rs",
        "TwiceAc.java",
        "twice_ac.c",
        "twice_leetcode.cpp",
        "twice_leetcode.rs",
    ] {
        let (code, r) = env.run_json("twice", file, &[]);
        assert_eq!(code, 0, "{file}: {r:#}");
        assert_eq!(verdicts(&r), ["AC", "AC", "AC"], "{file}");
    }
    env.assert_clean();
}

#[test]
fn one_failing_call_costs_one_test_only_in_other_languages() {
    let env = Env::new();
    for (file, verdict) in [
        ("twice_loop.js", "TLE"),
        ("twice_exit.js", "RE"),
        ("twice_crash.cpp", "RE"),
        ("twice_loop.cpp", "TLE"),
        ("twice_panic.rs", "RE"),
        ("twice_loop.rs", "TLE"),
        ("TwiceThrows.java", "RE"),
        ("TwiceExit.java", "RE"),
        ("TwiceLoop.java", "TLE"),
        ("twice_crash.c", "RE"),
        ("twice_loop.c", "TLE"),
    ] {
        let (_, r) = env.run_json("twice", file, &[]);
        assert_eq!(verdicts(&r), ["AC", verdict, "AC"], "{file}: {r:#}");
    }
    let (_, r) = env.run_json("twice", "twice_panic.rs", &[]);
    let message = test(&r, "two")["message"].as_str().unwrap().to_string();
    assert!(
        message.contains("twice_panic.rs:3") && message.contains("two is not allowed"),
        "{message}"
    );
    env.assert_clean();
}

#[test]
fn compile_errors_point_at_the_candidates_line() {
    let env = Env::new();
    for (file, at) in [
        ("twice_ce.cpp", "twice_ce.cpp:4:"),
        ("twice_ce.rs", "twice_ce.rs:2:"),
        ("twice_ce.js", "twice_ce.js:6"),
        ("TwiceCe.java", "Solution.java:3:"),
        ("twice_ce.c", "twice_ce.c:3:"),
    ] {
        let (_, r) = env.run_json("twice", file, &[]);
        assert_eq!(r["verdict"], "CE", "{file}: {r:#}");
        let message = r["message"].as_str().unwrap_or("");
        assert!(message.contains(at), "{file}: {message}");
        assert!(
            !message.contains("grader_") && !message.contains(env.cache.path().to_str().unwrap()),
            "{file}: {message}"
        );
    }
    env.assert_clean();
}

#[test]
fn wrong_answers_in_other_languages_get_wa_with_the_difference() {
    let env = Env::new();
    for (file, failing, says) in [
        ("reset_window.js", "dvdf", "expected \"vdf\", got \"dv\""),
        (
            "returns_length.cpp",
            "sample-1",
            "expected string \"abc\", got int 3",
        ),
        (
            "keeps_rightmost.rs",
            "sample-3",
            "expected \"wke\", got \"kew\"",
        ),
    ] {
        let path = format!("problems/longest-substring/wrong/{file}");
        let (code, r) = run_shipped(&env, "longest-substring", &path);
        assert_eq!(code, 1, "{file}: {r:#}");
        assert_eq!(r["verdict"], "WA", "{file}");
        let message = test(&r, failing)["message"].as_str().unwrap().to_string();
        assert!(message.contains(says), "{file}: {message}");
    }
    env.assert_clean();
}

#[test]
fn every_value_type_crosses_every_harness() {
    let env = Env::new();
    for file in ["pack.js", "pack.cpp", "pack.rs", "Pack.java"] {
        let (code, r) = env.run_json("pack", file, &[]);
        assert_eq!(code, 0, "{file}: {r:#}");
        assert_eq!(verdicts(&r), ["AC", "AC", "AC"], "{file}");
    }
    // C takes a documented subset: an optional or a tuple is refused with its name.
    let (code, r) = env.run_json("pack", "pack.c", &[]);
    assert_eq!(code, 3, "{r:#}");
    assert_eq!(r["verdict"], "JE");
    let message = r["message"].as_str().unwrap();
    assert!(
        message.contains("function answers in C take only") && message.contains("optional<string>"),
        "{message}"
    );
    env.assert_clean();
}

#[test]
fn a_check_function_accepts_another_right_answer() {
    let env = Env::new();
    // Expected 2, 3 and 7; the largest divisors 3, 5 and 7 are right too.
    let (code, r) = env.run_json("divisor", "divisor_largest.py", &[]);
    assert_eq!(code, 0, "{r:#}");
    assert_eq!(verdicts(&r), ["AC", "AC", "AC"]);
    let (_, r) = env.run_json("divisor", "divisor_wrong.py", &[]);
    assert_eq!(verdicts(&r), ["WA", "AC", "WA"], "{r:#}");
    assert_eq!(
        test(&r, "six")["message"],
        "4 is not a proper divisor of 6 (2 is one)"
    );
    // The check function is Python whatever the answer's language.
    let (code, r) = env.run_json("divisor", "divisor_largest.js", &[]);
    assert_eq!(code, 0, "{r:#}");
    env.assert_clean();
}

#[test]
fn a_crashing_check_function_is_a_judge_error() {
    let env = Env::new();
    let (code, r) = env.run_json("divisor-broken-check", "divisor_largest.py", &[]);
    assert_eq!(code, 3, "{r:#}");
    assert_eq!(verdicts(&r), ["JE", "JE", "JE"], "{r:#}");
    let msg = test(&r, "six")["message"].as_str().unwrap();
    assert!(
        msg.contains("check function failed") && msg.contains("ZeroDivisionError"),
        "{msg}"
    );
    env.assert_clean();
}

#[test]
fn a_class_problem_reports_each_call_sequence_as_a_test() {
    let env = Env::new();
    let (code, r) = run_shipped(
        &env,
        "lru-cache",
        "problems/lru-cache/reference/lru_cache.py",
    );
    assert_eq!(code, 0, "{r:#}");
    assert!(verdicts(&r).iter().all(|v| v == "AC") && verdicts(&r).len() >= 5);
    // FIFO instead of LRU: only the checks that need a get to refresh fail, each named by call.
    let (code, r) = run_shipped(
        &env,
        "lru-cache",
        "problems/lru-cache/wrong/evicts_oldest_put.py",
    );
    assert_eq!(code, 1, "{r:#}");
    assert_eq!(test(&r, "checks/get-refreshes")["verdict"], "WA");
    assert_eq!(
        test(&r, "checks/get-refreshes")["message"],
        "call 6, get(1): expected 10, got -1"
    );
    assert_eq!(test(&r, "checks/miss-is-minus-one")["verdict"], "AC");
    // An exception names the call that raised it and costs that test only.
    let (_, r) = run_shipped(
        &env,
        "lru-cache",
        "problems/lru-cache/wrong/raises_on_miss.py",
    );
    assert_eq!(
        test(&r, "checks/miss-is-minus-one")["message"],
        "call 2, get(7): KeyError: 7"
    );
    assert_eq!(test(&r, "checks/zero-value")["verdict"], "AC");
    env.assert_clean();
}

#[test]
fn class_problems_take_every_language_with_typed_methods() {
    let env = Env::new();
    let (code, r) = run_shipped(
        &env,
        "round-robin-balancer",
        "problems/round-robin-balancer/reference/round_robin.js",
    );
    assert_eq!(code, 0, "{r:#}");
    // A JavaScript exception names the call too (methods in camelCase).
    let file = env.tmp.path().join("lru.js");
    std::fs::write(
        &file,
        "class LRUCache {\n  constructor(c) {}\n  get(k) { throw new Error('no ' + k); }\n  put(k, v) {}\n}\n",
    )
    .unwrap();
    let (_, r) = run_shipped(&env, "lru-cache", file.to_str().unwrap());
    assert_eq!(
        test(&r, "checks/miss-is-minus-one")["message"],
        "call 2, get(7): Error: no 7",
        "{r:#}"
    );
    std::fs::remove_file(&file).unwrap();
    // With typed `methods`, Java, C++, Rust and C (LeetCode's lRUCacheCreate/Get/Put/Free)
    // drive the class too.
    for (problem, files) in [
        (
            "lru-cache",
            [
                "LRUCache.java",
                "lru_cache.cpp",
                "lru_cache.rs",
                "lru_cache.c",
            ],
        ),
        (
            "round-robin-balancer",
            [
                "RoundRobin.java",
                "round_robin.cpp",
                "round_robin.rs",
                "round_robin.c",
            ],
        ),
    ] {
        for f in files {
            let path = format!("problems/{problem}/reference/{f}");
            let (code, r) = run_shipped(&env, problem, &path);
            assert_eq!(code, 0, "{path}: {r:#}");
            assert_eq!(verdicts(&r).len(), 7, "{path}");
        }
    }
    // A class without typed methods still takes Python and JavaScript only.
    let (code, r) = env.run_json("counter", "Counter.java", &[]);
    assert_eq!(code, 3, "{r:#}");
    assert!(
        r.to_string().contains(
            "declares no typed `methods`, so it takes Python and JavaScript answers only"
        ),
        "{r:#}"
    );
    env.assert_clean();
}

#[test]
fn typed_class_harnesses_name_the_failing_call() {
    let env = Env::new();
    // A wrong result, an exception, a panic: each test names the call, the others still run.
    let (code, r) = run_shipped(
        &env,
        "round-robin-balancer",
        "problems/round-robin-balancer/wrong/NoSkip.java",
    );
    assert_eq!(code, 1, "{r:#}");
    assert_eq!(
        test(&r, "checks/all-down")["message"],
        "call 4, next(): expected null, got \"a\""
    );
    let (_, r) = run_shipped(
        &env,
        "lru-cache",
        "problems/lru-cache/wrong/NullOnMiss.java",
    );
    let msg = test(&r, "checks/miss-is-minus-one")["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        msg.starts_with("call 2, get(7): java.lang.NullPointerException"),
        "{msg}"
    );
    assert_eq!(test(&r, "checks/zero-value")["verdict"], "AC");
    let (_, r) = run_shipped(
        &env,
        "lru-cache",
        "tests/fixtures/submissions/lru_throws.cpp",
    );
    assert_eq!(
        test(&r, "checks/miss-is-minus-one")["verdict"],
        "RE",
        "{r:#}"
    );
    let msg = test(&r, "checks/miss-is-minus-one")["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(msg.starts_with("call 2, get(7): exception: "), "{msg}");
    let (_, r) = run_shipped(
        &env,
        "round-robin-balancer",
        "problems/round-robin-balancer/wrong/empty_panics.rs",
    );
    assert_eq!(
        verdicts(&r).iter().filter(|v| *v != "AC").count(),
        1,
        "{r:#}"
    );
    let msg = test(&r, "checks/no-servers")["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        msg.starts_with("call 2, next(): panicked at empty_panics.rs:16:"),
        "{msg}"
    );
    // A crash in C++ and an endless C loop cost their own test only, and still name the call.
    let (_, r) = run_shipped(&env, "lru-cache", "tests/fixtures/submissions/lru_segv.cpp");
    assert_eq!(
        test(&r, "checks/miss-is-minus-one")["verdict"],
        "RE",
        "{r:#}"
    );
    let msg = test(&r, "checks/miss-is-minus-one")["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        msg.starts_with("call 2, get(7): killed by SIGSEGV"),
        "{msg}"
    );
    assert_eq!(test(&r, "checks/zero-value")["verdict"], "AC", "{r:#}");
    let (_, r) = run_shipped(
        &env,
        "round-robin-balancer",
        "problems/round-robin-balancer/wrong/loops_when_all_down.c",
    );
    assert_eq!(test(&r, "checks/all-down")["verdict"], "TLE", "{r:#}");
    let msg = test(&r, "checks/all-down")["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        msg.starts_with("call 4, next(): the call used more"),
        "{msg}"
    );
    assert_eq!(
        verdicts(&r).iter().filter(|v| *v != "AC").count(),
        1,
        "{r:#}"
    );
    env.assert_clean();
}

#[test]
fn class_compile_errors_point_at_the_candidates_line() {
    let env = Env::new();
    for (file, at) in [
        ("lru_ce.cpp", "lru_ce.cpp:4:"),
        ("lru_ce.rs", "lru_ce.rs:8:"),
        ("LruCe.java", "LRUCache.java:3:"),
        ("lru_ce.c", "lru_ce.c:3:"),
    ] {
        let path = format!("tests/fixtures/submissions/{file}");
        let (_, r) = run_shipped(&env, "lru-cache", &path);
        assert_eq!(r["verdict"], "CE", "{file}: {r:#}");
        let message = r["message"].as_str().unwrap_or("");
        assert!(message.contains(at), "{file}: {message}");
        assert!(
            !message.contains("grader_") && !message.contains(env.cache.path().to_str().unwrap()),
            "{file}: {message}"
        );
    }
    env.assert_clean();
}

#[test]
fn a_problem_harness_drives_the_answer_with_its_fakes() {
    let env = Env::new();
    let (code, r) = run_shipped(
        &env,
        "cache-aside",
        "problems/cache-aside/reference/cache_aside.py",
    );
    assert_eq!(code, 0, "{r:#}");
    // Always reading the database: right values, but a hit still calls it.
    let (_, r) = run_shipped(
        &env,
        "cache-aside",
        "problems/cache-aside/wrong/no_cache.py",
    );
    assert_eq!(test(&r, "miss-returns-product")["verdict"], "AC", "{r:#}");
    assert_eq!(test(&r, "hit-skips-database")["verdict"], "WA");
    let msg = test(&r, "hit-skips-database")["message"].as_str().unwrap();
    assert!(msg.starts_with("a hit must not read the database"), "{msg}");
    // The problem's JavaScript driver, with the same fakes.
    let (code, r) = run_shipped(
        &env,
        "cache-aside",
        "problems/cache-aside/reference/cache_aside.js",
    );
    assert_eq!(code, 0, "{r:#}");
    // A language without a driver is refused with a reason, not misjudged.
    let file = env.tmp.path().join("cache.rs");
    std::fs::write(&file, "fn get_product(s: String) -> String { s }\n").unwrap();
    let (_, r) = run_shipped(&env, "cache-aside", file.to_str().unwrap());
    assert_eq!(r["verdict"], "JE", "{r:#}");
    assert!(
        r.to_string()
            .contains("written for JavaScript and Python only"),
        "{r:#}"
    );
    std::fs::remove_file(&file).unwrap();
    env.assert_clean();
}

#[test]
fn cart_merge_is_graded_in_six_languages_with_c_maps() {
    let env = Env::new();
    for name in [
        "merge_carts.py",
        "merge_carts.js",
        "Solution.java",
        "merge_carts.cpp",
        "merge_carts.rs",
        "merge_carts.c",
    ] {
        let file = format!("problems/anonymous-cart-merge/reference/{name}");
        let (code, r) = run_shipped(&env, "anonymous-cart-merge", &file);
        assert_eq!(code, 0, "{name}: {r:#}");
        assert!(r["tests"].as_array().unwrap().len() >= 30, "{name}");
    }
    // A map returned from C (keys, values through a pointer, size through a pointer) is
    // compared entry by entry: the session's quantity overwrote the user's.
    let (code, r) = run_shipped(
        &env,
        "anonymous-cart-merge",
        "problems/anonymous-cart-merge/wrong/session_wins.c",
    );
    assert_eq!(code, 1, "{r:#}");
    assert_eq!(
        test(&r, "sample-1")["message"],
        "at [\"apple\"]: expected 3, got 1"
    );
    // Unknown products in the user's cart must go too.
    let (_, r) = run_shipped(
        &env,
        "anonymous-cart-merge",
        "problems/anonymous-cart-merge/wrong/keeps_unknown.py",
    );
    assert_eq!(test(&r, "sample-3")["verdict"], "AC");
    assert_eq!(
        test(&r, "unknown-in-user-cart")["message"],
        "unexpected key \"old\" (expected {\"a\":2})"
    );
    env.assert_clean();
}
