function twoSum(nums, target) {
  const seen = new Map();
  for (let i = 0; i < nums.length; i++) {
    if (seen.has(target - nums[i])) return [seen.get(target - nums[i]), i];
    seen.set(nums[i], i);
  }
  // Exactly one pair adds up to target: an input without one is outside the problem.
  throw new Error("no two numbers add up to target");
}
