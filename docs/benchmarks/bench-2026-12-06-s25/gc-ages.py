# Young collections of one JVM's GC log
# (-Xlog:gc*=info,gc+age=trace:file=...:utctime,uptime,level,tags), in a window of UTC wall-clock
# time: how many, their pauses, what survived by age (what a young collection copies).
#   python3 gc-ages.py LOG[.gz] [FROM TO]   (HH:MM:SS, UTC)
import gzip, re, sys, statistics

def seconds(hms):
    h, m, s = hms.split(':')
    return int(h) * 3600 + int(m) * 60 + float(s)

log = sys.argv[1]
lo = seconds(sys.argv[2]) if len(sys.argv) > 2 else 0
hi = seconds(sys.argv[3]) if len(sys.argv) > 3 else 1e12
gcs = {}
for line in (gzip.open(log, 'rt') if log.endswith('.gz') else open(log)):
    m = re.match(r'\[\d{4}-\d\d-\d\dT([\d:.]+)\+0000\]\[[\d.]+s\]\[\w+\s*\]\[([\w,]+)\s*\] GC\((\d+)\) (.*)', line)
    if not m:
        continue
    t, tags, n, text = seconds(m.group(1)), m.group(2), int(m.group(3)), m.group(4)
    g = gcs.setdefault(n, {'t': t, 'ages': {}, 'pause': None})
    p = re.match(r'Pause (Young|Full) .*? (\d+)M->(\d+)M\((\d+)M\) ([\d.]+)ms', text)
    if p:
        g.update(kind=p.group(1), before=int(p.group(2)), after=int(p.group(3)), pause=float(p.group(5)))
    a = re.match(r'- age\s+(\d+):\s+(\d+) bytes', text)
    if a:
        g['ages'][int(a.group(1))] = int(a.group(2))
    d = re.match(r'Desired survivor size (\d+) bytes, new threshold (\d+)', text)
    if d:
        g['threshold'] = int(d.group(2))
sel = [g for g in gcs.values() if g['pause'] is not None and lo <= g['t'] < hi]
young = [g for g in sel if g['kind'] == 'Young']
full = [g for g in sel if g['kind'] == 'Full']
span = (max(g['t'] for g in sel) - min(g['t'] for g in sel)) if len(sel) > 1 else 0
print(f'{log}: {len(young)} young, {len(full)} full collections in the window')
if young:
    pauses = [g['pause'] for g in young]
    print(f'young pauses: total {sum(pauses):.0f} ms, median {statistics.median(pauses):.1f} ms, '
          f'mean {statistics.mean(pauses):.1f} ms, longest {max(pauses):.1f} ms; one every '
          f'{span / max(1, len(young) - 1):.2f} s')
    surv = [sum(g['ages'].values()) / 1e6 for g in young]
    age1 = [g['ages'].get(1, 0) / 1e6 for g in young]
    older = [s - a for s, a in zip(surv, age1)]
    print(f'survivors after a young collection (MB): median {statistics.median(surv):.1f}, of which '
          f'age 1 (survived their first collection) {statistics.median(age1):.1f}, older '
          f'{statistics.median(older):.1f}; heap after: median {statistics.median([g["after"] for g in young])} MB')
    thr = [g.get('threshold') for g in young if g.get('threshold') is not None]
    if thr:
        print(f'tenuring threshold: median {statistics.median(thr)}, min {min(thr)}')
    ages = {}
    for g in young:
        for a, b in g['ages'].items():
            ages.setdefault(a, []).append(b / 1e6)
    print('median MB by age: ' + ', '.join(f'{a}: {statistics.median(v):.1f}' for a, v in sorted(ages.items())))
if full:
    print('full pauses (ms): ' + ', '.join(f"{g['pause']:.0f}" for g in full))
