const [a, b] = require("fs").readFileSync(0, "utf8").trim().split(/\s+/).map(Number);
// A known-wrong answer: subtracts instead of adding.
console.log(a - b);
