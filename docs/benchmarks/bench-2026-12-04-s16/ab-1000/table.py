# Prints the 1,000 events/s table of docs/benchmarks.md from the runs' bench.json:
#   python3 table.py old-1 new-1 old-2 new-2   (from this directory)
import json, sys
print("| run | list p50 / p99 (ms) | model server µs/event | stream jobs µs/event | passthrough µs/event | pipeline / passthrough |")
for r in sys.argv[1:]:
    rt = json.load(open(r + '/bench.json'))['rates'][0]
    st = {s['process']: s['microsPerEvent'] for s in rt['cost']['stages']}
    e = rt['eventToRecommendation']
    print(f"| {r} | {round(e['p50'])} / {round(e['p99'])} | {round(st['model-server'])} | {round(st['stream-jobs'])} | {round(st['kafka passthrough'])} | {rt['cost']['pipelineOverPassthrough']:.1f} |")
