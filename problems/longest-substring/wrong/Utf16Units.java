import java.util.HashMap;
import java.util.Map;

// A correct sliding window over Java chars (UTF-16 units): an emoji is two chars, so its halves
// count as characters and the answer can split one. Expected verdict: WA (on the emoji tests).
public class Solution {
    public String longestSubstring(String s) {
        Map<Character, Integer> last = new HashMap<>();
        int left = 0, bestStart = 0, bestLen = 0;
        for (int right = 0; right < s.length(); right++) {
            Integer prev = last.get(s.charAt(right));
            if (prev != null && prev >= left) left = prev + 1;
            last.put(s.charAt(right), right);
            if (right - left + 1 > bestLen) {
                bestLen = right - left + 1;
                bestStart = left;
            }
        }
        return s.substring(bestStart, bestStart + bestLen);
    }
}
