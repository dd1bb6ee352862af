#!/usr/bin/env python3
"""Function answers, per language: the wall time of `grader run` on a 30-test function problem
against one bare start of that language's hello world. See bench/README.md ("Function answers").

usage: bench/function.py [--grader PATH] [--runs N]

The problem is made in a temporary folder: `longest_substring(s)` with 30 tests (the shipped
problem's samples, edge and random tests), graded with the shipped reference of each language.
One warm-up run per language fills the build cache and must be AC; then the grader run and the
bare hello world alternate N times. Reported: medians, and the grader's time minus the bare
start (what judging 30 tests in one harness process costs beyond starting the language once).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "problems" / "longest-substring"

# language -> (reference file, hello-world file name, hello-world source, build command, run command)
HELLO = {
    "python3": ("longest_substring.py", "hello.py", 'print("hello")\n', None, ["{python}", "-I", "{src}"]),
    "javascript": ("longest_substring.js", "hello.js", 'console.log("hello");\n', None, ["node", "{src}"]),
    "java": (
        "Solution.java",
        "Hello.java",
        'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n',
        ["javac", "-d", "{dir}", "{src}"],
        ["java", "-XX:+UseSerialGC", "-XX:ActiveProcessorCount=1", "-cp", "{dir}", "Hello"],
    ),
    "cpp": (
        "longest_substring.cpp",
        "hello.cpp",
        '#include <iostream>\nint main() { std::cout << "hello" << std::endl; }\n',
        ["g++", "-O2", "-o", "{dir}/hello", "{src}"],
        ["{dir}/hello"],
    ),
    "rust": (
        "longest_substring.rs",
        "hello.rs",
        'fn main() { println!("hello"); }\n',
        ["rustc", "-O", "-o", "{dir}/hello", "{src}"],
        ["{dir}/hello"],
    ),
    "c": (
        "longest_substring.c",
        "hello.c",
        '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n',
        ["gcc", "-O2", "-o", "{dir}/hello", "{src}"],
        ["{dir}/hello"],
    ),
}


def make_problem(folder: Path) -> None:
    """A 30-test copy of longest-substring: its inline tests and the random test files."""
    text = (SOURCE / "problem.toml").read_text()
    head = text.split("# ---------------------------------------------------------------- groups")[0]
    tests = []
    import tomllib

    spec = tomllib.loads(text)
    for t in spec["tests"]:
        if "args" in t:
            tests.append((t["name"], t["args"], t["expected"]))
    for f in sorted((SOURCE / "tests" / "random").glob("*.json")):
        data = json.loads(f.read_text())
        tests.append((f.stem, data["args"], data["expected"]))
    tests = tests[:30]
    if len(tests) != 30:
        raise SystemExit(f"bench: expected 30 tests, found {len(tests)}")
    body = head.replace('title = "Longest Substring Without Repeating Characters"', 'title = "bench"')
    body += "\n[limits]\ntime = \"1s\"\n" if "[limits]" not in body else ""
    for name, args, expected in tests:
        body += f"\n[[tests]]\nname = {json.dumps(name, ensure_ascii=False)}\nargs = {json.dumps(args, ensure_ascii=False)}\nexpected = {json.dumps(expected, ensure_ascii=False)}\n"
    folder.mkdir(parents=True)
    (folder / "problem.toml").write_text(body)


def timed(argv, env=None) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--grader", default=None)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--python", default=sys.executable)
    args = ap.parse_args()
    grader = args.grader or next(
        (str(p) for p in [REPO / "target/release/grader", REPO / "target/debug/grader"] if p.exists()), None
    )
    if not grader:
        raise SystemExit("bench: build the grader first (cargo build --release)")
    work = Path(tempfile.mkdtemp(prefix="bench-function-"))
    env = dict(os.environ, GRADER_CACHE_DIR=str(work / "cache"))
    rows = []
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", file=sys.stderr)
    try:
        problem = work / "bench"
        make_problem(problem)
        for lang, (ref, hello_name, hello_src, build, run) in HELLO.items():
            if shutil.which(run[0].replace("{python}", args.python)) is None and not run[0].startswith("{"):
                print(f"skip {lang}: {run[0]} not found", file=sys.stderr)
                continue
            subs = {"{python}": args.python, "{dir}": str(work), "{src}": str(work / hello_name)}
            fill = lambda argv: [subs.get(a, a).replace("{dir}", str(work)) for a in argv]  # noqa: E731
            (work / hello_name).write_text(hello_src)
            if build:
                subprocess.run(fill(build), check=True)
            report = subprocess.run(
                [grader, "run", str(problem), str(SOURCE / "reference" / ref), "--format", "json"],
                capture_output=True,
                env=env,
            )
            verdict = json.loads(report.stdout)["verdict"] if report.stdout else "?"
            if verdict != "AC":
                raise SystemExit(f"bench: FAILED: {lang} reference got {verdict}")
            g, h = [], []
            for _ in range(args.runs):
                g.append(timed([grader, "run", str(problem), str(SOURCE / "reference" / ref)], env))
                h.append(timed(fill(run)))
            gm, hm = statistics.median(g), statistics.median(h)
            rows.append((lang, gm, min(g), max(g), hm, gm - hm, gm / hm))
        # The shipped problem, every test, in Python: against one interpreter start.
        hello = work / "hello.py"
        hello.write_text('print("hello")\n')
        shipped = [grader, "run", "longest-substring", str(SOURCE / "reference" / "longest_substring.py")]
        shipped += ["--problems", str(REPO / "problems")]
        report = subprocess.run(shipped + ["--format", "json"], capture_output=True, env=env)
        r = json.loads(report.stdout)
        if r["verdict"] != "AC":
            raise SystemExit(f"bench: FAILED: longest-substring's Python reference got {r['verdict']}")
        n_tests = len(r["tests"])
        g, h = [], []
        for _ in range(args.runs):
            g.append(timed(shipped, env))
            h.append(timed([args.python, "-I", str(hello)]))
        gm, hm = statistics.median(g), statistics.median(h)
        shipped_row = (n_tests, gm, min(g), max(g), hm, gm - hm, gm / hm)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    kind = "release" if "release" in grader else "DEBUG (build with cargo build --release)"
    print(f"grader: {grader} ({kind}); {args.runs} alternated runs each; 30 tests in one harness process")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    print("| language | `grader run` (30 tests) median [min–max] | bare hello world | difference | ratio |")
    print("|---|---|---|---|---|")
    for lang, gm, gmin, gmax, hm, diff, ratio in rows:
        print(
            f"| {lang} | {gm * 1000:.0f} ms [{gmin * 1000:.0f}–{gmax * 1000:.0f}] | {hm * 1000:.0f} ms"
            f" | {diff * 1000:+.0f} ms | {ratio:.2f}× |"
        )
    n, gm, gmin, gmax, hm, diff, ratio = shipped_row
    print(
        f"\nlongest-substring (shipped, {n} tests, Python reference): `grader run` {gm * 1000:.0f} ms"
        f" [{gmin * 1000:.0f}–{gmax * 1000:.0f}], one bare `python3 -I hello.py` {hm * 1000:.0f} ms,"
        f" difference {diff * 1000:+.0f} ms, ratio {ratio:.2f}×"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
