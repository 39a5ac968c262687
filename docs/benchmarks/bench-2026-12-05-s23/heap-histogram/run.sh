#!/bin/bash
cd /work/main
bin/perch bench --events /tmp/yc.txt --format ader-periods --skip-throughput --limit 200000 --rates 5000 --phase-seconds 30 --warmup-seconds 5 --out /tmp/histo/bench > /tmp/histo/console.txt 2>&1 &
b=$!
while kill -0 $b 2>/dev/null && ! grep -q "latency: 5,000" /tmp/histo/console.txt; do sleep 1; done
sleep 20
pid=$(for p in $(pgrep -f "ModelServerMain.*histo"); do [ "$(cat /proc/$p/comm)" = java ] && echo $p; done | head -n 1)
jmap -histo $pid > /tmp/histo/all-1.txt
sleep 3
jmap -histo $pid > /tmp/histo/all-2.txt
jmap -histo:live $pid > /tmp/histo/live.txt
sleep 3
jmap -histo $pid > /tmp/histo/all-3.txt
wait $b
