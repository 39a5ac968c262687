# Prints the A/B table of docs/benchmarks.md (twenty-first session) from the runs' bench.json and
# bench.md and the ab.log beside them (runs of a backlog, then latency rates):
#   python3 table.py old-1 new-1 old-2 new-2   (from the directory that holds them and ab.log)
import json, os, re, sys

log = open('ab.log').read()
runs = sys.argv[1:]
rates = [r['targetRate'] for r in json.load(open(os.path.join(runs[0], 'bench.json')))['rates']]
head = ['run', 'commit', 'training s', 'backlog: states written / consumed per s', 'backlog: lists',
        'backlog: model server CPU s']
for r in rates:
    head += [f'{r:,}/s: list p50 / p99', f'{r:,}/s: model server / stream jobs µs per event']
print('| ' + ' | '.join(head) + ' |')
print('| --- | --- |' + ' ---: |' * (len(head) - 2))
fmt = lambda ms: f'{ms / 1000:.2f} s' if ms >= 1000 else f'{ms:.0f} ms'
for run in runs:
    bench = json.load(open(os.path.join(run, 'bench.json')))
    md = open(os.path.join(run, 'bench.md')).read()
    training = re.search(r'in ([0-9.]+) s\.', md).group(1)
    commit = re.search(r'start ' + re.escape(run) + r' .*commit ([0-9a-f]+)', log).group(1)
    backlog = bench['throughput']
    server = [p for p in backlog['processes'] if p['process'] == 'model-server'][0]
    row = [run, commit, training,
           f"{backlog['userStatesPerSecond']:,.0f} / {backlog['modelServerStatesPerSecond']:,.0f}",
           f"{backlog['recommendations']:,}", f"{server['cpuSeconds']:.1f}"]
    for rate in bench['rates']:
        lists = rate['eventToRecommendation']
        stages = {s['process']: s['microsPerEvent'] for s in rate['cost']['stages']}
        row += [f"{fmt(lists['p50'])} / {fmt(lists['p99'])}",
                f"{stages['model-server']:,.0f} / {stages['stream-jobs']:,.0f}"]
    print('| ' + ' | '.join(row) + ' |')
