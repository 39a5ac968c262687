# Samples of one JVM's async-profiler recording (jfr print --events jdk.ExecutionSample
# --stack-depth 60) within a window, holding each named frame anywhere in their stack: count, share
# of the window's samples, and cores (samples x the 10 ms interval / the window's seconds). Unlike
# jfr-window.py it matches the whole frame line, so native frames whose names hold spaces (RocksDB's
# templates) count. Usage: python3 paths.py SAMPLES FROM TO FRAME...   (FROM, TO: HH:MM:SS)
import re, sys

path, low, high, frames = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
seconds = sum(int(a) * b for a, b in zip(high.split(':'), (3600, 60, 1))) - \
    sum(int(a) * b for a, b in zip(low.split(':'), (3600, 60, 1))) + 1
total, counts = 0, {f: 0 for f in frames}
for event in open(path).read().split('jdk.ExecutionSample {')[1:]:
    at = re.search(r'startTime = (?:\S*T)?(\d\d:\d\d:\d\d)', event)
    if not (at and low <= at.group(1) <= high):
        continue
    total += 1
    stack = event.split('stackTrace = [')[1] if 'stackTrace = [' in event else ''
    for f in frames:
        if f in stack:
            counts[f] += 1
print(f'{total} samples from {low} to {high} ({seconds} s): {total * 0.01 / seconds:.3f} cores')
for f in frames:
    print(f'  {counts[f]:6d}  {100 * counts[f] / max(total, 1):5.1f}%  {counts[f] * 0.01 / seconds:.3f} cores  {f}')
