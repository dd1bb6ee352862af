// Replaces the best window on ties (>= instead of >), so it returns the rightmost longest
// substring instead of the leftmost. "pwwkew" gives "kew" instead of "wke". Expected verdict: WA.
use std::collections::HashMap;

fn longest_substring(s: String) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut last: HashMap<char, usize> = HashMap::new();
    let (mut left, mut best_start, mut best_len) = (0, 0, 0);
    for (right, &c) in chars.iter().enumerate() {
        if let Some(&prev) = last.get(&c) {
            if prev >= left {
                left = prev + 1;
            }
        }
        last.insert(c, right);
        if right + 1 - left >= best_len {
            best_len = right + 1 - left;
            best_start = left;
        }
    }
    chars[best_start..best_start + best_len].iter().collect()
}
