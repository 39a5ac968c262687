#!/bin/bash
# s33: the 1,000 events/s phase after the committed command's backlog (throughput phase of 60,000 events,
# stages alone) vs a fresh pipeline, same code (3ac2275 in /work/wt-old), per-second tails.
set -u
root=/work/main/docs/benchmarks/bench-2026-12-07-s33/backlog
for run in ${RUNS:-backlog-1 fresh-1}; do
  echo "start $run $(date -u +%T) load $(cat /proc/loadavg)"
  case $run in
    backlog-*) SKIP_THROUGHPUT= CHECKPOINT_READ_AT=66 bash /work/main/docs/benchmarks/bench-2026-12-06-s26/tail-diag.sh /work/wt-old $root/$run --limit 60000 --stages-alone ;;
    fresh-*) CHECKPOINT_READ_AT=66 bash /work/main/docs/benchmarks/bench-2026-12-06-s26/tail-diag.sh /work/wt-old $root/$run ;;
  esac
  python3 /work/main/docs/benchmarks/bench-2026-12-06-s26/tail-seconds.py $root/$run > $root/$run/tail-seconds.txt 2>&1
  echo "end $run $(date -u +%T)"
done
