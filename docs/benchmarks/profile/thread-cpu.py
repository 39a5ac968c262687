# CPU of each thread of one process over an interval, from /proc (native threads too: RocksDB's
# compaction and flush threads, which a JFR recording does not sample), grouped by thread name
# with digits folded. Usage, while a bench phase runs:
#   python3 docs/benchmarks/profile/thread-cpu.py PID SECONDS
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


before = snapshot()
time.sleep(seconds)
after = snapshot()
by_name = collections.Counter()
for tid, (name, ticks) in after.items():
    by_name[re.sub(r'\d+', 'N', name)] += ticks - before.get(tid, (name, 0))[1]
total = sum(by_name.values())
print(f'{total / tick / seconds:.3f} cores in threads alive at the end, over {seconds:.0f} s')
for name, ticks in by_name.most_common(20):
    print(f'  {ticks / tick / seconds:6.3f} cores  {name}')
