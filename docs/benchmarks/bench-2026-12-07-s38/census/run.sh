#!/bin/bash
# The broker's requests per second by kind and by topic during a 1,000 events/s phase of
# `bin/perch bench` (the thirty-eighth session). Diagnosis only: the run's latencies are no figures.
# Starts the bench (90 s phase, default model), waits until the phase has run 15 s, opens JMX on the
# bench's broker (jcmd ManagementAgent.start) and lets Census.java count the broker's request and
# byte meters (their Count attributes) over 40 s. Run alone, under the shared lock:
#   flock /work/heavy.lock docs/benchmarks/bench-2026-12-07-s38/census/run.sh OUT
# PERCH_ROOT=DIR runs DIR's bin/perch (another checkout's code) instead of this checkout's.
# OUT/census.txt: per second, RequestMetrics RequestsPerSec per request kind (requests), and
# BrokerTopicMetrics per topic (Total{Fetch,Produce}RequestsPerSec count one per partition of the
# topic in a request: a fetch of all 3 partitions of a topic counts 3).
set -euo pipefail
out=$1
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="${PERCH_ROOT:-$(cd "$here/../../../.." && pwd)}"
mkdir -p "$out"
javac -d "$out" "$here/Census.java"
"$root/bin/perch" bench --events /tmp/yc.txt --format ader-periods --skip-throughput --rates 1000 \
  --phase-seconds 90 --warmup-seconds 5 --out "$out/bench" > "$out/bench.log" 2>&1 &
bench=$!
until grep -q "latency: 1,000" "$out/bench.log"; do
  kill -0 $bench 2> /dev/null || { echo "the bench ended before its phase"; exit 1; }
  sleep 2
done
sleep 15
broker=$(pgrep -f KraftServerMain | head -1)
jcmd "$broker" ManagementAgent.start jmxremote.port=19999 jmxremote.authenticate=false \
  jmxremote.ssl=false jmxremote.rmi.port=19999 > "$out/jcmd.txt"
date -u +%T > "$out/window.txt"
java -cp "$out" Census 19999 40 > "$out/census.txt"
date -u +%T >> "$out/window.txt"
wait $bench
