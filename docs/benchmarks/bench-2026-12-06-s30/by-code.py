# Click-to-list p99 of full bench runs set beside the passthrough's CPU per event of the same phase
# (the same Kafka copy in every run: a gauge of how fast the machine was during that phase), then
# the median per code and rate. Run folders are named CODE-N (new-1, old-1, ...), as
# docs/benchmarks/bench-2026-12-05-s23/full-runs/full-runs.sh names them:
#   python3 by-code.py RUN_DIR...
import json, os, statistics, sys

rows = {}
for run in sys.argv[1:]:
    name = os.path.basename(run.rstrip('/'))
    code = name.rsplit('-', 1)[0]
    for phase in json.load(open(os.path.join(run, 'bench.json')))['rates']:
        per = {s['process']: s['microsPerEvent'] for s in phase['cost']['stages']}
        rows.setdefault(phase['targetRate'], []).append(
            (code, name, phase['eventToRecommendation']['p50'],
             phase['eventToRecommendation']['p99'], per['kafka passthrough'], per['model-server'],
             per['stream-jobs'], per['kafka']))

print('| events/s | run | click to list p50 / p99 ms | passthrough µs per event | model server / stream jobs / broker µs per event |')
print('| ---: | --- | ---: | ---: | ---: |')
for rate in sorted(rows):
    for code, name, p50, p99, passthrough, ms, sj, kafka in sorted(rows[rate], key=lambda r: r[4]):
        print(f'| {rate:,} | {name} | {p50:.0f} / {p99:.0f} | {passthrough:.1f} | {ms:.0f} / {sj:.0f} / {kafka:.0f} |')
print()
print('| events/s | code | runs | median click-to-list p99 ms (each run) | median model server µs per event |')
print('| ---: | --- | ---: | ---: | ---: |')
for rate in sorted(rows):
    for code in sorted({r[0] for r in rows[rate]}):
        mine = [r for r in rows[rate] if r[0] == code]
        p99s = sorted(r[3] for r in mine)
        print(f'| {rate:,} | {code} | {len(mine)} | {statistics.median(p99s):.0f} '
              f'({", ".join(f"{p:.0f}" for p in p99s)}) | {statistics.median(r[5] for r in mine):.0f} |')
