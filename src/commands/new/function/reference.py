def solve(nums: list[int]) -> int:
    return sum(nums)
