/**
 * Returns the leftmost longest substring of s without repeating characters.
 * Characters are code points: walk the string with Array.from(s) or for...of, not s[i].
 * @param {string} s
 * @return {string}
 */
function longestSubstring(s) {
  // TODO: implement (a sliding window gives O(n)).
  return "";
}
