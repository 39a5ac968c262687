#!/bin/bash
# Full runs of the committed command: new, old, new (new = /work/wt-new, old = /work/wt-old)
set -u
out_root=$1; shift
here=/work/main/docs/benchmarks
for wt in old new; do
  (cd /work/wt-$wt && ./mvnw -B -q -o -DskipTests -pl perch-cli,stream-jobs -am package > "$out_root-build-$wt.log" 2>&1; echo "built $wt rc $?")
done
for run in ${RUNS:-new-1 old-1 new-2}; do
  wt=${run%-*}
  out=$out_root/$run
  rm -rf "$out"; mkdir -p "$out"
  cd /work/wt-$wt
  echo "start $run $(date -u +%FT%TZ) load $(cat /proc/loadavg) commit $(git rev-parse --short HEAD)"
  bin/perch bench "$@" --out "$out" > "$out/console.txt" 2>&1 &
  bench=$!
  while kill -0 $bench 2>/dev/null && ! grep -q "latency: 5,000 events/s" "$out/console.txt"; do sleep 1; done
  sleep 12
  for main in LocalStreamJobs ModelServerMain; do
    pid=$(for p in $(pgrep -f "$main.*$out"); do [ "$(cat /proc/$p/comm)" = java ] && echo $p; done | head -n 1)
    [ -n "$pid" ] && python3 "$here/profile/thread-cpu.py" "$pid" 25 > "$out/threads-$main.txt" 2>&1 &
  done
  wait $bench
  echo "end $run $(date -u +%FT%TZ) rc $?"
done
