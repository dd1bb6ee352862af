#!/usr/bin/env python3
"""Deterministic test generator for longest-substring-length.

Run from this folder:   python3 gen.py

Rewrites tests/{samples,small,medium,large}/NAME.in + NAME.out (old .in/.out
files in those folders are removed first).  Every input is one line of
printable non-space ASCII ('!'..'~', 94 characters), 1..100,000 long.

Checks: every answer is computed by two independent O(n) solutions, and every
input of at most 300 characters is also checked against a brute force.  Any
disagreement (or an input breaking the constraints) aborts with exit status 1.
"""
import os
import random
import sys

SEED = 7_340_211
HERE = os.path.dirname(os.path.abspath(__file__))
PRINTABLE = [chr(c) for c in range(33, 127)]  # 94 characters, no space
MAX_N = 100_000


# ---------------------------------------------------------------- solutions
def solve_last_index(s):
    last = {}
    left = best = 0
    for i, c in enumerate(s):
        p = last.get(c, -1)
        if p >= left:
            left = p + 1
        last[c] = i
        best = max(best, i - left + 1)
    return best


def solve_set_window(s):
    seen = set()
    left = best = 0
    for c in s:
        while c in seen:
            seen.remove(s[left])
            left += 1
        seen.add(c)
        best = max(best, len(seen))
    return best


def solve_brute(s):
    """Check every substring s[i:j] directly."""
    n, best = len(s), 0
    for i in range(n):
        for j in range(i + best + 1, n + 1):  # only lengths that would improve
            if len(set(s[i:j])) == j - i:
                best = j - i
            else:
                break  # a longer substring starting at i contains this repeat
    return best


def answer(s):
    if not (1 <= len(s) <= MAX_N) or any(c not in PRINTABLE_SET for c in set(s)):
        sys.exit(f"gen.py: input breaks the constraints: {s[:50]!r}...")
    a = solve_last_index(s)
    if solve_set_window(s) != a:
        sys.exit(f"gen.py: the two O(n) solutions disagree on {s[:50]!r}...")
    if len(s) <= 300 and solve_brute(s) != a:
        sys.exit(f"gen.py: brute force disagrees ({solve_brute(s)} != {a}) on {s!r}")
    return a


PRINTABLE_SET = set(PRINTABLE)


# ---------------------------------------------------------------- shapes
def uniform(rnd, n, k):
    """n characters drawn uniformly from a random k-letter alphabet."""
    alpha = rnd.sample(PRINTABLE, k)
    return "".join(rnd.choice(alpha) for _ in range(n))


def perm_blocks(rnd, n, lo, hi):
    """Concatenated permutations of random subsets of size lo..hi."""
    out, total = [], 0
    while total < n:
        k = rnd.randint(lo, hi)
        out.append("".join(rnd.sample(PRINTABLE, k)))
        total += k
    return "".join(out)[:n]


def runs(rnd, n, max_run, k=94):
    """Runs of one repeated character, lengths 1..max_run."""
    alpha = rnd.sample(PRINTABLE, k)
    out, total = [], 0
    while total < n:
        r = rnd.randint(1, max_run)
        out.append(rnd.choice(alpha) * r)
        total += r
    return "".join(out)[:n]


def periodic(rnd, n, period):
    block = "".join(rnd.sample(PRINTABLE, period))
    return (block * (n // period + 1))[:n]


def mirrored(rnd, n, k):
    """p + reverse(p) repeated: the classic 'abba' trap at scale."""
    p = "".join(rnd.sample(PRINTABLE, k))
    return ((p + p[::-1]) * (n // (2 * k) + 1))[:n]


def planted(rnd, n, k_noise, where):
    """Small-alphabet noise with a full 94-character permutation planted."""
    perm = "".join(rnd.sample(PRINTABLE, 94))
    noise = uniform(rnd, n - 94, k_noise)
    pos = {"start": 0, "end": n - 94, "middle": rnd.randint(0, n - 94)}[where]
    return noise[:pos] + perm + noise[pos:]


def near_miss(rnd, n):
    """Permutations of 94 where one character of each is replaced by a
    neighbour's character, so windows of 94 almost (but never) appear."""
    out, total = [], 0
    while total < n:
        p = rnd.sample(PRINTABLE, 94)
        i = rnd.randrange(1, 94)
        p[i] = p[i - 1]
        out.append("".join(p))
        total += 94
    return "".join(out)[:n]


def mixed(rnd, n):
    """Concatenation of chunks of the other shapes."""
    out, total = [], 0
    while total < n:
        m = rnd.randint(1, max(1, n // 4))
        out.append(random_shape(rnd, m))
        total += m
    return "".join(out)[:n]


def random_shape(rnd, n):
    r = rnd.randrange(7)
    if r == 0:
        return uniform(rnd, n, rnd.randint(1, 94))
    if r == 1:
        return perm_blocks(rnd, n, rnd.randint(1, 94), 94)
    if r == 2:
        return runs(rnd, n, rnd.randint(1, 50), rnd.randint(1, 94))
    if r == 3:
        return periodic(rnd, n, rnd.randint(1, min(94, n)))
    if r == 4:
        return mirrored(rnd, n, rnd.randint(1, 94))
    if r == 5:
        return near_miss(rnd, n)
    return uniform(rnd, n, 94)


# ---------------------------------------------------------------- groups
def samples():
    return [("sample-1", "abcabcbb"), ("sample-2", "bbbbb"), ("sample-3", "pwwkew")]


def small(rnd):
    full = "".join(PRINTABLE)
    hand = [
        ("a", "a"), ("aa", "aa"), ("ab", "ab"), ("abba", "abba"), ("dvdf", "dvdf"),
        ("tmmzuxt", "tmmzuxt"), ("abcabcbb-rev", "bbcbacba"), ("aab", "aab"),
        ("abb", "abb"), ("tilde", "~"), ("bang", "!"), ("bang-tilde", "!~!~!"),
        ("case", "aAbBcCaA"), ("digits", "0123456789"), ("digits-twice", "01234567890123456789"),
        ("all-94", full), ("all-94-reversed", full[::-1]), ("all-94-twice", full * 2),
        ("all-94-plus-first", full + full[0]), ("first-plus-all-94", full[-1] + full),
        ("all-94-mirrored", full + full[::-1]), ("a-x300", "a" * 300),
        ("ab-x150", "ab" * 150), ("answer-at-end", "a" * 100 + full),
        ("answer-at-start", full + "z" * 100), ("abcba", "abcba"),
        ("punct", "!@#!@#$%^&*()"), ("quotes", "\"'`\"'`\\/\\"),
        ("repeat-inside", "abcdefgdhijk"), ("two-windows", "abcdea" + "fghijklmn"),
    ]
    tests = [(f"{i:03d}-{name}", s) for i, (name, s) in enumerate(hand, 1)]
    shapes = [
        lambda n: uniform(rnd, n, rnd.randint(1, 94)),
        lambda n: uniform(rnd, n, 94),
        lambda n: uniform(rnd, n, rnd.randint(2, 6)),
        lambda n: perm_blocks(rnd, n, rnd.randint(1, 30), 94),
        lambda n: runs(rnd, n, rnd.randint(2, 20), rnd.randint(1, 94)),
        lambda n: periodic(rnd, n, rnd.randint(1, min(94, n))),
        lambda n: mirrored(rnd, n, rnd.randint(1, 60)),
        lambda n: near_miss(rnd, n),
        lambda n: mixed(rnd, n),
    ]
    i = len(tests)
    while len(tests) < 115:
        i += 1
        n = rnd.choice([rnd.randint(1, 20), rnd.randint(20, 120), rnd.randint(120, 300)])
        tests.append((f"{i:03d}-random", shapes[i % len(shapes)](n)))
    return tests


def medium(rnd):
    tests = []
    kinds = [
        ("uniform94", lambda n: uniform(rnd, n, 94)),
        ("uniform-k", lambda n: uniform(rnd, n, rnd.randint(2, 94))),
        ("perm-blocks", lambda n: perm_blocks(rnd, n, rnd.randint(1, 94), 94)),
        ("runs", lambda n: runs(rnd, n, rnd.randint(2, 200), rnd.randint(2, 94))),
        ("periodic", lambda n: periodic(rnd, n, rnd.randint(1, 94))),
        ("mirrored", lambda n: mirrored(rnd, n, rnd.randint(10, 94))),
        ("planted", lambda n: planted(rnd, n, rnd.randint(2, 10), rnd.choice(["start", "middle", "end"]))),
        ("near-miss", lambda n: near_miss(rnd, n)),
        ("mixed", lambda n: mixed(rnd, n)),
    ]
    for i in range(65):
        name, f = kinds[i % len(kinds)]
        n = rnd.randint(301, 20_000)
        tests.append((f"{i + 1:03d}-{name}", f(n)))
    return tests


def large(rnd):
    full = "".join(PRINTABLE)
    fixed = [
        ("same-char", "a" * MAX_N),
        ("tilde-only", "~" * MAX_N),
        ("ab-alternating", "ab" * (MAX_N // 2)),
        ("cycle-94", (full * 1100)[:MAX_N]),
        ("mirrored-94", mirrored(rnd, MAX_N, 94)),
        ("uniform94", uniform(rnd, MAX_N, 94)),
        ("digits", uniform(rnd, MAX_N, 10)),
        ("two-letters", uniform(rnd, MAX_N, 2)),
        ("perm-blocks-94", perm_blocks(rnd, MAX_N, 94, 94)),
        ("perm-blocks-subsets", perm_blocks(rnd, MAX_N, 10, 94)),
        ("planted-end", planted(rnd, MAX_N, 3, "end")),
        ("planted-start", planted(rnd, MAX_N, 3, "start")),
        ("planted-middle", planted(rnd, MAX_N, 5, "middle")),
        ("near-miss", near_miss(rnd, MAX_N)),
        ("long-runs", runs(rnd, MAX_N, 1000)),
        ("short-runs", runs(rnd, MAX_N, 3)),
        ("answer-at-end", "a" * (MAX_N - 94) + full[::-1]),
    ]
    tests = [(f"{i:02d}-{name}", s) for i, (name, s) in enumerate(fixed, 1)]
    kinds = [
        ("uniform-k", lambda n: uniform(rnd, n, rnd.randint(20, 94))),
        ("mixed", lambda n: mixed(rnd, n)),
        ("periodic", lambda n: periodic(rnd, n, rnd.randint(50, 94))),
        ("mirrored", lambda n: mirrored(rnd, n, rnd.randint(40, 94))),
    ]
    for j in range(8):
        name, f = kinds[j % len(kinds)]
        n = rnd.randint(50_000, MAX_N)
        tests.append((f"{len(tests) + 1:02d}-{name}", f(n)))
    return tests


def write_group(group, tests):
    d = os.path.join(HERE, "tests", group)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        if f.endswith(".in") or f.endswith(".out"):
            os.remove(os.path.join(d, f))
    names = set()
    for name, s in tests:
        if name in names:
            sys.exit(f"gen.py: duplicate test name {group}/{name}")
        names.add(name)
        ans = answer(s)
        with open(os.path.join(d, name + ".in"), "w", newline="\n") as fh:
            fh.write(s + "\n")
        with open(os.path.join(d, name + ".out"), "w", newline="\n") as fh:
            fh.write(f"{ans}\n")
    print(f"{group}: {len(tests)} tests, n in [{min(len(s) for _, s in tests)}, "
          f"{max(len(s) for _, s in tests)}]")


def main():
    rnd = random.Random(SEED)
    write_group("samples", samples())
    write_group("small", small(rnd))
    write_group("medium", medium(rnd))
    write_group("large", large(rnd))


if __name__ == "__main__":
    main()
