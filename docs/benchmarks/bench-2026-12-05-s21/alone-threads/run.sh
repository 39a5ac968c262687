#!/bin/bash
cd /work/wt-new
out=/tmp/s21-why
bin/perch bench --events /tmp/yc.txt --format ader-periods --limit 60000 --skip-throughput --rates 1000 --phase-seconds 20 --warmup-seconds 5 --stages-alone --out $out/out > $out/console.txt 2>&1 &
bench=$!
while kill -0 $bench 2>/dev/null && ! grep -q "letting them go on" $out/console.txt; do sleep 0.2; done
pid=$(for p in $(pgrep -f "ModelServerMain.*$out"); do [ "$(cat /proc/$p/comm)" = java ] && echo $p; done | head -n 1)
python3 /work/main/docs/benchmarks/profile/thread-cpu.py "$pid" 6 > $out/threads-model-server-alone.txt 2>&1
wait $bench
