#!/bin/bash
# The diagnosis pairs of this directory: base = a worktree at 3ac2275 (/work/wt-old), new = one at 537ab44
# (/work/wt-new); one tail-diag-once.sh run each, alternated, one at a time under the shared lock:
#   run.sh base-1 new-1 base-2 new-2
d=/work/main/docs/benchmarks/bench-2026-12-07-s33/cache-pairs
cd /work/main
for r in "$@"; do
  case $r in base*) co=/work/wt-old;; new*) co=/work/wt-new;; esac
  echo "$(date -u +%T) start $r ($co)"
  flock /work/heavy.lock bash docs/benchmarks/bench-2026-12-06-s31/tail-diag-once.sh $co $d/$r
  python3 docs/benchmarks/bench-2026-12-06-s26/tail-seconds.py $d/$r > $d/$r/tail-seconds.txt 2>&1
  echo "$(date -u +%T) end $r"
done
