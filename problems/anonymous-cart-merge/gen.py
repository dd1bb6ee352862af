#!/usr/bin/env python3
"""Random test generator for anonymous-cart-merge (`grader stress`).

usage: python3 gen.py SEED SIZE
Prints one test, the JSON array of the arguments [user, session, stock]: a catalogue of about
SIZE products with their stock (0 included), two carts over it and a few products no longer
sold, quantities of 0 and below included, and now and then quantities past 32 bits.

The stored tests tests/random/*.json and tests/large/*.json were written by an earlier version
of this file (seed 6; `git log -p -- gen.py` shows it), with the reference's answers.
"""
import json
import random
import sys


def main():
    seed, size = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    n = max(1, size)
    catalogue = ["sku-%03d" % i for i in range(rng.randint(1, n))]
    big = rng.random() < 0.2  # quantities past 32 bits now and then
    stock = {p: rng.choice([0, 1, 2, 3, 5, 10, 100] + [3_000_000_000] * big) for p in catalogue}
    unknown = ["gone-%02d" % i for i in range(rng.randint(0, max(1, n // 4)))]
    pool = catalogue + unknown

    def cart():
        k = rng.randint(0, min(len(pool), n))
        quantities = [-1, 0, 1, 1, 2, 3, 7, 50] + [2_000_000_000] * big
        return {p: rng.choice(quantities) for p in rng.sample(pool, k)}

    print(json.dumps([cart(), cart(), stock], sort_keys=True))


if __name__ == "__main__":
    main()
