# One row per diagnosis run (tail-diag.sh / tail-diag-once.sh outputs): the 1,000 events/s phase's
# event-to-state and click-to-list p50 / p99, the seconds whose click-to-list p99 passed 200 ms
# (tail-seconds.py's count) and each process's CPU per event, from each run's bench.md.
# Usage: python3 diag-table.py RUN_DIR...
import re, sys

print('| run | event to state p50 / p99 | click to list p50 / p99 | seconds with p99 > 200 ms |'
      ' stream jobs / model server / broker / passthrough µs per event |')
print('| --- | ---: | ---: | ---: | ---: |')
for run in sys.argv[1:]:
    md = open(f'{run}/bench.md').read()
    phase = md[md.index('## Latency at fixed rates'):]
    rows = {}
    for stage in ('event -> user state', 'event -> recommendations'):
        cells = [c.strip() for c in re.search(r'^\| 1,000 \|.*\| ' + stage + r' \|.*$', phase,
                                              re.M).group(0).split('|')]
        rows[stage] = f'{cells[6]} / {cells[8]} ms'
    cpu = re.search(r'CPU per event \(60,000 events\): kafka ([\d.]+) µs, stream-jobs ([\d.]+) µs, '
                    r'model-server ([\d.]+) µs, kafka passthrough ([\d.]+) µs', phase).groups()
    slow = re.search(r'\((\d+) of (\d+)\)', open(f'{run}/tail-seconds.txt').read()).group(1)
    name = run.rstrip('/').split('/')[-1]
    print(f'| {name} | {rows["event -> user state"]} | {rows["event -> recommendations"]} | {slow} '
          f'of 60 | {cpu[1]} / {cpu[2]} / {cpu[0]} / {cpu[3]} |')
