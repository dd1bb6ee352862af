//! Named records (`person = "{name: string, age: int}"` in `[types]`) as the typed harnesses
//! need them: a class or struct per name, in PascalCase (`Person`), with a field per record
//! field as written, and its conversion from and to JSON (Java by reflection on the class, C++
//! and Rust generated). Their fields may hold other named records, not the record itself nor a
//! record without a name (a Python or JavaScript answer takes any record).

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

/// The named records the signature uses, each once, a record after those its fields hold (C++
/// defines them in this order).
pub fn named(sig: &FunctionSig) -> Vec<(String, Vec<(String, ValueType)>)> {
    let mut todo = met(sig);
    let mut out: Vec<(String, Vec<(String, ValueType)>)> = Vec::new();
    while !todo.is_empty() {
        let ready = todo
            .iter()
            .position(|(name, fields)| {
                let mut held = Vec::new();
                for (_, t) in fields {
                    t.visit(&mut |t| {
                        if let ValueType::Alias(a) = t
                            && a.name != *name
                            && matches!(a.target(), ValueType::Record(_))
                        {
                            held.push(a.name.clone());
                        }
                    });
                }
                held.iter().all(|h| out.iter().any(|(n, _)| n == h))
            })
            // A record holding itself is refused before its classes are written.
            .unwrap_or(0);
        out.push(todo.remove(ready));
    }
    out
}

/// The named records the signature uses, each once, in the order met.
fn met(sig: &FunctionSig) -> Vec<(String, Vec<(String, ValueType)>)> {
    let mut out: Vec<(String, Vec<(String, ValueType)>)> = Vec::new();
    let types = sig
        .params
        .iter()
        .map(|(_, t)| t)
        .chain([&sig.returns])
        .chain(
            sig.methods
                .iter()
                .flat_map(|m| m.params.iter().map(|(_, t)| t).chain(m.returns.as_ref())),
        );
    for t in types {
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

/// The C++ structs of the signature's records, with their `From` and `put`, for the bridge
/// (after the JSON header, before the answer's file).
pub fn cpp(sig: &FunctionSig) -> String {
    let mut out = String::new();
    for (name, fields) in named(sig) {
        let class = pascal(&name);
        out.push_str(&format!("struct {class} {{\n"));
        for (f, t) in &fields {
            out.push_str(&format!("    {} {f}{{}};\n", super::cpp_type(t)));
        }
        out.push_str("};\n");
        out.push_str(&format!(
            "namespace grader_json {{\ntemplate <> struct From<{class}> {{\n    static {class} get(const V& v) {{\n        {class} r;\n        static const V none;\n"
        ));
        for (f, t) in &fields {
            out.push_str(&format!(
                "        {{ const V* x = v.get(\"{f}\"); r.{f} = from<{}>(x ? *x : none); }}\n",
                super::cpp_type(t)
            ));
        }
        out.push_str("        return r;\n    }\n};\n}  // namespace grader_json\n");
        // Found by argument-dependent lookup from the harness's templates.
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

/// A type as a Rust record's field.
fn rust_field(ty: &ValueType) -> String {
    match ty {
        ValueType::Int => "i64".into(),
        ValueType::Float => "f64".into(),
        ValueType::Bool => "bool".into(),
        ValueType::String => "String".into(),
        ValueType::List(t) | ValueType::Iter(t) => format!("Vec<{}>", rust_field(t)),
        ValueType::Set(t) => format!("std::collections::HashSet<{}>", rust_field(t)),
        ValueType::Map(t) => format!("std::collections::HashMap<String, {}>", rust_field(t)),
        ValueType::KeyMap(k, t) => format!(
            "std::collections::HashMap<{}, {}>",
            rust_field(k),
            rust_field(t)
        ),
        ValueType::Optional(t) => format!("Option<{}>", rust_field(t)),
        ValueType::Tuple(ts) => format!(
            "({},)",
            ts.iter().map(rust_field).collect::<Vec<_>>().join(", ")
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
        out.push_str(&format!(
            "    #[derive(Debug, Clone, PartialEq, Default)]\n    pub struct {class} {{\n"
        ));
        for (f, t) in &fields {
            out.push_str(&format!("        pub {f}: {},\n", rust_field(t)));
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
        let sig = FunctionSig {
            name: "f".into(),
            params: vec![("p".into(), ty.clone())],
            returns: ty,
            unordered: false,
            class: false,
            methods: Vec::new(),
            check: None,
            drivers: Default::default(),
        };
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
