# How many of a diagnosis run's slow seconds (click-to-list p99 > 200 ms, tail-seconds.py's list)
# fall on a second of a read of Flink's REST API or the second before it, against the share of the
# phase's seconds that are such seconds. A read is a second in which Flink's REST threads took at
# least 0.03 cores (threads-LocalStreamJobs.txt, thread-cpu.py's per-second mode); tail-diag.sh
# read every 10 s. Usage: python3 rest-reads.py RUN_DIR...
import datetime, re, sys

def second(hms):
    return datetime.datetime.strptime(hms, '%H:%M:%S')

slow_all = near_all = slow_near_all = phase_all = 0
for run in sys.argv[1:]:
    reads = set()
    for line in open(f'{run}/threads-LocalStreamJobs.txt'):
        m = re.match(r'(\d\d:\d\d:\d\d) .*flink-rest-serv=([\d.]+)', line)
        if m and float(m.group(2)) >= 0.03:
            reads.add(second(m.group(1)))
    tail = open(f'{run}/tail-seconds.txt').read()
    start = second(re.search(r'phase measured from (\d\d:\d\d:\d\d)', tail).group(1))
    slow = [second(s) for s in re.findall(r'^  (\d\d:\d\d:\d\d) p50', tail, re.M)]
    one = datetime.timedelta(seconds=1)
    phase = [start + i * one for i in range(60)]
    near = {s for s in phase if s in reads or s + one in reads}
    slow_near = [s for s in slow if s in near]
    print(f'{run}: {len(slow_near)} of {len(slow)} slow seconds at a read; '
          f'{len(near)} of 60 seconds at a read')
    slow_all += len(slow); slow_near_all += len(slow_near); near_all += len(near); phase_all += 60
print(f'all: {slow_near_all} of {slow_all} slow seconds at a read; '
      f'{near_all} of {phase_all} seconds at a read ({100 * near_all / phase_all:.0f} %)')
