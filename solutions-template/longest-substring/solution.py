def longest_substring(s: str) -> str:
    """Return the leftmost longest substring of s without repeating characters."""
    # TODO: implement (a sliding window gives O(n)).
    return ""
