#!/bin/bash
# A/B: old (/work/wt-old) vs new (/work/wt-new), alternating, each run a backlog of 60,000 events and
# then 40 s at 1,000 events/s; the two are git worktrees of the commits compared. Run under flock
# /work/heavy.lock, with the output directory as argument. During each 1,000 events/s phase
# thread-cpu.py records the CPU of every thread (native ones too) of the stream jobs and the model
# server for 25 s. The seventeenth session ran it twice:
#   ids-ab/:   old bab80b8 (the sixteenth session's end), new ee02f42 (canonical ids, one candidate map)
#   final-ab/: old bab80b8, new 9544bdd (all four changes), out_root /tmp/s17-final-ab
set -u
out_root=${1:-/tmp/s17-ab}
for wt in old new; do
  (cd /work/wt-$wt && ./mvnw -B -q -o -DskipTests -pl perch-cli,stream-jobs -am package > /tmp/s17-build-$wt.log 2>&1; echo "built $wt rc $?")
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
