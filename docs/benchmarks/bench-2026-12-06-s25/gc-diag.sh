#!/bin/bash
# One bench run with a GC log of every JVM (young collections with their survivors by age) and
# each service's CPU per thread over every latency phase, the console stamped with UTC wall-clock
# times so the phases can be cut out of the GC logs:
#   gc-diag.sh CHECKOUT OUT BENCH-ARGS...
# then: python3 gc-ages.py OUT/gc/gc-PID-*.log FROM TO   (the phase's times from OUT/console.txt;
# OUT/processes.txt says which PID is which); OUT/threads-RATE-MAIN.txt: cores per thread.
set -u
here=$(cd "$(dirname "$0")" && pwd)
checkout=$1; out=$2; shift 2
rm -rf "$out"; mkdir -p "$out/gc"
cd "$checkout"
JAVA_TOOL_OPTIONS="-Xlog:gc*=info,gc+age=trace:file=$out/gc/gc-%p-%t.log:utctime,uptime,level,tags" \
  bin/perch bench "$@" --out "$out/bench" 2>&1 \
  | python3 -u -c "import sys,time
for l in sys.stdin: print(time.strftime('%H:%M:%S', time.gmtime()), l, end='', flush=True)" > "$out/console.txt" &
bench=$!
pid_of() {
  for p in $(pgrep -f "$1.*$out"); do [ "$(cat /proc/$p/comm 2>/dev/null)" = java ] && echo $p; done | head -n 1
}
sampled=""
while kill -0 $bench 2>/dev/null; do
  rate=$(grep -o 'latency: [0-9,]* events/s' "$out/console.txt" | tail -n 1 | tr -dc '0-9')
  if [ -n "$rate" ] && [[ " $sampled " != *" $rate "* ]]; then
    sampled="$sampled $rate"
    [ -s "$out/processes.txt" ] || ps -eo pid,args | grep '[j]ava' | grep -v 'grep' > "$out/processes.txt"
    sleep 5 # the phase's warm-up
    for main in KraftServerMain LocalStreamJobs ModelServerMain; do
      pid=$(pid_of $main)
      [ -n "$pid" ] && python3 "$here/../profile/thread-cpu.py" "$pid" 60 > "$out/threads-$rate-$main.txt" 2>&1 &
    done
  fi
  sleep 1
done
wait
