//! The signature's types as the harnesses read them (see `ValueType::descriptor`), and each
//! test's arguments in their canonical form (a map with int keys as `[key, value]` pairs, an
//! empty linked list as `[]`), so that a harness builds its language's values from one spelling.

use crate::problem::FunctionSig;
use crate::problem::types::{ValueType, alias_descriptors, canonical};
use serde_json::{Value, json};

/// The `types` entry of the harness's input: `params`, `returns`, the class's `methods` (by
/// name) and the `aliases` they use. Null for a problem with a driver of its own (its `run`
/// gets the tests' values as written).
pub fn types_spec(sig: &FunctionSig) -> Value {
    if !sig.drivers.is_empty() {
        return Value::Null;
    }
    let params: Vec<Value> = sig.params.iter().map(|(_, t)| t.descriptor()).collect();
    let methods: serde_json::Map<String, Value> = sig
        .methods
        .iter()
        .map(|m| {
            (
                m.name.clone(),
                json!({
                    "params": m.params.iter().map(|(_, t)| t.descriptor()).collect::<Vec<_>>(),
                    "returns": m.returns.as_ref().map_or(json!("any"), ValueType::descriptor),
                }),
            )
        })
        .collect();
    json!({
        "params": params,
        "returns": sig.returns.descriptor(),
        "methods": methods,
        "aliases": alias_descriptors(sig.types()),
        "list_node": uses(sig, &|t| matches!(t, ValueType::ListNode)),
        "graph": uses(sig, &|t| matches!(t, ValueType::Graph)),
    })
}

/// Whether a type of the signature (a parameter, the return value, a method's) uses `pred`; a
/// class's internal `any` counts (a Rust class answer has `Json` in scope).
pub fn uses(sig: &FunctionSig, pred: &dyn Fn(&ValueType) -> bool) -> bool {
    sig.types().chain([&sig.returns]).any(|t| t.uses(pred))
}

/// A test's `args` (a class's `calls`) with each value in the canonical form of its type.
pub fn canonical_args(sig: &FunctionSig, args: &Value) -> Value {
    if !sig.drivers.is_empty() {
        return args.clone();
    }
    let Some(items) = args.as_array() else {
        return args.clone();
    };
    let typed = |values: &[Value], params: &[(String, ValueType)]| -> Vec<Value> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| match params.get(i) {
                Some((_, t)) => canonical(v, t),
                None => v.clone(),
            })
            .collect()
    };
    if !sig.class {
        return Value::Array(typed(items, &sig.params));
    }
    let calls = items.iter().enumerate().map(|(i, call)| {
        let Some(c) = call.as_array().filter(|c| !c.is_empty()) else {
            return call.clone();
        };
        let params = if i == 0 {
            Some(&sig.params)
        } else {
            c[0].as_str().and_then(|n| sig.method(n)).map(|m| &m.params)
        };
        match params {
            Some(ps) => {
                let mut out = vec![c[0].clone()];
                out.extend(typed(&c[1..], ps));
                Value::Array(out)
            }
            None => call.clone(),
        }
    });
    Value::Array(calls.collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn args_travel_in_their_canonical_form() {
        let sig = FunctionSig::plain(
            "f",
            vec![
                ("m".into(), "map<int,string>".parse().unwrap()),
                ("h".into(), "list_node".parse().unwrap()),
            ],
            "set<int>".parse().unwrap(),
        );
        assert_eq!(
            canonical_args(&sig, &json!([{"3": "c"}, null])),
            json!([[[3, "c"]], []])
        );
        let spec = types_spec(&sig);
        assert_eq!(
            spec["params"],
            json!([{"map": ["int", "string"]}, "list_node"])
        );
        assert_eq!(spec["returns"], json!({"set": "int"}));
        assert_eq!(spec["list_node"], json!(true));
        assert_eq!(spec["graph"], json!(false));
    }
}
