# The stop-the-world pauses of the stream jobs and the model server in each run of a bench series
# recorded with JAVA_TOOL_OPTIONS="-Xlog:gc:file=DIR/gc-%p-%t.log:uptime", per minute of each
# process's uptime: pauses / total ms / longest ms / of them full. The runs and their JVMs are found
# as gc-table.py finds them (the 4th and 5th logs started inside a run's start/end lines).
# Usage: python3 gc-minutes.py DIR/runs.log DIR
import datetime, glob, os, re, sys

series, logs = sys.argv[1], sys.argv[2]
runs = []
for line in open(series):
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
for name, start, end in runs:
    inside = [p for t, p in files if start <= t <= (end or t)]
    for process, path in (('stream jobs', inside[3]), ('model server', inside[4])):
        minutes = {}
        for line in open(path):
            m = re.search(r'\[([\d.]+)s\].*Pause (Young|Full) .* ([\d.]+)ms', line)
            if m:
                s = minutes.setdefault(int(float(m.group(1)) // 60), [0, 0.0, 0.0, 0])
                s[0] += 1
                s[1] += float(m.group(3))
                s[2] = max(s[2], float(m.group(3)))
                s[3] += m.group(2) == 'Full'
        cells = ' '.join(f'{k}:{v[0]}/{v[1]:.0f}/{v[2]:.0f}/{v[3]}' for k, v in sorted(minutes.items()))
        print(f'{name} {process}: {cells}')
