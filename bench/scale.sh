#!/usr/bin/env bash
# Scale figures: a class of 500 (a tenth hostile) in one batch and as 4 Slurm shards: see bench/README.md.
# Usage: bench/scale.sh   Needs root and slurm-wlm + munge for the Slurm part.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
cd "$repo"
for tool in cargo gcc node python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench: FAILED: $tool not found" >&2; exit 1; }
done
echo "[bench-scale] cargo build --release" >&2
cargo build --release --quiet
exec python3 bench/scale.py --repo "$repo" "$@"
