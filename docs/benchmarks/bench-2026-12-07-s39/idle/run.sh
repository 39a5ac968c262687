#!/usr/bin/env bash
# What an idle Perch costs: starts `bin/perch local` (embedded broker, the stream jobs, the model
# server, the collector; no demo clicks, no events at all) in a fresh data directory, waits until it
# is ready and SETTLE more seconds, then reads each process's CPU time from /proc over WINDOW
# seconds and prints its average cores. Run it alone (under the shared lock), from the repository
# root:  flock /work/heavy.lock docs/benchmarks/bench-2026-12-07-s39/idle/run.sh OUT [SETTLE] [WINDOW]
# With PROFILER=async every JVM also records an async-profiler (itimer) JFR file into OUT.jfr/.
set -euo pipefail
out=$1; settle=${2:-120}; window=${3:-120}
data=$(mktemp -d)
opts=""
if [ "${PROFILER:-}" = async ]; then
  mkdir -p "$out.jfr"
  lib="$(docs/benchmarks/profile/async-profiler.sh "$out.jfr/lib")"
  opts="-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -agentpath:$lib=start,event=itimer,interval=10ms,jfr,file=$out.jfr/%p.jfr"
fi
[ -n "$opts" ] && export JAVA_TOOL_OPTIONS="$opts"
bin/perch local --data-dir "$data" --demo-rate 0 --port 0 \
  --http-port 18080 --model-server-port 18081 > "$out.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do grep -q "ready:" "$out.log" && break; sleep 1; done
grep -q "ready:" "$out.log" || { echo "not ready, see $out.log" >&2; kill -TERM $pid; exit 1; }
sleep "$settle"
tick=$(getconf CLK_TCK)
snap() {
  for p in $(pgrep java); do
    m=$(tr '\0' ' ' < "/proc/$p/cmdline" | grep -o 'dev\.perch\.[A-Za-z.]*Main\|LocalStreamJobs\|dev\.perch\.cli\.PerchCli' | head -n 1)
    [ -n "$m" ] && echo "$p ${m##*.} $(awk '{print $14 + $15}' "/proc/$p/stat")"
  done
}
snap | sort > "$out.a"; date -u +%H:%M:%S > "$out.window"
sleep "$window"
snap | sort > "$out.b"; date -u +%H:%M:%S >> "$out.window"
{
  echo "idle bin/perch local, ${window} s from ${settle} s after ready ($(paste -sd- "$out.window") UTC)"
  join "$out.a" "$out.b" | awk -v s="$window" -v h="$tick" \
    '{c = ($5 - $3) / h / s; t += c; printf "%-20s %.3f cores\n", $2, c} END {printf "%-20s %.3f cores\n", "all", t}'
} | tee "$out.txt"
kill -TERM $pid; wait $pid || true
rm -rf "$data" "$out.a" "$out.b" "$out.window"
