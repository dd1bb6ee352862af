#!/usr/bin/env python3
"""Random test generator for longest-substring-length (`grader stress`).

usage: python3 gen.py SEED SIZE
Prints one test's input: one line of SIZE printable non-space ASCII characters ('!'..'~'; at
least one). Small alphabets at small sizes, runs, mirrored and periodic shapes.

The stored tests tests/{samples,small,medium,large} were written by an earlier version of this
file (seed 7340211; `git log -p -- gen.py` shows it), each answer checked by two O(n) solutions
and, up to 300 characters, a brute force.
"""
import random
import sys

PRINTABLE = [chr(c) for c in range(33, 127)]


def main():
    seed, size = int(sys.argv[1]), int(sys.argv[2])
    rnd = random.Random(seed)
    n = max(1, size)
    k = rnd.randint(1, max(1, min(94, n // 2 + 2)))
    alphabet = rnd.sample(PRINTABLE, k)
    shape = rnd.random()
    if shape < 0.5:
        s = "".join(rnd.choice(alphabet) for _ in range(n))
    elif shape < 0.7:
        parts, total = [], 0
        while total < n:
            r = rnd.randint(1, 3)
            parts.append(rnd.choice(alphabet) * r)
            total += r
        s = "".join(parts)[:n]
    elif shape < 0.85:
        half = "".join(rnd.sample(alphabet, k))
        s = ((half + half[::-1]) * (n // (2 * k) + 1))[:n]
    else:
        block = "".join(rnd.sample(alphabet, k))
        s = (block * (n // k + 1))[:n]
    print(s)


if __name__ == "__main__":
    main()
