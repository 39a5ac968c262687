# Cores of a JVM's recording spent by part, per 10 s of wall clock (samples at 10 ms of CPU each,
# async-profiler's itimer; 100 samples per second are one core): the model server's stream threads,
# the sequence encoder under them (DjlSequenceModel.encode), the JIT compiler threads, the VM thread
# (the serial collector's pauses) and the rest. docs/benchmarks.md quotes its output.
# Usage:
#   jfr print --events jdk.ExecutionSample --stack-depth 60 REC.jfr > samples.txt
#   python3 docs/benchmarks/bench-2026-12-06-s29/cores-by-part.py samples.txt [FROM TO]
# FROM, TO: times of day (HH:MM:SS); the totals line covers the samples between them.
import collections, re, sys

text = open(sys.argv[1]).read()
low, high = (sys.argv[2], sys.argv[3]) if len(sys.argv) > 3 else ('00:00:00', '99:99:99')
per = collections.defaultdict(collections.Counter)
total = collections.Counter()
seconds = set()
for event in text.split('jdk.ExecutionSample {')[1:]:
    at = re.search(r'startTime = (?:\S*T)?(\d\d:\d\d:\d\d)', event)
    if not at:
        continue
    t = at.group(1)
    name = re.search(r'sampledThread = "([^"]*)"', event)
    thread = name.group(1) if name else ''
    if 'CompilerThre' in thread:
        part = 'jit'
    elif thread == 'VM Thread':
        part = 'vm'
    elif 'StreamThread' in thread and 'producer' not in thread:
        part = 'stream threads'
    else:
        part = 'other'
    parts = [part] + (['encoder'] if 'DjlSequenceModel.encode' in event else [])
    for p in parts:
        per[t[:7] + '0'][p] += 1
        if low <= t <= high:
            total[p] += 1
    if low <= t <= high:
        seconds.add(t)
names = ['stream threads', 'encoder', 'jit', 'vm', 'other']
print('10 s from | ' + ' | '.join(names) + ' (cores)')
for t in sorted(per):
    print(t + ' | ' + ' | '.join(f'{per[t][n] / 1000:.2f}' for n in names))
if seconds:
    n = len(seconds)
    print(f'{low}-{high} ({n} s) | ' + ' | '.join(f'{total[p] / (100 * n):.2f}' for p in names))
