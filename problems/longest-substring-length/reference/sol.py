import sys


def longest(s: str) -> int:
    """Sliding window: last[c] is the latest index of c; O(n)."""
    last = {}
    left = best = 0
    for i, c in enumerate(s):
        p = last.get(c, -1)
        if p >= left:
            left = p + 1
        last[c] = i
        if i - left + 1 > best:
            best = i - left + 1
    return best


def main():
    s = sys.stdin.readline().strip()
    print(longest(s))


main()
