import java.util.HashMap;
import java.util.Map;

// A correct sliding window that gives up on the empty string and returns null instead of "".
// Expected verdict: WA (expected string "", got null).
public class Solution {
    public static String longestSubstring(String s) {
        if (s.isEmpty()) return null;
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
}
