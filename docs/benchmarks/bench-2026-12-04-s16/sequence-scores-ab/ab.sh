#!/bin/bash
# A/B backlog bench: old (5cb97f7) vs new (40e636c), alternating
# /work/wt-old and /work/wt-new: git worktrees of commits 5cb97f7 (before) and 40e636c (sequence scores from one batch, blocked rows); run under flock /work/heavy.lock
set -u
for wt in old new; do
  (cd /work/wt-$wt && ./mvnw -B -q -o -DskipTests -pl perch-cli,stream-jobs -am package > /tmp/s16-build-$wt.log 2>&1; echo "built $wt rc $?")
done
for round in 1 2; do
  for wt in old new; do
    out=/tmp/s16-ab/$wt-$round
    rm -rf $out; mkdir -p $out
    cd /work/wt-$wt
    echo "start $wt-$round $(date -u +%FT%TZ) load $(cat /proc/loadavg) commit $(git rev-parse --short HEAD)"
    bin/perch bench --events /tmp/yc.txt --format ader-periods --limit 60000 --rates 250 \
      --phase-seconds 40 --warmup-seconds 5 --out $out > $out/console.txt 2>&1
    echo "end $wt-$round $(date -u +%FT%TZ) rc $?"
  done
done
