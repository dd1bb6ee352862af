#!/usr/bin/env bash
# The grader benchmark: see bench/README.md. Usage: bench/run.sh
# Environment: BENCH_PYTHON (the real interpreter; default: resolved from `python3` once),
# BENCH_C_ROUNDS (15), BENCH_PY_ROUNDS (7), BENCH_STARTUP_RUNS (30), BENCH_FLOOD_RUNS (5),
# BENCH_LEVEL_ROUNDS (9).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
cd "$repo"

fail() { echo "bench: FAILED: $*" >&2; exit 1; }

for tool in cargo gcc bash /usr/bin/time; do
    command -v "$tool" >/dev/null || fail "$tool not found"
done

# Resolve the real interpreter once: `python3` may be a pyenv shim costing ~100 ms per start.
py=${BENCH_PYTHON:-$(python3 -c 'import sys; print(sys.executable)')} \
    || fail "cannot resolve the Python interpreter (set BENCH_PYTHON)"
[ -x "$py" ] || fail "Python interpreter '$py' is not executable"

echo "[bench] cargo build --release" >&2
cargo build --release --quiet || fail "cargo build --release failed"
[ -x target/release/grader ] || fail "target/release/grader missing after the build"

mkdir -p bench/out
exec "$py" bench/bench.py --repo "$repo" --python "$py" "$@"
