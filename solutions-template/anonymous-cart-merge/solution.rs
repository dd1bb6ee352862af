use std::collections::HashMap;

fn merge_carts(
    user: HashMap<String, i64>,
    session: HashMap<String, i64>,
    stock: HashMap<String, i64>,
) -> HashMap<String, i64> {
    // TODO: quantities add, the stock caps each one, products not in stock are dropped, and
    // lines that come to 0 (or less) are left out.
    let _ = (session, stock);
    user
}
