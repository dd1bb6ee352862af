#!/usr/bin/env python3
"""Random test generator for longest-substring (`grader stress`).

usage: python3 gen.py SEED SIZE
Prints one test, the JSON array of the arguments: ["some string"], SIZE characters long.
Small alphabets at small sizes (ties and repeats are where answers go wrong), and non-ASCII
letters (2, 3 and 4 UTF-8 bytes) now and then.

The stored tests tests/random/*.json and tests/large/*.json were written by an earlier version
of this file (seed 20240611; `git log -p -- gen.py` shows it), with each expected answer checked
by two O(n) solutions and a brute force.
"""
import json
import random
import sys

LOWER = [chr(c) for c in range(0x61, 0x7B)]
ASCII = [chr(c) for c in range(0x20, 0x7F)]
TWO_BYTE = [chr(c) for c in range(0x00C0, 0x0100) if c not in (0xD7, 0xF7)]
CJK = [chr(c) for c in range(0x4E00, 0x4E40)]
EMOJI = [chr(c) for c in range(0x1F600, 0x1F640)]


def main():
    seed, size = int(sys.argv[1]), int(sys.argv[2])
    rnd = random.Random(seed)
    n = max(0, size)
    pool = rnd.choice([LOWER, LOWER, LOWER, ASCII, TWO_BYTE, EMOJI + LOWER[:5],
                       LOWER[:5] + TWO_BYTE[:5] + CJK[:5] + EMOJI[:5]])
    k = rnd.randint(1, max(1, min(len(pool), n // 2 + 2)))
    alphabet = rnd.sample(pool, k)
    shape = rnd.random()
    if shape < 0.6:
        s = "".join(rnd.choice(alphabet) for _ in range(n))
    elif shape < 0.8:
        # Runs of one character.
        parts, total = [], 0
        while total < n:
            r = rnd.randint(1, 3)
            parts.append(rnd.choice(alphabet) * r)
            total += r
        s = "".join(parts)[:n]
    else:
        # Permutations of random subsets, back to back.
        parts, total = [], 0
        while total < n:
            parts.append("".join(rnd.sample(alphabet, rnd.randint(1, k))))
            total += len(parts[-1])
        s = "".join(parts)[:n]
    print(json.dumps([s], ensure_ascii=False))


if __name__ == "__main__":
    main()
