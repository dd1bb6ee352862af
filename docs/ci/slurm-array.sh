#!/bin/bash
# An instructor's batch as a Slurm array job: one task per shard, then one merge job.
#
#   jobid=$(sbatch --parsable docs/ci/slurm-array.sh two-sum submissions/)
#   sbatch --dependency=afterok:"$jobid" --wrap "grader merge -o out/two-sum out/two-sum-shard-*"
#
# A task that is preempted and requeued resumes from the journal in its output folder.
#SBATCH --job-name=grader-batch
#SBATCH --array=1-8
#SBATCH --cpus-per-task=4
#SBATCH --time=01:00:00
#SBATCH --requeue
set -euo pipefail
problem=$1
submissions=$2
grader batch "$problem" "$submissions" \
    --shard "${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}" \
    -j "${SLURM_CPUS_PER_TASK}" \
    -o "out/${problem}-shard-${SLURM_ARRAY_TASK_ID}"
