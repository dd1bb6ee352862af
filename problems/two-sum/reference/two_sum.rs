use std::collections::HashMap;

fn two_sum(nums: Vec<i64>, target: i64) -> Vec<usize> {
    let mut seen: HashMap<i64, usize> = HashMap::new();
    for (i, &x) in nums.iter().enumerate() {
        if let Some(&j) = seen.get(&(target - x)) {
            return vec![j, i];
        }
        seen.insert(x, i);
    }
    vec![]
}
