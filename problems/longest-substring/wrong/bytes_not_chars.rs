// A correct sliding window over bytes (s.as_bytes()): a multi-byte UTF-8 character counts as
// several, and the answer is cut out with from_utf8_lossy. Expected verdict: WA (non-ASCII).
fn longest_substring(s: String) -> String {
    let b = s.as_bytes();
    let mut last = [usize::MAX; 256];
    let (mut left, mut best_start, mut best_len) = (0usize, 0usize, 0usize);
    for right in 0..b.len() {
        let c = b[right] as usize;
        if last[c] != usize::MAX && last[c] >= left {
            left = last[c] + 1;
        }
        last[c] = right;
        if right + 1 - left > best_len {
            best_len = right + 1 - left;
            best_start = left;
        }
    }
    String::from_utf8_lossy(&b[best_start..best_start + best_len]).into_owned()
}
