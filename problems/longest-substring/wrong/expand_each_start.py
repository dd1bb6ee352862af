# "Smarter" brute force: from every start index, extend to the right until a
# character repeats.  Correct, but O(n * k) where k is the answer length; the
# large tests have answers thousands of characters long, so this is far too
# slow there.
# Expected verdict: TLE (on the large group).
def longest_substring(s):
    best_start, best_len = 0, 0
    n = len(s)
    for i in range(n):
        seen = set()
        j = i
        while j < n and s[j] not in seen:
            seen.add(s[j])
            j += 1
        if j - i > best_len:
            best_start, best_len = i, j - i
    return s[best_start:best_start + best_len]
