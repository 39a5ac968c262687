#!/bin/bash
# Alternated A/B of two commits with `bin/perch bench`: /work/wt-old and /work/wt-new are git
# worktrees of the two commits; both are built, then the bench runs old, new, old, new, each with
# BENCH-ARGS and its own --out OUT/<old|new>-<round>, its console in console.txt there. The lines it
# prints (kept as ab.log beside the runs) give each run's start, end, load and commit. With
# THREADS_AT_RATE set (the rate as the bench prints it, e.g. 1,000), thread-cpu.py records the CPU
# of every thread (native ones too) of the stream jobs and the model server for 25 s during the
# phase at that rate, into threads-<main class>.txt. Run it under the shared lock:
#   flock /work/heavy.lock docs/benchmarks/ab.sh OUT BENCH-ARGS...
# e.g. THREADS_AT_RATE=1,000 docs/benchmarks/ab.sh /tmp/ab --events /tmp/yc.txt \
#       --format ader-periods --limit 60000 --rates 1000 --phase-seconds 40 --warmup-seconds 5
set -u
out_root=$1; shift
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for wt in old new; do
  (cd /work/wt-$wt && ./mvnw -B -q -o -DskipTests -pl perch-cli,stream-jobs -am package \
    > "$out_root-build-$wt.log" 2>&1; echo "built $wt rc $?")
done
for round in 1 2; do
  for wt in old new; do
    out=$out_root/$wt-$round
    rm -rf "$out"; mkdir -p "$out"
    cd /work/wt-$wt
    echo "start $wt-$round $(date -u +%FT%TZ) load $(cat /proc/loadavg) commit $(git rev-parse --short HEAD)"
    bin/perch bench "$@" --out "$out" > "$out/console.txt" 2>&1 &
    bench=$!
    if [ -n "${THREADS_AT_RATE:-}" ]; then
      while kill -0 $bench 2>/dev/null && ! grep -q "latency: $THREADS_AT_RATE events/s" "$out/console.txt"; do
        sleep 1
      done
      sleep 12  # past the phase's start and its warm-up
      for main in LocalStreamJobs ModelServerMain; do
        pid=$(for p in $(pgrep -f "$main.*$out"); do [ "$(cat /proc/$p/comm)" = java ] && echo $p; done | head -n 1)
        [ -n "$pid" ] && python3 "$here/profile/thread-cpu.py" "$pid" 25 > "$out/threads-$main.txt" 2>&1 &
      done
    fi
    wait $bench
    echo "end $wt-$round $(date -u +%FT%TZ) rc $?"
  done
done
