#!/bin/bash
# JIT warm-up pairs: base = the default warm-up, new = 1,000 events/s for 30 s; same code (/work/wt-old, 3ac2275);
# one tail-diag-once.sh run each, alternated, under the shared lock:   run.sh base-1 new-1 base-2 new-2
d=/work/main/docs/benchmarks/bench-2026-12-07-s33/warmup-pairs
cd /work/main
for r in "$@"; do
  case $r in base*) extra=();; new*) extra=(--jit-warmup-rate 1000 --jit-warmup-seconds 30);; esac
  echo "$(date -u +%T) start $r ${extra[*]}"
  flock /work/heavy.lock bash docs/benchmarks/bench-2026-12-06-s31/tail-diag-once.sh /work/wt-old $d/$r "${extra[@]}"
  python3 docs/benchmarks/bench-2026-12-06-s26/tail-seconds.py $d/$r > $d/$r/tail-seconds.txt 2>&1
  echo "$(date -u +%T) end $r"
done
