# The seconds of a tail-diag.sh run whose click-to-list p99 passed a bound, beside what each JVM did
# in that second and the next (cores, its JIT compiler threads, the broker's log cleaner) and the
# stream jobs' checkpoints near it. Usage: python3 tail-seconds.py OUT [BOUND_MS, default 200]
# [WARMUP_S, default 5]. Second i of the timeline is the phase's start (the console's "latency:"
# line) + the phase's warm-up + i.
import datetime, os, re, sys

out = sys.argv[1]
bound = float(sys.argv[2]) if len(sys.argv) > 2 else 200.0
warmup = float(sys.argv[3]) if len(sys.argv) > 3 else 5.0
console = open(os.path.join(out, 'console.txt')).read()
start = re.search(r'^(\d\d:\d\d:\d\d) .*latency: 1,000 events/s', console, re.M).group(1)
t0 = datetime.datetime.strptime(start, '%H:%M:%S') + datetime.timedelta(seconds=warmup)
md = open(os.path.join(out, 'bench.md')).read()
lists = re.findall(r'Event -> recommendations over the phase[^:]*: (.*)\.', md)[-1]
windows = [tuple(float(x) for x in w.split(' / ')) for w in lists.split(', ')]


def per_second(main):
    path = os.path.join(out, f'threads-{main}.txt')
    rows = {}
    if os.path.exists(path):
        for line in open(path):
            m = re.match(r'(\d\d:\d\d:\d\d) ([\d.]+) ?(.*)', line)
            if m:
                parts = dict(re.findall(r'(\S[^=]*?)=([\d.]+)', m.group(3)))
                rows[m.group(1)] = (float(m.group(2)), {k.strip(): float(v) for k, v in parts.items()})
    return rows


jvms = {n: per_second(n) for n in ('ModelServerMain', 'LocalStreamJobs', 'KraftServerMain')}
checkpoints = []
for line in open(os.path.join(out, 'checkpoints.txt')):
    if line.strip().endswith('_metadata'):
        continue
    when = datetime.datetime.strptime(line[:8], '%H:%M:%S')
    checkpoints.append((when, line.split()[1].split('/')[0]))
print(f'phase measured from {t0:%H:%M:%S}; seconds with click-to-list p99 > {bound:.0f} ms '
      f'({sum(1 for w in windows if w[1] > bound)} of {len(windows)}):')
for i, (p50, p99) in enumerate(windows):
    if p99 <= bound:
        continue
    at = t0 + datetime.timedelta(seconds=i)
    notes = []
    for name, rows in jvms.items():
        for dt in (0, 1):
            key = (at + datetime.timedelta(seconds=dt)).strftime('%H:%M:%S')
            if key in rows:
                cores, threads = rows[key]
                jit = threads.get('CN CompilerThre', 0) + threads.get('C2 CompilerThre', 0)
                extra = f' jit {jit:.2f}' if jit >= 0.1 else ''
                if threads.get('kafka-log-clean', 0) >= 0.05:
                    extra += f' log cleaner {threads["kafka-log-clean"]:.2f}'
                notes.append(f'{name[:5]}+{dt}s {cores:.2f}{extra}')
    near = [f'{job} chk {int((when - at).total_seconds()):+d}s' for when, job in checkpoints
            if -2 <= (when - at).total_seconds() <= 2]
    print(f'  {at:%H:%M:%S} p50 {p50:.0f} p99 {p99:.0f} ms | ' + '; '.join(notes + near))
