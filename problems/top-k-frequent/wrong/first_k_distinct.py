# The first k distinct values, whatever their frequency.
def top_k_frequent(nums, k):
    return list(dict.fromkeys(nums))[:k]
