#!/bin/bash
# s35: the committed command's order up to its 1,000 events/s phase, base (fe94e1c, /work/wt-old)
# against the log cleaner throttled to 8 MiB/s (9b3d78e, /work/wt-new); per-second tails and the
# broker's cleaner.
set -u
root=/work/main/docs/benchmarks/bench-2026-12-07-s35/cleaner-throttle
diag=/work/main/docs/benchmarks/bench-2026-12-06-s26
for run in ${RUNS:-new-1 base-1 new-2 base-2}; do
  case $run in
    base-*) co=/work/wt-old ;;
    new-*) co=/work/wt-new ;;
  esac
  echo "start $run $(date -u +%T) load $(cat /proc/loadavg) $(git -C $co rev-parse --short HEAD)"
  SKIP_THROUGHPUT= CHECKPOINT_READ_AT=66 bash $diag/tail-diag.sh $co $root/$run --limit 60000
  python3 $diag/tail-seconds.py $root/$run > $root/$run/tail-seconds.txt 2>&1
  rm -rf $root/$run/gc
  echo "end $run $(date -u +%T)"
done
