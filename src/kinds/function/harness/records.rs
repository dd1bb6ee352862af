//! Named records (`person = "{name: string, age: int}"` in `[types]`, and those written inline
//! once [`super::inline`] has named them) as the typed harnesses need them: a class or struct
//! per name, in PascalCase (`Person`), with a field per record field as written, and its
//! conversion from and to JSON (Java by reflection on the class, C++ and Rust generated).
//! Records may hold themselves and each other: through a list, set or map as they are, through
//! an `optional` as a pointer in C++ (`std::shared_ptr`) and Rust (`Option<Box<..>>`), a plain
//! reference in Java.

use crate::problem::FunctionSig;
use crate::problem::types::ValueType;

/// A record's class name: `person` is `Person`, `point_3d` `Point3d`.
pub fn pascal(name: &str) -> String {
    name.split('_')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// The named records the signature uses, each once, a record after those it holds by value (C++
/// defines them in this order; those it holds through a container or a pointer may come later).
pub fn named(sig: &FunctionSig) -> Vec<(String, Vec<(String, ValueType)>)> {
    let mut todo = met(sig);
    let mut out: Vec<(String, Vec<(String, ValueType)>)> = Vec::new();
    while !todo.is_empty() {
        let ready = todo
            .iter()
            .position(|(name, fields)| {
                let mut held = Vec::new();
                for (_, t) in fields {
                    by_value(t, name, &mut held);
                }
                held.iter().all(|h| out.iter().any(|(n, _)| n == h))
            })
            // Records held by value cannot hold each other back (`[types]` refuses that).
            .unwrap_or(0);
        out.push(todo.remove(ready));
    }
    out
}

/// The records a field of record `owner` of type `ty` holds by value (C++ needs them complete):
/// not inside a container, nor a pointer ([`boxed`]), nor a dynamic value.
fn by_value(ty: &ValueType, owner: &str, out: &mut Vec<String>) {
    match ty {
        ValueType::Alias(a) if matches!(a.target(), ValueType::Record(_)) => {
            out.push(a.name.clone());
        }
        ValueType::Optional(t) if !boxed(owner, t) => by_value(t, owner, out),
        ValueType::Tuple(ts) => ts.iter().for_each(|t| by_value(t, owner, out)),
        _ => {}
    }
}

/// Whether an `optional<inner>` field of record `owner` is a pointer (C++ `std::shared_ptr`,
/// Rust `Option<Box<..>>`): when `inner` leads back to `owner` outside a container, a value of
/// it would hold itself.
fn boxed(owner: &str, inner: &ValueType) -> bool {
    let leads_back = || inner.uses(&|t| matches!(t, ValueType::Alias(a) if a.name == owner));
    match inner {
        ValueType::Alias(a) => matches!(a.target(), ValueType::Record(_)) && leads_back(),
        ValueType::Tuple(_) | ValueType::Optional(_) => leads_back(),
        _ => false,
    }
}

/// Whether values of `ty` can be kept in a set: ordered (C++'s `std::set`, `hash` false) or
/// hashed (Rust's `HashSet`, `hash` true: no float, and no hash set or map inside). `seen`: the
/// records being looked at (a record holding itself is as orderable as its other fields).
fn orderable(ty: &ValueType, hash: bool, seen: &mut Vec<String>) -> bool {
    match ty {
        ValueType::Int | ValueType::Bool | ValueType::String => true,
        ValueType::Float => !hash,
        ValueType::List(t) | ValueType::Iter(t) | ValueType::Optional(t) => {
            orderable(t, hash, seen)
        }
        ValueType::Set(t) | ValueType::Map(t) => !hash && orderable(t, hash, seen),
        ValueType::KeyMap(k, t) => !hash && orderable(k, hash, seen) && orderable(t, hash, seen),
        ValueType::Tuple(ts) => ts.iter().all(|t| orderable(t, hash, seen)),
        ValueType::Alias(a) => match a.target() {
            ValueType::Record(fields) => {
                if seen.contains(&a.name) {
                    return true;
                }
                seen.push(a.name.clone());
                fields.iter().all(|(_, t)| orderable(t, hash, seen))
            }
            _ => false,
        },
        _ => false,
    }
}

/// The named records the signature uses, each once, in the order met.
pub(super) fn met(sig: &FunctionSig) -> Vec<(String, Vec<(String, ValueType)>)> {
    let mut out: Vec<(String, Vec<(String, ValueType)>)> = Vec::new();
    for t in sig.types() {
        t.visit(&mut |t| {
            if let ValueType::Alias(a) = t
                && let ValueType::Record(fields) = a.target()
                && !out.iter().any(|(n, _)| *n == a.name)
            {
                out.push((a.name.clone(), fields.clone()));
            }
        });
    }
    out
}

/// A type as a C++ record's field: an optional that leads back to the record is a
/// `std::shared_ptr` (null when absent).
fn cpp_field(ty: &ValueType, owner: &str) -> String {
    match ty {
        ValueType::Optional(t) if boxed(owner, t) => {
            format!("std::shared_ptr<{}>", super::cpp_type(t))
        }
        ValueType::Optional(t) => format!("std::optional<{}>", cpp_field(t, owner)),
        ValueType::Tuple(ts) => format!(
            "std::tuple<{}>",
            ts.iter()
                .map(|t| cpp_field(t, owner))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => super::cpp_type(ty),
    }
}

/// The C++ structs of the signature's records, with their `From` and `put`, for the bridge
/// (after the JSON header, before the answer's file): every struct, `From` and `put` declared
/// first, so that records may hold each other.
pub fn cpp(sig: &FunctionSig) -> String {
    let records = named(sig);
    if records.is_empty() {
        return String::new();
    }
    let classes: Vec<String> = records.iter().map(|(n, _)| pascal(n)).collect();
    let mut out = String::new();
    for class in &classes {
        out.push_str(&format!(
            "struct {class};
"
        ));
    }
    for ((name, fields), class) in records.iter().zip(&classes) {
        out.push_str(&format!(
            "struct {class} {{
"
        ));
        for (f, t) in fields {
            out.push_str(&format!(
                "    {} {f}{{}};
",
                cpp_field(t, name)
            ));
        }
        // Ordered field by field, so that a `set` of it is a `std::set`.
        if fields
            .iter()
            .all(|(_, t)| orderable(t, false, &mut vec![name.clone()]))
        {
            let tie = |p: &str| {
                fields
                    .iter()
                    .map(|(f, _)| format!("{p}{f}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            out.push_str(&format!(
                "    bool operator<(const {class}& o) const {{ return std::tie({}) < std::tie({}); }}\n",
                tie(""),
                tie("o.")
            ));
        }
        out.push_str(
            "};
",
        );
    }
    out.push_str(
        "namespace grader_json {
",
    );
    for class in &classes {
        out.push_str(&format!(
            "template <> struct From<{class}> {{ static {class} get(const V& v); }};
"
        ));
    }
    out.push_str(
        "}  // namespace grader_json
",
    );
    // Found by argument-dependent lookup from the harness's templates.
    for class in &classes {
        out.push_str(&format!(
            "void put(std::string& out, const {class}& r);
"
        ));
    }
    for ((name, fields), class) in records.iter().zip(&classes) {
        out.push_str(&format!(
            "inline {class} grader_json::From<{class}>::get(const V& v) {{
    {class} r;
    static const V none;
"
        ));
        for (f, t) in fields {
            out.push_str(&format!(
                "    {{ const V* x = v.get(\"{f}\"); r.{f} = from<{}>(x ? *x : none); }}\n",
                cpp_field(t, name)
            ));
        }
        out.push_str("    return r;\n}\n");
        out.push_str(&format!(
            "inline void put(std::string& out, const {class}& r) {{\n    out += '{{';\n"
        ));
        for (i, (f, _)) in fields.iter().enumerate() {
            let comma = if i > 0 { "," } else { "" };
            // Unqualified, so that argument-dependent lookup finds a held record's `put`.
            out.push_str(&format!(
                "    out += \"{comma}\\\"{f}\\\":\";\n    {{ using grader_json::put; put(out, r.{f}); }}\n"
            ));
        }
        out.push_str("    out += '}';\n}\n");
    }
    out
}

/// A type as a Rust record's field of record `owner` (`None` inside a container): an optional
/// that leads back to the record is an `Option<Box<..>>`.
fn rust_field(ty: &ValueType, owner: Option<&str>) -> String {
    let inside = |t: &ValueType| rust_field(t, None);
    match ty {
        ValueType::Int => "i64".into(),
        ValueType::Float => "f64".into(),
        ValueType::Bool => "bool".into(),
        ValueType::String => "String".into(),
        ValueType::List(t) | ValueType::Iter(t) => format!("Vec<{}>", inside(t)),
        ValueType::Set(t) => format!("std::collections::HashSet<{}>", inside(t)),
        ValueType::Map(t) => format!("std::collections::HashMap<String, {}>", inside(t)),
        ValueType::KeyMap(k, t) => {
            format!("std::collections::HashMap<{}, {}>", inside(k), inside(t))
        }
        ValueType::Optional(t) if owner.is_some_and(|o| boxed(o, t)) => {
            format!("Option<Box<{}>>", rust_field(t, owner))
        }
        ValueType::Optional(t) => format!("Option<{}>", rust_field(t, owner)),
        ValueType::Tuple(ts) => format!(
            "({},)",
            ts.iter()
                .map(|t| rust_field(t, owner))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ValueType::ListNode => "Option<Box<ListNode>>".into(),
        ValueType::Graph => "Option<std::rc::Rc<std::cell::RefCell<Node>>>".into(),
        ValueType::Alias(a) if !super::dynamic(ty) => pascal(&a.name),
        _ => "Json".into(),
    }
}

/// The Rust structs of the signature's records, in a module the answer's module glob-imports.
pub fn rust(sig: &FunctionSig) -> String {
    let mut out = String::from(
        "/// The problem's records, in scope of the answer.\npub mod grader_records {\n    #[allow(unused_imports)]\n    use super::grader_nodes::*;\n    use super::grader_json::{FromJson, ToJson, V, put_string};\n    #[allow(unused_imports)]\n    use super::grader_value::Json;\n",
    );
    for (name, fields) in named(sig) {
        let class = pascal(&name);
        // Hashable where every field is, so that a `set` of it is a `HashSet`.
        let hash = if fields
            .iter()
            .all(|(_, t)| orderable(t, true, &mut vec![name.clone()]))
        {
            ", Eq, Hash"
        } else {
            ""
        };
        out.push_str(&format!(
            "    #[derive(Debug, Clone, PartialEq{hash}, Default)]\n    pub struct {class} {{\n"
        ));
        for (f, t) in &fields {
            out.push_str(&format!(
                "        pub {f}: {},\n",
                rust_field(t, Some(&name))
            ));
        }
        out.push_str(&format!(
            "    }}\n    impl FromJson for {class} {{\n        fn from_json(v: &V) -> Self {{\n            {class} {{\n"
        ));
        for (f, _) in &fields {
            out.push_str(&format!(
                "                {f}: FromJson::from_json(v.get(\"{f}\").unwrap_or(&V::Null)),\n"
            ));
        }
        out.push_str(&format!(
            "            }}\n        }}\n    }}\n    impl ToJson for {class} {{\n        fn to_json(&self, out: &mut String) {{\n            out.push('{{');\n"
        ));
        for (i, (f, _)) in fields.iter().enumerate() {
            if i > 0 {
                out.push_str("            out.push(',');\n");
            }
            out.push_str(&format!(
                "            put_string(out, \"{f}\");\n            out.push(':');\n            self.{f}.to_json(out);\n"
            ));
        }
        out.push_str("            out.push('}');\n        }\n    }\n");
    }
    out.push_str("}\n");
    out
}

/// A type as a Java record's field.
fn java_field(ty: &ValueType, boxed: bool) -> String {
    match ty {
        ValueType::Int if boxed => "Long".into(),
        ValueType::Int => "long".into(),
        ValueType::Float if boxed => "Double".into(),
        ValueType::Float => "double".into(),
        ValueType::Bool if boxed => "Boolean".into(),
        ValueType::Bool => "boolean".into(),
        ValueType::String => "String".into(),
        ValueType::List(t) | ValueType::Iter(t) => {
            format!("java.util.List<{}>", java_field(t, true))
        }
        ValueType::Set(t) => format!("java.util.Set<{}>", java_field(t, true)),
        ValueType::Map(t) => format!("java.util.Map<String, {}>", java_field(t, true)),
        ValueType::KeyMap(k, t) => format!(
            "java.util.Map<{}, {}>",
            java_field(k, true),
            java_field(t, true)
        ),
        ValueType::Optional(t) => java_field(t, true),
        ValueType::Tuple(_) => "java.util.List<Object>".into(),
        ValueType::ListNode => "ListNode".into(),
        ValueType::Graph => "Node".into(),
        ValueType::Alias(a) if !super::dynamic(ty) => pascal(&a.name),
        _ => "Object".into(),
    }
}

/// The Java classes of the signature's records (compiled with the answer): public fields, a
/// no-argument and an all-fields constructor; the harness fills and reads them by reflection.
pub fn java(sig: &FunctionSig) -> String {
    let mut out = String::new();
    for (name, fields) in named(sig) {
        let class = pascal(&name);
        out.push_str(&format!(
            "\n// The problem's record `{name}`, compiled with the answer.\nclass {class} {{\n    static final boolean GRADER_RECORD = true;\n"
        ));
        for (f, t) in &fields {
            out.push_str(&format!("    public {} {f};\n", java_field(t, false)));
        }
        let params: Vec<String> = fields
            .iter()
            .map(|(f, t)| format!("{} {f}", java_field(t, false)))
            .collect();
        let sets: Vec<String> = fields
            .iter()
            .map(|(f, _)| format!("this.{f} = {f};"))
            .collect();
        out.push_str(&format!(
            "    public {class}() {{}}\n    public {class}({}) {{ {} }}\n}}\n",
            params.join(", "),
            sets.join(" ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_classes_are_named_in_pascal_case() {
        assert_eq!(pascal("person"), "Person");
        assert_eq!(pascal("point_3d"), "Point3d");
        let aliases = crate::problem::types::Aliases::read([(
            "person",
            "{name: string, age: int, tags: set<string>}",
        )])
        .unwrap();
        let ty = crate::problem::types::parse_type("list<person>", &aliases).unwrap();
        let sig = FunctionSig::plain("f", vec![("p".into(), ty.clone())], ty);
        assert_eq!(named(&sig).len(), 1);
        let cpp = cpp(&sig);
        assert!(cpp.contains("struct Person {\n    std::string name{};\n    long long age{};\n    std::set<std::string> tags{};"), "{cpp}");
        let rust = rust(&sig);
        assert!(
            rust.contains("pub age: i64,")
                && rust.contains("pub tags: std::collections::HashSet<String>,"),
            "{rust}"
        );
        let java = java(&sig);
        assert!(
            java.contains("public Person(String name, long age, java.util.Set<String> tags)"),
            "{java}"
        );
    }
}
