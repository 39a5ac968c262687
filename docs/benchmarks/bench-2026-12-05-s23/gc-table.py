# The stop-the-world pauses of the stream jobs and the model server in each run of an ab.sh A/B
# recorded with JAVA_TOOL_OPTIONS="-Xlog:gc:file=DIR/gc-%p-%t.log:uptime", over the last WINDOW
# seconds of each process's log (default 45: the last phase, 5 s of warm-up and 40 measured, ends
# when the pipeline has drained, and then the processes stop). Each run starts its JVMs in one order:
# the bench, its trainer, the broker, the stream jobs, the model server, the passthrough; so the
# 4th and 5th logs that start inside a run's window (ab.log's start/end lines) are those two.
# With --minutes first: per minute of each process's uptime instead, "minute:pauses/total ms/longest
# ms/full" (for full runs, whose driver full-runs.sh writes the same start/end lines).
# Usage: python3 gc-table.py [--minutes] DIR/ab.log DIR [WINDOW]
import datetime, glob, os, re, sys

minutes_mode = sys.argv[1:2] == ['--minutes']
args = sys.argv[2:] if minutes_mode else sys.argv[1:]
ab, logs = args[0], args[1]
window = float(args[2]) if len(args) > 2 else 45.0
runs = []
for line in open(ab):
    m = re.match(r'(start|end) (\S+) (\S+)', line)
    if m:
        at = datetime.datetime.strptime(m.group(3), '%Y-%m-%dT%H:%M:%SZ')
        if m.group(1) == 'start':
            runs.append([m.group(2), at, None])
        else:
            runs[-1][2] = at
files = []
for path in glob.glob(os.path.join(logs, 'gc-*.log')):
    m = re.search(r'gc-\d+-(\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d)\.log$', path)
    files.append((datetime.datetime.strptime(m.group(1), '%Y-%m-%d_%H-%M-%S'), path))
files.sort()
def pauses_of(path):
    out = []
    for line in open(path):
        m = re.search(r'\[([\d.]+)s\].*Pause (Young|Full) .* ([\d.]+)ms', line)
        if m:
            out.append((float(m.group(1)), m.group(2), float(m.group(3))))
    return out


def jvms(start, end):
    inside = [p for t, p in files if start <= t <= (end or t)]
    return (('stream jobs', inside[3]), ('model server', inside[4]))


if minutes_mode:
    for name, start, end in runs:
        for process, path in jvms(start, end):
            minutes = {}
            for t, kind, ms in pauses_of(path):
                s = minutes.setdefault(int(t // 60), [0, 0.0, 0.0, 0])
                s[0] += 1
                s[1] += ms
                s[2] = max(s[2], ms)
                s[3] += kind == 'Full'
            cells = ' '.join(f'{k}:{v[0]}/{v[1]:.0f}/{v[2]:.0f}/{v[3]}' for k, v in sorted(minutes.items()))
            print(f'{name} {process}: {cells}')
    sys.exit(0)
print('| run | process | young pauses | young ms | longest young ms | full pauses | full ms | longest full ms |')
print('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |')
for name, start, end in runs:
    for process, path in jvms(start, end):
        pauses = pauses_of(path)
        last = pauses[-1][0] if pauses else 0
        young = [ms for t, kind, ms in pauses if kind == 'Young' and t >= last - window]
        full = [ms for t, kind, ms in pauses if kind == 'Full' and t >= last - window]
        print(f'| {name} | {process} | {len(young)} | {sum(young):.0f} | {max(young, default=0):.0f} '
              f'| {len(full)} | {sum(full):.0f} | {max(full, default=0):.0f} |')
