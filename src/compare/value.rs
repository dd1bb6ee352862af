//! Structural comparison of returned values (function answers): typed by the signature, floats
//! within tolerance, lists in any order when the problem says so, and a message that points at
//! the first difference ("at [2]: expected 5, got 4").

use crate::problem::types::{ValueType, at_path, show_value, value_kind};
pub use crate::problem::types::{conforms, show_value as show};
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
    walk(expected, got, ty, tol, unordered, "")
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
        let at = if path.is_empty() {
            String::new()
        } else {
            format!("at {path}: ")
        };
        return Err(format!(
            "{at}expected {ty} {}, got {}: {}",
            show_value(expected),
            value_kind(got),
            show_value(got)
        ));
    }
    let type_error = || {
        let at = if path.is_empty() {
            String::new()
        } else {
            format!("at {path}: ")
        };
        Err(format!(
            "{at}expected {ty} {}, got {} {}",
            show_value(expected),
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
        ValueType::List(inner) => {
            let (Some(e), Some(g)) = (expected.as_array(), got.as_array()) else {
                return type_error();
            };
            walk_list(expected, got, (e, g), inner, tol, unordered, path)
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
            if let Some(k) = e.keys().find(|k| !g.contains_key(*k)) {
                return Err(format!("{}key \"{k}\" is missing", at_path(path)));
            }
            if let Some(k) = g.keys().find(|k| !e.contains_key(*k)) {
                return Err(format!("{}unexpected key \"{k}\"", at_path(path)));
            }
            for (k, v) in e {
                walk(v, &g[k], inner, tol, unordered, &format!("{path}[\"{k}\"]"))?;
            }
            Ok(())
        }
    }
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
}
