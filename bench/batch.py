#!/usr/bin/env python3
"""Benchmark of `grader batch` against the sum of single `grader run`s. Called by bench/batch.sh.

200 distinct submissions of `two-sum` with mixed verdicts (Python, JavaScript and C answers:
accepted, wrong, runtime errors, compile errors, timeouts), each file made distinct by a comment
so no build is shared by content. Each round, with a fresh build cache for each side:
  batch   `grader batch two-sum SUBS -o OUT` (default -j = number of cores), under
          /usr/bin/time -f %M (the peak RSS of the grader, or of a larger waited-for child);
  singles `grader run two-sum FILE` once per submission, one after another; summed.
Checks that every submission got the verdict it was written for, in the batch's gradebook and in
the single runs. Prints a Markdown table and saves it under bench/out/.
"""

import argparse
import csv
import datetime
import os
import json
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SPEEDUP = 1.8  # batch vs sum of single runs, on 2 cores

PY_AC = """# {who}
def two_sum(nums, target):
    seen = {{}}
    for i, x in enumerate(nums):
        if target - x in seen:
            return [seen[target - x], i]
        seen[x] = i
    return []
"""
PY_WA = """# {who}: uses the same element twice
def two_sum(nums, target):
    where = {{x: i for i, x in enumerate(nums)}}
    for i, x in enumerate(nums):
        if target - x in where:
            return [i, where[target - x]]
    return []
"""
PY_RE = """# {who}
def two_sum(nums, target):
    return nums[len(nums) + 1]
"""
PY_TLE = """# {who}: O(n^2)
def two_sum(nums, target):
    for i in range(len(nums)):
        for j in range(i + 1, len(nums)):
            if nums[i] + nums[j] == target:
                return [i, j]
    return []
"""
JS_AC = """// {who}
function twoSum(nums, target) {{
  const seen = new Map();
  for (let i = 0; i < nums.length; i++) {{
    if (seen.has(target - nums[i])) return [seen.get(target - nums[i]), i];
    seen.set(nums[i], i);
  }}
  return [];
}}
"""
C_CE = """/* {who} */
long long *two_sum(long long *nums, int n, long long target, int *size) {{
    return nums  /* missing semicolon */
}}
"""

# (template, extension, expected verdict, how many)
MIX = [
    (PY_AC, "py", "AC", 120),
    (PY_WA, "py", "WA", 30),
    (JS_AC, "js", "AC", 20),
    (PY_RE, "py", "RE", 18),
    ("C_AC", "c", "AC", 6),
    (C_CE, "c", "CE", 4),
    (PY_TLE, "py", "TLE", 2),
]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def make_submissions(repo, folder):
    c_ref = (repo / "problems/two-sum/reference/two_sum.c").read_text()
    expected = {}
    n = 0
    for template, ext, verdict, count in MIX:
        for _ in range(count):
            who = f"student{n:03d}"
            text = c_ref + f"/* {who} */\n" if template == "C_AC" else template.format(who=who)
            (folder / f"{who}.{ext}").write_text(text)
            expected[who] = verdict
            n += 1
    return expected


def children_cpu():
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def timed(cmd, env, cwd):
    """Wall time, CPU time (user + system of the whole process tree) and the result."""
    cpu0 = children_cpu()
    start = time.perf_counter()
    r = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - start, children_cpu() - cpu0, r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", required=True)
    ap.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_BATCH_ROUNDS", "2")))
    args = ap.parse_args()
    repo = Path(args.repo)
    grader = str(repo / "target/release/grader")
    scratch = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        subs = scratch / "subs"
        subs.mkdir()
        expected = make_submissions(repo, subs)
        files = sorted(subs.iterdir())
        rows = []
        for rnd in range(args.rounds):
            env = dict(os.environ, NO_COLOR="1", GRADER_CACHE_DIR=str(scratch / f"cache-b{rnd}"))
            out = scratch / f"out-{rnd}"
            log(f"[bench-batch] round {rnd + 1}: batch of {len(files)}")
            wall, cpu, r = timed(
                ["/usr/bin/time", "-f", "%M", grader, "batch", "two-sum", str(subs), "-o", str(out)],
                env,
                repo,
            )
            if r.returncode != 0:
                raise SystemExit(f"bench: FAILED: batch exit {r.returncode}: {r.stderr[-1500:]}")
            peak_kib = int(r.stderr.strip().splitlines()[-1])
            own_peak = json.loads((out / "results.json").read_text())["grader_peak_rss_bytes"]
            with open(out / "gradebook.csv") as f:
                got = {row["student"]: row["verdict"] for row in csv.DictReader(f)}
            wrong = {s: (v, got.get(s)) for s, v in expected.items() if got.get(s) != v}
            if wrong or len(got) != len(expected):
                raise SystemExit(f"bench: FAILED: batch verdicts (expected, got): {wrong}")
            env = dict(os.environ, NO_COLOR="1", GRADER_CACHE_DIR=str(scratch / f"cache-s{rnd}"))
            log(f"[bench-batch] round {rnd + 1}: {len(files)} single runs")
            singles = singles_cpu = 0.0
            for f in files:
                w, c, r = timed([grader, "run", "two-sum", str(f), "--format", "json"], env, repo)
                singles += w
                singles_cpu += c
                verdict = '"verdict": "' + expected[f.stem] + '"'
                if verdict not in r.stdout:
                    raise SystemExit(f"bench: FAILED: {f.name}: expected {expected[f.stem]}: {r.stdout[:300]}")
            rows.append((wall, singles, peak_kib, cpu, singles_cpu, own_peak))
            log(f"[bench-batch] batch {wall:.2f} s, singles {singles:.2f} s, x{singles / wall:.2f}")
        speedups = [r[1] / r[0] for r in rows]
        med = statistics.median(speedups)
        load = os.getloadavg()
        counts = {}
        for v in expected.values():
            counts[v] = counts.get(v, 0) + 1
        mix = ", ".join(f"{v} {n}" for v, n in sorted(counts.items()))
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        lines = [
            f"Measured with `bench/batch.sh` ({stamp}); {os.cpu_count()} cores, "
            f"{platform.system()} {platform.release()}; load average at end "
            f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}. {len(files)} submissions of `two-sum` "
            f"({mix}; Python {sum(1 for f in files if f.suffix == '.py')}, JavaScript "
            f"{sum(1 for f in files if f.suffix == '.js')}, C {sum(1 for f in files if f.suffix == '.c')}), "
            f"cold build cache on each side, {len(rows)} round(s).",
            "",
            "| Round | `grader batch` (default -j) wall | Sum of 200 `grader run` wall | Speed-up | Target | Met | CPU batch / singles | Grader's own peak RSS | `/usr/bin/time %M` |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for i, (b, s, kib, c, sc, own) in enumerate(rows):
            lines.append(
                f"| {i + 1} | {b:.2f} s | {s:.2f} s | {s / b:.2f}× | ≥ {TARGET_SPEEDUP}× | "
                f"{'✅' if s / b >= TARGET_SPEEDUP else '❌'} | {c:.1f} s / {sc:.1f} s | "
                f"{own / 2**20:.1f} MiB | {kib / 1024:.1f} MiB |"
            )
        lines.append(
            f"| median | | | {med:.2f}× | ≥ {TARGET_SPEEDUP}× | {'✅' if med >= TARGET_SPEEDUP else '❌ MISSED'} | | | |"
        )
        text = "\n".join(lines) + "\n"
        print(text)
        outdir = repo / "bench/out"
        outdir.mkdir(parents=True, exist_ok=True)
        (outdir / "batch.md").write_text(text)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
