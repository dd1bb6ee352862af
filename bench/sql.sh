#!/usr/bin/env bash
# SQL timing: how long the engine takes to grade one answer on all datasets of a problem.
# Usage: bench/sql.sh [PROBLEM_ID ...]   (default: every problems/sql-*)
# Environment: BENCH_SQL_RUNS (11 runs per problem), BENCH_SQL_TARGET_MS (50).
#
# For each problem, the reference answer is graded BENCH_SQL_RUNS times with the release build;
# the figure is the report's own `wall_s` (the engine's time from the start of grading to the
# report: every dataset built, the reference run twice and the answer twice per dataset, plan
# rules, DML copies), so process start and problem loading are excluded. Reported: the median
# and the max over runs, the dataset count, and whether the median meets the target; also the
# CPU time (user + system) of the whole `grader run` process, start-up included, which moves
# much less than wall time when other work competes for the cores; and the load average.
# The SQLite figures use `--engine sqlite`. For problems that enable PostgreSQL, a second table
# (BENCH_PG_RUNS runs, default 5, `--engine postgres`) splits the engine's wall into the
# throwaway cluster's start (from the report's note: initdb + pg_ctl start + role set-up, once
# per grader run) and the grading itself (datasets created and seeded, reference and answer).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
cd "$repo"

runs=${BENCH_SQL_RUNS:-11}
pg_runs=${BENCH_PG_RUNS:-5}
target_ms=${BENCH_SQL_TARGET_MS:-50}

echo "[bench-sql] cargo build --release" >&2
cargo build --release --quiet || { echo "bench-sql: FAILED: cargo build --release" >&2; exit 1; }

if [ $# -gt 0 ]; then ids=("$@"); else
    ids=()
    for d in problems/sql-*/; do ids+=("$(basename "$d")"); done
fi

python3 - "$runs" "$target_ms" "$pg_runs" "${ids[@]}" <<'PY'
import json, os, re, resource, statistics, subprocess, sys
runs, target, pg_runs = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
ids = sys.argv[4:]
def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
print(f"| Problem | Datasets | Engine wall per answer (`wall_s`), median [max] of {runs} | Target < {target:.0f} ms | Met | CPU of the whole process, median |")
print("|---|---|---|---|---|---|")
def reference(pid):
    m = re.search(r'^reference = "([^"]+)"', open(f"problems/{pid}/problem.toml").read(), re.M)
    return f"problems/{pid}/{m.group(1)}"
failed = []
for pid in ids:
    walls, cpus = [], []
    for _ in range(runs):
        before = cpu()
        out = subprocess.run(
            ["target/release/grader", "run", f"problems/{pid}",
             reference(pid), "--format", "json", "--engine", "sqlite"],
            capture_output=True, text=True)
        cpus.append((cpu() - before) * 1000)
        r = json.loads(out.stdout)
        if r["verdict"] != "AC":
            print(f"bench-sql: FAILED: {pid}: the reference got {r['verdict']}", file=sys.stderr)
            sys.exit(1)
        walls.append(r["wall_s"] * 1000)
    med = statistics.median(walls)
    ok = med < target
    if not ok:
        failed.append(pid)
    print(f"| `{pid}` | {r['test_count']} | {med:.1f} ms [{max(walls):.1f}] | < {target:.0f} ms | {'✅' if ok else '❌'} | {statistics.median(cpus):.1f} ms |")
pg = [p for p in ids if re.search(r'^engines = \[[^]]*"postgres"', open(f"problems/{p}/problem.toml").read(), re.M)]
if pg and pg_runs > 0:
    print(f"\n| Problem on PostgreSQL (`--engine postgres`) | Datasets | Cluster start, median [max] of {pg_runs} | Grading after the start, median [max] |")
    print("|---|---|---|---|")
for pid in (pg if pg_runs > 0 else []):
    starts, rest = [], []
    for _ in range(pg_runs):
        out = subprocess.run(
            ["target/release/grader", "run", f"problems/{pid}", reference(pid),
             "--format", "json", "--engine", "postgres"],
            capture_output=True, text=True)
        r = json.loads(out.stdout)
        if r["verdict"] != "AC":
            print(f"bench-sql: FAILED: {pid} on PostgreSQL: the reference got {r['verdict']}", file=sys.stderr)
            sys.exit(1)
        start = next(float(m.group(1)) for n in r["notes"] if (m := re.search(r"started in (\d+) ms", n)))
        starts.append(start)
        rest.append(r["wall_s"] * 1000 - start)
    print(f"| `{pid}` | {r['test_count']} | {statistics.median(starts):.0f} ms [{max(starts):.0f}] | {statistics.median(rest):.0f} ms [{max(rest):.0f}] |")
print(f"\nload average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
if failed:
    print(f"bench-sql: target missed by: {', '.join(failed)}", file=sys.stderr)
PY
