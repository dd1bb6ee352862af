// Treats an empty list or object as a branch with no leaves: it disappears from the result.
use std::collections::HashMap;

fn flatten_json(doc: Json) -> HashMap<String, Json> {
    fn walk(value: Json, path: String, out: &mut HashMap<String, Json>) {
        let join = |key: String| if path.is_empty() { key } else { format!("{path}.{key}") };
        match value {
            Json::Obj(entries) => entries.into_iter().for_each(|(k, c)| walk(c, join(k), out)),
            Json::Arr(items) => items
                .into_iter()
                .enumerate()
                .for_each(|(i, c)| walk(c, join(i.to_string()), out)),
            leaf => {
                out.insert(path, leaf);
            }
        }
    }
    let mut out = HashMap::new();
    walk(doc, String::new(), &mut out);
    out
}
