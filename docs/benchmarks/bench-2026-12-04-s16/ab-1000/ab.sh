#!/bin/bash
# 1,000 events/s after the JIT warm-up, alternated: old (5cb97f7) vs new (f0402b2); run under flock /work/heavy.lock
set -u
for round in 1 2; do
  for wt in old new; do
    out=/tmp/s16-ab1000/$wt-$round
    rm -rf $out; mkdir -p $out
    cd /work/wt-$wt
    echo "start $wt-$round $(date -u +%FT%TZ) load $(cat /proc/loadavg) commit $(git rev-parse --short HEAD)"
    bin/perch bench --events /tmp/yc.txt --format ader-periods --skip-throughput --rates 1000 \
      --phase-seconds 40 --warmup-seconds 5 --out $out > $out/console.txt 2>&1
    echo "end $wt-$round $(date -u +%FT%TZ) rc $?"
  done
done
