# Fills the map first, then finds x itself when target == 2 * x.
def two_sum(nums, target):
    where = {x: i for i, x in enumerate(nums)}
    for i, x in enumerate(nums):
        if target - x in where:
            return [i, where[target - x]]
    return []
