#!/usr/bin/env python3
"""Deterministic generator for the `random` and `large` test groups of
longest-substring (the `samples` and `edge` tests are inline in problem.toml).

Run from this folder:   python3 gen.py
It rewrites tests/random/*.json and tests/large/*.json (any old .json there is
removed first).  Each file is {"args": [s], "expected": answer}, UTF-8.

Every expected answer is computed by two independent O(n) implementations;
inputs up to 1,000 characters are also checked against a brute force.  Any
disagreement aborts with a non-zero exit status.
"""
import json
import os
import random
import sys

SEED = 20240611
MAX_FILE_BYTES = 195_000  # keep every test file well under 200 KB
HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------- solutions
def solve_window(s):
    """Set-based sliding window (the blog code)."""
    seen = set()
    left = start = max_len = 0
    for right in range(len(s)):
        while s[right] in seen:
            seen.remove(s[left])
            left += 1
        seen.add(s[right])
        if right - left + 1 > max_len:
            max_len = right - left + 1
            start = left
    return s[start:start + max_len]


def solve_last_index(s):
    """Last-occurrence sliding window."""
    last = {}
    left = best_start = best_len = 0
    for right, c in enumerate(s):
        p = last.get(c, -1)
        if p >= left:
            left = p + 1
        last[c] = right
        if right - left + 1 > best_len:
            best_start, best_len = left, right - left + 1
    return s[best_start:best_start + best_len]


def solve_brute(s):
    """O(n * k): extend from every start; strict > keeps the leftmost."""
    best = ""
    for i in range(len(s)):
        seen = set()
        j = i
        while j < len(s) and s[j] not in seen:
            seen.add(s[j])
            j += 1
        if j - i > len(best):
            best = s[i:j]
    return best


def answer(s):
    a = solve_window(s)
    b = solve_last_index(s)
    if a != b:
        sys.exit(f"gen.py: window and last-index solutions disagree (n={len(s)})")
    if len(s) <= 1000 and solve_brute(s) != a:
        sys.exit(f"gen.py: brute force disagrees (n={len(s)}): {s!r}")
    if len(set(a)) != len(a) or a not in s:
        sys.exit("gen.py: answer is not a repeat-free substring")
    return a


# ---------------------------------------------------------------- alphabets
def rng_chars(*ranges):
    out = []
    for lo, hi in ranges:  # inclusive
        out.extend(chr(c) for c in range(lo, hi + 1))
    return out


LOWER = rng_chars((0x61, 0x7A))
ASCII = rng_chars((0x20, 0x7E))  # printable ASCII, space included
# Letters that take 2 bytes in UTF-8 (no combining marks, no surrogates).
TWO_BYTE = [c for c in rng_chars(
    (0x00C0, 0x00FF),   # Latin-1 letters
    (0x0100, 0x024F),   # Latin Extended-A/B
    (0x0250, 0x02AF),   # IPA
    (0x0391, 0x03A1), (0x03A3, 0x03A9), (0x03B1, 0x03C9),  # Greek
    (0x0400, 0x0481), (0x048A, 0x04FF),  # Cyrillic (no combining marks)
    (0x0531, 0x0556), (0x0561, 0x0586),  # Armenian
) if c not in "\u00d7\u00f7"]
CJK = rng_chars((0x4E00, 0x9FFF))        # 3 bytes each
HANGUL = rng_chars((0xAC00, 0xD7A3))     # 3 bytes each
EMOJI = rng_chars((0x1F600, 0x1F64F), (0x1F300, 0x1F3FF))  # 4 bytes each


def uniform(rnd, alphabet, n):
    return "".join(rnd.choice(alphabet) for _ in range(n))


def perm_blocks(rnd, alphabet, n, lo, hi):
    """Concatenate random permutations of random subsets of `alphabet`."""
    parts, total = [], 0
    while total < n:
        k = min(rnd.randint(lo, hi), len(alphabet), n - total)
        parts.append("".join(rnd.sample(alphabet, k)))
        total += k
    return "".join(parts)


# ---------------------------------------------------------------- tests
def random_tests(rnd):
    t = []
    t.append(("01-lowercase", uniform(rnd, LOWER, 300)))
    t.append(("02-ascii-with-spaces", uniform(rnd, ASCII, 400)))
    t.append(("03-small-alphabet", uniform(rnd, list("abc"), 250)))
    t.append(("04-two-byte-letters", uniform(rnd, TWO_BYTE[:60], 350)))
    t.append(("05-perm-blocks-lower", perm_blocks(rnd, LOWER, 400, 5, 26)))
    t.append(("06-mixed-scripts", uniform(
        rnd, LOWER[:10] + TWO_BYTE[:10] + CJK[:10] + EMOJI[:10], 500)))
    t.append(("07-emoji", uniform(rnd, EMOJI[:40], 300)))
    # a tie: the same set of characters in two different orders
    a = rnd.sample(LOWER[:25], 20)  # no 'z'
    b = rnd.sample(a, 20)
    t.append(("08-tie-two-permutations", "zz".join(
        [uniform(rnd, list("0123"), 150), "".join(a[:10]), "".join(a),
         "".join(b), "".join(b[:5]), uniform(rnd, list("0123"), 150)])))
    t.append(("09-periodic", ("".join(rnd.sample(TWO_BYTE, 37)) * 12)[:444]))
    t.append(("10-runs", "".join(rnd.choice(LOWER[:12]) * rnd.randint(1, 4)
                                 for _ in range(120))))
    return t


def large_tests(rnd):
    t = []
    # 1. cyclic: a shuffled alphabet of ~3,000 code points repeated; every
    #    window of that length is repeat-free, so only the leftmost is right.
    pool = TWO_BYTE + rnd.sample(CJK, 2000)
    rnd.shuffle(pool)
    t.append(("01-cyclic-3000", ("".join(pool) * 20)[:50_000]))

    # 2. permutation blocks of a big mixed alphabet
    pool = TWO_BYTE + rnd.sample(CJK, 1500) + rnd.sample(HANGUL, 1500) + EMOJI[:100]
    t.append(("02-perm-blocks", perm_blocks(rnd, pool, 52_000, 500, 4000)))

    # 3. short-run ASCII noise with two planted 5,000-character repeat-free
    #    runs of the same length (a tie at scale: leftmost wins)
    def noise(n):
        return uniform(rnd, LOWER, n)
    run1 = "".join(rnd.sample(CJK, 5000))
    run2 = "".join(rnd.sample(CJK, 5000))
    s = noise(20_000) + "aa" + run1 + "aa" + noise(20_000) + "aa" + run2 + "aa" + noise(10_000)
    t.append(("03-planted-tie", s))

    # 4. repetitive prefix, the only long answer at the very end
    s = uniform(rnd, list("ab"), 40_000) + "".join(rnd.sample(HANGUL, 10_000))
    t.append(("04-answer-at-end", s))

    # 5. uniform random over ~1,100 code points incl. emoji (short answer)
    t.append(("05-uniform-mixed", uniform(rnd, TWO_BYTE + EMOJI[:120] + LOWER, 60_000)))

    # 6. one character repeated
    t.append(("06-single-char", "\u00e9" * 60_000))
    return t


def write_group(group, tests):
    d = os.path.join(HERE, "tests", group)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        if f.endswith(".json"):
            os.remove(os.path.join(d, f))
    for name, s in tests:
        expected = answer(s)
        data = json.dumps({"args": [s], "expected": expected}, ensure_ascii=False) + "\n"
        raw = data.encode("utf-8")
        if len(raw) > MAX_FILE_BYTES:
            sys.exit(f"gen.py: {group}/{name}.json is {len(raw)} bytes (> {MAX_FILE_BYTES})")
        with open(os.path.join(d, name + ".json"), "wb") as fh:
            fh.write(raw)
        print(f"{group}/{name}.json  n={len(s)}  answer_len={len(expected)}  bytes={len(raw)}")


def main():
    rnd = random.Random(SEED)
    write_group("random", random_tests(rnd))
    write_group("large", large_tests(rnd))


if __name__ == "__main__":
    main()
