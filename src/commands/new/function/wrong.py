# A known-wrong answer: returns the largest number, not the sum.
def solve(nums: list[int]) -> int:
    return max(nums, default=0)
