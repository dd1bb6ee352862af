function twoSum(nums, target) {
  // TODO: return the indices of the two numbers that add up to target (any order).
  return [];
}
