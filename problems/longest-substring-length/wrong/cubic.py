# Brute force: test every substring with a fresh set.  Correct, but about
# n^2 / 2 substrings of average length n / 3: hopeless for n = 100,000.
# Expected verdict: TLE.
import sys

s = sys.stdin.readline().strip()
n = len(s)
best = 0
for i in range(n):
    for j in range(i + 1, n + 1):
        if len(set(s[i:j])) == j - i:
            best = max(best, j - i)
print(best)
