"""Writes tests/random/*.json: random carts over a small catalogue, with the reference's answer.

usage: python3 gen.py   (deterministic: the same files every time)
"""
import json
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "reference"))
from merge_carts import merge_carts  # noqa: E402

rng = random.Random(6)
out_dir = os.path.join(os.path.dirname(__file__), "tests", "random")
os.makedirs(out_dir, exist_ok=True)
for n in range(1, 13):
    catalogue = ["sku-%03d" % i for i in range(rng.randint(5, 60))]
    stock = {p: rng.choice([0, 1, 2, 3, 5, 10, 100]) for p in catalogue}
    unknown = ["gone-%02d" % i for i in range(rng.randint(0, 4))]
    pool = catalogue + unknown

    def cart():
        return {p: rng.choice([-1, 0, 1, 1, 2, 3, 7, 50]) for p in rng.sample(pool, rng.randint(0, min(len(pool), 25)))}

    user, session = cart(), cart()
    args = [user, session, stock]
    with open(os.path.join(out_dir, "%02d-random.json" % n), "w") as f:
        json.dump({"args": args, "expected": merge_carts(*args)}, f, sort_keys=True)
        f.write("\n")

# One large cart pair: a quadratic merge (a list scanned per product) is too slow.
big_dir = os.path.join(os.path.dirname(__file__), "tests", "large")
os.makedirs(big_dir, exist_ok=True)
catalogue = ["p%05d" % i for i in range(20000)]
stock = {p: rng.randint(0, 20) for p in catalogue}
user = {p: rng.randint(1, 15) for p in rng.sample(catalogue, 15000)}
session = {p: rng.randint(1, 15) for p in rng.sample(catalogue + ["x%04d" % i for i in range(500)], 15000)}
args = [user, session, stock]
with open(os.path.join(big_dir, "01-twenty-thousand.json"), "w") as f:
    json.dump({"args": args, "expected": merge_carts(*args)}, f, sort_keys=True, separators=(",", ":"))
    f.write("\n")
