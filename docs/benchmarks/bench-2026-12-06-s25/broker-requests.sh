#!/bin/bash
# One bench run; during each latency phase, the TCP segments every client process sends to the
# broker over 30 s (ss's segs_out per connection, summed per process): about one segment per
# request (fetch, produce, offset commit, metadata) at these sizes, so which client asks the broker
# how often. Usage: broker-requests.sh CHECKOUT OUT BENCH-ARGS...
set -u
checkout=$1; out=$2; shift 2
rm -rf "$out"; mkdir -p "$out"
cd "$checkout"
bin/perch bench "$@" --out "$out/bench" > "$out/console.txt" 2>&1 &
bench=$!
segs() { # pid -> segments sent to the broker's port, all connections
  ss -tinp state established "( dport = :$port )" 2>/dev/null | python3 -c "
import re, sys, collections
out = collections.Counter(); pid = None
for line in sys.stdin:
    m = re.search(r'pid=(\d+)', line)
    if m: pid = m.group(1); continue
    s = re.search(r'segs_out:(\d+)', line)
    if s and pid: out[pid] += int(s.group(1)); pid = None
for p, n in out.items(): print(p, n)"
}
sampled=""
while kill -0 $bench 2>/dev/null; do
  port=$(grep -o 'Kafka (PROCESS) is running at [0-9.]*:[0-9]*' "$out/console.txt" | grep -o '[0-9]*$')
  rate=$(grep -o 'latency: [0-9,]* events/s' "$out/console.txt" | tail -n 1 | tr -dc '0-9')
  if [ -n "$rate" ] && [ -n "$port" ] && [[ " $sampled " != *" $rate "* ]]; then
    sampled="$sampled $rate"
    sleep 15
    segs > "$out/segs-$rate-a.txt"; sleep 30; segs > "$out/segs-$rate-b.txt"
    ps -eo pid,args | grep '[j]ava' > "$out/processes-$rate.txt"
    python3 - "$out" "$rate" <<'PY'
import sys, re
out, rate = sys.argv[1], sys.argv[2]
a = dict(l.split() for l in open(f'{out}/segs-{rate}-a.txt'))
b = dict(l.split() for l in open(f'{out}/segs-{rate}-b.txt'))
names = {}
for line in open(f'{out}/processes-{rate}.txt'):
    pid = line.split()[0]
    m = re.search(r'(PerchCli|Passthrough|KraftServerMain|LocalStreamJobs|ModelServerMain)', line)
    names[pid] = m.group(1) if m else line.split()[1][-30:]
with open(f'{out}/requests-{rate}.txt', 'w') as f:
    f.write(f'{rate} events/s: segments sent to the broker per second (30 s), per client process\n')
    for pid in sorted(b, key=lambda p: -(int(b[p]) - int(a.get(p, 0)))):
        f.write(f'{(int(b[pid]) - int(a.get(pid, 0))) / 30:8.0f}  {names.get(pid, pid)}\n')
PY
  fi
  sleep 1
done
wait
