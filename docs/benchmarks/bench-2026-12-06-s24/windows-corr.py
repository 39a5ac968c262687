# Over the 5 s windows of one rate's phase in several bench runs: the correlation of the stream
# jobs' cores (and the model server's) with the click-to-list p50 of the same window, and the
# machine's mean total cores (every sampled process). Usage:
#   python3 windows-corr.py RATE RUN-DIR...   (each RUN-DIR holds a bench.json)
import json, sys

def corr(x, y):
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sx = sum((a - mx) ** 2 for a in x) ** .5
    sy = sum((b - my) ** 2 for b in y) ** .5
    return sxy / (sx * sy) if sx and sy else float('nan')

rate, runs = int(sys.argv[1]), sys.argv[2:]
jobs, server, p50, total = [], [], [], []
for run in runs:
    phase = next(p for p in json.load(open(f'{run}/bench.json'))['rates'] if p['targetRate'] == rate)
    cores = {p['process']: p['coresOverTime'] for p in phase['processes']}
    windows = phase['recommendationsOverTime']
    for i in range(min(len(windows), len(cores['stream-jobs']))):
        jobs.append(cores['stream-jobs'][i])
        server.append(cores['model-server'][i])
        p50.append(windows[i]['p50'])
        total.append(sum(c[i] for c in cores.values() if len(c) > i))
print(f'{rate:,} events/s, {len(p50)} windows: corr(stream-jobs cores, list p50) {corr(jobs, p50):.2f},'
      f' corr(model-server cores, list p50) {corr(server, p50):.2f}, mean total cores {sum(total) / len(total):.2f}')
