#!/usr/bin/env bash
# Samples, every INTERVAL seconds until killed, the CPU time of each running Perch JVM and of its JIT
# compiler threads (C1, C2), from /proc: no agent is attached, so the JVMs compile as they would
# unobserved (a JFR recording started with jcmd made the JVM throw compiled code away, "Jvmti state
# change invalidated dependencies", and recompile it). One line per JVM and sample:
#   seconds-since-start main-class process-cpu-s c2-cpu-s c1-cpu-s
# Usage: docs/benchmarks/profile/jit-cpu.sh [INTERVAL] > jit.txt &   (then run bin/perch bench)
set -euo pipefail
interval=${1:-10}
tick=$(getconf CLK_TCK)
start=$(date +%s)
while true; do
  now=$(( $(date +%s) - start ))
  for pid in $(pgrep -f 'dev\.perch\.' || true); do
    [ "$(basename "$(tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null | head -n 1)")" = java ] || continue
    main=$(tr '\0' '\n' < "/proc/$pid/cmdline" | grep -o 'dev\.perch\.[A-Za-z.]*' | tail -n 1)
    total=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    c2=0; c1=0
    for task in /proc/"$pid"/task/*; do
      comm=$(cat "$task/comm" 2>/dev/null || true)
      case "$comm" in
        C2\ Compiler*) c2=$(( c2 + $(awk '{print $14 + $15}' "$task/stat" 2>/dev/null || echo 0) )) ;;
        C1\ Compiler*) c1=$(( c1 + $(awk '{print $14 + $15}' "$task/stat" 2>/dev/null || echo 0) )) ;;
      esac
    done
    awk -v t="$now" -v m="${main##*.}" -v p="$total" -v a="$c2" -v b="$c1" -v h="$tick" \
      'BEGIN { printf "%d %s %.1f %.1f %.1f\n", t, m, p / h, a / h, b / h }'
  done
  sleep "$interval"
done
