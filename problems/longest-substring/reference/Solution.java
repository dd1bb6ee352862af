import java.util.HashMap;
import java.util.Map;

// Leftmost longest substring without repeating characters, in O(n) with a sliding window over
// code points (an emoji is one character, though it is two Java chars).
public class Solution {
    public String longestSubstring(String s) {
        int[] cps = s.codePoints().toArray();
        Map<Integer, Integer> last = new HashMap<>();
        int left = 0, bestStart = 0, bestLen = 0;
        for (int right = 0; right < cps.length; right++) {
            Integer prev = last.get(cps[right]);
            if (prev != null && prev >= left) left = prev + 1;
            last.put(cps[right], right);
            if (right - left + 1 > bestLen) {
                bestLen = right - left + 1;
                bestStart = left;
            }
        }
        return new String(cps, bestStart, bestLen);
    }

    public static void main(String[] args) {
        // Never called by the grader; handy for trying the method by hand.
        System.out.println(new Solution().longestSubstring("abcabcbb"));
    }
}
