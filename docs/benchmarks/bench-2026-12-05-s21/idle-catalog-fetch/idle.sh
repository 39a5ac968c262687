#!/bin/bash
# The CPU of each process of an idle `bin/perch local` (demo click simulator off): started in the
# trees /work/wt-old and /work/wt-new in turn (old, new, old, new), each left 60 s after it is up,
# then each JVM's CPU (utime + stime from /proc) over the next 30 s. Run it under the shared lock:
#   flock /work/heavy.lock docs/benchmarks/bench-2026-12-05-s21/idle-catalog-fetch/idle.sh OUT
set -u
out=$1; mkdir -p "$out"
tick=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' /proc/$1/stat 2>/dev/null || echo 0; }
for round in 1 2; do
  for wt in old new; do
    cd /work/wt-$wt
    data=$(mktemp -d)
    bin/perch local --data-dir "$data" --demo-rate 0 --port 0 --http-port 18080 --model-server-port 18081 \
      > "$out/$wt-$round.log" 2>&1 &
    perch=$!
    until grep -q "Perch is running\|running at\|ready" "$out/$wt-$round.log" 2>/dev/null && \
          [ "$(pgrep -f "$data" | wc -l)" -ge 3 ]; do sleep 2; done
    sleep 60
    declare -A start
    pids=$(for p in $(pgrep -f "$data"); do [ "$(cat /proc/$p/comm)" = java ] && echo $p; done)
    for p in $pids; do start[$p]=$(cpu $p); done
    sleep 30
    {
      echo "# $wt-$round commit $(git rev-parse --short HEAD) $(date -u +%FT%TZ) load $(cat /proc/loadavg)"
      for p in $pids; do
        main=$(tr '\0' ' ' < /proc/$p/cmdline | grep -o 'dev\.perch\.[A-Za-z.]*Main\|LocalStreamJobs\|KraftServerMain\|CollectorMain' | head -n 1)
        echo "$main $(echo "scale=4; ($(cpu $p) - ${start[$p]}) / $tick / 30" | bc) cores"
      done
    } | tee "$out/$wt-$round.txt"
    kill -TERM $(pgrep -f "perch.home=/work/wt-$wt" | head -n 1) $perch 2>/dev/null; wait $perch
    rm -rf "$data"
    unset start
  done
done
