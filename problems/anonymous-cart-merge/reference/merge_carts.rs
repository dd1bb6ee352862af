use std::collections::HashMap;

fn merge_carts(
    user: HashMap<String, i64>,
    session: HashMap<String, i64>,
    stock: HashMap<String, i64>,
) -> HashMap<String, i64> {
    let mut merged: HashMap<String, i64> = HashMap::new();
    for (product, qty) in user.into_iter().chain(session) {
        if qty > 0 && stock.contains_key(&product) {
            *merged.entry(product).or_insert(0) += qty;
        }
    }
    merged
        .into_iter()
        .map(|(product, qty)| {
            let capped = qty.min(stock[&product]);
            (product, capped)
        })
        .filter(|&(_, qty)| qty > 0)
        .collect()
}
