public class Solution {
    /** Returns the leftmost longest substring of s without repeating characters (code points). */
    public String longestSubstring(String s) {
        // TODO: implement (a sliding window gives O(n); see String.codePoints()).
        return "";
    }
}
