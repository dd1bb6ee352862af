# Classic mistake: on a repeated character the window is thrown away and
# restarted at the current character, instead of shrinking from the left
# just past the previous occurrence.  "dvdf" gives "dv" instead of "vdf".
# Expected verdict: WA.
def longest_substring(s):
    seen = set()
    left = 0
    start = 0
    max_len = 0
    for right in range(len(s)):
        if s[right] in seen:
            seen = set()
            left = right
        seen.add(s[right])
        if right - left + 1 > max_len:
            max_len = right - left + 1
            start = left
    return s[start:start + max_len]
