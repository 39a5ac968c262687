#!/bin/bash
# run-local.sh: bin/perch local on a data directory for 40 s after "ready", then SIGTERM (the restore check of docs/benchmarks.md, twenty-second session)
# bin/perch local at one commit on a data directory for 40 s after "ready" (demo clicks at 50/s), then SIGTERM
# usage: compat.sh CHECKOUT DATA LOG
cd "$1"
bin/perch local --data-dir "$2" --demo-rate 50 --port 19092 --http-port 18080 --model-server-port 18081 > "$3" 2>&1 &
pid=$!
for i in $(seq 1 120); do grep -q "ready" "$3" && break; sleep 2; done
sleep 40
pkill -TERM -f "perch-cli.*local --data-dir $2"
for i in $(seq 1 60); do kill -0 $pid 2>/dev/null || break; sleep 1; done
