// grader's check of a problem's JavaScript driver, before any answer runs.
//
// usage: node validate.js FILE COUNT
//
// Loads the driver (CommonJS) and says whether it exports a function `run` that takes no more
// than COUNT parameters (JavaScript passes undefined for the missing ones). Prints one JSON
// object: {"ok": true}, {"unknown": "why"} (it fails to load: left to the run, which says so),
// or {"error": "...", "line": N}.
"use strict";
const fs = require("fs");
const file = process.argv[2];
const count = Number(process.argv[3]);

function lineOf(re) {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  return lines.findIndex((l) => re.test(l)) + 1;
}

function verdict() {
  let exported;
  try {
    exported = require(file);
  } catch (e) {
    if (e instanceof SyntaxError) {
      const at = new RegExp(file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ":(\\d+)").exec(String(e.stack));
      return { error: "is not valid JavaScript: " + e.message, line: at ? Number(at[1]) : 0 };
    }
    return { unknown: "it fails to load: " + String(e && e.message) };
  }
  const run = exported && exported.run;
  if (typeof run !== "function") {
    const hint = typeof exported === "function" ? " (it exports a function: write module.exports = { run })" : "";
    return { error: "exports no function `run`" + hint, line: 0 };
  }
  const line = lineOf(/function\s+run\b|\brun\s*[=:]\s*(async\s+)?(function\b|\(|\w+\s*=>)/) || lineOf(/^\s*(async\s+)?run\s*\(/);
  const m = /^[^(]*\(([^)]*)\)/.exec(run.toString());
  const params = m ? m[1].split(",").map((p) => p.trim()).filter((p) => p) : [];
  return run.length > count ? { error: "mismatch", params, line } : { ok: true, params, line };
}

process.stdout.write(JSON.stringify(verdict()) + "\n");
