#!/bin/bash
# s34, a diagnosis only: with fd1f16e (the cleaner warm-up's first form plus a consumer that reads
# the warm-up topic across its rolled segments), do the first rolls of perch.user-state in the
# 1,000 events/s phase still come with a burst of the broker's compilers? One run in the committed
# command's order with HotSpot's compilation log (read by ../compiles.py and ../method-history.py,
# then deleted); its latencies are no figures.
set -u
root=/work/main/docs/benchmarks/bench-2026-12-07-s34/read-warm-up
diag=/work/main/docs/benchmarks/bench-2026-12-06-s26
mkdir -p /tmp/s34-jit3 && rm -f /tmp/s34-jit3/*
echo "start diag $(date -u +%T) load $(cat /proc/loadavg) $(git -C /work/wt-new rev-parse --short HEAD)"
SKIP_THROUGHPUT= CHECKPOINT_READ_AT=66 \
  EXTRA_JAVA_TOOL_OPTIONS="-XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=/tmp/s34-jit3/jit-%p.log" \
  bash $diag/tail-diag.sh /work/wt-new $root/diag --limit 60000
python3 $diag/tail-seconds.py $root/diag > $root/diag/tail-seconds.txt 2>&1
rm -rf $root/diag/gc
echo "end diag $(date -u +%T)"
