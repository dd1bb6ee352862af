// A known-wrong answer: returns the largest number, not the sum.
function solve(nums) {
  return nums.length === 0 ? 0 : Math.max(...nums);
}
