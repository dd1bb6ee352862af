def longest_substring(s: str) -> str:
    """Return the leftmost longest substring of s without repeating characters.

    Sliding window in O(n): `last[c]` is the index where character c was seen
    most recently; the window [left, right] never contains a repeat.  The best
    window is only replaced by a strictly longer one, so ties keep the
    leftmost.
    """
    last = {}
    left = 0
    best_start = 0
    best_len = 0
    for right, c in enumerate(s):
        prev = last.get(c)
        if prev is not None and prev >= left:
            left = prev + 1
        last[c] = right
        length = right - left + 1
        if length > best_len:
            best_len = length
            best_start = left
    return s[best_start:best_start + best_len]
