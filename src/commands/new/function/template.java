public class Solution {
    public long solve(long[] nums) {
        // TODO: the sum of the numbers of nums
        return 0;
    }
}
