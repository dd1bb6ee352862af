#!/usr/bin/env bash
# `grader batch` of 200 mixed submissions against the sum of single runs: see bench/README.md.
# Usage: bench/batch.sh   Environment: BENCH_BATCH_ROUNDS (2).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
cd "$repo"
for tool in cargo gcc node python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench: FAILED: $tool not found" >&2; exit 1; }
done
echo "[bench-batch] cargo build --release" >&2
cargo build --release --quiet
exec python3 bench/batch.py --repo "$repo" "$@"
