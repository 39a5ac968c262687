#!/usr/bin/env bash
# Like profile-run.sh, but with async-profiler (tools.profiler:async-profiler from Maven Central)
# as the sampler: its samples include the native frames (libtorch's matrix products, RocksDB's
# JNI calls, the kernel's share of a system call), which a JFR recording leaves out. Every JVM of
# one `bin/perch bench` run is sampled by CPU time (itimer: no perf_events needed) and writes a
# JFR-format recording into OUT/async/ at exit, named by process id; read them with `jfr print`
# and jfr-window.py as profile-run.sh's. Run it under the shared lock, from anywhere:
#   flock /work/heavy.lock docs/benchmarks/profile/profile-async.sh OUT BENCH-ARGS...
# e.g. ... /tmp/prof /tmp/yc.txt --format ader-periods --skip-throughput --rates 1000 \
#       --phase-seconds 40 --warmup-seconds 5
set -euo pipefail
out=$1; shift
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
version=2.9
jar="$HOME/.m2/repository/tools/profiler/async-profiler/$version/async-profiler-$version.jar"
if [ ! -f "$jar" ]; then
  "$root/mvnw" -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$version"
fi
mkdir -p "$out/async" "$out/lib"
unzip -o -q -j "$jar" "linux-x64/libasyncProfiler.so" -d "$out/lib"
"$root/bin/perch" help > /dev/null 2>&1 || true
JAVA_TOOL_OPTIONS="-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -agentpath:$out/lib/libasyncProfiler.so=start,event=itimer,interval=10ms,jfr,file=$out/async/%p.jfr" \
  "$root/bin/perch" bench --events "$@" --out "$out/bench" > "$out/bench.log" 2>&1
ls -l "$out/async"
