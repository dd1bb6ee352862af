const fs = require("fs");

const s = fs.readFileSync(0, "utf8").trim();

let answer = 0;
// TODO: compute the length of the longest substring of s without
// repeating characters.

console.log(answer);
