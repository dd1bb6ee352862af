# Classic mistake: `>=` instead of `>` when recording the best window.
# Every later window of the same length replaces the earlier one, so on a tie
# this returns the RIGHTMOST longest substring instead of the leftmost.
# Expected verdict: WA (e.g. "abcdbcda" -> "bcda" instead of "abcd").
def longest_substring(s):
    seen = set()
    left = 0
    start = 0
    max_len = 0
    for right in range(len(s)):
        while s[right] in seen:
            seen.remove(s[left])
            left += 1
        seen.add(s[right])
        if (right - left + 1) >= max_len:
            max_len = right - left + 1
            start = left
    return s[start:start + max_len]
