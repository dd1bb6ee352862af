#!/usr/bin/env python3
"""`grader stress` on every wrong/ answer of the problems with a [generator]: per answer, whether
a failing input was found, its verdict, the shrunk input and its size (characters and elements),
the size of the generated test it came from, the tests tried, the time to find it (before
shrinking) and the whole wall time.

usage: python3 bench/stress.py [--grader PATH] [--seed N] [PROBLEM...]
(the grader defaults to target/release/grader; run from anywhere).
"""
import argparse
import json
import os
import subprocess
import time

PROBLEMS = ["longest-substring", "longest-substring-length", "anonymous-cart-merge",
            "two-sum", "valid-parentheses"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--grader", default=os.path.join(ROOT, "target/release/grader"))
    ap.add_argument("--seed", default="1")
    ap.add_argument("problems", nargs="*", default=PROBLEMS)
    args = ap.parse_args()
    worst = 0.0
    for p in args.problems:
        wrong = os.path.join(ROOT, "problems", p, "wrong")
        for name in sorted(os.listdir(wrong)):
            f = os.path.join("problems", p, "wrong", name)
            start = time.monotonic()
            r = subprocess.run([args.grader, "stress", p, f, "--seed", args.seed, "--format", "json"],
                               cwd=ROOT, capture_output=True, text=True)
            secs = time.monotonic() - start
            try:
                d = json.loads(r.stdout)
            except ValueError:
                print(f"{f:58} exit {r.returncode} {r.stderr.strip()[:90]}")
                continue
            if d["found"]:
                worst = max(worst, d["found_after_s"])
                shown = json.dumps(d["input"], ensure_ascii=False)
                print(f"{f:58} exit {r.returncode} {d['verdict']:3} size {d['size']:4} "
                      f"(from {d['generated_size']:4}) tries {d['tries']:4} found in "
                      f"{d['found_after_s']:4.1f}s, {secs:4.1f}s in all  {shown[:40]}")
            else:
                print(f"{f:58} exit {r.returncode} {d['verdict'] or '-':3} nothing found in "
                      f"{d['tries']} tries {secs:5.1f}s")
    print(f"slowest find (before shrinking): {worst:.1f}s")


if __name__ == "__main__":
    main()
