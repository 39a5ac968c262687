#!/bin/bash
# The diagnosis pairs of this directory: base = a worktree at a008e43 (/work/wt-old), new = the change (/work/main);
# one tail-diag-once.sh run each, alternated, one at a time under the shared lock:
#   run.sh base-1 new-1 base-2 new-2 base-3 new-3
cd /work/main
for r in "$@"; do
  case $r in base*) co=/work/wt-old;; new*) co=/work/main;; esac
  echo "$(date -u +%T) start $r ($co)"
  flock /work/heavy.lock bash docs/benchmarks/bench-2026-12-06-s31/tail-diag-once.sh $co docs/benchmarks/bench-2026-12-06-s32/poll-ms/$r
  python3 docs/benchmarks/bench-2026-12-06-s26/tail-seconds.py docs/benchmarks/bench-2026-12-06-s32/poll-ms/$r > docs/benchmarks/bench-2026-12-06-s32/poll-ms/$r/tail-seconds.txt 2>&1
  echo "$(date -u +%T) end $r"
done
