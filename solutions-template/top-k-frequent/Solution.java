import java.util.ArrayList;
import java.util.List;

public class Solution {
    public List<Integer> topKFrequent(int[] nums, int k) {
        // TODO: the k most frequent values, in any order
        return new ArrayList<>();
    }
}
