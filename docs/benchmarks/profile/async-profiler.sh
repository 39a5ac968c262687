#!/usr/bin/env bash
# Puts async-profiler's native library (tools.profiler:async-profiler from Maven Central, fetched
# into ~/.m2 when missing) into DIR and prints its path; profile-run.sh and
# bench-2026-12-06-s27/wall-diag.sh load it. Usage: async-profiler.sh DIR
set -euo pipefail
dir=$1
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
version=2.9
jar="$HOME/.m2/repository/tools/profiler/async-profiler/$version/async-profiler-$version.jar"
if [ ! -f "$jar" ]; then
  "$root/mvnw" -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$version" >&2
fi
mkdir -p "$dir"
unzip -o -q -j "$jar" "linux-x64/libasyncProfiler.so" -d "$dir"
echo "$dir/libasyncProfiler.so"
