# The shares of one process's JFR samples taken between two wall-clock times (for instance one
# phase of a profile-run.sh recording): by thread, by hottest self method, and inclusive for the
# frames named. docs/benchmarks/history.md quotes its output. Usage:
#   jfr print --events jdk.ExecutionSample --stack-depth 40 REC.jfr > samples.txt
#   python3 docs/benchmarks/profile/jfr-window.py samples.txt FROM TO [FRAME ...]
# FROM, TO: times of day as jfr print writes them (HH:MM:SS); FRAME: a part of a frame's name.
# Reads JFR's own recordings and async-profiler's (PROFILER=async profile-run.sh), whose stacks
# hold native frames.
import collections, re, sys

text, low, high, frames = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3], sys.argv[4:]
events = []
for event in text.split('jdk.ExecutionSample {')[1:]:
    # HH:MM:SS of the event (jfr print writes a HotSpot recording's local time, an async-profiler
    # recording's as an ISO instant)
    at = re.search(r'startTime = (?:\S*T)?(\d\d:\d\d:\d\d(?:\.\d+)?)', event)
    if at and low <= at.group(1) <= high:
        events.append(event)
n = len(events) or 1
threads, selfs, inclusive = collections.Counter(), collections.Counter(), collections.Counter()
for event in events:
    thread = re.search(r'sampledThread = "([^"]*)"', event)
    name = re.sub(r'[0-9a-f]{8}-[0-9a-f-]{27}', '', thread.group(1)) if thread else '?'
    threads[re.sub(r'\d+', 'N', name)] += 1
    stack = re.findall(r'^\s+([^\s(]+)\(', event.split('stackTrace = [')[1], re.M) \
        if 'stackTrace = [' in event else []
    if stack:
        selfs['.'.join(stack[0].split('.')[-2:])] += 1
    joined = ' '.join(stack)
    for frame in frames:
        if frame in joined:
            inclusive[frame] += 1
print(f'{len(events)} samples from {low} to {high}')
print('per thread:')
for name, count in threads.most_common(8):
    print(f'  {100 * count / n:5.1f}%  {name}')
print('hottest methods (self):')
for name, count in selfs.most_common(25):
    print(f'  {100 * count / n:5.1f}%  {name}')
print('stacks containing (inclusive):')
for frame in frames:
    print(f'  {100 * inclusive[frame] / n:5.1f}%  {frame}')
