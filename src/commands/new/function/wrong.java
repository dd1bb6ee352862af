// A known-wrong answer: returns the largest number, not the sum.
public class Wrong {
    public long solve(long[] nums) {
        long m = 0;
        for (int i = 0; i < nums.length; i++) if (i == 0 || nums[i] > m) m = nums[i];
        return m;
    }
}
