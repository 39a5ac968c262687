#!/bin/bash
# The twenty-sixth session's tail-diag.sh run (one 60 s phase at 1,000 events/s, per-second
# latencies, per-thread CPU, each checkpoint's parts from Flink's REST API) with a WALL-CLOCK profile
# of the stream jobs' JVM over the phase: async-profiler (tools.profiler:async-profiler from Maven
# Central) attached to the running JVM once the phase starts, sampling every thread every 5 ms
# whether it runs or waits, so the samples show what a task thread waits for during a checkpoint's
# synchronous part (a CPU-time profile has no samples of a waiting thread). The profiler costs the
# stream jobs CPU: this run's latencies are not figures, only its stacks are.
#   wall-diag.sh CHECKOUT OUT [MORE BENCH ARGS...]
# WALL_MAIN=ModelServerMain profiles the model server's JVM instead (default: LocalStreamJobs).
# then: jfr print --events jdk.ExecutionSample --stack-depth 60 OUT/wall.jfr > OUT/wall.txt
#       python3 wall-thread.py OUT/wall.txt 'update user state' takeSnapshotSync
set -u
here=$(cd "$(dirname "$0")" && pwd)
checkout=$1; out=$2; shift 2
lib="$("$here/../profile/async-profiler.sh" "$(mktemp -d)")" || exit 1
bash "$here/../bench-2026-12-06-s26/tail-diag.sh" "$checkout" "$out" "$@" &
diag=$!
until grep -q 'latency: 1,000' "$out/console.txt" 2>/dev/null; do
  sleep 0.5; kill -0 $diag 2>/dev/null || exit 1
done
pid=$(for p in $(pgrep -f "${WALL_MAIN:-LocalStreamJobs}.*$out-data"); do [ "$(cat /proc/$p/comm)" = java ] && echo $p; done | head -n 1)
java "$here/AttachAgent.java" "$pid" "$lib" "start,event=wall,interval=5ms,jfr,file=$out/wall.jfr"
sleep 58
java "$here/AttachAgent.java" "$pid" "$lib" "stop,file=$out/wall.jfr"
wait $diag
