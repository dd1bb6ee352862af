//! Function value types of issue 16 (`any`, unions, recursive `[types]`, sets, int- and
//! tuple-keyed maps, records (holding themselves, written inline), iterators, linked lists,
//! graphs) through each harness that takes them, the messages a wrong value gets, the languages
//! that cannot take them, and the spec errors of the `[types]` table.

use crate::{Env, copy_tree, fixture_problem, root, test, verdicts};

const REFERENCE: &str = "../problems/survey/reference/survey.py";

/// The survey problem copied into the test's folder, with the Python reference edited by
/// `edits` (each `from` must be in it) as the answer; its exit code and report.
fn run_edited(
    env: &Env,
    work: &tempfile::TempDir,
    edits: &[(&str, &str)],
) -> (i32, serde_json::Value) {
    let mut text =
        std::fs::read_to_string(root().join("tests/fixtures/problems/survey/reference/survey.py"))
            .unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "no `{from}`");
        text = text.replacen(from, to, 1);
    }
    let file = work.path().join("survey.py");
    std::fs::write(&file, text).unwrap();
    let out = env
        .grader()
        .args(["run", &fixture_problem("survey"), file.to_str().unwrap()])
        .args(["--format", "json"])
        .output()
        .unwrap();
    crate::parse_report(&out)
}

#[test]
fn every_new_type_crosses_the_python_and_javascript_harnesses() {
    let env = Env::new();
    for file in [REFERENCE, "survey.js"] {
        let (code, r) = env.run_json("survey", file, &[]);
        assert_eq!(code, 0, "{file}: {r:#}");
        assert_eq!(verdicts(&r), ["AC", "AC", "AC"], "{file}");
    }
    env.assert_clean();
}

#[test]
fn sets_keyed_maps_and_linked_lists_cross_the_typed_harnesses() {
    let env = Env::new();
    for file in [
        "../problems/regroup/reference/regroup.py",
        "regroup.cpp",
        "regroup.rs",
        "Regroup.java",
    ] {
        let (code, r) = env.run_json("regroup", file, &[]);
        assert_eq!(code, 0, "{file}: {r:#}");
        assert_eq!(verdicts(&r), ["AC", "AC", "AC"], "{file}");
    }
    for file in [
        "../problems/clone-graph/reference/clone_graph.py",
        "clone_graph.cpp",
        "CloneGraph.java",
        "clone_graph.rs",
    ] {
        let (code, r) = env.run_json("clone-graph", file, &[]);
        assert_eq!(code, 0, "{file}: {r:#}");
        assert_eq!(verdicts(&r), ["AC", "AC", "AC"], "{file}");
    }
    env.assert_clean();
}

#[test]
fn named_records_are_classes_and_structs_in_the_typed_harnesses() {
    let env = Env::new();
    for file in [
        "../problems/roster/reference/age_all.py",
        "age_all.js",
        "age_all.cpp",
        "age_all.rs",
        "AgeAll.java",
    ] {
        let (code, r) = env.run_json("roster", file, &[]);
        assert_eq!(code, 0, "{file}: {r:#}");
        assert_eq!(verdicts(&r), ["AC", "AC"], "{file}");
    }
    env.assert_clean();
}

#[test]
fn wrong_values_are_shown_as_the_candidate_sees_them() {
    let env = Env::new();
    let work = tempfile::tempdir().unwrap();
    // The list not reversed: both lists shown as linked lists, the first differing node named.
    let (code, r) = run_edited(
        &env,
        &work,
        &[(
            "\"reversed\": prev",
            "\"reversed\": ListNode(1, ListNode(2))",
        )],
    );
    assert_eq!(code, 1, "{r:#}");
    let m = test(&r, "full")["message"].as_str().unwrap();
    assert!(
        m.starts_with(
            "at .reversed: expected the linked list 3 -> 2 -> 1, got 1 -> 2 (they differ at node 1"
        ),
        "{m}"
    );
    // A cycle is named, never followed forever.
    let (_, r) = run_edited(
        &env,
        &work,
        &[(
            "\"reversed\": prev",
            "\"reversed\": (lambda n: (setattr(n, 'next', n), n)[1])(ListNode(4))",
        )],
    );
    let m = test(&r, "full")["message"].as_str().unwrap();
    assert!(m.contains("a cycle: node 2 (val 4) links back"), "{m}");
    // A Python list where a ListNode is expected is the wrong type, not an equal value.
    let (_, r) = run_edited(
        &env,
        &work,
        &[("\"reversed\": prev", "\"reversed\": [3, 2, 1]")],
    );
    let m = test(&r, "full")["message"].as_str().unwrap();
    assert!(m.contains("a ListNode (val, next) was expected"), "{m}");
    // A set missing an item, shown as sets; a repeated item in a returned list is no difference.
    let (_, r) = run_edited(
        &env,
        &work,
        &[(
            "{t.upper() for t in tags}",
            "[t.upper() for t in tags if t != 'b'] * 2",
        )],
    );
    let m = test(&r, "full")["message"].as_str().unwrap();
    assert!(
        m.starts_with("at .tags: \"B\" is missing from the set: expected {\"B\", \"A\"}"),
        "{m}"
    );
    assert_eq!(test(&r, "one-node")["verdict"], "AC");
    // An int-keyed map: the key named as an int.
    let (_, r) = run_edited(&env, &work, &[("(c, r): v", "(c, r + 1): v")]);
    let m = test(&r, "full")["message"].as_str().unwrap();
    assert_eq!(m, "at .cells: key (1, 0) is missing");
    // A record field by field; a generator's values are compared, not its object.
    let (_, r) = run_edited(&env, &work, &[("n % 2 == 0", "n % 2 == 1")]);
    let m = test(&r, "full")["message"].as_str().unwrap();
    assert!(
        m.starts_with("at .evens: expected a list of 2 item(s), got 2: expected [2,4], got [1,3]")
            || m.starts_with("at .evens[0]: expected 2, got 1"),
        "{m}"
    );
    env.assert_clean();
}

#[test]
fn languages_that_cannot_take_a_type_are_refused_naming_it() {
    let env = Env::new();
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("survey.c");
    std::fs::write(&file, "int survey(void) { return 0; }\n").unwrap();
    let out = env
        .grader()
        .args(["run", &fixture_problem("survey"), file.to_str().unwrap()])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let (code, r) = crate::parse_report(&out);
    assert_eq!(code, 3, "{r:#}");
    assert_eq!(r["verdict"], "JE");
    let m = r["message"].as_str().unwrap();
    assert!(m.contains("function answers in C take only"), "{m}");
    env.assert_clean();
}

#[test]
fn types_table_errors_point_at_the_entry() {
    let env = Env::new();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("survey");
    copy_tree(&root().join("tests/fixtures/problems/survey"), &dir);
    let spec = dir.join("problem.toml");
    let original = std::fs::read_to_string(&spec).unwrap();
    let answer = root().join("tests/fixtures/problems/survey/reference/survey.py");
    for (from, to, want) in [
        (
            "nested = \"int | list<nested>\"",
            "nested = \"int | tuple<nested>\"",
            "problem.toml:9:10: [types] nested: type `nested` refers to itself with no list, set, map or optional between (nested -> nested)",
        ),
        (
            "person = \"{name: string, age: int}\"",
            "person = \"{name: string, age: years}\"",
            "problem.toml:10:10: [types] person: invalid type `{name: string, age: years}`: unknown type `years`",
        ),
        (
            "{ name = \"who\", type = \"person\" }",
            "{ name = \"who\", type = \"people\" }",
            "unknown type `people`",
        ),
        (
            "{ 1 = \"x\", 2 = \"y\" }",
            "{ one = \"x\" }",
            "argument `ids`: should be map<int,string>: a list of [key, value] pairs or a table whose keys are written as that type",
        ),
        (
            "{ name = \"Ann\", age = 30 }",
            "{ name = \"Ann\" }",
            "argument `who`: field `age` (int) is missing",
        ),
    ] {
        std::fs::write(&spec, original.replacen(from, to, 1)).unwrap();
        let out = env
            .grader()
            .args(["run", dir.to_str().unwrap(), answer.to_str().unwrap()])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{to}: {stderr}");
        assert!(stderr.contains(want), "{to}: {stderr}");
    }
    env.assert_clean();
}

#[test]
fn any_is_a_dynamic_json_value_in_java_cpp_and_rust() {
    let env = Env::new();
    let problem = "../../../problems/flatten-json";
    for file in ["flatten_json.rs", "flatten_json.cpp", "FlattenJson.java"] {
        let (code, r) = env.run_json(problem, &format!("{problem}/reference/{file}"), &[]);
        assert_eq!(code, 0, "{file}: {r:#}");
        assert_eq!(verdicts(&r), ["AC"; 6], "{file}");
    }
    // Each wrong answer's first failing test, with the message its returned `Json` gets.
    for (file, name, want) in [
        (
            "skips_empty.rs",
            "empty-containers-are-leaves",
            "key \"meta\" is missing (the answer has {\"id\":7})",
        ),
        (
            "leading_dot.cpp",
            "empty-containers-are-leaves",
            "key \"id\" is missing (the answer has {\".id\":7,\".meta\":{},\".tags\":[]})",
        ),
        (
            "IndexesFromOne.java",
            "lists-of-lists",
            "key \"0.0\" is missing (the answer has {\"1.1\":1,\"1.2\":2,\"2.1\":3,\"2.2.1\":4})",
        ),
    ] {
        let (code, r) = env.run_json(problem, &format!("{problem}/wrong/{file}"), &[]);
        assert_eq!(code, 1, "{file}: {r:#}");
        assert_eq!(test(&r, name)["verdict"], "WA", "{file}");
        assert_eq!(test(&r, name)["message"], want, "{file}");
    }
    env.assert_clean();
}

#[test]
fn a_wrong_rust_graph_is_shown_as_adjacency_lists() {
    let env = Env::new();
    let work = tempfile::tempdir().unwrap();
    for (body, want) in [
        // Node 1 copied without its edges.
        (
            "node.map(|n| Rc::new(RefCell::new(Node::new(n.borrow().val))))",
            "expected the graph [[2,4],[1,3],[2,4],[1,3]], got [[]] (they differ at the adjacency list of node 1; lengths 4 and 1)",
        ),
        // A node valued 2 alone: no graph of nodes 1..n.
        (
            "node.map(|n| Rc::new(RefCell::new(Node::new(n.borrow().val + 1))))",
            "expected graph [[2,4],[1,3],[2,4],[1,3]], got a value JSON cannot carry: a graph (nodes not valued 1..1 once each)",
        ),
    ] {
        let file = work.path().join("clone_graph.rs");
        std::fs::write(
            &file,
            format!(
                "fn clone_graph(node: Option<Rc<RefCell<Node>>>) -> Option<Rc<RefCell<Node>>> {{\n    {body}\n}}\n"
            ),
        )
        .unwrap();
        let out = env
            .grader()
            .args([
                "run",
                &fixture_problem("clone-graph"),
                file.to_str().unwrap(),
            ])
            .args(["--format", "json"])
            .output()
            .unwrap();
        let (code, r) = crate::parse_report(&out);
        assert_eq!(code, 1, "{body}: {r:#}");
        assert_eq!(test(&r, "square")["verdict"], "WA", "{body}");
        assert_eq!(test(&r, "square")["message"], want, "{body}");
        assert_eq!(test(&r, "empty")["verdict"], "AC", "{body}");
    }
    env.assert_clean();
}

#[test]
fn records_holding_records_cross_the_typed_harnesses() {
    let env = Env::new();
    for file in [
        "../problems/team/reference/age_team.py",
        "age_team.rs",
        "age_team.cpp",
        "AgeTeam.java",
    ] {
        let (code, r) = env.run_json("team", file, &[]);
        assert_eq!(code, 0, "{file}: {r:#}");
        assert_eq!(verdicts(&r), ["AC", "AC"], "{file}");
    }
    // Each right answer with one line taken out: the field that differs, by its path.
    let work = tempfile::tempdir().unwrap();
    for (file, from, to, want) in [
        (
            "age_team.rs",
            "t.lead.age += years;",
            "",
            "at .lead.age: expected 32, got 30",
        ),
        (
            "age_team.cpp",
            "for (auto& p : t.members) p.age += years;",
            "",
            "at .members[0].age: expected 9, got 7",
        ),
        (
            "AgeTeam.java",
            "return t;",
            "t.name = \"x\"; return t;",
            "at .name: expected \"core\", got \"x\" (strings differ at index 0; lengths 4 and 1)",
        ),
    ] {
        let text =
            std::fs::read_to_string(root().join("tests/fixtures/submissions").join(file)).unwrap();
        assert!(text.contains(from), "{file}");
        let path = work.path().join(file);
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let out = env
            .grader()
            .args(["run", &fixture_problem("team"), path.to_str().unwrap()])
            .args(["--format", "json"])
            .output()
            .unwrap();
        let (code, r) = crate::parse_report(&out);
        assert_eq!(code, 1, "{file}: {r:#}");
        assert_eq!(test(&r, "two")["verdict"], "WA", "{file}");
        assert_eq!(test(&r, "two")["message"], want, "{file}");
    }
    env.assert_clean();
}

#[test]
fn records_holding_themselves_and_inline_records_cross_the_typed_harnesses() {
    let env = Env::new();
    // The class names a candidate must use, as `grader show` gives them.
    let out = env
        .grader()
        .args(["show", &fixture_problem("orchard")])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.contains("records in Java, C++ and Rust: Tree = tree; Bin = bin; Origin = {x: int, y: int}; GrowResult = {total: int, doubled: tree, mirror: bin, moved: list<Origin>}"),
        "{shown}"
    );
    for file in [
        "../problems/orchard/reference/grow.py",
        "grow.rs",
        "grow.cpp",
        "Grow.java",
    ] {
        let (code, r) = env.run_json("orchard", file, &[]);
        assert_eq!(code, 0, "{file}: {r:#}");
        assert_eq!(verdicts(&r), ["AC", "AC"], "{file}");
    }
    // Each right answer with one line changed: the value that differs, deep in the records.
    let work = tempfile::tempdir().unwrap();
    for (file, from, to, want) in [
        (
            "grow.rs",
            "left: b.right.map(|r| Box::new(mirror(*r))),",
            "left: b.right,",
            "at .mirror.left.left: expected null, got {\"left\":null,\"right\":null,\"val\":4}",
        ),
        (
            "grow.cpp",
            "r.kids.push_back(twice(k));",
            "r.kids.push_back(k);",
            "at .doubled.kids[0].val: expected 4, got 2",
        ),
        (
            "Grow.java",
            "new Origin(origin.x + s, origin.y)",
            "new Origin(origin.x, origin.y + s)",
            "at .moved[1].x: expected 10, got 0",
        ),
    ] {
        let text =
            std::fs::read_to_string(root().join("tests/fixtures/submissions").join(file)).unwrap();
        assert!(text.contains(from), "{file}");
        let path = work.path().join(file);
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let out = env
            .grader()
            .args(["run", &fixture_problem("orchard"), path.to_str().unwrap()])
            .args(["--format", "json"])
            .output()
            .unwrap();
        let (code, r) = crate::parse_report(&out);
        assert_eq!(code, 1, "{file}: {r:#}");
        assert_eq!(test(&r, "deep")["verdict"], "WA", "{file}");
        assert_eq!(test(&r, "deep")["message"], want, "{file}");
    }
    // The templates, written with those names, compile and run: a wrong answer, not a CE.
    for file in ["grow_template.rs", "grow_template.cpp", "GrowTemplate.java"] {
        let (code, r) = env.run_json("orchard", file, &[]);
        assert_eq!(code, 1, "{file}: {r:#}");
        assert_eq!(test(&r, "deep")["verdict"], "WA", "{file}");
        assert_eq!(
            test(&r, "deep")["message"],
            "at .total: expected 10, got 0",
            "{file}"
        );
    }
    env.assert_clean();
}

#[test]
fn sets_of_records_are_std_sets_and_hash_sets() {
    let env = Env::new();
    for file in ["upper_points.cpp", "upper_points.rs"] {
        let (code, r) = env.run_json("upper-points", file, &[]);
        assert_eq!(code, 0, "{file}: {r:#}");
        assert_eq!(verdicts(&r), ["AC"], "{file}");
    }
    let (code, r) = env.run_json("upper-points", "upper_points_wrong.rs", &[]);
    assert_eq!(code, 1, "{r:#}");
    assert_eq!(verdicts(&r), ["WA"]);
    let msg = r["tests"][0]["message"].as_str().unwrap();
    assert!(
        msg.contains("{x: 3, y: 1} should not be in the set"),
        "{msg}"
    );
}
