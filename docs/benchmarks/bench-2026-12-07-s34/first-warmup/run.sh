#!/bin/bash
# s34: the 1,000 events/s phase after the committed command's backlog and JIT warm-up, with its
# 5 s warm-up (base) or 60 s (new); same code (6eb26ae in /work/wt-old); per-second tails.
set -u
root=/work/main/docs/benchmarks/bench-2026-12-07-s34/first-warmup
diag=/work/main/docs/benchmarks/bench-2026-12-06-s26
for run in ${RUNS:-base-1 new-1 base-2 new-2}; do
  case $run in
    base-*) w=5 ;;
    new-*) w=60 ;;
  esac
  echo "start $run $(date -u +%T) load $(cat /proc/loadavg)"
  SKIP_THROUGHPUT= CHECKPOINT_READ_AT=$((w + 61)) SAMPLE_SECONDS=$((w + 65)) \
    WARMUP_SECONDS=$w bash $diag/tail-diag.sh /work/wt-old $root/$run --limit 60000
  python3 $diag/tail-seconds.py $root/$run 200 $w > $root/$run/tail-seconds.txt 2>&1
  echo "end $run $(date -u +%T)"
done
