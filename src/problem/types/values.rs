//! What a value of a type is: whether a JSON value conforms to a type ([`conforms`]), the one
//! form every spelling of it is carried in ([`canonical`]: a map with int keys as `[key, value]`
//! pairs, an empty linked list as `[]`), and how a value is shown in messages ([`show_value`],
//! [`show_typed`]: a set as `{1, 2}`, a linked list as `1 -> 2 -> 3`).

use super::ValueType;
use crate::problem::visible::visible;
use serde_json::Value;

/// Shows a value briefly: strings with visible whitespace (the empty string as `""`), long
/// things truncated.
pub fn show_value(v: &Value) -> String {
    match v {
        Value::String(s) if s.is_empty() => "\"\"".to_owned(),
        Value::String(s) => {
            let n = s.chars().count();
            if n > 60 {
                format!("\"{}\" ({n} chars)", visible(s, 60))
            } else {
                format!("\"{}\"", visible(s, 60))
            }
        }
        Value::Object(o) if o.contains_key("__unencodable__") => format!(
            "a {} ({})",
            o["__unencodable__"].as_str().unwrap_or("?"),
            o.get("repr").and_then(Value::as_str).unwrap_or("")
        ),
        other => truncate(other.to_string()),
    }
}

fn truncate(text: String) -> String {
    if text.chars().count() > 80 {
        format!("{}…", text.chars().take(80).collect::<String>())
    } else {
        text
    }
}

/// Shows a value as its type makes it look in the candidate's code: a set as `{1, 2}`, a map
/// with int keys as `{1: "a"}`, a record as `{name: "Ann", age: 3}`, a linked list as
/// `1 -> 2 -> 3` (empty: `None`); anything else as [`show_value`].
pub fn show_typed(v: &Value, ty: &ValueType) -> String {
    let text = typed(v, ty, 0);
    if text.chars().count() > 80 {
        truncate(text)
    } else {
        text
    }
}

fn typed(v: &Value, ty: &ValueType, depth: usize) -> String {
    if depth > 20 {
        return "…".into();
    }
    let items = |xs: &[Value], t: &ValueType| -> Vec<String> {
        xs.iter().take(30).map(|x| typed(x, t, depth + 1)).collect()
    };
    match (ty, v) {
        (ValueType::Alias(a), _) => typed(v, a.target(), depth),
        (ValueType::Optional(t), v) if !v.is_null() => typed(v, t, depth),
        (ValueType::Union(ts), _) => match ts.iter().find(|t| conforms(v, t).is_ok()) {
            Some(t) => typed(v, t, depth),
            None => show_value(v),
        },
        (ValueType::Set(t), Value::Array(xs)) if !xs.is_empty() => {
            format!("{{{}}}", items(xs, t).join(", "))
        }
        (ValueType::List(t) | ValueType::Iter(t), Value::Array(xs)) => {
            format!("[{}]", items(xs, t).join(", "))
        }
        (ValueType::Tuple(ts), Value::Array(xs)) if ts.len() == xs.len() => {
            let parts: Vec<String> = xs
                .iter()
                .zip(ts)
                .map(|(x, t)| typed(x, t, depth + 1))
                .collect();
            format!("({})", parts.join(", "))
        }
        (ValueType::KeyMap(k, t), Value::Array(pairs)) => {
            let parts: Vec<String> = pairs
                .iter()
                .take(30)
                .map(|p| match p.as_array().map(Vec::as_slice) {
                    Some([key, val]) => {
                        format!("{}: {}", typed(key, k, depth + 1), typed(val, t, depth + 1))
                    }
                    _ => show_value(p),
                })
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        (ValueType::Record(fields), Value::Object(o)) => {
            let parts: Vec<String> = fields
                .iter()
                .filter_map(|(n, t)| o.get(n).map(|x| format!("{n}: {}", typed(x, t, depth + 1))))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        (ValueType::ListNode, Value::Array(xs)) if xs.is_empty() => "None (an empty list)".into(),
        (ValueType::ListNode, Value::Array(xs)) => {
            let parts: Vec<String> = xs.iter().take(30).map(show_value).collect();
            parts.join(" -> ")
        }
        _ => show_value(v),
    }
}

/// The JSON kind of a value, as a message names it.
pub fn value_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null (None)",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(o) if o.contains_key("__unencodable__") => "a value JSON cannot carry",
        Value::Object(_) => "map",
    }
}

/// `at PATH: ` before a message about the part of a value at `PATH` (nothing at the root).
pub fn at_path(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("at {path}: ")
    }
}

/// A map's entries as `(key, value)`: its pairs, or (int and bool keys) an object's entries
/// with their keys read as that type. `None`: not a map of this key type.
pub(crate) fn entries(v: &Value, key: &ValueType) -> Option<Vec<(Value, Value)>> {
    match v {
        Value::Array(pairs) => pairs
            .iter()
            .map(|p| match p.as_array().map(Vec::as_slice) {
                Some([k, v]) => Some((k.clone(), v.clone())),
                _ => None,
            })
            .collect(),
        Value::Object(o) => o
            .iter()
            .map(|(k, v)| {
                let key = match key {
                    ValueType::Int => Value::from(k.parse::<i64>().ok()?),
                    ValueType::Bool => Value::Bool(k.parse::<bool>().ok()?),
                    ValueType::String => Value::String(k.clone()),
                    _ => return None,
                };
                Some((key, v.clone()))
            })
            .collect(),
        _ => None,
    }
}

/// Checks that `v` is a value of type `ty` (for validating a problem's own test data).
pub fn conforms(v: &Value, ty: &ValueType) -> Result<(), String> {
    check(v, ty, "")
}

fn check_items(items: &[Value], inner: &ValueType, path: &str) -> Result<(), String> {
    for (i, item) in items.iter().enumerate() {
        check(item, inner, &format!("{path}[{i}]"))?;
    }
    Ok(())
}

fn check(v: &Value, ty: &ValueType, path: &str) -> Result<(), String> {
    let ok = match (ty, v) {
        (ValueType::Any, _) | (ValueType::Optional(_), Value::Null) => true,
        (ValueType::Optional(inner), _) => return check(v, inner, path),
        (ValueType::Alias(a), _) => return check(v, a.target(), path),
        (ValueType::Int, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (ValueType::Float, Value::Number(_))
        | (ValueType::Bool, Value::Bool(_))
        | (ValueType::String, Value::String(_))
        | (ValueType::ListNode | ValueType::Graph, Value::Null) => true,
        (ValueType::List(inner) | ValueType::Iter(inner), Value::Array(items)) => {
            check_items(items, inner, path)?;
            true
        }
        (ValueType::Set(inner), Value::Array(items)) => {
            check_items(items, inner, path)?;
            true
        }
        (ValueType::ListNode, Value::Array(items)) => {
            check_items(items, &ValueType::Int, path)?;
            true
        }
        (ValueType::Graph, Value::Array(_)) => return check_graph(v, path),
        (ValueType::Tuple(types), Value::Array(items)) if types.len() == items.len() => {
            for (i, (item, t)) in items.iter().zip(types).enumerate() {
                check(item, t, &format!("{path}[{i}]"))?;
            }
            true
        }
        (ValueType::Map(inner), Value::Object(entries)) => {
            for (k, item) in entries {
                check(item, inner, &format!("{path}[\"{k}\"]"))?;
            }
            true
        }
        (ValueType::KeyMap(key, inner), Value::Array(_) | Value::Object(_)) => {
            return check_key_map(v, key, inner, path);
        }
        (ValueType::Record(fields), Value::Object(o)) => return check_record(o, fields, path),
        (ValueType::Union(alts), _) => alts.iter().any(|t| check(v, t, path).is_ok()),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{}should be {ty}, not {} ({})",
            at_path(path),
            show_value(v),
            value_kind(v)
        ))
    }
}

fn check_graph(v: &Value, path: &str) -> Result<(), String> {
    let rows = v.as_array().map_or(&[][..], Vec::as_slice);
    let n = rows.len() as i64;
    for (i, row) in rows.iter().enumerate() {
        let ok = row.as_array().is_some_and(|ns| {
            ns.iter()
                .all(|x| x.as_i64().is_some_and(|x| (1..=n).contains(&x)))
        });
        if !ok {
            return Err(format!(
                "{}should be a graph's adjacency lists (node {} lists its neighbours among 1..={n}), not {}",
                at_path(&format!("{path}[{i}]")),
                i + 1,
                show_value(row)
            ));
        }
    }
    Ok(())
}

fn check_key_map(v: &Value, key: &ValueType, inner: &ValueType, path: &str) -> Result<(), String> {
    let Some(entries) = entries(v, key) else {
        return Err(format!(
            "{}should be map<{key},{inner}>: a list of [key, value] pairs{}, not {}",
            at_path(path),
            if matches!(key, ValueType::Int | ValueType::Bool) {
                " or a table whose keys are written as that type"
            } else {
                ""
            },
            show_value(v)
        ));
    };
    // Keys are ints, bools, strings or tuples of those: their JSON text is exact, so a set of
    // texts finds a repeat in one pass (a 10^5-entry map would be 5·10^9 comparisons pairwise).
    let mut seen = std::collections::HashSet::with_capacity(entries.len());
    for (i, (k, item)) in entries.iter().enumerate() {
        check(k, key, &format!("{path}[{i}] (key)"))?;
        if !seen.insert(k.to_string()) {
            return Err(format!(
                "{}key {} appears twice",
                at_path(path),
                show_value(k)
            ));
        }
        check(item, inner, &format!("{path}[{}]", show_value(k)))?;
    }
    Ok(())
}

fn check_record(
    o: &serde_json::Map<String, Value>,
    fields: &[(String, ValueType)],
    path: &str,
) -> Result<(), String> {
    for (name, t) in fields {
        match o.get(name) {
            Some(x) => check(x, t, &format!("{path}.{name}"))?,
            None if matches!(t, ValueType::Optional(_)) => {}
            None => {
                return Err(format!("{}field `{name}` ({t}) is missing", at_path(path)));
            }
        }
    }
    if let Some(k) = o.keys().find(|k| !fields.iter().any(|(n, _)| n == *k)) {
        let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
        return Err(format!(
            "{}unknown field `{k}` (the record has {})",
            at_path(path),
            names.join(", ")
        ));
    }
    Ok(())
}

/// The one form a value of `ty` is carried in: a map with non-string keys as `[key, value]`
/// pairs, a record's fields in their declared order (a left-out optional one as null), an empty
/// linked list as `[]`; a union's value as its first conforming alternative's. A value that does
/// not conform is left as it is.
pub fn canonical(v: &Value, ty: &ValueType) -> Value {
    let all =
        |xs: &[Value], t: &ValueType| Value::Array(xs.iter().map(|x| canonical(x, t)).collect());
    match (ty, v) {
        (ValueType::Alias(a), _) => canonical(v, a.target()),
        (ValueType::Optional(t), v) if !v.is_null() => canonical(v, t),
        (ValueType::Union(ts), _) => match ts.iter().find(|t| conforms(v, t).is_ok()) {
            Some(t) => canonical(v, t),
            None => v.clone(),
        },
        (ValueType::List(t) | ValueType::Set(t) | ValueType::Iter(t), Value::Array(xs)) => {
            all(xs, t)
        }
        (ValueType::Tuple(ts), Value::Array(xs)) if ts.len() == xs.len() => {
            Value::Array(xs.iter().zip(ts).map(|(x, t)| canonical(x, t)).collect())
        }
        (ValueType::Map(t), Value::Object(o)) => Value::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), canonical(x, t)))
                .collect(),
        ),
        (ValueType::KeyMap(k, t), Value::Array(_) | Value::Object(_)) => match entries(v, k) {
            Some(es) => Value::Array(
                es.iter()
                    .map(|(key, x)| Value::Array(vec![canonical(key, k), canonical(x, t)]))
                    .collect(),
            ),
            None => v.clone(),
        },
        (ValueType::Record(fields), Value::Object(o)) => {
            let mut out = serde_json::Map::new();
            for (n, t) in fields {
                match o.get(n) {
                    Some(x) => out.insert(n.clone(), canonical(x, t)),
                    None if matches!(t, ValueType::Optional(_)) => {
                        out.insert(n.clone(), Value::Null)
                    }
                    None => None,
                };
            }
            for (k, x) in o {
                if !out.contains_key(k) {
                    out.insert(k.clone(), x.clone());
                }
            }
            Value::Object(out)
        }
        (ValueType::ListNode | ValueType::Graph, Value::Null) => Value::Array(Vec::new()),
        _ => v.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Aliases, parse_type};
    use super::*;
    use serde_json::json;

    fn ty(t: &str) -> ValueType {
        t.parse().unwrap()
    }

    #[test]
    fn shows_the_empty_string_as_two_quotes() {
        assert_eq!(show_value(&Value::String(String::new())), "\"\"");
        assert_eq!(show_value(&Value::String(" ".into())), "\"·\"");
    }

    #[test]
    fn values_conform_to_the_new_types() {
        assert!(conforms(&json!([1, [2, [3]]]), &ty("any")).is_ok());
        assert!(conforms(&json!([1, "a"]), &ty("list<int | string>")).is_ok());
        let e = conforms(&json!([1, true]), &ty("list<int | string>")).unwrap_err();
        assert!(
            e.contains("at [1]: should be int | string, not true"),
            "{e}"
        );
        let nested = Aliases::read([("nested", "int | list<nested>")]).unwrap();
        let n = parse_type("nested", &nested).unwrap();
        assert!(conforms(&json!([1, [2, [3, []]]]), &n).is_ok());
        assert!(conforms(&json!([1, ["x"]]), &n).is_err());
        assert!(conforms(&json!([1, 1]), &ty("set<int>")).is_ok());
        assert!(conforms(&json!({"1": "a", "-2": "b"}), &ty("map<int,string>")).is_ok());
        assert!(conforms(&json!([[1, "a"]]), &ty("map<int,string>")).is_ok());
        let e = conforms(&json!({"x": "a"}), &ty("map<int,string>")).unwrap_err();
        assert!(e.contains("list of [key, value] pairs"), "{e}");
        let e = conforms(&json!([[1, "a"], [1, "b"]]), &ty("map<int,string>")).unwrap_err();
        assert!(e.contains("key 1 appears twice"), "{e}");
        assert!(conforms(&json!([[[0, 1], 5]]), &ty("map<tuple<int,int>,int>")).is_ok());
        let rec = ty("{name: string, age: int, nick: optional<string>}");
        assert!(conforms(&json!({"name": "Ann", "age": 3}), &rec).is_ok());
        let e = conforms(&json!({"name": "Ann"}), &rec).unwrap_err();
        assert!(e.contains("field `age` (int) is missing"), "{e}");
        let e = conforms(&json!({"name": "Ann", "age": 3, "x": 1}), &rec).unwrap_err();
        assert!(e.contains("unknown field `x`"), "{e}");
        let e = conforms(&json!({"name": "Ann", "age": "3"}), &rec).unwrap_err();
        assert!(e.starts_with("at .age: should be int"), "{e}");
        assert!(conforms(&json!(null), &ty("list_node")).is_ok());
        assert!(conforms(&json!([1, 2]), &ty("list_node")).is_ok());
        assert!(conforms(&json!([[2], [1]]), &ty("graph")).is_ok());
        let e = conforms(&json!([[2], [3]]), &ty("graph")).unwrap_err();
        assert!(e.contains("node 2 lists its neighbours among 1..=2"), "{e}");
    }

    #[test]
    fn canonical_forms() {
        assert_eq!(
            canonical(&json!({"2": "b"}), &ty("map<int,string>")),
            json!([[2, "b"]])
        );
        assert_eq!(canonical(&json!(null), &ty("list_node")), json!([]));
        assert_eq!(
            canonical(
                &json!({"age": 3, "name": "A"}),
                &ty("{name: string, age: int, n: optional<int>}")
            ),
            json!({"name": "A", "age": 3, "n": null})
        );
        assert_eq!(
            canonical(&json!([{"1": 2}]), &ty("list<map<int,int>>")),
            json!([[[1, 2]]])
        );
    }

    #[test]
    fn shows_values_as_their_types_look() {
        assert_eq!(show_typed(&json!([1, 2]), &ty("set<int>")), "{1, 2}");
        assert_eq!(
            show_typed(&json!([[1, "a"]]), &ty("map<int,string>")),
            "{1: \"a\"}"
        );
        assert_eq!(
            show_typed(&json!([1, 2, 3]), &ty("list_node")),
            "1 -> 2 -> 3"
        );
        assert_eq!(
            show_typed(&json!([]), &ty("list_node")),
            "None (an empty list)"
        );
        assert_eq!(
            show_typed(
                &json!({"age": 3, "name": "A"}),
                &ty("{name: string, age: int}")
            ),
            "{name: \"A\", age: 3}"
        );
        assert_eq!(
            show_typed(&json!([[1, 2], 3]), &ty("list<tuple<int,int> | int>")),
            "[(1, 2), 3]"
        );
    }
}
