use std::collections::HashMap;

/// Returns the leaves of `doc` under their dotted paths ("user.roles.0").
/// `Json` is the harness's JSON value: Null, Bool(bool), Int(i64), Float(f64), Str(String),
/// Arr(Vec<Json>), Obj(Vec<(String, Json)>) (an object's entries in the order written).
fn flatten_json(doc: Json) -> HashMap<String, Json> {
    // TODO: walk doc recursively, carrying the path.
    let _ = doc;
    HashMap::new()
}
