# The full runs' table (table.md) from each run's bench.json. Usage: python3 table.py RUNS_DIR RUN...
# e.g. python3 table.py /tmp/s43/full/runs new-1 old-1 new-2 old-2
import json, os, sys

root, runs = sys.argv[1], sys.argv[2:]
bench = {r: json.load(open(os.path.join(root, r, 'bench.json'))) for r in runs}


def stage(cost, process):
    return next(s['microsPerEvent'] for s in cost['stages'] if s['process'] == process)


print('| run | events/s | click to list p50 / p99 | event to state p99 | model server / stream jobs / broker µs per event | pipeline / passthrough CPU | the bench\'s own cores |')
print('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
for rate in [r['targetRate'] for r in bench[runs[0]]['rates']]:
    for run in runs:
        r = next(x for x in bench[run]['rates'] if x['targetRate'] == rate)
        c, rec, st = r['cost'], r['eventToRecommendation'], r['eventToUserState']
        print(f"| {run} | {rate:,} | {rec['p50']:.0f} ms / {rec['p99']:.0f} ms | {st['p99']:.0f} ms "
              f"| {stage(c, 'model-server'):.0f} / {stage(c, 'stream-jobs'):.0f} / {stage(c, 'kafka'):.0f} "
              f"| {c['pipelineOverPassthrough']:.1f} x | {c['benchCores']:.2f} |")
print()
print('| backlog of 60,000 events | ' + ' | '.join(runs) + ' |')
print('| --- |' + ' ---: |' * len(runs))


def row(label, f):
    print(f'| {label} | ' + ' | '.join(f(bench[r]) for r in runs) + ' |')


row('both at once: states written / consumed per s',
    lambda b: f"{b['throughput']['userStatesPerSecond']:,.0f} / {b['throughput']['modelServerStatesPerSecond']:,.0f}")
row('each alone (warm): states written / consumed per s (ratio)',
    lambda b: f"{b['stagesAlone']['userStatesPerSecond']:,.0f} / {b['stagesAlone']['modelServerStatesPerSecond']:,.0f} "
              f"({b['stagesAlone']['modelServerStatesPerSecond'] / b['stagesAlone']['userStatesPerSecond']:.2f})")
row('each alone: lists per s', lambda b: f"{b['stagesAlone']['recommendationsPerSecond']:,.0f}")
row('each alone: model server / stream jobs µs per event',
    lambda b: f"{stage(b['stagesAlone']['cost'], 'model-server'):.0f} / {stage(b['stagesAlone']['cost'], 'stream-jobs'):.0f}")
row('highest rate with p99 under 1 s', lambda b: f"{b['highestRateWithP99UnderOneSecond']:,}")
print()
print("The 5 s windows' click-to-list p99 (ms), per run and rate:")
print()
for run in runs:
    for r in bench[run]['rates']:
        print(f"- {run}, {r['targetRate']:,}: " + ', '.join(f"{w['p99']:.0f}" for w in r['recommendationsOverTime']))
