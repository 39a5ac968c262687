# The stop-the-world pauses of the stream jobs and the model server in each run of an ab.sh A/B
# recorded with JAVA_TOOL_OPTIONS="-Xlog:gc:file=DIR/gc-%p-%t.log:uptime", over the last WINDOW
# seconds of each process's log (default 45: the last phase, 5 s of warm-up and 40 measured, ends
# when the pipeline has drained, and then the processes stop). Each run starts its JVMs in one order:
# the bench, its trainer, the broker, the stream jobs, the model server, the passthrough; so the
# 4th and 5th logs that start inside a run's window (ab.log's start/end lines) are those two.
# Usage: python3 gc-table.py DIR/ab.log DIR [WINDOW]
import datetime, glob, os, re, sys

ab, logs = sys.argv[1], sys.argv[2]
window = float(sys.argv[3]) if len(sys.argv) > 3 else 45.0
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
print('| run | process | young pauses | young ms | longest young ms | full pauses | full ms | longest full ms |')
print('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |')
for name, start, end in runs:
    inside = [p for t, p in files if start <= t <= (end or t)]
    for process, path in (('stream jobs', inside[3]), ('model server', inside[4])):
        pauses = []
        for line in open(path):
            m = re.search(r'\[([\d.]+)s\].*Pause (Young|Full) .* ([\d.]+)ms', line)
            if m:
                pauses.append((float(m.group(1)), m.group(2), float(m.group(3))))
        last = pauses[-1][0] if pauses else 0
        young = [ms for t, kind, ms in pauses if kind == 'Young' and t >= last - window]
        full = [ms for t, kind, ms in pauses if kind == 'Full' and t >= last - window]
        print(f'| {name} | {process} | {len(young)} | {sum(young):.0f} | {max(young, default=0):.0f} '
              f'| {len(full)} | {sum(full):.0f} | {max(full, default=0):.0f} |')
