#!/bin/bash
# Where a run's click-to-list tail at 1,000 events/s comes from: one bench run with one latency
# phase, its latencies per second of intended send time (--timeline-seconds 1), each JVM's CPU per
# thread name every second (profile/thread-cpu.py ... per-second), the stream jobs' checkpoints
# (when each chk-N directory and its _metadata appear, and from Flink's REST API, read once near
# the phase's end, each operator chain's synchronous and asynchronous parts) and a GC log of every JVM:
#   tail-diag-once.sh CHECKOUT OUT [MORE BENCH ARGS...]
# OUT/threads-MAIN.txt: the per-second thread CPU; OUT/checkpoints.txt; OUT/flink-checkpoints.txt;
# OUT/gc/; OUT/bench.md. Then: python3 ../bench-2026-12-06-s26/tail-seconds.py OUT.
set -u
here=$(cd "$(dirname "$0")" && pwd)/../bench-2026-12-06-s26
checkout=$1; out=$2; shift 2
rm -rf "$out" "$out-data"; mkdir -p "$out/gc"
cd "$checkout"
JAVA_TOOL_OPTIONS="-Xlog:gc*=info:file=$out/gc/gc-%p.log:utctime,uptime,level,tags" \
  bin/perch bench --events /tmp/yc.txt --format ader-periods --skip-throughput --rates 1000 \
    --phase-seconds 60 --warmup-seconds 5 --timeline-seconds 1 "$@" \
    --data-dir "$out-data" --out "$out" 2>&1 \
  | python3 -u -c "import sys,time
for l in sys.stdin: print(time.strftime('%H:%M:%S', time.gmtime()), l, end='', flush=True)" \
  > "$out/console.txt" &
bench=$!
until [ -d "$out-data/flink/checkpoints" ] || ! kill -0 $bench 2>/dev/null; do sleep 1; done
( seen=""
  while kill -0 $bench 2>/dev/null; do
    for c in "$out-data"/flink/checkpoints/*/*/chk-* "$out-data"/flink/checkpoints/*/*/chk-*/_metadata; do
      [ -e "$c" ] || continue
      if [[ " $seen " != *" $c "* ]]; then
        seen="$seen $c"; echo "$(date -u +%H:%M:%S.%3N) ${c#$out-data/flink/checkpoints/}"
      fi
    done
    sleep 0.2
  done ) > "$out/checkpoints.txt" &
until grep -q 'latency: 1,000' "$out/console.txt" || ! kill -0 $bench 2>/dev/null; do sleep 0.5; done
for main in ModelServerMain LocalStreamJobs KraftServerMain; do
  pid=$(for p in $(pgrep -f "$main.*$out-data"); do [ "$(cat /proc/$p/comm)" = java ] && echo $p; done | head -n 1)
  [ -n "$pid" ] && python3 "$here/../profile/thread-cpu.py" "$pid" 70 per-second > "$out/threads-$main.txt" 2>&1 &
done
# the stream jobs' checkpoints, each operator chain's sync and async parts: read once, 66 s after
# the phase's line (its 5 s warm-up and 60 s, so after its last send, while the bench drains it,
# before it stops the jobs; empty when the jobs stopped first). tail-diag.sh read them every 10 s,
# and each read, some hundred REST calls, came with a burst of the stream jobs' JIT compiler and of
# Flink's REST threads (0.2-0.5 cores for a second): a slow second of lists every 10 s
( rest=$(grep -o 'REST API at http://[0-9.:]*' "$out-data/logs/stream-jobs.log" | head -n 1 | cut -d' ' -f4)
  sleep 66
  [ -n "$rest" ] && kill -0 $bench 2>/dev/null \
    && python3 "$here/flink-checkpoints.py" "$rest" > "$out/flink-checkpoints.txt" 2>/dev/null ) &
wait $bench
wait
rm -rf "$out-data"
