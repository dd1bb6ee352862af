// Updates the best length only when a repeated character forces the window
// to shrink, and forgets the window that is still open at the end of the
// string ("abcabcbb" works, "au" gives 0 instead of 2).
// Expected verdict: WA.
const fs = require("fs");

const s = fs.readFileSync(0, "utf8").trim();
const last = new Map();
let left = 0;
let best = 0;
for (let i = 0; i < s.length; i++) {
  const c = s[i];
  if (last.has(c) && last.get(c) >= left) {
    best = Math.max(best, i - left); // length of the window that just ended
    left = last.get(c) + 1;
  }
  last.set(c, i);
}
console.log(best); // BUG: missing Math.max(best, s.length - left)
