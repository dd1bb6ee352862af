const fs = require("fs");

const s = fs.readFileSync(0, "utf8").trim();
const last = new Int32Array(128).fill(-1);
let left = 0;
let best = 0;
for (let i = 0; i < s.length; i++) {
  const c = s.charCodeAt(i);
  if (last[c] >= left) left = last[c] + 1;
  last[c] = i;
  if (i - left + 1 > best) best = i - left + 1;
}
console.log(best);
