#!/usr/bin/env python3
"""Random test generator for two-sum (`grader stress`).

usage: python3 gen.py SEED SIZE
Prints one test, the JSON array of the arguments [nums, target]: SIZE numbers (at least 2) in
which exactly one pair adds up to target. Small values at small sizes, so repeated numbers and
a target twice some number (the "same element twice" trap) come often.
"""
import json
import random
import sys


def pairs(nums, target):
    count, seen = 0, {}
    for x in nums:
        count += seen.get(target - x, 0)
        seen[x] = seen.get(x, 0) + 1
    return count


def main():
    seed, size = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    n = max(2, size)
    span = max(3, n * rng.choice([1, 2, 10, 1000]))
    while True:
        nums = [rng.randint(-span, span) for _ in range(n)]
        i, j = rng.sample(range(n), 2)
        target = nums[i] + nums[j]
        if pairs(nums, target) == 1:
            break
    print(json.dumps([nums, target]))


if __name__ == "__main__":
    main()
