#!/usr/bin/env python3
"""`grader similar` on a generated class: N submissions of about 100 lines each (default 300, half
Python, half Java), the wall time of comparing them all. See bench/README.md ("Similarity").

usage: bench/similar.py [--grader PATH] [--count N] [--runs R] [--keep DIR]

Each submission is five functions of about twenty lines, made of random statements (a small
grammar of expressions, calls, conditions and loops); three in ten are drawn from a pool of 60
shared function shapes, with the student's own names and a statement or two added, so many
pairs share a function or two (common idioms), as a real class does: the expensive case
(every shared fingerprint seeds a fragment to grow). Ten pairs are whole copies with every
name changed. The grader must find
those ten as the ten most similar pairs (the run fails otherwise).

Reported: median [min-max] wall time of `grader similar DIR --format json` over R runs, the
grader's peak RSS (GNU time), and the machine's load average (`/proc/loadavg`) before each run.
"""

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

WORDS = ["alpha", "beta", "gamma", "delta", "omega", "sum", "total", "count", "x", "y"]
NAMES = ["value", "total", "count", "acc", "tmp", "res", "cur", "best", "lo", "hi", "k", "m",
         "data", "items", "buf", "out", "text", "label", "idx", "pos", "arr", "seen", "freq"]
VARS = ["a", "b", "c", "xs", "d", "s", "i"]


class Gen:
    """Random statements for one language, built from a small grammar of expressions and
    control flow: a token stream as varied as students' code, not a handful of templates."""

    def __init__(self, rng, java):
        self.rng, self.java = rng, java

    def num(self):
        return str(self.rng.choice([0, 1, 2, 3, 7, 10, 42, 100, self.rng.randint(0, 999)]))

    def atom(self):
        r = self.rng.random()
        if r < 0.45:
            return "{" + self.rng.choice(["a", "b", "c", "i"]) + "}"
        if r < 0.7:
            return self.num()
        if r < 0.85:
            return ("{xs}.size()" if self.java else "len({xs})")
        return ("{xs}.get({i})" if self.java else "{xs}[{i}]")

    def expr(self, depth=0):
        rng = self.rng
        if depth >= 2 or rng.random() < 0.35:
            return self.atom()
        r = rng.random()
        if r < 0.55:
            op = rng.choice(["+", "-", "*", "%", "/" if self.java else "//", "<<" if self.java else "**"])
            return f"{self.expr(depth + 1)} {op} {self.expr(depth + 1)}"
        if r < 0.75:
            f = rng.choice(["Math.max", "Math.min", "Math.abs"] if self.java else ["max", "min", "abs"])
            args = ", ".join(self.expr(depth + 1) for _ in range(1 if "abs" in f else 2))
            return f"{f}({args})"
        return f"({self.expr(depth + 1)})"

    def cond(self):
        op = self.rng.choice(["<", ">", "<=", ">=", "==", "!="])
        c = f"{self.expr(1)} {op} {self.expr(1)}"
        if self.rng.random() < 0.25:
            c += (" && " if self.java else " and ") + f"{self.atom()} > {self.num()}"
        return c

    def simple(self):
        rng, j = self.rng, self.java
        r = rng.random()
        end = ";" if j else ""
        if r < 0.4:
            return [f"{{{rng.choice(['a', 'b', 'c'])}}} {rng.choice(['=', '+=', '-=', '*='])} {self.expr()}{end}"]
        if r < 0.55:
            return [f"{{xs}}.add({self.expr()});" if j else f"{{xs}}.append({self.expr()})"]
        if r < 0.7:
            if j:
                return [f"{{d}}.put({self.expr(1)}, {{d}}.getOrDefault({self.atom()}, 0) + {self.num()});"]
            return [f"{{d}}[{self.expr(1)}] = {{d}}.get({self.atom()}, 0) + {self.num()}"]
        if r < 0.8:
            w = rng.choice(WORDS)
            return [f"{{s}} = {{s}} + \"{w}\" + {self.atom()};" if j else f"{{s}} += \"{w}\" + str({self.atom()})"]
        if r < 0.9:
            return [f"{{a}} = {{b}}; {{b}} = {{c}};" if j else "{a}, {b} = {b}, {a}"]
        return [f"System.out.println({self.expr()});" if j else f"print({self.expr()})"]

    def block(self, depth=0, n=None):
        out = []
        for _ in range(n or self.rng.randint(1, 3)):
            r = self.rng.random()
            if depth < 2 and r < 0.2:
                out += self.wrap(f"if ({self.cond()})" if self.java else f"if {self.cond()}", depth)
                if self.rng.random() < 0.4:
                    out += self.wrap("else", depth)
            elif depth < 2 and r < 0.32:
                if self.java:
                    out += self.wrap(f"for (int {{i}} = 0; {{i}} < {self.expr(1)}; {{i}}++)", depth)
                else:
                    out += self.wrap(f"for {{i}} in range({self.expr(1)})", depth)
            elif depth < 2 and r < 0.38:
                out += self.wrap(f"while ({self.cond()})" if self.java else f"while {self.cond()}", depth)
            else:
                out += self.simple()
        return out

    def wrap(self, head, depth):
        body = ["    " + line for line in self.block(depth + 1)]
        if self.java:  # braces doubled: the lines are format strings
            return [head + " {{"] + body + ["}}"]
        return [head + ":"] + body


def names(rng):
    pick = rng.sample(NAMES, 7)
    return dict(zip(VARS, pick))


def shapes(rng, java, count):
    """Function shapes: each a list of lines with {placeholders} for the names."""
    return [Gen(rng, java).block(0, rng.randint(4, 5)) for _ in range(count)]


def render_fn(shape, rng, java, fname):
    nm = names(rng)
    body = list(shape)
    gen = Gen(rng, java)
    for _ in range(rng.randint(0, 2)):  # the student's own changes, at top-level statements
        at = rng.randrange(len(body) + 1)
        if at < len(body) and body[at].startswith(" "):
            continue
        body[at:at] = gen.simple()
    lines = [l.format(**nm) for l in body]
    pad = "        " if java else "    "
    if java:
        head = (f"    static int {fname}(List<Integer> {nm['xs']}, Map<Integer, Integer> {nm['d']}) {{\n"
                f"        int {nm['a']} = 0, {nm['b']} = 1, {nm['c']} = 2, {nm['i']} = 0;\n        String {nm['s']} = \"\";\n")
        return head + "\n".join(pad + l for l in lines) + f"\n        return {nm['a']};\n    }}\n"
    head = f"def {fname}({nm['xs']}, {nm['d']}):\n    {nm['a']}, {nm['b']}, {nm['c']}, {nm['i']}, {nm['s']} = 0, 1, 2, 0, \"\"\n"
    return head + "\n".join(pad + l for l in lines) + f"\n    return {nm['a']}\n"


def submission(rng, java, pool):
    fns = [rng.choice(pool) if rng.random() < 0.3 else Gen(rng, java).block(0, rng.randint(4, 5))
           for _ in range(5)]
    parts = [render_fn(s, rng, java, f"f{rng.randrange(10**6)}") for s in fns]
    if java:
        return ("import java.util.*;\n\npublic class Main {\n" + "\n".join(parts) +
                "\n    public static void main(String[] args) {\n        System.out.println(0);\n    }\n}\n")
    return "\n\n".join(parts) + "\n\nif __name__ == \"__main__\":\n    print(0)\n"


def rename_copy(text):
    """Every name of NAMES changed, as whole words."""
    return re.sub(r"\b(" + "|".join(NAMES) + r")\b", lambda m: m.group(1) + "_c", text)


def make_class(folder: Path, count: int, seed: int):
    rng = random.Random(seed)
    pools = {False: shapes(rng, False, 60), True: shapes(rng, True, 60)}
    copies = []
    for k in range(count):
        java = k % 2 == 1
        ext = "java" if java else "py"
        (folder / f"s{k:03d}.{ext}").write_text(submission(rng, java, pools[java]))
    for c in range(10):  # whole copies with the names changed, replacing a submission each
        src, dst = 2 * c + c % 2 * 1, count - 2 - 2 * c + c % 2 * 1
        ext = "java" if c % 2 else "py"
        text = (folder / f"s{src:03d}.{ext}").read_text()
        (folder / f"s{dst:03d}.{ext}").write_text(rename_copy(text))
        copies.append((f"s{src:03d}.{ext}", f"s{dst:03d}.{ext}"))
    return copies


def loadavg():
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--grader", default=str(REPO / "target" / "release" / "grader"))
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", help="write the class here instead of a temporary folder")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        copies = make_class(folder, args.count, 2026)
        lines = [len(p.read_text().splitlines()) for p in folder.iterdir()]
        env = dict(os.environ, GRADER_STATE_DIR=str(Path(tmp) / "state"))
        walls, loads, rss = [], [], []
        for r in range(args.runs):
            loads.append(loadavg())
            t0 = time.monotonic()
            cmd = ["/usr/bin/time", "-f", "%M", args.grader, "similar", str(folder), "--format", "json", "--top", "20"]
            p = subprocess.run(cmd, capture_output=True, text=True, env=env)
            walls.append(time.monotonic() - t0)
            if p.returncode != 0:
                print(f"bench: FAILED: grader similar exited {p.returncode}: {p.stderr}", file=sys.stderr)
                return 1
            rss.append(int(p.stderr.strip().splitlines()[-1]))
            report = json.loads(p.stdout)
            top = {(Path(q["a"]).name, Path(q["b"]).name) for q in report["pairs"][:10]}
            if top != set(copies):
                print(f"bench: FAILED: the 10 copies are not the top 10 pairs: {sorted(top)}", file=sys.stderr)
                return 1
        print(f"similar: {args.count} submissions, {min(lines)}-{max(lines)} lines (median {statistics.median(lines):.0f}), "
              f"{report['files']} compared")
        print(f"  wall  median {statistics.median(walls):.2f} s [{min(walls):.2f}-{max(walls):.2f}] over {args.runs} runs "
              f"(target < 10 s on 2 cores)")
        print(f"  peak RSS {max(rss) / 1024:.0f} MiB; load average before each run: {', '.join(loads)}")
        print(f"  top 10 pairs = the 10 copies; {len(report['pairs'])} pairs listed (top 20 asked)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
