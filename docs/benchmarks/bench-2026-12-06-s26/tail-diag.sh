#!/bin/bash
# Where a run's click-to-list tail at 1,000 events/s comes from: one bench run with one latency
# phase, its latencies per second of intended send time (--timeline-seconds 1), each JVM's CPU per
# thread name every second (profile/thread-cpu.py ... per-second), the stream jobs' checkpoints
# (when each chk-N directory and its _metadata appear, and from Flink's REST API each operator
# chain's synchronous and asynchronous parts) and a GC log of every JVM:
#   tail-diag.sh CHECKOUT OUT [MORE BENCH ARGS...]
# OUT/threads-MAIN.txt: the per-second thread CPU; OUT/checkpoints.txt; OUT/flink-checkpoints.txt;
# OUT/gc/; OUT/broker-cleaner.txt (the broker's segment rolls and log-cleaner runs); OUT/bench.md.
# EXTRA_JAVA_TOOL_OPTIONS: more JVM options for every JVM of the run (e.g. a JIT compilation log).
# Then: python3 tail-seconds.py OUT.
# SKIP_THROUGHPUT= (empty) runs the bench's throughput phase first (add --limit N, --stages-alone): the
# committed command's order, where the 1,000 events/s phase follows a backlog.
# SAMPLE_SECONDS=N: the per-second thread samples' length from the phase's line (default 70: its
# 5 s warm-up, 60 s and a little more). WARMUP_SECONDS=N: the phase's warm-up (default 5).
set -u
here=$(cd "$(dirname "$0")" && pwd)
checkout=$1; out=$2; shift 2
rm -rf "$out" "$out-data"; mkdir -p "$out/gc"
cd "$checkout"
JAVA_TOOL_OPTIONS="-Xlog:gc*=info:file=$out/gc/gc-%p.log:utctime,uptime,level,tags ${EXTRA_JAVA_TOOL_OPTIONS:-}" \
  bin/perch bench --events /tmp/yc.txt --format ader-periods ${SKIP_THROUGHPUT---skip-throughput} --rates 1000 \
    --phase-seconds 60 --warmup-seconds "${WARMUP_SECONDS:-5}" --timeline-seconds 1 "$@" \
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
  [ -n "$pid" ] && python3 "$here/../profile/thread-cpu.py" "$pid" "${SAMPLE_SECONDS:-70}" per-second > "$out/threads-$main.txt" 2>&1 &
done
# the stream jobs' checkpoints, each operator chain's sync and async parts, before the bench stops
# (read every 10 s while the jobs run; the last complete read is kept). With CHECKPOINT_READ_AT=S,
# read once, S seconds after the phase's line instead (see ../bench-2026-12-06-s31/tail-diag-once.sh:
# each read came with a burst of the stream jobs' JIT compiler and REST threads)
( rest=$(grep -o 'REST API at http://[0-9.:]*' "$out-data/logs/stream-jobs.log" | head -n 1 | cut -d' ' -f4)
  if [ -n "${CHECKPOINT_READ_AT:-}" ]; then
    sleep "$CHECKPOINT_READ_AT"
    [ -n "$rest" ] && kill -0 $bench 2>/dev/null \
      && python3 "$here/flink-checkpoints.py" "$rest" > "$out/flink-checkpoints.txt" 2>/dev/null
  else
    while [ -n "$rest" ] && kill -0 $bench 2>/dev/null; do
      python3 "$here/flink-checkpoints.py" "$rest" > "$out/flink-checkpoints.tmp" 2>/dev/null \
        && mv "$out/flink-checkpoints.tmp" "$out/flink-checkpoints.txt"
      sleep 10
    done
  fi
  rm -f "$out/flink-checkpoints.tmp" ) &
wait $bench
wait
# the broker's segment rolls and log-cleaner runs (its stats: MB/s, sizes), before the data goes
grep -E "Rolled new log segment|cleaned log|of log processed|Start size|End size" \
  "$out-data/kafka/broker.log" 2>/dev/null | sed -E 's/, dir=[^]]*\]/]/' | cut -c1-200 \
  > "$out/broker-cleaner.txt"
rm -rf "$out-data"
