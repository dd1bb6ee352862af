# Returns how often the top values occur, not the values.
from collections import Counter


def top_k_frequent(nums, k):
    return [c for _, c in Counter(nums).most_common(k)]
