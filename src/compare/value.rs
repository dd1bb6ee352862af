//! Structural comparison of returned values (function answers): typed by the signature, floats
//! within tolerance, lists in any order when the problem says so, and a message that points at
//! the first difference ("at [2]: expected 5, got 4").

use crate::problem::types::{ValueType, at_path, canonical, show_value, value_kind};
pub use crate::problem::types::{conforms, show_typed, show_value as show};
use serde_json::Value;

/// Float tolerance for values (absolute OR relative).
#[derive(Debug, Clone, Copy)]
pub struct Tolerance {
    pub abs: f64,
    pub rel: f64,
}

/// Compares `got` with `expected` under type `ty`; `Err` explains the first difference.
pub fn compare(
    expected: &Value,
    got: &Value,
    ty: &ValueType,
    tol: Tolerance,
    unordered: bool,
) -> Result<(), String> {
    let (expected, got) = (canonical(expected, ty), canonical(got, ty));
    walk(&expected, &got, ty, tol, unordered, "")
}

fn mismatch(path: &str, expected: &Value, got: &Value) -> String {
    let at = if path.is_empty() {
        String::new()
    } else {
        format!("at {path}: ")
    };
    if let (Value::String(e), Value::String(g)) = (expected, got) {
        let diff = e
            .chars()
            .zip(g.chars())
            .position(|(a, b)| a != b)
            .unwrap_or(e.chars().count().min(g.chars().count()));
        return format!(
            "{at}expected {}, got {} (strings differ at index {diff}; lengths {} and {})",
            show_value(expected),
            show_value(got),
            e.chars().count(),
            g.chars().count()
        );
    }
    format!(
        "{at}expected {}, got {}",
        show_value(expected),
        show_value(got)
    )
}

fn walk(
    expected: &Value,
    got: &Value,
    ty: &ValueType,
    tol: Tolerance,
    unordered: bool,
    path: &str,
) -> Result<(), String> {
    // A value the harness could not encode (NaN, inf, a set, a generator) is never a map to
    // compare key by key: it is a type error saying what it was.
    if let Value::Object(o) = got
        && o.contains_key("__unencodable__")
    {
        return Err(format!(
            "{}expected {ty} {}, got {}: {}",
            at_path(path),
            show_typed(expected, ty),
            value_kind(got),
            show_value(got)
        ));
    }
    let type_error = || {
        Err(format!(
            "{}expected {ty} {}, got {} {}",
            at_path(path),
            show_typed(expected, ty),
            value_kind(got),
            show_value(got)
        ))
    };
    match ty {
        ValueType::Any => {
            let like = match expected {
                Value::Null => ValueType::Optional(Box::new(ValueType::Any)),
                Value::Bool(_) => ValueType::Bool,
                Value::Number(n) if n.is_f64() => ValueType::Float,
                Value::Number(_) => ValueType::Int,
                Value::String(_) => ValueType::String,
                Value::Array(_) => ValueType::List(Box::new(ValueType::Any)),
                Value::Object(_) => ValueType::Map(Box::new(ValueType::Any)),
            };
            if expected.is_null() {
                return if got.is_null() {
                    Ok(())
                } else {
                    Err(mismatch(path, expected, got))
                };
            }
            walk(expected, got, &like, tol, unordered, path)
        }
        ValueType::Optional(inner) => match (expected, got) {
            (Value::Null, Value::Null) => Ok(()),
            (Value::Null, _) | (_, Value::Null) => Err(mismatch(path, expected, got)),
            _ => walk(expected, got, inner, tol, unordered, path),
        },
        ValueType::Int => match (expected.as_i64(), got) {
            (Some(e), Value::Number(n)) if n.is_i64() || n.is_u64() => {
                if n.as_i64() == Some(e) {
                    Ok(())
                } else {
                    Err(mismatch(path, expected, got))
                }
            }
            _ => type_error(),
        },
        ValueType::Float => match (expected.as_f64(), got.as_f64()) {
            (Some(e), Some(g)) => {
                let d = (e - g).abs();
                if d <= tol.abs || d <= tol.rel * e.abs() {
                    Ok(())
                } else {
                    Err(mismatch(path, expected, got))
                }
            }
            _ => type_error(),
        },
        ValueType::Bool => match got {
            Value::Bool(_) if got == expected => Ok(()),
            Value::Bool(_) => Err(mismatch(path, expected, got)),
            _ => type_error(),
        },
        ValueType::String => match got {
            Value::String(_) if got == expected => Ok(()),
            Value::String(_) => Err(mismatch(path, expected, got)),
            _ => type_error(),
        },
        ValueType::List(_)
        | ValueType::Iter(_)
        | ValueType::ListNode
        | ValueType::Graph
        | ValueType::Set(_) => {
            let (Some(e), Some(g)) = (expected.as_array(), got.as_array()) else {
                return type_error();
            };
            match ty {
                ValueType::List(inner) | ValueType::Iter(inner) => {
                    walk_list(expected, got, (e, g), inner, tol, unordered, path)
                }
                ValueType::Set(inner) => walk_set((e, g), inner, tol, path, (expected, got, ty)),
                _ => walk_linked(expected, got, (e, g), ty, tol, path),
            }
        }
        ValueType::Alias(a) => walk(expected, got, a.target(), tol, unordered, path),
        ValueType::Union(alts) => walk_union(expected, got, alts, tol, unordered, path),
        ValueType::KeyMap(key, inner) => {
            let (Some(e), Some(g)) = (expected.as_array(), got.as_array()) else {
                return type_error();
            };
            walk_key_map((e, g), (key, inner), tol, unordered, path)
        }
        ValueType::Record(fields) => {
            let (Some(e), Some(g)) = (expected.as_object(), got.as_object()) else {
                return type_error();
            };
            walk_record((e, g), fields, tol, unordered, path)
        }
        ValueType::Tuple(items) => {
            let (Some(e), Some(g)) = (expected.as_array(), got.as_array()) else {
                return type_error();
            };
            if g.len() != items.len() || e.len() != items.len() {
                return type_error();
            }
            for (i, t) in items.iter().enumerate() {
                walk(&e[i], &g[i], t, tol, unordered, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        ValueType::Map(inner) => {
            let (Some(e), Some(g)) = (expected.as_object(), got.as_object()) else {
                return type_error();
            };
            walk_map(expected, got, (e, g), inner, tol, unordered, path)
        }
    }
}

/// A map with string keys: the same keys, then value by value.
fn walk_map(
    expected: &Value,
    got: &Value,
    (e, g): (
        &serde_json::Map<String, Value>,
        &serde_json::Map<String, Value>,
    ),
    inner: &ValueType,
    tol: Tolerance,
    unordered: bool,
    path: &str,
) -> Result<(), String> {
    if let Some(k) = e.keys().find(|k| !g.contains_key(*k)) {
        return Err(format!(
            "{}key \"{k}\" is missing (the answer has {})",
            at_path(path),
            show_value(got)
        ));
    }
    if let Some(k) = g.keys().find(|k| !e.contains_key(*k)) {
        return Err(format!(
            "{}unexpected key \"{k}\" (expected {})",
            at_path(path),
            show_value(expected)
        ));
    }
    for (k, v) in e {
        walk(v, &g[k], inner, tol, unordered, &format!("{path}[\"{k}\"]"))?;
    }
    Ok(())
}

/// A record field by field: each declared one, then none other.
fn walk_record(
    (e, g): (
        &serde_json::Map<String, Value>,
        &serde_json::Map<String, Value>,
    ),
    fields: &[(String, ValueType)],
    tol: Tolerance,
    unordered: bool,
    path: &str,
) -> Result<(), String> {
    for (name, t) in fields {
        let Some(x) = g.get(name) else {
            return Err(format!("{}field `{name}` is missing", at_path(path)));
        };
        let want = e.get(name).unwrap_or(&Value::Null);
        walk(want, x, t, tol, unordered, &format!("{path}.{name}"))?;
    }
    if let Some(k) = g.keys().find(|k| !fields.iter().any(|(n, _)| n == *k)) {
        return Err(format!("{}unexpected field `{k}`", at_path(path)));
    }
    Ok(())
}

/// A linked list (its values) or a graph (its adjacency lists), in order.
fn walk_linked(
    expected: &Value,
    got: &Value,
    (e, g): (&[Value], &[Value]),
    ty: &ValueType,
    tol: Tolerance,
    path: &str,
) -> Result<(), String> {
    let (what, inner) = match ty {
        ValueType::ListNode => ("linked list", ValueType::Int),
        _ => ("graph", ValueType::List(Box::new(ValueType::Int))),
    };
    let differs = e.len() != g.len()
        || e.iter()
            .zip(g)
            .any(|(a, b)| walk(a, b, &inner, tol, false, "").is_err());
    if !differs {
        return Ok(());
    }
    let at = e
        .iter()
        .zip(g)
        .position(|(a, b)| a != b)
        .unwrap_or(e.len().min(g.len()));
    let unit = if *ty == ValueType::ListNode {
        "node"
    } else {
        "the adjacency list of node"
    };
    Err(format!(
        "{}expected the {what} {}, got {} (they differ at {unit} {}; lengths {} and {})",
        at_path(path),
        show_typed(expected, ty),
        show_typed(got, ty),
        at + 1,
        e.len(),
        g.len()
    ))
}

/// Sets: every expected item is in the answer and every item of the answer is expected (order
/// and repeats do not matter).
fn walk_set(
    (e, g): (&[Value], &[Value]),
    inner: &ValueType,
    tol: Tolerance,
    path: &str,
    (expected, got, ty): (&Value, &Value, &ValueType),
) -> Result<(), String> {
    // Without floats, equal values have equal key texts: linear time for large sets.
    let exact = !inner.uses(&|t| matches!(t, ValueType::Float | ValueType::Any));
    // Each item's key once, in the items' order.
    let keys = |xs: &[Value]| -> Option<Vec<String>> {
        exact.then(|| xs.iter().map(|x| exact_key(x, inner)).collect())?
    };
    let (missing, extra) = match (keys(e), keys(g)) {
        (Some(ek), Some(gk)) => {
            let absent = |xs: &[Value], keys: &[String], from: &[String]| {
                let from: std::collections::HashSet<&String> = from.iter().collect();
                xs.iter()
                    .zip(keys)
                    .find(|(_, k)| !from.contains(k))
                    .map(|(x, _)| x.clone())
            };
            (absent(e, &ek, &gk), absent(g, &gk, &ek))
        }
        _ => {
            let same = |a: &Value, b: &Value| walk(a, b, inner, tol, false, "").is_ok();
            let absent = |xs: &[Value], from: &[Value]| {
                xs.iter()
                    .find(|x| !from.iter().any(|y| same(x, y)))
                    .cloned()
            };
            (absent(e, g), absent(g, e))
        }
    };
    let (what, item) = match (&missing, &extra) {
        (Some(m), _) => ("is missing from", m),
        (None, Some(x)) => ("should not be in", x),
        (None, None) => return Ok(()),
    };
    Err(format!(
        "{}{} {what} the set: expected {}, got {} (order and repeats do not matter)",
        at_path(path),
        show_typed(item, inner),
        show_typed(expected, ty),
        show_typed(got, ty)
    ))
}

/// A text equal for equal values of a type without floats (sets and maps in a fixed order), to
/// compare large sets in linear time; `None` when the value does not conform.
fn exact_key(v: &Value, ty: &ValueType) -> Option<String> {
    conforms(v, ty).ok()?;
    Some(key_text(&canonical(v, ty), ty))
}

fn key_text(v: &Value, ty: &ValueType) -> String {
    match (ty, v) {
        (ValueType::Alias(a), _) => key_text(v, a.target()),
        (ValueType::Optional(t), v) if !v.is_null() => key_text(v, t),
        (ValueType::Union(ts), _) => match ts.iter().position(|t| conforms(v, t).is_ok()) {
            Some(i) => format!("{i}:{}", key_text(v, &ts[i])),
            None => v.to_string(),
        },
        (ValueType::Set(t), Value::Array(xs)) => {
            let mut keys: Vec<String> = xs.iter().map(|x| key_text(x, t)).collect();
            keys.sort();
            keys.dedup();
            format!("{{{}}}", keys.join(","))
        }
        (ValueType::KeyMap(k, t), Value::Array(pairs)) => {
            let mut keys: Vec<String> = pairs
                .iter()
                .map(|p| match p.as_array().map(Vec::as_slice) {
                    Some([a, b]) => format!("{}:{}", key_text(a, k), key_text(b, t)),
                    _ => p.to_string(),
                })
                .collect();
            keys.sort();
            format!("{{{}}}", keys.join(","))
        }
        (ValueType::List(t) | ValueType::Iter(t), Value::Array(xs)) => {
            let keys: Vec<String> = xs.iter().map(|x| key_text(x, t)).collect();
            format!("[{}]", keys.join(","))
        }
        (ValueType::Tuple(ts), Value::Array(xs)) => {
            let keys: Vec<String> = xs.iter().zip(ts).map(|(x, t)| key_text(x, t)).collect();
            format!("[{}]", keys.join(","))
        }
        (ValueType::Map(t), Value::Object(o)) => {
            let keys: Vec<String> = o
                .iter()
                .map(|(k, x)| format!("{k:?}:{}", key_text(x, t)))
                .collect();
            format!("{{{}}}", keys.join(","))
        }
        (ValueType::Record(fs), Value::Object(o)) => {
            let keys: Vec<String> = fs
                .iter()
                .map(|(n, t)| key_text(o.get(n).unwrap_or(&Value::Null), t))
                .collect();
            format!("{{{}}}", keys.join(","))
        }
        _ => v.to_string(),
    }
}

/// A union: the value matches under one of the alternatives the expected value conforms to
/// (those the answer also conforms to tried first, for the message).
fn walk_union(
    expected: &Value,
    got: &Value,
    alts: &[ValueType],
    tol: Tolerance,
    unordered: bool,
    path: &str,
) -> Result<(), String> {
    let mut fits: Vec<&ValueType> = alts
        .iter()
        .filter(|t| conforms(expected, t).is_ok())
        .collect();
    fits.sort_by_key(|t| conforms(got, t).is_err());
    let mut first = None;
    for t in fits {
        match walk(expected, got, t, tol, unordered, path) {
            Ok(()) => return Ok(()),
            Err(m) => {
                first.get_or_insert(m);
            }
        }
    }
    Err(first.unwrap_or_else(|| mismatch(path, expected, got)))
}

/// A map with int, bool or tuple keys, as `[key, value]` pairs in any order.
fn walk_key_map(
    (e, g): (&[Value], &[Value]),
    (key, inner): (&ValueType, &ValueType),
    tol: Tolerance,
    unordered: bool,
    path: &str,
) -> Result<(), String> {
    let pair = |p: &Value| -> Option<(Value, Value)> {
        match p.as_array().map(Vec::as_slice) {
            Some([k, v]) => Some((k.clone(), v.clone())),
            _ => None,
        }
    };
    let e: Vec<(Value, Value)> = e.iter().filter_map(pair).collect();
    let g: Vec<(Value, Value)> = g.iter().filter_map(pair).collect();
    let index: std::collections::HashMap<String, usize> = g
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (k.to_string(), i))
        .collect();
    for (k, v) in &e {
        let Some(&i) = index.get(&k.to_string()) else {
            return Err(format!(
                "{}key {} is missing",
                at_path(path),
                show_typed(k, key)
            ));
        };
        walk(
            v,
            &g[i].1,
            inner,
            tol,
            unordered,
            &format!("{path}[{}]", show_typed(k, key)),
        )?;
    }
    let wanted: std::collections::HashSet<String> = e.iter().map(|(k, _)| k.to_string()).collect();
    if let Some((k, _)) = g.iter().find(|(k, _)| !wanted.contains(&k.to_string())) {
        return Err(format!(
            "{}unexpected key {}",
            at_path(path),
            show_typed(k, key)
        ));
    }
    Ok(())
}

/// A list's items: the same count, then in order, or matched in any order when `unordered`.
fn walk_list(
    expected: &Value,
    got: &Value,
    (e, g): (&[Value], &[Value]),
    inner: &ValueType,
    tol: Tolerance,
    unordered: bool,
    path: &str,
) -> Result<(), String> {
    if e.len() != g.len() {
        return Err(format!(
            "{}expected a list of {} item(s), got {}: expected {}, got {}",
            at_path(path),
            e.len(),
            g.len(),
            show_value(expected),
            show_value(got)
        ));
    }
    if unordered {
        // Match each expected item to a distinct equal item of the answer.
        let mut used = vec![false; g.len()];
        for (i, item) in e.iter().enumerate() {
            let found = (0..g.len())
                .find(|&j| !used[j] && walk(item, &g[j], inner, tol, unordered, "").is_ok());
            match found {
                Some(j) => used[j] = true,
                None => {
                    return Err(format!(
                        "{}expected item {} (index {i}) is missing from the answer {} (order does not matter)",
                        at_path(path),
                        show_value(item),
                        show_value(got)
                    ));
                }
            }
        }
        return Ok(());
    }
    for (i, (a, b)) in e.iter().zip(g).enumerate() {
        walk(a, b, inner, tol, unordered, &format!("{path}[{i}]"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TOL: Tolerance = Tolerance {
        abs: 1e-6,
        rel: 1e-6,
    };

    fn cmp(e: Value, g: Value, ty: &str, unordered: bool) -> Result<(), String> {
        compare(&e, &g, &ty.parse().unwrap(), TOL, unordered)
    }

    #[test]
    fn scalars() {
        assert!(cmp(json!("abc"), json!("abc"), "string", false).is_ok());
        let e = cmp(json!("abcd"), json!("bcda"), "string", false).unwrap_err();
        assert!(e.contains("differ at index 0"), "{e}");
        assert!(cmp(json!(3), json!(3), "int", false).is_ok());
        let e = cmp(json!(3), json!("3"), "int", false).unwrap_err();
        assert!(e.contains("expected int 3, got string"), "{e}");
        assert!(cmp(json!(3), json!(3.0), "int", false).is_err());
        assert!(cmp(json!(0.1), json!(0.1000000001), "float", false).is_ok());
        assert!(cmp(json!(0.1), json!(0.11), "float", false).is_err());
        assert!(cmp(json!(true), json!(false), "bool", false).is_err());
    }

    #[test]
    fn containers() {
        let e = cmp(json!([1, 2, 3]), json!([1, 5, 3]), "list<int>", false).unwrap_err();
        assert!(
            e.starts_with("at [1]: expected 5") || e.starts_with("at [1]: expected 2"),
            "{e}"
        );
        assert!(cmp(json!([1, 2, 2]), json!([2, 1, 2]), "list<int>", true).is_ok());
        assert!(cmp(json!([1, 2, 2]), json!([2, 1, 1]), "list<int>", true).is_err());
        assert!(
            cmp(json!([1, 2]), json!([1]), "list<int>", false)
                .unwrap_err()
                .contains("2 item(s), got 1")
        );
        assert!(cmp(json!({"a": 1}), json!({"a": 1}), "map<string,int>", false).is_ok());
        assert!(
            cmp(json!({"a": 1}), json!({"b": 1}), "map<string,int>", false)
                .unwrap_err()
                .contains("key \"a\" is missing")
        );
        assert!(cmp(json!(null), json!(null), "optional<int>", false).is_ok());
        assert!(cmp(json!(null), json!(0), "optional<int>", false).is_err());
        assert!(cmp(json!([1, "a"]), json!([1, "a"]), "tuple<int,string>", false).is_ok());
        let unenc = json!({"__unencodable__": "set", "repr": "{1, 2}"});
        let e = cmp(json!([1, 2]), unenc, "list<int>", false).unwrap_err();
        assert!(e.contains("a set ({1, 2})"), "{e}");
        // A map holding inf is not a map with a missing key (issue 16's bug).
        let inf = json!({"__unencodable__": "dict", "repr": "{'a': inf}"});
        let e = cmp(json!({"a": 1.5}), inf, "map<string,float>", false).unwrap_err();
        assert!(!e.contains("missing"), "{e}");
        assert!(
            e.contains("a value JSON cannot carry: a dict ({'a': inf})"),
            "{e}"
        );
    }

    #[test]
    fn new_types() {
        // Sets: unordered, repeats meaningless, and the message shows sets as sets.
        assert!(cmp(json!([1, 2, 3]), json!([3, 1, 2, 2]), "set<int>", false).is_ok());
        let e = cmp(json!([1, 2, 3]), json!([3, 1]), "set<int>", false).unwrap_err();
        assert!(
            e.starts_with("2 is missing from the set: expected {1, 2, 3}, got {3, 1}"),
            "{e}"
        );
        let e = cmp(json!([1]), json!([1, 4]), "set<int>", false).unwrap_err();
        assert!(e.starts_with("4 should not be in the set"), "{e}");
        assert!(
            cmp(
                json!([0.1, 0.2]),
                json!([0.2, 0.1000000001]),
                "set<float>",
                false
            )
            .is_ok()
        );
        assert!(
            cmp(
                json!([[1, 2], [3]]),
                json!([[3], [2, 1]]),
                "set<set<int>>",
                false
            )
            .is_ok()
        );
        // Int keys: as an object or as pairs, in any order.
        assert!(
            cmp(
                json!({"1": "a", "2": "b"}),
                json!([[2, "b"], [1, "a"]]),
                "map<int,string>",
                false
            )
            .is_ok()
        );
        let e = cmp(
            json!({"1": "a"}),
            json!([[1, "b"]]),
            "map<int,string>",
            false,
        )
        .unwrap_err();
        assert!(e.starts_with("at [1]: expected \"a\", got \"b\""), "{e}");
        let e = cmp(
            json!([[[0, 1], 1]]),
            json!([]),
            "map<tuple<int,int>,int>",
            false,
        )
        .unwrap_err();
        assert_eq!(e, "key (0, 1) is missing");
        let e = cmp(
            json!({"1": "a"}),
            json!([[1, "a"], [7, "x"]]),
            "map<int,string>",
            false,
        )
        .unwrap_err();
        assert_eq!(e, "unexpected key 7");
        // Records field by field.
        let rec = "{name: string, age: int}";
        assert!(
            cmp(
                json!({"name": "A", "age": 3}),
                json!({"age": 3, "name": "A"}),
                rec,
                false
            )
            .is_ok()
        );
        let e = cmp(
            json!({"name": "A", "age": 3}),
            json!({"name": "A", "age": 4}),
            rec,
            false,
        )
        .unwrap_err();
        assert!(e.starts_with("at .age: expected 3, got 4"), "{e}");
        let e = cmp(
            json!({"name": "A", "age": 3}),
            json!({"name": "A"}),
            rec,
            false,
        )
        .unwrap_err();
        assert_eq!(e, "field `age` is missing");
        // Unions and any.
        assert!(
            cmp(
                json!([1, [2]]),
                json!([1, [2]]),
                "list<int | list<int>>",
                false
            )
            .is_ok()
        );
        let e = cmp(
            json!([1, [2]]),
            json!([1, 2]),
            "list<int | list<int>>",
            false,
        )
        .unwrap_err();
        assert!(e.contains("at [1]"), "{e}");
        assert!(
            cmp(
                json!({"a": [1, {"b": null}]}),
                json!({"a": [1, {"b": null}]}),
                "any",
                false
            )
            .is_ok()
        );
        assert!(cmp(json!({"a": [1]}), json!({"a": [2]}), "any", false).is_err());
        // Linked lists: an empty one is None.
        assert!(cmp(json!(null), json!([]), "list_node", false).is_ok());
        let e = cmp(json!([1, 2, 3]), json!([1, 3]), "list_node", false).unwrap_err();
        assert!(
            e.starts_with(
                "expected the linked list 1 -> 2 -> 3, got 1 -> 3 (they differ at node 2"
            ),
            "{e}"
        );
        assert!(cmp(json!([[2], [1]]), json!([[2], [1]]), "graph", false).is_ok());
        assert!(cmp(json!([[2], [1]]), json!([[2], []]), "graph", false).is_err());
        // A generator's values were collected: iter compares as a list.
        assert!(cmp(json!([1, 2]), json!([1, 2]), "iter<int>", false).is_ok());
        assert!(cmp(json!([1, 2]), json!([2, 1]), "iter<int>", false).is_err());
    }
}
