def solve(nums: list[int]) -> int:
    """Return the sum of the numbers of nums."""
    # TODO: implement.
    return 0
