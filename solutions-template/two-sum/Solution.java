public class Solution {
    public int[] twoSum(int[] nums, int target) {
        // TODO: the indices of the two numbers that add up to target (any order)
        return new int[0];
    }
}
