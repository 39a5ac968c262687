#!/bin/bash
# s34: what the broker's JIT compiles at its first cleaning of perch.user-state: one diagnosis run of
# the base code (6eb26ae, /work/wt-old) in the committed command's order, every JVM with HotSpot's
# compilation log (its cost makes the run's latencies no figures); the logs are read by
# ../compiles.py and then deleted (tens of MB).
set -u
root=/work/main/docs/benchmarks/bench-2026-12-07-s34/broker-jit
diag=/work/main/docs/benchmarks/bench-2026-12-06-s26
mkdir -p /tmp/s34-jit && rm -f /tmp/s34-jit/*
echo "start diag $(date -u +%T) load $(cat /proc/loadavg)"
SKIP_THROUGHPUT= CHECKPOINT_READ_AT=66 \
  EXTRA_JAVA_TOOL_OPTIONS="-XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=/tmp/s34-jit/jit-%p.log" \
  bash $diag/tail-diag.sh /work/wt-old $root/diag --limit 60000
python3 $diag/tail-seconds.py $root/diag > $root/diag/tail-seconds.txt 2>&1
rm -rf $root/diag/gc
echo "end diag $(date -u +%T)"
