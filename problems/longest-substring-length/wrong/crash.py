# Recursive version of the sliding window: one call per character.  Correct,
# but Python's default recursion limit (1000) is hit on any input longer than
# about 1,000 characters: RecursionError, non-zero exit.
# Expected verdict: RE (the medium and large tests).
import sys


def solve(s, i, left, last, best):
    if i == len(s):
        return best
    c = s[i]
    if c in last and last[c] >= left:
        left = last[c] + 1
    last[c] = i
    return solve(s, i + 1, left, last, max(best, i - left + 1))


print(solve(sys.stdin.readline().strip(), 0, 0, {}, 0))
