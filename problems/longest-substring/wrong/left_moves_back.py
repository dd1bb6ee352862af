# Classic mistake with the "last index" trick: `left = last[c] + 1` without
# checking that the previous occurrence is still inside the window, so `left`
# can jump backwards.  "abba" gives "bba" (which repeats 'b').
# Expected verdict: WA.
def longest_substring(s):
    last = {}
    left = 0
    start = 0
    max_len = 0
    for right, c in enumerate(s):
        if c in last:
            left = last[c] + 1
        last[c] = right
        if right - left + 1 > max_len:
            max_len = right - left + 1
            start = left
    return s[start:start + max_len]
