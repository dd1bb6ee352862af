def two_sum(nums: list[int], target: int) -> list[int]:
    """Return the indices of the two numbers of nums that add up to target (any order)."""
    # TODO: implement (a dict of value -> index gives O(n)).
    return []
