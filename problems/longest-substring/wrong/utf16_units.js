// A correct sliding window over UTF-16 code units (s[i], s.length): an emoji is two units, so
// its halves are compared as characters and the answer can split a surrogate pair.
// Expected verdict: WA (on the emoji tests).
function longestSubstring(s) {
  const last = new Map();
  let left = 0, bestStart = 0, bestLen = 0;
  for (let right = 0; right < s.length; right++) {
    const prev = last.get(s[right]);
    if (prev !== undefined && prev >= left) left = prev + 1;
    last.set(s[right], right);
    if (right - left + 1 > bestLen) {
      bestLen = right - left + 1;
      bestStart = left;
    }
  }
  return s.slice(bestStart, bestStart + bestLen);
}
