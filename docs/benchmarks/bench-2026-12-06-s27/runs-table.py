# One row per tail-diag run under runs/ (or the directories given): click-to-list p50/p99 at
# 1,000 events/s, event-to-state p99, seconds of the phase with click-to-list p99 > 200 ms, the
# synchronous part of each checkpoint of `update user state` (Flink's REST API, ms) and the
# stream jobs' and model server's CPU per event.  python3 runs-table.py [RUN_DIR ...]
import glob, os, re, sys

dirs = sys.argv[1:] or sorted(glob.glob(os.path.join(os.path.dirname(__file__) or '.', 'runs', '*')))
print('| run | click to list p50 / p99 | event to state p99 | seconds with p99 > 200 ms | sync part of `update user state` per checkpoint (ms) | stream jobs / model server µs per event |')
print('| --- | ---: | ---: | ---: | --- | ---: |')
for d in dirs:
    md = open(os.path.join(d, 'bench.md')).read()
    rows = {m.group(1): m.group(2).split('|') for m in re.finditer(
        r'^\| 1,000 \| [\d,]+ \| event -> (user state|recommendations) \|(.*)$', md, re.M)}
    click, state = rows['recommendations'], rows['user state']
    cpu = re.search(r'CPU per event \(60,000 events\):.*?stream-jobs ([\d.]+) µs, model-server ([\d.]+) µs', md)
    seconds = re.search(r'\((\d+) of (\d+)\)', open(os.path.join(d, 'tail-seconds.txt')).read())
    sync = [m.group(1) for m in re.finditer(r' sync (\d+) .*\| update user state', open(os.path.join(d, 'flink-checkpoints.txt')).read())]
    print(f'| {os.path.basename(d)} | {float(click[2]):.0f} / {float(click[4]):.0f} ms | {float(state[4]):.0f} ms '
          f'| {seconds.group(1)} of {seconds.group(2)} | {", ".join(sync)} | {float(cpu.group(1)):.0f} / {float(cpu.group(2)):.0f} |')
