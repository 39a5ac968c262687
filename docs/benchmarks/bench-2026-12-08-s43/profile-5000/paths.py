# Samples of one JVM's async-profiler recording (jfr print --events jdk.ExecutionSample
# --stack-depth 60) within a window, holding each named frame anywhere in their stack: count, share
# of the window's samples, and cores (samples x the 10 ms interval / the window's seconds). Unlike
# jfr-window.py it matches the whole frame line, so native frames whose names hold spaces (RocksDB's
# templates) count. Usage: python3 paths.py SAMPLES FROM TO FRAME...   (FROM, TO: HH:MM:SS)
import re, sys


def window(path, low, high):
    """The stack text of each sample taken from LOW to HIGH (times of day, HH:MM:SS)."""
    for event in open(path).read().split('jdk.ExecutionSample {')[1:]:
        at = re.search(r'startTime = (?:\S*T)?(\d\d:\d\d:\d\d)', event)
        if at and low <= at.group(1) <= high:
            yield event.split('stackTrace = [')[1] if 'stackTrace = [' in event else ''


def seconds(low, high):
    def of(t):
        return sum(int(a) * b for a, b in zip(t.split(':'), (3600, 60, 1)))
    return of(high) - of(low) + 1


if __name__ == '__main__':
    path, low, high, frames = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    total, counts = 0, {f: 0 for f in frames}
    for stack in window(path, low, high):
        total += 1
        for f in frames:
            if f in stack:
                counts[f] += 1
    s = seconds(low, high)
    print(f'{total} samples from {low} to {high} ({s} s): {total * 0.01 / s:.3f} cores')
    for f in frames:
        print(f'  {counts[f]:6d}  {100 * counts[f] / max(total, 1):5.1f}%  {counts[f] * 0.01 / s:.3f} cores  {f}')
