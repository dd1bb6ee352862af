// Leftmost longest substring without repeating characters, in O(n) with a sliding window.
// Strings are walked by code point (Array.from), not by UTF-16 unit, so an emoji is one character.
function longestSubstring(s) {
  const chars = Array.from(s);
  const last = new Map();
  let left = 0;
  let bestStart = 0;
  let bestLen = 0;
  for (let right = 0; right < chars.length; right++) {
    const prev = last.get(chars[right]);
    if (prev !== undefined && prev >= left) left = prev + 1;
    last.set(chars[right], right);
    if (right - left + 1 > bestLen) {
      bestLen = right - left + 1;
      bestStart = left;
    }
  }
  return chars.slice(bestStart, bestStart + bestLen).join("");
}

module.exports = { longestSubstring };
