#!/bin/bash
# Idle CPU of each perch local process: start bin/perch local in CHECKOUT with a fresh data dir,
# wait for ready + 60 s, then read each java child's CPU over 30 s from /proc.
co=$1; out=$2; data=$(mktemp -d)
cd $co
bin/perch local --demo-rate 0 --data-dir $data > $out.console 2>&1 &
pid=$!
until grep -q "ready" $out.console || ! kill -0 $pid 2>/dev/null; do sleep 1; done
sleep 60
tck=$(getconf CLK_TCK)
declare -A t0
for p in $(pgrep -f "$data"); do [ "$(cat /proc/$p/comm)" = java ] && t0[$p]=$(awk '{print $14+$15}' /proc/$p/stat); done
sleep 30
for p in "${!t0[@]}"; do
  t1=$(awk '{print $14+$15}' /proc/$p/stat 2>/dev/null) || continue
  main=$(tr '\0' ' ' < /proc/$p/cmdline | grep -o 'dev\.perch\.[A-Za-z.]*Main\|LocalStreamJobs\|KraftServerMain\|[A-Za-z]*Main' | head -1)
  echo "$main $(python3 -c "print(round(($t1-${t0[$p]})/$tck/30,3))") cores"
done | sort > $out
kill $pid; wait $pid 2>/dev/null; rm -rf $data
