public class Solution {
    public long solve(long[] nums) {
        long s = 0;
        for (long x : nums) s += x;
        return s;
    }
}
