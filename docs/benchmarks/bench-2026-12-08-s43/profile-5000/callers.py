# Which Perch frame reaches a frame, in one JVM's async-profiler samples (jfr print --events
# jdk.ExecutionSample --stack-depth 60) within a window: for each sample holding FRAME (the whole
# frame line, so native frames count), the nearest dev.perch frame below its innermost occurrence,
# as a share of the window's samples. Usage: python3 callers.py SAMPLES FROM TO FRAME
import collections, re, sys

from paths import window

path, low, high, target = sys.argv[1:5]
callers, total, holding = collections.Counter(), 0, 0
for stack in window(path, low, high):
    total += 1
    frames = [l.strip() for l in stack.split('\n')
              if l.strip() and l.strip() != ']' and not l.strip().startswith('...')]
    at_target = [i for i, f in enumerate(frames) if target in f.split('(')[0]]
    if not at_target:
        continue
    holding += 1
    caller = next((f for f in frames[at_target[-1] + 1:] if 'dev.perch' in f), '(no Perch frame)')
    callers[re.sub(r'\(.*?\)', '', re.sub(r'\s+', ' ', caller))[:110]] += 1
print(f'{total} samples from {low} to {high}; {holding} ({100 * holding / max(total, 1):.1f} %) hold {target}, by the Perch frame that reached it:')
for caller, count in callers.most_common(12):
    print(f'  {100 * count / max(total, 1):5.1f}%  {caller}')
