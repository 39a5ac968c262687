#!/usr/bin/env bash
# Profiles several commits one after the other with profile-run.sh, each in a worktree of its own,
# alone under the shared lock, with the committed command's arguments of the 5,000 events/s
# profiles (the thirty-ninth session's order: backlog, warm-up, 1,000-3,000 events/s, then 5,000).
# Usage: docs/benchmarks/profile/profile-commits.sh TREES OUTS COMMIT:NAME...
#   each COMMIT is checked out into TREES/tree-COMMIT and profiled into OUTS/NAME.
set -euo pipefail
trees=$1 outs=$2; shift 2
for pair in "$@"; do
  commit=${pair%%:*} name=${pair#*:}
  git worktree add -f "$trees/tree-$commit" "$commit"
  (cd "$trees/tree-$commit" && PROFILER=async flock /work/heavy.lock docs/benchmarks/profile/profile-run.sh \
    "$outs/$name" /tmp/yc.txt --format ader-periods --limit 60000 --rates 1000,2000,3000,5000 \
    --phase-seconds 60 --warmup-seconds 5)
done
