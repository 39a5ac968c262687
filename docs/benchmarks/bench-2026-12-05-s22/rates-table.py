# The rows of docs/benchmarks.md's tables for full bench runs, from each run's bench.md:
#   python3 rates-table.py rates-1 rates-2
# Rows are named by the run folder's last character ("run 1"); with --names first, by the folder's
# name (the twenty-third session's new-1, old-1, ...). A run without the throughput phase
# (--skip-throughput) or without --stages-alone has no backlog column; where a run folder has
# full-runs.sh's threads-LocalStreamJobs.txt, a last table gives the stream jobs' RocksDB threads
# (since the twenty-fifth session). The last column of the rates, the bench's own cores, since the
# twenty-sixth session.
import os, re, sys

def sections(text):
    parts = re.split(r'^(#{2,3} .*)$', text, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}

def cpu(section):
    m = re.search(r'CPU per event \([\d,]+ events\): (.*?)Pipeline .*? = ([\d.]+) x', section)
    per = dict(re.findall(r'([a-z -]+?) ([\d.]+) µs', m.group(1)))
    per = {k.strip(', '): float(v) for k, v in per.items()}
    return per, m.group(2)

def states(section):
    rows = dict(re.findall(r'^\| ([^|]+?) \| [\d,]+ \| [\d.]+ \| ([\d,]+) \|', section, re.M))
    return rows

rates, backlog, rocks = [], [], []
names = sys.argv[1:2] == ['--names']
runs = sys.argv[2:] if names else sys.argv[1:]

def label(run, prefix=''):
    return os.path.basename(run) if names else prefix + run[-1]

for run in runs:
    text = open(f'{run}/bench.md').read()
    s = sections(text)
    lat = s['## Latency at fixed rates, from each event\'s intended send time (ms)']
    for m in re.finditer(r'^\| ([\d,]+) \| [\d,]+ \| event -> recommendations \| [\d,]+ \| \d+ \| ([\d.]+) \| [\d.]+ \| ([\d.]+) \|', lat, re.M):
        rate = m.group(1)
        state = re.search(rf'^\| {rate} \| [\d,]+ \| event -> user state \| [\d,]+ \| \d+ \| [\d.]+ \| [\d.]+ \| ([\d.]+) \|', lat, re.M).group(1)
        head = next(k for k in s if k.startswith(f'### {rate} events/s'))
        per, multiple = cpu(s[head])
        own = re.search(r'The benchmark itself: ([\d.]+) cores', s[head]).group(1)
        rates.append((int(rate.replace(',', '')), run, f'| {label(run)} | {rate} | {float(m.group(2)):.0f} ms / {float(m.group(3)):.0f} ms | {float(state):.0f} ms | {per["model-server"]:.0f} / {per["stream-jobs"]:.0f} / {per["kafka"]:.0f} | {multiple} x | {own} |'))
    threads = f'{run}/threads-LocalStreamJobs.txt'
    if os.path.exists(threads):
        sample = open(threads).read()
        t = {n.strip(): float(c) for c, n in re.findall(r'([\d.]+) cores  (.*)', sample)}
        total = re.search(r'([\d.]+) cores in threads', sample).group(1)
        rocks.append(f"| {label(run)} | {total} | {t.get('rocksdb:low', 0):.3f} | {t.get('rocksdb:high', 0):.3f} |")
    both = s.get('## Sustained throughput (backlog produced at once)')
    alone = s.get('## Each stage alone (a second backlog, after the latency phases)')
    if both is None or alone is None:
        continue
    b, a = states(both), states(alone)
    pb, _ = cpu(both)
    pa, _ = cpu(alone)
    w, c = (int(x.replace(',', '')) for x in (a['user states written (stream jobs)'], a['user states consumed (model server)']))
    backlog.append((run, b['user states written (stream jobs)'], b['user states consumed (model server)'],
                    f'{pb["model-server"]:.0f} / {pb["stream-jobs"]:.0f}', a['user states written (stream jobs)'],
                    a['user states consumed (model server)'], f'{c / w:.2f}', a['lists published (model server, coalesced per user)'],
                    f'{pa["model-server"]:.0f} / {pa["stream-jobs"]:.0f}'))
print('| run | events/s | click to list p50 / p99 | event to state p99 | model server / stream jobs / broker µs per event | pipeline / passthrough CPU | the bench\'s own cores |')
print('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
for _, _, row in sorted(rates):
    print(row)
if backlog:
    print()
    print('| backlog of 60,000 events | ' + ' | '.join(label(r[0], 'run ') for r in backlog) + ' |')
    print('| --- |' + ' ---: |' * len(backlog))
    labels = ['both at once: states written / consumed per s', 'both at once: model server / stream jobs µs per event',
              'each alone (warm): states written / consumed per s (ratio)', 'each alone: lists per s',
              'each alone: model server / stream jobs µs per event']
    cells = [[f'{r[1]} / {r[2]}', r[3], f'{r[4]} / {r[5]} ({r[6]})', r[7], r[8]] for r in backlog]
    for i, name in enumerate(labels):
        print(f'| {name} | ' + ' | '.join(c[i] for c in cells) + ' |')
if rocks:
    print()
    print('| run | stream jobs, cores (full-runs.sh\'s 25 s at the highest rate) | rocksdb:low (compactions) | rocksdb:high (flushes) |')
    print('| --- | ---: | ---: | ---: |')
    print('\n'.join(rocks))
