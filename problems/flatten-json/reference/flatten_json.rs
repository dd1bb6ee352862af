use std::collections::HashMap;

// `any` is the harness's `Json` value (Null, Bool, Int, Float, Str, Arr, Obj).
fn flatten_json(doc: Json) -> HashMap<String, Json> {
    fn walk(value: Json, path: String, out: &mut HashMap<String, Json>) {
        let join = |key: String| {
            if path.is_empty() {
                key
            } else {
                format!("{path}.{key}")
            }
        };
        match value {
            Json::Obj(entries) if !entries.is_empty() => {
                for (key, child) in entries {
                    walk(child, join(key), out);
                }
            }
            Json::Arr(items) if !items.is_empty() => {
                for (i, child) in items.into_iter().enumerate() {
                    walk(child, join(i.to_string()), out);
                }
            }
            leaf => {
                out.insert(path, leaf);
            }
        }
    }
    let mut out = HashMap::new();
    walk(doc, String::new(), &mut out);
    out
}
