# Rows for docs/benchmarks.md from bench runs with latency phases (with or without the throughput
# phase), and the stream jobs' RocksDB background threads from full-runs.sh's thread sample:
#   python3 phases-table.py DIR...   (each DIR holds bench.md, and threads-LocalStreamJobs.txt)
import os, re, sys

def sections(text):
    parts = re.split(r'^(#{2,3} .*)$', text, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}

def cpu(section):
    m = re.search(r'CPU per event \([\d,]+ events\): (.*?)Pipeline .*? = ([\d.]+) x', section)
    per = dict(re.findall(r'([a-z -]+?) ([\d.]+) µs', m.group(1)))
    return {k.strip(', '): float(v) for k, v in per.items()}, m.group(2)

print('| run | events/s | click to list p50 / p99 | event to state p99 '
      '| model server / stream jobs / broker µs per event | pipeline / passthrough CPU |')
print('| --- | ---: | ---: | ---: | ---: | ---: |')
rocks = []
for run in sys.argv[1:]:
    name = os.path.basename(run.rstrip('/'))
    text = open(f'{run}/bench.md').read()
    lat = {}
    for rate, stage, p50, p99 in re.findall(
            r'^\| ([\d,]+) \| [\d,]+ \| event -> (user state|recommendations) \| [\d,]+ \| \d+ '
            r'\| ([\d.]+) \| [\d.]+ \| ([\d.]+) \|', text, re.M):
        lat[(rate, stage)] = (float(p50), float(p99))
    for title, body in sections(text).items():
        m = re.match(r'### ([\d,]+) events/s:', title)
        if not m:
            continue
        rate = m.group(1)
        per, ratio = cpu(body)
        p50, p99 = lat[(rate, 'recommendations')]
        print(f"| {name} | {rate} | {p50:.0f} ms / {p99:.0f} ms | {lat[(rate, 'user state')][1]:.0f} ms "
              f"| {per['model-server']:.0f} / {per['stream-jobs']:.0f} / {per['kafka']:.0f} | {ratio} x |")
    threads = f'{run}/threads-LocalStreamJobs.txt'
    if os.path.exists(threads):
        t = dict((n.strip(), float(c)) for c, n in re.findall(r'([\d.]+) cores  (.*)', open(threads).read()))
        total = re.search(r'([\d.]+) cores in threads', open(threads).read()).group(1)
        rocks.append(f"| {name} | {total} | {t.get('rocksdb:low', 0):.3f} | {t.get('rocksdb:high', 0):.3f} |")
if rocks:
    print()
    print('| run | stream jobs, cores (25 s at the highest rate) | rocksdb:low (compactions) | rocksdb:high (flushes) |')
    print('| --- | ---: | ---: | ---: |')
    print('\n'.join(rocks))
