fn solve(nums: Vec<i64>) -> i64 {
    nums.iter().sum()
}
