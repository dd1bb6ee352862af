function solve(nums) {
  return nums.reduce((s, x) => s + x, 0);
}
