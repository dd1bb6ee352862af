"""cache-aside's driver: runs one scenario against the candidate's get_product with a fake cache
(with a fake clock, honouring each entry's ttl) and a fake database that counts its calls.

`run(get_product, scenario)` returns "ok" or what went wrong; each [[tests]] entry is one
scenario, expected "ok".
"""
import copy


class Clock:
    def __init__(self):
        self.now = 1_000_000.0


class FakeCache:
    def __init__(self, clock):
        self.clock = clock
        self.entries = {}
        self.sets = []

    def get(self, key, default=None):
        entry = self.entries.get(key)
        if entry is None:
            return default
        value, expires = entry
        if expires is not None and self.clock.now >= expires:
            del self.entries[key]
            return default
        return copy.deepcopy(value)

    def set(self, key, value, ttl=None):
        self.sets.append((key, ttl))
        expires = None if ttl is None else self.clock.now + ttl
        self.entries[key] = (copy.deepcopy(value), expires)


class FakeDatabase:
    def __init__(self, products):
        self.products = products
        self.calls = []

    def get_product(self, product_id):
        self.calls.append(product_id)
        p = self.products.get(product_id)
        return copy.deepcopy(p)


def _products():
    return {
        1: {"id": 1, "name": "Kettle", "price": 25},
        2: {"id": 2, "name": "Toaster", "price": 40},
    }


def _check(got, want, what):
    if got != want:
        return "%s: returned %r, expected %r" % (what, got, want)
    return None


def run(get_product, scenario):
    clock = Clock()
    cache = FakeCache(clock)
    db = FakeDatabase(_products())
    products = _products()

    def calls(n):
        return "%d database call%s" % (n, "" if n == 1 else "s")

    if scenario == "miss-returns-product":
        err = _check(get_product(1, cache, db), products[1], "first call")
        if err:
            return err
        if len(db.calls) != 1:
            return "a miss should read the database once; it made %s" % calls(len(db.calls))
        return "ok"
    if scenario == "miss-fills-cache":
        get_product(1, cache, db)
        if not cache.sets:
            return "a miss did not put the product in the cache (cache.set was never called)"
        return "ok"
    if scenario == "hit-skips-database":
        get_product(1, cache, db)
        clock.now += 10
        err = _check(get_product(1, cache, db), products[1], "second call, 10 s later")
        if err:
            return err
        if len(db.calls) != 1:
            return "a hit must not read the database: 2 calls for the same product 10 s apart made %s" % calls(len(db.calls))
        return "ok"
    if scenario == "ttl-is-300s":
        get_product(1, cache, db)
        ttls = [ttl for _, ttl in cache.sets]
        if ttls != [300]:
            return "the product should be cached with ttl=300; cache.set got ttl %s" % (
                ", ".join(repr(t) for t in ttls) or "(no set)")
        return "ok"
    if scenario == "expiry-honoured":
        get_product(1, cache, db)
        db.products[1]["price"] = 30
        clock.now += 301
        got = get_product(1, cache, db)
        if len(db.calls) != 2:
            return "after the entry expired (301 s later) the database should be read again; %s in all" % calls(len(db.calls))
        return _check(got, db.products[1], "301 s later, after a price change") or "ok"
    if scenario == "fresh-within-ttl":
        get_product(1, cache, db)
        clock.now += 299
        get_product(1, cache, db)
        if len(db.calls) != 1:
            return "299 s later the entry is still fresh: the database should not be read; %s" % calls(len(db.calls))
        return "ok"
    if scenario == "products-do-not-collide":
        a = get_product(1, cache, db)
        b = get_product(2, cache, db)
        err = _check(a, products[1], "get_product(1)") or _check(b, products[2], "get_product(2) after get_product(1)")
        if err:
            return err
        a2 = get_product(1, cache, db)
        b2 = get_product(2, cache, db)
        err = _check(a2, products[1], "get_product(1) again") or _check(b2, products[2], "get_product(2) again")
        if err:
            return err
        if len(db.calls) != 2:
            return "two products, each read twice, should take 2 database calls; %s" % calls(len(db.calls))
        return "ok"
    if scenario == "unknown-product":
        got = get_product(99, cache, db)
        return _check(got, None, "get_product(99) (no such product)") or "ok"
    raise ValueError("unknown scenario %r" % scenario)
