#!/usr/bin/env python3
"""Random test generator for valid-parentheses (`grader stress`).

usage: python3 gen.py SEED SIZE
Prints one test, the JSON array of the arguments: a string of SIZE characters of "()[]{}".
About half are balanced; the others are balanced strings with one change (a bracket replaced
or deleted), balanced strings shuffled (the counts still match), or random brackets.
"""
import json
import random
import sys

PAIRS = ["()", "[]", "{}"]


def balanced(rng, n):
    out, stack = [], []
    while len(out) + len(stack) < n or stack:
        if stack and (len(out) + len(stack) >= n or rng.random() < 0.5):
            out.append(stack.pop())
        else:
            o, c = rng.choice(PAIRS)
            out.append(o)
            stack.append(c)
    return "".join(out)


def main():
    seed, size = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    n = max(0, size)
    s = balanced(rng, n - n % 2)
    shape = rng.random()
    if shape < 0.4 or not s:
        s = "".join(rng.choice("()[]{}") for _ in range(n))
    elif shape < 0.7:
        i = rng.randrange(len(s))
        s = s[:i] + rng.choice("()[]{}") + s[i + 1:]
    elif shape < 0.8:
        i = rng.randrange(len(s))
        s = s[:i] + s[i + 1:]
    elif shape < 0.9:
        # The same brackets in another order: every count still matches.
        chars = list(s)
        rng.shuffle(chars)
        s = "".join(chars)
    print(json.dumps([s]))


if __name__ == "__main__":
    main()
