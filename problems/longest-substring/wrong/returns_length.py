# Mistake: solves the LeetCode variant and returns the LENGTH of the longest
# substring (an int) instead of the substring itself.
# Expected verdict: WA.
def longest_substring(s):
    seen = set()
    left = 0
    max_len = 0
    for right in range(len(s)):
        while s[right] in seen:
            seen.remove(s[left])
            left += 1
        seen.add(s[right])
        max_len = max(max_len, right - left + 1)
    return max_len
