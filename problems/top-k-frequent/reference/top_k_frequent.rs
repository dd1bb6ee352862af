use std::collections::HashMap;

fn top_k_frequent(nums: Vec<i64>, k: usize) -> Vec<i64> {
    let mut count: HashMap<i64, usize> = HashMap::new();
    for x in nums {
        *count.entry(x).or_insert(0) += 1;
    }
    let mut items: Vec<(i64, usize)> = count.into_iter().collect();
    items.sort_by(|a, b| b.1.cmp(&a.1));
    items.into_iter().take(k).map(|(x, _)| x).collect()
}
