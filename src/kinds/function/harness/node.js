// grader's harness for JavaScript function answers.
//
// usage: node grader_harness.js CANDIDATE.js < tests.json   (fd 3: the result channel)
//
// Runs the candidate's file as a CommonJS module (its top-level code runs, its prints are not
// graded), finds the function (a top-level `function name`, or `module.exports`), calls it on
// each test's arguments and writes one JSON line per test on a channel of its own.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");
const Module = require("module");

const spec = JSON.parse(fs.readFileSync(0, "utf8"));
const nonce = spec.nonce;
// The channel is reopened under another descriptor and fd 3 closed, so that code writing to fd 3
// by accident writes nowhere.
let chan = 3;
try {
  chan = fs.openSync("/proc/self/fd/3", "a");
  fs.closeSync(3);
} catch (e) {
  chan = 3;
}
const CAP = 4096;

function emit(record) {
  record.nonce = nonce;
  fs.writeSync(chan, JSON.stringify(record) + "\n");
}

function encode(value) {
  try {
    const text = JSON.stringify(value, (k, v) => {
      if (typeof v === "number" && !Number.isFinite(v)) throw new Error("not finite");
      if (typeof v === "bigint") return Number(v);
      if (v instanceof Map) return Object.fromEntries(v);
      // A lone surrogate (half an emoji) becomes U+FFFD, as it would in any UTF-8 output.
      if (typeof v === "string") return v.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
      if (v instanceof Set) throw new Error("a Set");
      return v;
    });
    return text === undefined ? null : JSON.parse(text);
  } catch (e) {
    return { __unencodable__: value === null ? "null" : (value.constructor || {}).name || typeof value, repr: String(value).slice(0, 200) };
  }
}

function candidateStack(err, file) {
  if (!(err instanceof Error)) return "Error: " + String(err) + " (thrown)";
  const lines = String(err.stack || err).split("\n");
  const head = lines.filter((l) => !/^\s+at /.test(l));
  const frames = lines.filter((l) => /^\s+at /.test(l) && l.includes(file)).map((l) => l.replace(path.dirname(file) + "/", ""));
  // The message last: the report shows the last line.
  return frames.concat(head).join("\n").slice(-CAP);
}

// A class test: the constructor, then each method (snake_case names in the tests are called in
// camelCase: mark_down -> markDown); results fill as it goes, so a failing call can be named.
function camel(name) {
  return name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
}

function drive(cls, calls, results) {
  const obj = new cls(...calls[0].slice(1));
  results.push(null);
  for (const c of calls.slice(1)) {
    const method = obj[camel(c[0])];
    if (typeof method !== "function") throw new TypeError(cls.name + " has no method `" + camel(c[0]) + "`");
    const v = method.apply(obj, c.slice(1));
    results.push(v === undefined ? null : v);
  }
  return results;
}

function showCall(c) {
  return camel(c[0]) + "(" + c.slice(1).map((a) => JSON.stringify(a).slice(0, 40)).join(", ") + ")";
}

// Whether an exception is the problem's driver's own: thrown by the driver's code (its first
// frame), or by this harness's call of the driver's run. If so, the record says where (a judge
// error, never the candidate's).
function driverFault(err, record, file) {
  if (!(err instanceof Error)) return false;
  const own = path.join(__dirname, "grader_driver.js");
  const frames = String(err.stack || "").split("\n").filter((l) => /^\s+at /.test(l));
  if (!frames.length || !(frames[0].includes(own) || frames[0].includes(path.join(__dirname, "grader_harness.js")))) return false;
  // A fake of the driver's that the candidate's code called: the candidate's.
  if (frames.some((l) => l.includes(file))) return false;
  const named = (l) => l.split(own).join(spec.driver_file).trim();
  const mine = frames.filter((l) => l.includes(own)).map(named);
  const at = (/\(?([^\s(]+:\d+):\d+\)?$/.exec(mine[0] || "") || [])[1] || spec.driver_file;
  const error = err.name + ": " + err.message;
  record.driver_failed = { at, error: error.slice(0, CAP), traceback: mine.concat(error).join("\n").slice(-CAP) };
  return true;
}

function main() {
  const file = path.resolve(process.argv[2]);
  const name = spec["function"];
  let printed = "";
  const realWrite = process.stdout.write.bind(process.stdout);
  // Every byte printed is counted: past the output limit the call is stopped (OLE).
  let total = 0;
  let limit = spec.output_limit || 8 << 20;
  const overLimit = new Error("printed past the output limit");
  const capture = (chunk, enc, cb) => {
    total += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
    if (total > limit) throw overLimit;
    if (printed.length < CAP) printed += String(chunk);
    if (typeof enc === "function") enc();
    else if (typeof cb === "function") cb();
    return true;
  };
  process.stdout.write = capture;
  const source = fs.readFileSync(file, "utf8");
  const m = new Module(file, null);
  m.filename = file;
  m.paths = Module._nodeModulePaths(path.dirname(file));
  let fn;
  try {
    // The candidate's code in a function of its own (like require), which also hands back a
    // top-level function of that name. Line numbers stay the file's own.
    const wrapper = vm.runInThisContext(
      "(function (exports, require, module, __filename, __dirname) {" + source.replace(/^#!.*/, "") +
        "\n;return typeof " + name + " === 'function' ? " + name + " : undefined;})",
      { filename: file }
    );
    fn = wrapper.call(m.exports, m.exports, (id) => m.require(id), m, file, path.dirname(file));
  } catch (err) {
    process.stdout.write = realWrite;
    if (err === overLimit) emit({ import_error: "printed past the output limit", ole: total, stdout: "" });
    else emit({ import_error: candidateStack(err, file), stdout: printed });
    return;
  }
  process.stdout.write = realWrite;
  emit({ import_stdout: printed });
  if (typeof fn !== "function") {
    const ex = m.exports;
    fn = typeof ex === "function" && (ex.name === name || Object.keys(ex).length === 0) ? ex : ex && ex[name];
  }
  if (typeof fn !== "function") {
    emit({ import_error: "the file defines no function `" + name + "`", stdout: "" });
    return;
  }
  if (spec.driver) {
    // The problem's driver, next to this harness: run(solution, ...args) drives the candidate's
    // function with fakes of its own and returns the value to compare.
    let driver;
    try {
      driver = require(path.join(__dirname, "grader_driver.js"));
    } catch (err) {
      emit({ driver_error: String((err && err.stack) || err).split(__dirname + "/grader_driver.js").join(spec.driver_file).slice(-CAP) });
      return;
    }
    const candidate = fn;
    fn = (...args) => driver.run(candidate, ...args);
  }
  // Each call runs through a vm script with a timeout, so an endless loop in one call is
  // stopped there (at the test's wall limit) and the next test still runs in this process.
  const slot = "__grader_call_" + nonce;
  const call = new vm.Script("globalThis['" + slot + "']()", { filename: "grader_harness.js" });
  for (const test of spec.tests) {
    emit({ start: test.i });
    const record = { i: test.i };
    printed = "";
    total = 0;
    limit = test.output_limit || limit;
    process.stdout.write = capture;
    const cpu0 = process.cpuUsage();
    const wall0 = process.hrtime.bigint();
    const results = [];
    globalThis[slot] = spec["class"] ? () => drive(fn, test.args, results) : () => fn(...test.args);
    try {
      record.value = encode(call.runInThisContext({ timeout: Math.ceil(test.wall_limit * 1000) }));
    } catch (err) {
      // console.log swallows what write throws: a print loop then runs to the timeout.
      if (err === overLimit || total > limit) record.ole = total;
      else if (err && err.code === "ERR_SCRIPT_EXECUTION_TIMEOUT") record.tle = true;
      else if (err instanceof RangeError && /heap|allocation|Array buffer/i.test(err.message)) record.mle = true;
      else if (!(spec.driver && driverFault(err, record, file))) record.error = candidateStack(err, file);
      if (record.error && spec["class"]) {
        const lines = record.error.trim().split("\n");
        record.error += "\ncall " + (results.length + 1) + ", " + showCall(test.args[results.length]) + ": " + lines[lines.length - 1];
      }
    }
    const cpu = process.cpuUsage(cpu0);
    record.wall = Number(process.hrtime.bigint() - wall0) / 1e9;
    process.stdout.write = realWrite;
    record.cpu = (cpu.user + cpu.system) / 1e6;
    record.stdout = printed.slice(0, CAP);
    emit(record);
    if (spec.fail_fast && (record.error || record.mle || record.tle || record.ole)) break;
    if (spec.stop_after_timeout && record.tle) break;
  }
}

main();
