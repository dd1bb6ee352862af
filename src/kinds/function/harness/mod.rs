//! Generated harnesses for function answers, one per language, all speaking one wire protocol:
//! the tests arrive as JSON on stdin (`{"nonce", "function", "fail_fast", "tests": [{"i",
//! "args", "cpu_limit", "grace", "wall_limit"}]}`) and the harness writes one JSON line per test
//! (`{"start": i}` before each call, then `{"i", "value" | "error" | "tle" | "mle", "cpu",
//! "wall"}`) with the nonce on fd 3, so that one judge (`function.rs`) serves every language.
//! A class-shaped test's `args` are its calls; its value is the list of their results, and an
//! error from the typed class harnesses carries `"call"`, the index of the call that failed; the
//! C and C++ ones also write `{"start": i, "call": k}` before each call, so that a crash or an
//! endless loop names the call it happened in.
//!
//! - Python and JavaScript: a fixed harness loads the candidate's file as a module.
//! - C++: the candidate's file is included by a generated bridge (its `main` renamed) that calls
//!   the function with arguments of the function's own parameter types; the harness's `main` is
//!   a translation unit of its own.
//! - Java: a generated `GraderHarness` class, compiled with the candidate's file, calls the
//!   method (static, or on an instance made with the no-argument constructor) of the file's
//!   public class through reflection, converting the arguments to its parameter types.
//! - C: like C++, with the conversions generated from the signature, for the subset of types
//!   that maps cleanly onto C (see [`c_type`]).
//! - Rust: the candidate's file is included as a module (its `main` unused) with a generated
//!   call; the harness's `main` sits outside that module.
//! - Classes: Python and JavaScript drive any class by name; Java, C++, Rust and C need the
//!   problem's typed `methods` and get a generated dispatch by method name ([`cpp_class_bridge`],
//!   [`rust_class_harness`], [`c_class_bridge`]; Java's harness drives it by reflection).

use crate::problem::FunctionSig;
use crate::problem::types::ValueType;

mod inline;
mod records;

const PYTHON: &str = include_str!("python.py");
const NODE: &str = include_str!("node.js");
const CPP_JSON: &str = include_str!("cpp_json.hpp");
const CPP_MAIN: &str = include_str!("cpp_main.cpp");
const RUST_RUNTIME: &str = include_str!("rust_runtime.rs");
const JAVA: &str = include_str!("GraderHarness.java");
const C_JSON: &str = include_str!("c_json.h");
const C_MAIN: &str = include_str!("c_main.c");

/// The function's name in a language's convention: `longest_substring` in Python, Rust and C,
/// `longestSubstring` in JavaScript, Java and C++.
pub fn function_name(lang_id: &str, name: &str) -> String {
    match lang_id {
        "javascript" | "java" | "cpp" => camel_case(name),
        _ => name.to_string(),
    }
}

fn camel_case(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The class (Java) or struct (C++, Rust) of each record of `sig`, in the order met: its name and
/// what it stands for (its `[types]` name, or the record as written inline, its own records by
/// their class names).
pub fn record_classes(sig: &FunctionSig) -> Vec<(String, String)> {
    records::met(&inline::name_records(sig))
        .into_iter()
        .map(|(name, fields)| {
            let class = records::pascal(&name);
            let shown = if class == name {
                ValueType::Record(fields).to_string()
            } else {
                name
            };
            (class, shown)
        })
        .collect()
}

/// The files of a language's harness for `sig`, given the candidate's file name in the build
/// folder and its source; `Err` says why this language cannot take this function.
pub fn files(
    lang_id: &str,
    sig: &FunctionSig,
    file_name: &str,
    source: &str,
) -> Result<Vec<(String, String)>, String> {
    let mut name = function_name(lang_id, &sig.name);
    // LeetCode's shape: the function is a member of `class Solution` (C++) or `impl Solution`
    // (Rust); it is called on a default-constructed Solution, or as an associated function.
    let leetcode = match lang_id {
        "cpp" => regex::Regex::new(r"\b(class|struct)\s+Solution\b").ok(),
        "rust" => regex::Regex::new(r"\bimpl\s+Solution\b").ok(),
        _ => None,
    };
    if leetcode.is_some_and(|re| re.is_match(source)) {
        name = format!("Solution::{name}");
    }
    let typed_class = sig.class && !matches!(lang_id, "python3" | "javascript");
    if typed_class && sig.methods.is_empty() {
        return Err(format!(
            "this class-shaped problem declares no typed `methods`, so it takes Python and JavaScript answers only; `{}` is a class to write in one of them",
            sig.name
        ));
    }
    if !sig.drivers.is_empty() && !sig.drivers.contains_key(lang_id) {
        let langs: Vec<&str> = sig
            .drivers
            .keys()
            .map(|l| match l.as_str() {
                "python3" => "Python",
                "javascript" => "JavaScript",
                other => other,
            })
            .collect();
        return Err(format!(
            "this problem's tests are driven by a harness of its own, written for {} only; answer in {}",
            langs.join(" and "),
            if langs.len() == 1 {
                "that language"
            } else {
                "one of them"
            }
        ));
    }
    // Java, C++ and Rust need a class name for each record: those written inline get one.
    let named;
    let sig = if matches!(lang_id, "java" | "cpp" | "rust") {
        named = inline::name_records(sig);
        &named
    } else {
        sig
    };
    let arity = sig.params.len();
    let file = |n: &str, text: String| (n.to_string(), text);
    if typed_class {
        return Ok(match lang_id {
            "cpp" => vec![
                file("grader_json.hpp", CPP_JSON.to_string()),
                file("grader_harness.cpp", CPP_MAIN.to_string()),
                file(
                    "grader_bridge.cpp",
                    cpp_nodes(sig) + &cpp_records(sig, cpp_class_bridge(sig, file_name)),
                ),
            ],
            "rust" => vec![file(
                "grader_harness.rs",
                rust_nodes(sig, rust_class_harness(sig, file_name)),
            )],
            "java" => {
                let file_class = file_name.strip_suffix(".java").unwrap_or(file_name);
                vec![file(
                    "GraderHarness.java",
                    JAVA.replace("__CLASS__", &sig.name)
                        .replace("__FILE_CLASS__", file_class)
                        .replace("__METHOD__", "")
                        .replace("__ARITY__", &arity.to_string())
                        + &java_nodes(sig)
                        + &records::java(sig),
                )]
            }
            "c" => vec![
                file("grader_json.h", C_JSON.to_string()),
                file("grader_harness.c", C_MAIN.to_string()),
                file("grader_bridge.c", c_class_bridge(sig, file_name)?),
            ],
            _ => {
                return Err(format!(
                    "class answers in `{lang_id}` are not supported; write the class in Python, JavaScript, Java, C++, Rust or C"
                ));
            }
        });
    }
    Ok(match lang_id {
        "python3" | "javascript" => {
            let (harness, driver_name) = if lang_id == "python3" {
                (
                    file("grader_harness.py", PYTHON.to_string()),
                    "grader_driver.py",
                )
            } else {
                (
                    file("grader_harness.js", NODE.to_string()),
                    "grader_driver.js",
                )
            };
            let mut v = vec![harness];
            if let Some(driver) = sig.drivers.get(lang_id) {
                let text = std::fs::read_to_string(driver)
                    .map_err(|e| format!("cannot read the problem's harness: {e}"))?;
                v.push(file(driver_name, text));
            }
            v
        }
        "cpp" => vec![
            file("grader_json.hpp", CPP_JSON.to_string()),
            file("grader_harness.cpp", CPP_MAIN.to_string()),
            file(
                "grader_bridge.cpp",
                cpp_nodes(sig) + &cpp_records(sig, cpp_bridge(&name, arity, file_name)),
            ),
        ],
        "rust" => vec![file(
            "grader_harness.rs",
            rust_nodes(sig, rust_harness(&name, arity, file_name)),
        )],
        "java" => {
            // The candidate's file is `{class}.java`: the class whose method is called.
            let class = file_name.strip_suffix(".java").unwrap_or(file_name);
            vec![file(
                "GraderHarness.java",
                JAVA.replace("__CLASS__", class)
                    .replace("__FILE_CLASS__", class)
                    .replace("__METHOD__", &name)
                    .replace("__ARITY__", &arity.to_string())
                    + &java_nodes(sig)
                    + &records::java(sig),
            )]
        }
        "c" => vec![
            file("grader_json.h", C_JSON.to_string()),
            file("grader_harness.c", C_MAIN.to_string()),
            file("grader_bridge.c", c_bridge(&name, sig, file_name)?),
        ],
        _ => {
            return Err(format!(
                "function answers in `{lang_id}` are not supported yet; write the function in Python, JavaScript, Java, C++, Rust or C"
            ));
        }
    })
}

/// The defines that give a C++ answer LeetCode's `ListNode` and `Node` when the signature uses
/// them.
fn cpp_nodes(sig: &FunctionSig) -> String {
    let mut out = String::new();
    if super::typed::uses(sig, &|t| matches!(t, ValueType::ListNode)) {
        out.push_str("#define GRADER_LIST_NODE\n");
    }
    if super::typed::uses(sig, &|t| matches!(t, ValueType::Graph)) {
        out.push_str("#define GRADER_GRAPH_NODE\n");
    }
    out
}

const JAVA_LIST_NODE: &str = r#"
// LeetCode's ListNode, compiled with the answer (the signature uses list_node).
class ListNode {
    int val;
    ListNode next;
    ListNode() {}
    ListNode(int val) { this.val = val; }
    ListNode(int val, ListNode next) { this.val = val; this.next = next; }

    static Object graderBuild(Object v) {
        ListNode head = null;
        java.util.List<?> items = v == null ? java.util.List.of() : (java.util.List<?>) v;
        for (int k = items.size() - 1; k >= 0; k--) head = new ListNode(((Number) items.get(k)).intValue(), head);
        return head;
    }

    static Object graderRead(Object v) {
        java.util.List<Object> vals = new java.util.ArrayList<>();
        java.util.Set<ListNode> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (ListNode n = (ListNode) v; n != null; n = n.next) {
            if (!seen.add(n)) {
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("__unencodable__", "ListNode");
                m.put("repr", "a cycle: node " + (vals.size() + 1) + " (val " + n.val + ") links back to an earlier node");
                return m;
            }
            vals.add((long) n.val);
        }
        return vals;
    }
}
"#;

const JAVA_GRAPH_NODE: &str = r#"
// LeetCode's clone-graph Node, compiled with the answer (the signature uses graph).
class Node {
    public int val;
    public java.util.List<Node> neighbors;
    public Node() { val = 0; neighbors = new java.util.ArrayList<Node>(); }
    public Node(int _val) { val = _val; neighbors = new java.util.ArrayList<Node>(); }
    public Node(int _val, java.util.ArrayList<Node> _neighbors) { val = _val; neighbors = _neighbors; }

    static Object graderBuild(Object v) {
        java.util.List<?> rows = v == null ? java.util.List.of() : (java.util.List<?>) v;
        java.util.List<Node> nodes = new java.util.ArrayList<>();
        for (int k = 0; k < rows.size(); k++) nodes.add(new Node(k + 1));
        for (int k = 0; k < rows.size(); k++)
            for (Object j : (java.util.List<?>) rows.get(k)) nodes.get(k).neighbors.add(nodes.get(((Number) j).intValue() - 1));
        return nodes.isEmpty() ? null : nodes.get(0);
    }

    static Object graderRead(Object v) {
        java.util.List<Object> out = new java.util.ArrayList<>();
        if (v == null) return out;
        java.util.Set<Node> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>();
        java.util.List<Node> order = new java.util.ArrayList<>();
        seen.add((Node) v);
        todo.push((Node) v);
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            order.add(n);
            for (Node nb : n.neighbors) if (nb != null && seen.add(nb)) todo.push(nb);
        }
        java.util.Map<Integer, Node> byVal = new java.util.TreeMap<>();
        for (Node n : order) byVal.put(n.val, n);
        int size = order.size();
        if (byVal.size() != size || !byVal.containsKey(1) || !byVal.containsKey(size)) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("__unencodable__", "graph");
            m.put("repr", "nodes not valued 1.." + size + " once each");
            return m;
        }
        for (Node n : byVal.values()) {
            java.util.List<Object> row = new java.util.ArrayList<>();
            for (Node nb : n.neighbors) row.add(nb == null ? null : (Object) (long) nb.val);
            out.add(row);
        }
        return out;
    }
}
"#;

/// LeetCode's node classes appended to the Java harness when the signature uses them.
fn java_nodes(sig: &FunctionSig) -> String {
    let mut out = String::new();
    if super::typed::uses(sig, &|t| matches!(t, ValueType::ListNode)) {
        out.push_str(JAVA_LIST_NODE);
    }
    if super::typed::uses(sig, &|t| matches!(t, ValueType::Graph)) {
        out.push_str(JAVA_GRAPH_NODE);
    }
    out
}

/// A Rust harness whose candidate module sees LeetCode's `ListNode` when the signature uses it
/// (a glob import: a definition of the answer's own would shadow it).
fn rust_nodes(sig: &FunctionSig, harness: String) -> String {
    let mut prelude = String::new();
    if super::typed::uses(sig, &|t| {
        matches!(t, ValueType::ListNode | ValueType::Graph)
    }) {
        prelude.push_str("#[allow(unused_imports)]\nuse super::grader_nodes::*;\n");
    }
    if super::typed::uses(sig, &dynamic) {
        prelude.push_str("#[allow(unused_imports)]\nuse super::grader_value::*;\n");
    }
    if super::typed::uses(sig, &|t| matches!(t, ValueType::Graph)) {
        prelude.push_str("#[allow(unused_imports)]\nuse std::{cell::RefCell, rc::Rc};\n");
    }
    let has_records = !records::named(sig).is_empty();
    if has_records {
        prelude.push_str("#[allow(unused_imports)]\nuse super::grader_records::*;\n");
    }
    let harness = harness.replacen("include!(", &format!("{prelude}include!("), 1);
    if has_records {
        harness + &records::rust(sig)
    } else {
        harness
    }
}

/// A C++ bridge with the signature's record structs defined before the answer's file.
fn cpp_records(sig: &FunctionSig, bridge: String) -> String {
    let defs = records::cpp(sig);
    if defs.is_empty() {
        return bridge;
    }
    bridge.replacen(
        "#define main grader_candidate_main",
        &format!("{defs}#define main grader_candidate_main"),
        1,
    )
}

fn cpp_bridge(name: &str, arity: usize, file_name: &str) -> String {
    format!(
        "// generated by grader: the candidate's file with its main renamed, and the call of its function\n\
         #include \"grader_json.hpp\"\n\
         #define main grader_candidate_main\n\
         #include \"{file_name}\"\n\
         #undef main\n\
         void grader_json::call(const grader_json::V& args, std::string& out) {{\n    \
         grader_json::invoke<{arity}>(&{name}, args, out);\n\
         }}\n"
    )
}

/// How a value type is passed to C, or `None` outside the C subset: `int` is `long long`,
/// `float` `double`, `bool` `bool`, `string` a NUL-terminated UTF-8 `char*`, and a list of those a
/// pointer plus an `int` length (a returned list gives its length through a last `int*`
/// parameter). A `map<string,T>` of those is its keys (`char**`), its values (`T*`) and an `int`
/// size, in the test's order; a returned map returns its keys and gives its values through a
/// `T**` and its size through an `int*`, the two last parameters. An `optional<string>` is a
/// `char*` that is NULL for null. The type given is the pointer the function takes or returns
/// (for a map, the keys).
pub fn c_type(ty: &ValueType) -> Option<&'static str> {
    Some(match ty {
        ValueType::Int => "long long",
        ValueType::Float => "double",
        ValueType::Bool => "bool",
        ValueType::String => "char*",
        // NULL is null, both ways.
        ValueType::Optional(inner) if **inner == ValueType::String => "char*",
        ValueType::List(inner) => match **inner {
            ValueType::Int => "long long*",
            ValueType::Float => "double*",
            ValueType::Bool => "bool*",
            ValueType::String => "char**",
            _ => return None,
        },
        ValueType::Map(inner) => {
            c_type(&ValueType::List(inner.clone()))?;
            "char**"
        }
        _ => return None,
    })
}

/// The JSON-value expression of one scalar of type `ty` read from the tree node `v`.
fn c_scalar(ty: &ValueType, v: &str) -> String {
    match ty {
        ValueType::Int => format!("({v}).i"),
        ValueType::Float => format!("grader_float(&({v}))"),
        ValueType::Bool => format!("({v}).b"),
        _ => format!("({v}).s"),
    }
}

fn c_put(ty: &ValueType, x: &str) -> String {
    match ty {
        ValueType::Int => format!("grader_put_int(out, {x});"),
        ValueType::Float => format!("grader_put_float(out, {x});"),
        ValueType::Bool => format!("grader_put_bool(out, {x});"),
        _ => format!("grader_put_string(out, {x});"),
    }
}

/// Whether the typed harnesses (Java, C++, Rust) give values of `ty` as their dynamic JSON
/// value (Java's `Object`, C++'s `Json`, Rust's `Json`): `any`, a union, a name that is no
/// record. The candidate may declare a non-recursive name's own type instead (the harnesses
/// convert to the parameter's declared type).
pub fn dynamic(ty: &ValueType) -> bool {
    match ty {
        ValueType::Any | ValueType::Union(_) => true,
        ValueType::Alias(a) => !matches!(a.target(), ValueType::Record(_)),
        _ => false,
    }
}

/// The first type of `types` outside the C subset, as the error that refuses the answer.
fn c_refuse<'a>(mut types: impl Iterator<Item = &'a ValueType>) -> Result<(), String> {
    match types.find(|t| c_type(t).is_none()) {
        Some(t) => Err(format!(
            "function answers in C take only int, float, bool, string, and lists and maps of those; this problem's signature has {t} (write the function in another language)"
        )),
        None => Ok(()),
    }
}

/// Declarations converting each parameter from the JSON node `node(i)` (into `body`), and the
/// C arguments they give (into `call_args`).
fn c_convert(
    params: &[(String, ValueType)],
    node: &dyn Fn(usize) -> String,
    body: &mut String,
    call_args: &mut Vec<String>,
) {
    for (i, (_, ty)) in params.iter().enumerate() {
        let node = node(i);
        match ty {
            ValueType::List(inner) => {
                let ctype = c_type(ty).unwrap_or("void*");
                let elem = ctype.strip_suffix('*').unwrap_or("void*");
                let item = c_scalar(inner, &format!("v{i}->items[k]"));
                body.push_str(&format!("    const grader_value* v{i} = &{node};\n"));
                body.push_str(&format!(
                    "    {ctype} a{i} = ({ctype})malloc((v{i}->n + 1) * sizeof({elem}));\n"
                ));
                body.push_str(&format!(
                    "    for (size_t k = 0; k < v{i}->n; k++) a{i}[k] = {item};\n"
                ));
                call_args.push(format!("a{i}"));
                call_args.push(format!("(int)v{i}->n"));
            }
            ValueType::Map(inner) => {
                let vtype = c_type(&ValueType::List(inner.clone())).unwrap_or("void*");
                let elem = vtype.strip_suffix('*').unwrap_or("void*");
                let item = c_scalar(inner, &format!("v{i}->items[k]"));
                body.push_str(&format!("    const grader_value* v{i} = &{node};\n"));
                body.push_str(&format!(
                    "    char** m{i} = (char**)malloc((v{i}->n + 1) * sizeof(char*));\n"
                ));
                body.push_str(&format!(
                    "    {vtype} a{i} = ({vtype})malloc((v{i}->n + 1) * sizeof({elem}));\n"
                ));
                body.push_str(&format!(
                    "    for (size_t k = 0; k < v{i}->n; k++) {{\n        m{i}[k] = v{i}->keys[k];\n        a{i}[k] = {item};\n    }}\n"
                ));
                call_args.push(format!("m{i}"));
                call_args.push(format!("a{i}"));
                call_args.push(format!("(int)v{i}->n"));
            }
            _ => call_args.push(c_scalar(ty, &node)),
        }
    }
}

/// The call of `name` with `call_args` and the JSON writing of what it returns (`None`: it
/// returns nothing, written as null).
fn c_call(name: &str, mut call_args: Vec<String>, returns: Option<&ValueType>, body: &mut String) {
    match returns {
        None => {
            body.push_str(&format!("    {name}({});\n", call_args.join(", ")));
            body.push_str("    grader_puts(out, \"null\");\n");
        }
        Some(ValueType::List(inner)) => {
            let ret = c_type(&ValueType::List(inner.clone())).unwrap_or("void*");
            call_args.push("&grader_n".into());
            let put = c_put(inner, "r[k]");
            body.push_str("    int grader_n = 0;\n");
            body.push_str(&format!(
                "    {ret} r = {name}({});\n",
                call_args.join(", ")
            ));
            body.push_str(concat!(
                "    if (!r && grader_n > 0) {\n",
                "        grader_puts(out, \"null\");\n",
                "        return;\n",
                "    }\n",
                "    grader_puts(out, \"[\");\n",
                "    for (int k = 0; k < grader_n; k++) {\n",
                "        if (k > 0) grader_puts(out, \",\");\n",
            ));
            body.push_str(&format!(
                "        {put}\n    }}\n    grader_puts(out, \"]\");\n"
            ));
        }
        Some(ValueType::Map(inner)) => {
            let vtype = c_type(&ValueType::List(inner.clone())).unwrap_or("void*");
            call_args.push("&grader_values".into());
            call_args.push("&grader_n".into());
            let put = c_put(inner, "grader_values[k]");
            body.push_str(&format!(
                "    {vtype} grader_values = NULL;\n    int grader_n = 0;\n"
            ));
            body.push_str(&format!(
                "    char** r = {name}({});\n",
                call_args.join(", ")
            ));
            body.push_str(concat!(
                "    if ((!r || !grader_values) && grader_n > 0) {\n",
                "        grader_puts(out, \"null\");\n",
                "        return;\n",
                "    }\n",
                "    grader_puts(out, \"{\");\n",
                "    for (int k = 0; k < grader_n; k++) {\n",
                "        if (k > 0) grader_puts(out, \",\");\n",
                "        grader_put_string(out, r[k]);\n",
                "        grader_puts(out, \":\");\n",
            ));
            body.push_str(&format!(
                "        {put}\n    }}\n    grader_puts(out, \"}}\");\n"
            ));
        }
        Some(other) => {
            let ret = c_type(other).unwrap_or("void*");
            let put = c_put(other, "r");
            body.push_str(&format!(
                "    {ret} r = {name}({});\n",
                call_args.join(", ")
            ));
            body.push_str(&format!("    {put}\n"));
        }
    }
}

fn c_bridge(name: &str, sig: &FunctionSig, file_name: &str) -> Result<String, String> {
    c_refuse(sig.types())?;
    let mut body = String::new();
    let mut call_args = Vec::new();
    c_convert(
        &sig.params,
        &|i| format!("args->items[{i}]"),
        &mut body,
        &mut call_args,
    );
    c_call(name, call_args, Some(&sig.returns), &mut body);
    Ok(format!(
        "/* generated by grader: the candidate's file with its main renamed, and the call of its function */\n\
         #include \"grader_json.h\"\n\
         #define main grader_candidate_main\n\
         #include \"{file_name}\"\n\
         #undef main\n\
         void grader_call(const grader_value* args, grader_buf* out) {{\n{body}}}\n"
    ))
}

/// A class's C functions, LeetCode's convention: `LRUCache` gives `lRUCacheCreate`,
/// `lRUCacheGet` and `lRUCacheFree`; `mark_down` of `RoundRobin` gives `roundRobinMarkDown`.
pub fn c_class_function(class: &str, method: &str) -> String {
    let mut chars = class.chars();
    let lower: String = chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default();
    let camel = camel_case(method);
    let mut m = camel.chars();
    let pascal: String = m
        .next()
        .map(|c| c.to_uppercase().chain(m).collect())
        .unwrap_or_default();
    format!("{lower}{pascal}")
}

/// The C bridge of a class: the object made by `xCreate`, each call on it by name, `xFree` at
/// the end. Before each call `grader_at_call` tells the grader which one runs, so that a crash
/// or an endless loop (the process's verdict for that test) still names it.
fn c_class_bridge(sig: &FunctionSig, file_name: &str) -> Result<String, String> {
    c_refuse(sig.types())?;
    let class = &sig.name;
    let mut body = String::new();
    let mut args = Vec::new();
    c_convert(
        &sig.params,
        &|i| format!("c0->items[{}]", i + 1),
        &mut body,
        &mut args,
    );
    let create = c_class_function(class, "create");
    let free = c_class_function(class, "free");
    let mut out = format!(
        "/* generated by grader: the candidate's file with its main renamed, and the calls of its class */\n\
         #include \"grader_json.h\"\n\
         #define main grader_candidate_main\n\
         #include \"{file_name}\"\n\
         #undef main\n\n"
    );
    for m in &sig.methods {
        let mut body = String::new();
        let mut call_args = vec!["obj".to_string()];
        c_convert(
            &m.params,
            &|i| format!("c->items[{}]", i + 1),
            &mut body,
            &mut call_args,
        );
        c_call(
            &c_class_function(class, &m.name),
            call_args,
            m.returns.as_ref(),
            &mut body,
        );
        out.push_str(&format!(
            "static void grader_method_{}({class}* obj, const grader_value* c, grader_buf* out) {{\n{body}}}\n\n",
            m.name
        ));
    }
    out.push_str(&format!(
        "void grader_call(const grader_value* calls, grader_buf* out) {{\n    \
         grader_at_call(0);\n    \
         const grader_value* c0 = &calls->items[0];\n{body}    \
         {class}* obj = {create}({});\n    \
         grader_puts(out, \"[null\");\n    \
         for (size_t grader_k = 1; grader_k < calls->n; grader_k++) {{\n        \
         grader_at_call((long long)grader_k);\n        \
         const grader_value* c = &calls->items[grader_k];\n        \
         grader_puts(out, \",\");\n",
        args.join(", ")
    ));
    for (i, m) in sig.methods.iter().enumerate() {
        let kw = if i == 0 { "if" } else { "else if" };
        out.push_str(&format!(
            "        {kw} (strcmp(c->items[0].s, \"{0}\") == 0) grader_method_{0}(obj, c, out);\n",
            m.name
        ));
    }
    out.push_str(&format!(
        "    }}\n    grader_at_call((long long)calls->n);\n    {free}(obj);\n    grader_at_call(-1);\n    grader_puts(out, \"]\");\n}}\n"
    ));
    Ok(out)
}

/// A value type as C++ spells it, for a constructor's parameters (methods' are deduced).
fn cpp_type(ty: &ValueType) -> String {
    match ty {
        ValueType::Int => "long long".into(),
        ValueType::Float => "double".into(),
        ValueType::Bool => "bool".into(),
        ValueType::String => "std::string".into(),
        ValueType::Any | ValueType::Union(_) => "Json".into(),
        ValueType::List(t) | ValueType::Iter(t) => format!("std::vector<{}>", cpp_type(t)),
        ValueType::Set(t) => format!("std::set<{}>", cpp_type(t)),
        ValueType::KeyMap(k, t) => format!("std::map<{}, {}>", cpp_type(k), cpp_type(t)),
        ValueType::ListNode => "ListNode*".into(),
        ValueType::Graph => "Node*".into(),
        ValueType::Alias(a) if !dynamic(ty) => records::pascal(&a.name),
        ValueType::Alias(_) | ValueType::Record(_) => "Json".into(),
        ValueType::Map(t) => format!("std::map<std::string, {}>", cpp_type(t)),
        ValueType::Optional(t) => format!("std::optional<{}>", cpp_type(t)),
        ValueType::Tuple(ts) => format!(
            "std::tuple<{}>",
            ts.iter().map(cpp_type).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// The C++ bridge of a class: the object constructed from the first call's arguments, then
/// each method called through a member pointer (its parameter types deduced).
fn cpp_class_bridge(sig: &FunctionSig, file_name: &str) -> String {
    let class = &sig.name;
    let ctor: Vec<String> = sig
        .params
        .iter()
        .enumerate()
        .map(|(i, (_, t))| format!("grader_json::from<{}>(c0.a.at({}))", cpp_type(t), i + 1))
        .collect();
    let mut dispatch = String::new();
    for (i, m) in sig.methods.iter().enumerate() {
        let kw = if i == 0 { "if" } else { "else if" };
        dispatch.push_str(&format!(
            "        {kw} (m == \"{}\") grader_json::call_method<{}>(*obj, &{class}::{}, c, out);\n",
            m.name,
            m.params.len(),
            camel_case(&m.name)
        ));
    }
    format!(
        "// generated by grader: the candidate's file with its main renamed, and the calls of its class\n\
         #include \"grader_json.hpp\"\n\
         #include <memory>\n\
         #define main grader_candidate_main\n\
         #include \"{file_name}\"\n\
         #undef main\n\
         void grader_json::call(const grader_json::V& calls, std::string& out) {{\n    \
         grader_json::at_call(0);\n    \
         const grader_json::V& c0 = calls.a.at(0);\n    \
         std::unique_ptr<{class}> obj(new {class}({}));\n    \
         out += \"[null\";\n    \
         for (size_t k = 1; k < calls.a.size(); k++) {{\n        \
         grader_json::at_call((long long)k);\n        \
         const grader_json::V& c = calls.a[k];\n        \
         const std::string& m = c.a.at(0).s;\n        \
         out += ',';\n{dispatch}    \
         }}\n    \
         grader_json::at_call((long long)calls.a.size());\n    \
         obj.reset();\n    \
         grader_json::at_call(-1);\n    \
         out += ']';\n\
         }}\n",
        ctor.join(", ")
    )
}

/// The Rust harness of a class: `Class::new(...)` from the first call, then each method by name,
/// its arguments converted to its own parameter types.
fn rust_class_harness(sig: &FunctionSig, file_name: &str) -> String {
    let class = &sig.name;
    let args = |n: usize| -> String {
        (0..n)
            .map(|i| format!("super::grader_json::arg(c, {})", i + 1))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut dispatch = String::new();
    for m in &sig.methods {
        dispatch.push_str(&format!(
            "            \"{0}\" => super::grader_json::ToJson::to_json(&obj.{0}({1}), &mut out),\n",
            m.name,
            args(m.params.len())
        ));
    }
    format!(
        "// generated by grader: the candidate's file as a module of its own (its main unused), the\n\
         // calls of its class, then the harness.\n\
         #[allow(dead_code)]\n\
         mod candidate {{\n\
         include!(\"{file_name}\");\n\
         #[allow(unused_mut, clippy::let_unit_value)]\n\
         pub fn grader_call(calls: &super::grader_json::V) -> String {{\n    \
         let items = calls.items();\n    \
         super::grader_json::set_call(0);\n    \
         let c = &items[0];\n    \
         let mut obj = {class}::new({});\n    \
         let mut out = String::from(\"[null\");\n    \
         for (k, c) in items.iter().enumerate().skip(1) {{\n        \
         super::grader_json::set_call(k as i64);\n        \
         out.push(',');\n        \
         match super::grader_json::method(c) {{\n{dispatch}            \
         other => panic!(\"no method `{{other}}`\"),\n        \
         }}\n    \
         }}\n    \
         super::grader_json::set_call(items.len() as i64);\n    \
         drop(obj);\n    \
         super::grader_json::set_call(-1);\n    \
         out.push(']');\n    \
         out\n\
         }}\n\
         }}\n\
         use candidate::grader_call;\n\n{RUST_RUNTIME}",
        args(sig.params.len())
    )
}

fn rust_harness(name: &str, arity: usize, file_name: &str) -> String {
    let args: Vec<String> = (0..arity)
        .map(|i| format!("super::grader_json::arg(args, {i})"))
        .collect();
    format!(
        "// generated by grader: the candidate's file as a module of its own (its main unused), the\n\
         // call of its function, then the harness.\n\
         #[allow(dead_code)]\n\
         mod candidate {{\n\
         include!(\"{file_name}\");\n\
         pub fn grader_call(args: &super::grader_json::V) -> String {{\n    \
         let mut out = String::new();\n    \
         super::grader_json::ToJson::to_json(&{name}({}), &mut out);\n    \
         out\n\
         }}\n\
         }}\n\
         use candidate::grader_call;\n\n{RUST_RUNTIME}",
        args.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_each_language() {
        assert_eq!(
            function_name("javascript", "longest_substring"),
            "longestSubstring"
        );
        assert_eq!(function_name("cpp", "two_sum_ii"), "twoSumIi");
        assert_eq!(
            function_name("rust", "longest_substring"),
            "longest_substring"
        );
        assert_eq!(function_name("java", "_private"), "private");
    }

    fn sig(params: &[&str], returns: &str) -> FunctionSig {
        let params = params
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("p{i}"), t.parse().unwrap()))
            .collect();
        FunctionSig::plain("f", params, returns.parse().unwrap())
    }

    #[test]
    fn c_takes_only_its_subset() {
        let ok = files(
            "c",
            &sig(&["list<int>", "string"], "list<string>"),
            "a.c",
            "",
        )
        .unwrap();
        let bridge = &ok.iter().find(|(n, _)| n == "grader_bridge.c").unwrap().1;
        assert!(bridge.contains("#include \"a.c\""), "{bridge}");
        assert!(
            bridge.contains("f(a0, (int)v0->n, (args->items[1]).s, &grader_n)"),
            "{bridge}"
        );
        // A map of scalars: keys, values and size in; keys out, values and size through pointers.
        let ok = files(
            "c",
            &sig(&["map<string,int>"], "map<string,bool>"),
            "a.c",
            "",
        )
        .unwrap();
        let bridge = &ok.iter().find(|(n, _)| n == "grader_bridge.c").unwrap().1;
        assert!(
            bridge.contains("char** r = f(m0, a0, (int)v0->n, &grader_values, &grader_n);"),
            "{bridge}"
        );
        assert!(bridge.contains("bool* grader_values = NULL;"), "{bridge}");
        let err = files("c", &sig(&["map<string,list<int>>"], "int"), "a.c", "").unwrap_err();
        assert!(err.contains("has map<string,list<int>>"), "{err}");
        let err = files("c", &sig(&["optional<int>"], "int"), "a.c", "").unwrap_err();
        assert!(err.contains("has optional<int>"), "{err}");
        assert!(
            files(
                "c",
                &sig(&["optional<string>"], "optional<string>"),
                "a.c",
                ""
            )
            .is_ok()
        );
        // A list of strings is an array of pointers: each item is a pointer's size.
        let ok = files("c", &sig(&["list<string>"], "int"), "a.c", "").unwrap();
        let bridge = &ok.iter().find(|(n, _)| n == "grader_bridge.c").unwrap().1;
        assert!(
            bridge.contains("malloc((v0->n + 1) * sizeof(char*))"),
            "{bridge}"
        );
        let err = files("c", &sig(&["int"], "list<list<int>>"), "a.c", "").unwrap_err();
        assert!(err.contains("has list<list<int>>"), "{err}");
        assert!(files("cpp", &sig(&["map<string,int>"], "int"), "a.cpp", "").is_ok());
    }

    #[test]
    fn typed_languages_take_dynamic_values_and_every_record() {
        for lang in ["java", "cpp", "rust"] {
            let file = format!("a.{lang}");
            assert!(
                files(
                    lang,
                    &sig(&["any", "int | list<int>"], "map<string,any>"),
                    &file,
                    ""
                )
                .is_ok()
            );
            assert!(files(lang, &sig(&["graph"], "graph"), &file, "").is_ok());
            // An inline record is a class named after its parameter.
            let out = files(lang, &sig(&["{x: int}"], "int"), &file, "").unwrap();
            let text: String = out.iter().map(|(_, t)| t.as_str()).collect();
            assert!(
                ["class P0 {", "struct P0 {", "pub struct P0 {"]
                    .iter()
                    .any(|c| text.contains(c)),
                "{lang}: {text}"
            );
        }
        let rust = files("rust", &sig(&["any"], "graph"), "a.rs", "").unwrap();
        let harness = &rust[0].1;
        assert!(harness.contains("use super::grader_value::*;"), "{harness}");
        assert!(
            harness.contains("use std::{cell::RefCell, rc::Rc};"),
            "{harness}"
        );
        assert!(files("c", &sig(&["any"], "int"), "a.c", "").is_err());
    }

    /// The bridge or harness text of `lang` for a signature over `[types]` entries.
    fn generated(lang: &str, types: &[(&str, &str)], param: &str) -> String {
        let aliases = crate::problem::types::Aliases::read(types.iter().copied()).unwrap();
        let mut s = sig(&[], "int");
        s.params = vec![(
            "t".into(),
            crate::problem::types::parse_type(param, &aliases).unwrap(),
        )];
        let out = files(lang, &s, &format!("a.{lang}"), "").unwrap();
        let main = [
            "grader_bridge.cpp",
            "grader_harness.rs",
            "GraderHarness.java",
        ];
        out.into_iter()
            .find(|(n, _)| main.contains(&n.as_str()))
            .unwrap()
            .1
    }

    #[test]
    fn records_holding_themselves_hold_pointers_or_lists() {
        let tree = [
            ("tree", "{val: int, kids: list<tree>}"),
            (
                "bin",
                "{val: int, left: optional<bin>, next: optional<tree>}",
            ),
        ];
        let cpp = generated("cpp", &tree, "tuple<tree, bin>");
        for want in [
            "struct Tree;\nstruct Bin;\n",
            "std::vector<Tree> kids{};",
            "std::shared_ptr<Bin> left{};",
            // A record that does not lead back is held as it is.
            "std::optional<Tree> next{};",
            "template <> struct From<Tree> { static Tree get(const V& v); };",
        ] {
            assert!(cpp.contains(want), "{want}: {cpp}");
        }
        let rust = generated("rust", &tree, "tuple<tree, bin>");
        for want in [
            "pub kids: Vec<Tree>,",
            "pub left: Option<Box<Bin>>,",
            "pub next: Option<Tree>,",
        ] {
            assert!(rust.contains(want), "{want}: {rust}");
        }
        let java = generated("java", &tree, "tuple<tree, bin>");
        assert!(
            java.contains("public java.util.List<Tree> kids;") && java.contains("public Bin left;"),
            "{java}"
        );
        // Two records holding each other: the one held by value is defined first, whatever
        // the order met; the other holds it back through a pointer.
        let pair = [
            ("outer", "{inner: inner, n: int}"),
            ("inner", "{back: optional<outer>}"),
        ];
        let cpp = generated("cpp", &pair, "outer");
        assert!(
            cpp.find("struct Inner {").unwrap() < cpp.find("struct Outer {").unwrap(),
            "{cpp}"
        );
        assert!(cpp.contains("std::shared_ptr<Outer> back{};"), "{cpp}");
        let rust = generated("rust", &pair, "outer");
        assert!(rust.contains("pub back: Option<Box<Outer>>,"), "{rust}");
    }
}
