function solve(nums) {
  // TODO: return the sum of the numbers of nums.
  return 0;
}
