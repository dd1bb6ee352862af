def longest_substring(s):
    seen = set()
    left = 0
    start = 0
    max_len = 0
    for right in range(len(s)):
        while s[right] in seen:
            seen.remove(s[left])
            left += 1
        seen.add(s[right])
        if (right - left + 1) > max_len:
            max_len = right - left + 1
            start = left
    return s[start:start + max_len]

print(longest_substring("abcabcbb"))  # Output: "abc"
