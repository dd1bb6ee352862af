// Classic mistake: on a repeated character the window restarts at the current character instead
// of shrinking just past the previous occurrence. "dvdf" gives "dv" instead of "vdf".
// Expected verdict: WA.
function longestSubstring(s) {
  const chars = Array.from(s);
  let seen = new Set();
  let left = 0, start = 0, maxLen = 0;
  for (let right = 0; right < chars.length; right++) {
    if (seen.has(chars[right])) {
      seen = new Set();
      left = right;
    }
    seen.add(chars[right]);
    if (right - left + 1 > maxLen) {
      maxLen = right - left + 1;
      start = left;
    }
  }
  return chars.slice(start, start + maxLen).join("");
}
