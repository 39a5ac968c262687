# CPU of each thread of one process over an interval, from /proc (native threads too: RocksDB's
# compaction and flush threads, which a JFR recording does not sample), grouped by thread name
# with digits folded. Usage, while a bench phase runs:
#   python3 docs/benchmarks/profile/thread-cpu.py PID SECONDS
# or, one line per second (UTC time, the process's cores, its busiest thread names), to set beside
# a phase's per-second latencies (--timeline-seconds 1):
#   python3 docs/benchmarks/profile/thread-cpu.py PID SECONDS per-second
import collections, os, re, sys, time

pid, seconds = sys.argv[1], float(sys.argv[2])
tick = os.sysconf('SC_CLK_TCK')


def snapshot():
    out = {}
    for tid in os.listdir(f'/proc/{pid}/task'):
        try:
            with open(f'/proc/{pid}/task/{tid}/stat') as f:
                stat = f.read()
        except OSError:
            continue  # the thread ended
        name = stat[stat.index('(') + 1:stat.rindex(')')]
        fields = stat[stat.rindex(')') + 2:].split()
        out[tid] = (name, int(fields[11]) + int(fields[12]))  # utime + stime
    return out


def by_name(before, after):
    out = collections.Counter()
    for tid, (name, ticks) in after.items():
        out[re.sub(r'\d+', 'N', name)] += ticks - before.get(tid, (name, 0))[1]
    return out


if len(sys.argv) > 3 and sys.argv[3] == 'per-second':
    start = time.time()
    before = snapshot()
    for second in range(int(seconds)):
        time.sleep(max(0.0, start + second + 1 - time.time()))
        try:
            after = snapshot()
        except FileNotFoundError:
            break  # the process ended
        used = by_name(before, after)
        before = after
        busiest = ' '.join(f'{n}={t / tick:.2f}' for n, t in used.most_common(6) if t)
        print(time.strftime('%H:%M:%S', time.gmtime()), f'{sum(used.values()) / tick:.2f}', busiest,
              flush=True)
    sys.exit(0)

before = snapshot()
time.sleep(seconds)
after = snapshot()
used = by_name(before, after)
total = sum(used.values())
print(f'{total / tick / seconds:.3f} cores in threads alive at the end, over {seconds:.0f} s')
for name, ticks in used.most_common(20):
    print(f'  {ticks / tick / seconds:6.3f} cores  {name}')
