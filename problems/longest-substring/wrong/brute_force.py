# Brute force: try every substring and test it with a fresh set.
# Correct (and leftmost, thanks to the strict `>`), but O(n^3): fine on the
# samples, hopeless on 50,000-character inputs.
# Expected verdict: TLE (on the large group).
def longest_substring(s):
    best = ""
    n = len(s)
    for i in range(n):
        for j in range(i + 1, n + 1):
            sub = s[i:j]
            if len(set(sub)) == len(sub) and len(sub) > len(best):
                best = sub
    return best
