# Off-by-one: the window [left, right] holds right - left + 1 characters,
# but this counts right - left.  Prints one less than the answer.
# Expected verdict: WA.
import sys

s = sys.stdin.readline().strip()
last = {}
left = best = 0
for right, c in enumerate(s):
    if c in last and last[c] >= left:
        left = last[c] + 1
    last[c] = right
    best = max(best, right - left)
print(best)
