#!/bin/bash
# s34, a diagnosis only: does -XX:CompileThresholdScaling=0.1 (in every JVM of the run: the bench
# has no way to give the broker alone options) bring the broker's append, roll, fetch and cleaning
# paths to C2 before the 1,000 events/s phase, so that the first rolls of perch.user-state come
# without a burst of its compilers? Base code (6eb26ae, /work/wt-old), the committed command's order,
# HotSpot's compilation log (read by ../compiles.py and ../method-history.py, then deleted).
set -u
root=/work/main/docs/benchmarks/bench-2026-12-07-s34/threshold-scaling
diag=/work/main/docs/benchmarks/bench-2026-12-06-s26
mkdir -p /tmp/s34-jit2 && rm -f /tmp/s34-jit2/*
echo "start diag $(date -u +%T) load $(cat /proc/loadavg)"
SKIP_THROUGHPUT= CHECKPOINT_READ_AT=66 \
  EXTRA_JAVA_TOOL_OPTIONS="-XX:CompileThresholdScaling=0.1 -XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=/tmp/s34-jit2/jit-%p.log" \
  bash $diag/tail-diag.sh /work/wt-old $root/diag --limit 60000
python3 $diag/tail-seconds.py $root/diag > $root/diag/tail-seconds.txt 2>&1
rm -rf $root/diag/gc
echo "end diag $(date -u +%T)"
