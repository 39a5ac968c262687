#!/bin/bash
# A/B: old (bab80b8, the sixteenth session's end) vs new (9544bdd, all of this session's changes: canonical ids, one
# candidate map, the primitive final sort, the per-request feature context), alternating, each run a backlog of 60,000 events and then
# 40 s at 1,000 events/s. /work/wt-old and /work/wt-new are git worktrees of the two commits; run
# under flock /work/heavy.lock. During each 1,000 events/s phase thread-cpu.py records the CPU of
# every thread (native ones too) of the stream jobs and the model server for 25 s.
set -u
out_root=${1:-/tmp/s17-final-ab}
for wt in old new; do
  (cd /work/wt-$wt && ./mvnw -B -q -o -DskipTests -pl perch-cli,stream-jobs -am package > /tmp/s17-final-build-$wt.log 2>&1; echo "built $wt rc $?")
done
for round in 1 2; do
  for wt in old new; do
    out=$out_root/$wt-$round
    rm -rf $out; mkdir -p $out
    cd /work/wt-$wt
    echo "start $wt-$round $(date -u +%FT%TZ) load $(cat /proc/loadavg) commit $(git rev-parse --short HEAD)"
    bin/perch bench --events /tmp/yc.txt --format ader-periods --limit 60000 --rates 1000 \
      --phase-seconds 40 --warmup-seconds 5 --out $out > $out/console.txt 2>&1 &
    bench=$!
    while kill -0 $bench 2>/dev/null && ! grep -q "latency: 1,000 events/s" $out/console.txt; do sleep 1; done
    sleep 12
    for main in LocalStreamJobs ModelServerMain; do
      pid=$(for p in $(pgrep -f "$main.*$out"); do [ "$(cat /proc/$p/comm)" = java ] && echo $p; done | head -n 1)
      [ -n "$pid" ] && python3 /work/main/docs/benchmarks/profile/thread-cpu.py $pid 25 > $out/threads-$main.txt 2>&1 &
    done
    wait $bench
    echo "end $wt-$round $(date -u +%FT%TZ) rc $?"
  done
done
