// cache-aside's driver for JavaScript answers: the same scenarios as harness/python.py, with a
// fake cache (a fake clock; entries expire after their ttl) and a fake database that counts its
// calls. run(getProduct, scenario) returns "ok" or what went wrong.
"use strict";

const clone = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

class FakeCache {
  constructor(clock) {
    this.clock = clock;
    this.entries = new Map();
    this.sets = [];
  }

  get(key) {
    const e = this.entries.get(key);
    if (e === undefined) return null;
    if (e.expires !== null && this.clock.now >= e.expires) {
      this.entries.delete(key);
      return null;
    }
    return clone(e.value);
  }

  set(key, value, ttl) {
    this.sets.push(ttl === undefined ? null : ttl);
    const expires = ttl === undefined || ttl === null ? null : this.clock.now + ttl;
    this.entries.set(key, { value: clone(value), expires });
  }
}

class FakeDatabase {
  constructor(products) {
    this.products = products;
    this.calls = [];
  }

  getProduct(id) {
    this.calls.push(id);
    return this.products[id] === undefined ? null : clone(this.products[id]);
  }
}

const products = () => ({
  1: { id: 1, name: "Kettle", price: 25 },
  2: { id: 2, name: "Toaster", price: 40 },
});

const same = (a, b) => JSON.stringify(a === undefined ? null : a) === JSON.stringify(b);
const show = (v) => (v === undefined ? "undefined" : JSON.stringify(v));
const check = (got, want, what) => (same(got, want) ? null : `${what}: returned ${show(got)}, expected ${show(want)}`);
const calls = (n) => `${n} database call${n === 1 ? "" : "s"}`;

function run(getProduct, scenario) {
  const clock = { now: 1000000 };
  const cache = new FakeCache(clock);
  const db = new FakeDatabase(products());
  const p = products();
  switch (scenario) {
    case "miss-returns-product": {
      const err = check(getProduct(1, cache, db), p[1], "first call");
      if (err) return err;
      if (db.calls.length !== 1) return `a miss should read the database once; it made ${calls(db.calls.length)}`;
      return "ok";
    }
    case "miss-fills-cache":
      getProduct(1, cache, db);
      return cache.sets.length ? "ok" : "a miss did not put the product in the cache (cache.set was never called)";
    case "hit-skips-database": {
      getProduct(1, cache, db);
      clock.now += 10;
      const err = check(getProduct(1, cache, db), p[1], "second call, 10 s later");
      if (err) return err;
      if (db.calls.length !== 1)
        return `a hit must not read the database: 2 calls for the same product 10 s apart made ${calls(db.calls.length)}`;
      return "ok";
    }
    case "ttl-is-300s":
      getProduct(1, cache, db);
      if (cache.sets.length !== 1 || cache.sets[0] !== 300)
        return `the product should be cached with ttl 300; cache.set got ttl ${cache.sets.map(show).join(", ") || "(no set)"}`;
      return "ok";
    case "expiry-honoured": {
      getProduct(1, cache, db);
      db.products[1].price = 30;
      clock.now += 301;
      const got = getProduct(1, cache, db);
      if (db.calls.length !== 2)
        return `after the entry expired (301 s later) the database should be read again; ${calls(db.calls.length)} in all`;
      return check(got, db.products[1], "301 s later, after a price change") || "ok";
    }
    case "fresh-within-ttl":
      getProduct(1, cache, db);
      clock.now += 299;
      getProduct(1, cache, db);
      if (db.calls.length !== 1)
        return `299 s later the entry is still fresh: the database should not be read; ${calls(db.calls.length)}`;
      return "ok";
    case "products-do-not-collide": {
      const a = getProduct(1, cache, db);
      const b = getProduct(2, cache, db);
      let err = check(a, p[1], "getProduct(1)") || check(b, p[2], "getProduct(2) after getProduct(1)");
      if (err) return err;
      err = check(getProduct(1, cache, db), p[1], "getProduct(1) again") || check(getProduct(2, cache, db), p[2], "getProduct(2) again");
      if (err) return err;
      if (db.calls.length !== 2) return `two products, each read twice, should take 2 database calls; ${calls(db.calls.length)}`;
      return "ok";
    }
    case "unknown-product":
      return check(getProduct(99, cache, db), null, "getProduct(99) (no such product)") || "ok";
    default:
      throw new Error("unknown scenario " + scenario);
  }
}

module.exports = { run };
