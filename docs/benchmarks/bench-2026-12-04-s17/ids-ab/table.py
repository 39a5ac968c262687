# Prints the A/B table of docs/benchmarks.md from the runs' bench.json/bench.md and the ab.log
# beside them (runs of a backlog, then one latency rate):
#   python3 table.py old-1 new-1 old-2 new-2   (from the directory that holds them and ab.log)
import json, os, re, sys

log = open('ab.log').read()
print('| run | commit | training s | backlog: states written / consumed per s | backlog: model server µs per state '
      '| rate: list p50 / p99 | rate: event to state p99 | rate: model server µs per event '
      '| rate: stream jobs µs per event | rate: pipeline / passthrough CPU |')
print('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
for run in sys.argv[1:]:
    bench = json.load(open(os.path.join(run, 'bench.json')))
    md = open(os.path.join(run, 'bench.md')).read()
    training = re.search(r'in ([0-9.]+) s\.', md).group(1)
    commit = re.search(r'start ' + re.escape(run) + r' .*commit ([0-9a-f]+)', log).group(1)
    backlog = bench['throughput']
    server = [p for p in backlog['processes'] if p['process'] == 'model-server'][0]
    rate = bench['rates'][0]
    lists, states = rate['eventToRecommendation'], rate['eventToUserState']
    stages = {s['process']: s['microsPerEvent'] for s in rate['cost']['stages']}
    fmt = lambda ms: f'{ms / 1000:.2f} s' if ms >= 1000 else f'{ms:.0f} ms'
    print(f"| {run} | {commit} | {training} | {backlog['userStatesPerSecond']:,.0f} / "
          f"{backlog['modelServerStatesPerSecond']:,.0f} | "
          f"{server['cpuSeconds'] * 1e6 / backlog['modelServerStatesConsumed']:,.0f} | "
          f"{fmt(lists['p50'])} / {fmt(lists['p99'])} | {fmt(states['p99'])} | "
          f"{stages['model-server']:,.0f} | {stages['stream-jobs']:,.0f} | "
          f"{rate['cost']['pipelineOverPassthrough']:.1f} x |")
