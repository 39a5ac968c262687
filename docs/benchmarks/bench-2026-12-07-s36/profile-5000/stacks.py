# The samples of one process between two times of day whose stack names WANT, as shares of all its
# samples there: their call paths (DEPTH frames from the first frame naming WANT, or with "last" from
# the last one), or their self (top-frame) methods (the N most frequent, default 15). Usage:
#   jfr print --events jdk.ExecutionSample --stack-depth 60 REC.jfr > samples.txt
#   python3 stacks.py paths samples.txt FROM TO WANT DEPTH [last]
#   python3 stacks.py self samples.txt FROM TO WANT [N]
# FROM, TO: HH:MM:SS as jfr print writes them (the window parse of docs/benchmarks/profile/jfr-window.py).
import collections, re, sys

mode, path, low, high, want = sys.argv[1:6]
rest = sys.argv[6:]


def short(frame):
    return '.'.join(frame.split('.')[-2:])


n, counts = 0, collections.Counter()
for event in open(path).read().split('jdk.ExecutionSample {')[1:]:
    at = re.search(r'startTime = (?:\S*T)?(\d\d:\d\d:\d\d(?:\.\d+)?)', event)
    if not (at and low <= at.group(1) <= high):
        continue
    n += 1
    stack = re.findall(r'^\s+([^\s(]+)\(', event.split('stackTrace = [')[1], re.M) \
        if 'stackTrace = [' in event else []
    named = [i for i, frame in enumerate(stack) if want in frame]
    if not named:
        continue
    if mode == 'paths':
        first = named[-1] if len(rest) > 1 else named[0]
        counts[' < '.join(short(f) for f in stack[first:first + int(rest[0])])] += 1
    else:
        counts[short(stack[0])] += 1
total = sum(counts.values())
if mode == 'paths':
    print(f'{total} of {n} samples ({100 * total / n:.1f}%) contain {want}')
    shown = 15
else:
    print(f'{total} of {n} ({100 * total / n:.1f}%) under {want}; self:')
    shown = int(rest[0]) if rest else 15
for key, count in counts.most_common(shown):
    print(f'{100 * count / n:6.2f}%  {key}')
