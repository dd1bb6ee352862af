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

// The signature's types (null with a problem's driver): each argument is built into its
// JavaScript form (a Set, a Map with number or array keys, a ListNode chain, a graph of Nodes, an
// iterator) and each returned value read back into the JSON the grader compares (a generator,
// a Set or any iterable collected).
const types = spec.types || null;
const aliases = (types && types.aliases) || {};

function ListNode(val, next) {
  this.val = val === undefined ? 0 : val;
  this.next = next === undefined ? null : next;
}

function _Node(val, neighbors) {
  this.val = val === undefined ? 0 : val;
  this.neighbors = neighbors === undefined ? [] : neighbors;
}

function kindOf(t) {
  if (typeof t === "string") return [t, null];
  const k = Object.keys(t)[0];
  return [k, t[k]];
}

// Whether the JSON value v has the shape of type t, one level deep (a union's choice).
function fits(v, t) {
  const [k, d] = kindOf(t);
  if (k === "alias") return fits(v, aliases[d]);
  if (k === "any") return true;
  if (k === "union") return d.some((a) => fits(v, a));
  if (v === null || v === undefined) return k === "optional" || k === "list_node" || k === "graph";
  if (k === "optional") return fits(v, d);
  if (k === "int") return Number.isInteger(v);
  if (k === "float") return typeof v === "number";
  if (k === "bool") return typeof v === "boolean";
  if (k === "string") return typeof v === "string";
  if (k === "tuple") return Array.isArray(v) && v.length === d.length;
  if ((k === "map" && d[0] === "string") || k === "record") return typeof v === "object" && !Array.isArray(v);
  return Array.isArray(v);
}

function buildGraph(adj) {
  if (!adj || adj.length === 0) return null;
  const nodes = adj.map((_, i) => new _Node(i + 1));
  adj.forEach((row, i) => { nodes[i].neighbors = row.map((j) => nodes[j - 1]); });
  return nodes[0];
}

// A test's JSON value as the candidate's function takes a value of type t.
function toArg(v, t) {
  const [k, d] = kindOf(t);
  if (k === "alias") return toArg(v, aliases[d]);
  if (k === "union") {
    const a = d.find((x) => fits(v, x));
    return a === undefined ? v : toArg(v, a);
  }
  if (k === "list_node") {
    let head = null;
    for (const x of (v || []).slice().reverse()) head = new ListNode(x, head);
    return head;
  }
  if (k === "graph") return buildGraph(v);
  if (v === null || d === null) return v;
  if (k === "optional") return toArg(v, d);
  if (k === "list") return v.map((x) => toArg(x, d));
  if (k === "iter") return v.map((x) => toArg(x, d))[Symbol.iterator]();
  if (k === "set") return new Set(v.map((x) => toArg(x, d)));
  if (k === "tuple") return v.map((x, i) => toArg(x, d[i]));
  if (k === "map" && d[0] === "string") return Object.fromEntries(Object.entries(v).map(([key, x]) => [key, toArg(x, d[1])]));
  if (k === "map") return new Map(v.map(([key, x]) => [toArg(key, d[0]), toArg(x, d[1])]));
  if (k === "record") return Object.fromEntries(d.map(([n, ft]) => [n, toArg(v[n] === undefined ? null : v[n], ft)]));
  return v;
}

function wrong(v, want) {
  const name = v === null || v === undefined ? String(v) : (v.constructor || {}).name || typeof v;
  let text;
  try { text = JSON.stringify(v); } catch (e) { text = String(v); }
  return { __unencodable__: name, repr: String(text).slice(0, 160) + "; " + want + " was expected" };
}

function readList(head) {
  const vals = [];
  const seen = new Set();
  for (let node = head; node !== null && node !== undefined; node = node.next) {
    if (typeof node !== "object" || !("val" in node) || !("next" in node)) return wrong(node, "a ListNode (val, next)");
    if (seen.has(node)) return { __unencodable__: "ListNode", repr: "a cycle: node " + (vals.length + 1) + " (val " + node.val + ") links back to an earlier node" };
    seen.add(node);
    vals.push(node.val);
  }
  return vals;
}

function readGraph(start) {
  if (start === null || start === undefined) return [];
  const isNode = (n) => n && typeof n === "object" && Array.isArray(n.neighbors);
  if (!isNode(start)) return wrong(start, "a Node (val, neighbors)");
  const seen = new Set([start]);
  const order = [];
  const todo = [start];
  while (todo.length) {
    const node = todo.pop();
    order.push(node);
    for (const nb of node.neighbors) {
      if (!isNode(nb)) return wrong(nb, "a Node (val, neighbors)");
      if (!seen.has(nb)) { seen.add(nb); todo.push(nb); }
    }
  }
  const byVal = new Map(order.map((n) => [n.val, n]));
  const n = order.length;
  for (let i = 1; i <= n; i++) {
    if (!byVal.has(i) || byVal.size !== n) {
      return { __unencodable__: "graph", repr: "nodes valued " + JSON.stringify(order.map((x) => x.val).slice(0, 20)) + ", not 1.." + n + " once each" };
    }
  }
  return Array.from({ length: n }, (_, i) => byVal.get(i + 1).neighbors.map((x) => x.val));
}

function iterable(v) {
  return v !== null && typeof v === "object" && typeof v[Symbol.iterator] === "function" && !(v instanceof Map);
}

// A returned value of type t as JSON: iterables collected, Sets and keyed Maps as lists, nodes
// read back.
function fromValue(v, t) {
  const [k, d] = kindOf(t);
  if (k === "alias") return fromValue(v, aliases[d]);
  if (k === "union") {
    if (iterable(v) && !Array.isArray(v) && !(v instanceof Set)) v = Array.from(v);
    for (const a of d) {
      const r = fromValue(v, a);
      if (fits(r, a) && !(r && r.__unencodable__)) return r;
    }
    return v;
  }
  if (k === "list_node") return readList(v);
  if (k === "graph") return readGraph(v);
  if (v === null || v === undefined || d === null) return v;
  if (k === "optional") return fromValue(v, d);
  if (k === "list" || k === "iter" || k === "set") {
    if (!iterable(v) || typeof v === "string" || (k !== "set" && v instanceof Set)) return v;
    return Array.from(v, (x) => fromValue(x, d));
  }
  if (k === "tuple") return Array.isArray(v) && v.length === d.length ? v.map((x, i) => fromValue(x, d[i])) : v;
  if (k === "map") {
    const entries = v instanceof Map ? Array.from(v.entries()) : typeof v === "object" && !Array.isArray(v) ? Object.entries(v) : null;
    if (entries === null) return v;
    if (d[0] === "string") return Object.fromEntries(entries.map(([key, x]) => [key, fromValue(x, d[1])]));
    const key = (x) => (d[0] === "int" && typeof x === "string" && /^-?\d+$/.test(x) ? Number(x) : fromValue(x, d[0]));
    return entries.map(([x, y]) => [key(x), fromValue(y, d[1])]);
  }
  if (k === "record" && typeof v === "object") {
    const fields = new Map(d);
    return Object.fromEntries(Object.entries(v).map(([n, x]) => [n, fromValue(x, fields.get(n) || "any")]));
  }
  return v;
}

function callTyped(fn, args) {
  if (!types) return fn(...args);
  const ps = types.params;
  return fromValue(fn(...args.map((a, i) => (i < ps.length ? toArg(a, ps[i]) : a))), types.returns);
}

// A class test: the constructor, then each method (snake_case names in the tests are called in
// camelCase: mark_down -> markDown); results fill as it goes, so a failing call can be named.
function camel(name) {
  return name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
}

function drive(cls, calls, results) {
  const ps = types ? types.params : [];
  const obj = new cls(...calls[0].slice(1).map((a, i) => (i < ps.length ? toArg(a, ps[i]) : a)));
  results.push(null);
  for (const c of calls.slice(1)) {
    const method = obj[camel(c[0])];
    if (typeof method !== "function") throw new TypeError(cls.name + " has no method `" + camel(c[0]) + "`");
    const m = types && types.methods && types.methods[c[0]];
    const v = m ? fromValue(method.apply(obj, c.slice(1).map((a, i) => toArg(a, m.params[i]))), m.returns) : method.apply(obj, c.slice(1));
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
  if (types && (types.list_node || types.graph)) {
    // LeetCode's names, as its editor has them.
    globalThis.ListNode = ListNode;
    globalThis._Node = _Node;
    globalThis.Node = _Node;
  }
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
    globalThis[slot] = spec["class"] ? () => drive(fn, test.args, results) : () => callTyped(fn, test.args);
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
