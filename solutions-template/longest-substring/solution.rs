/// Returns the leftmost longest substring of `s` without repeating characters (chars).
fn longest_substring(s: String) -> String {
    // TODO: implement (a sliding window gives O(n)).
    let _ = s;
    String::new()
}
