# Call paths (DEPTH frames from the first, or with a 6th argument the last, frame naming WANT) of the
# samples of one process between two times of day, as shares of all its samples there. Usage:
#   jfr print --events jdk.ExecutionSample --stack-depth 60 REC.jfr > samples.txt
#   python3 paths.py samples.txt FROM TO WANT DEPTH [last]
import collections, re, sys
text, low, high, want, depth = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
c = collections.Counter(); n = 0
for event in text.split('jdk.ExecutionSample {')[1:]:
    at = re.search(r'startTime = (?:\S*T)?(\d\d:\d\d:\d\d(?:\.\d+)?)', event)
    if not (at and low <= at.group(1) <= high): continue
    n += 1
    stack = re.findall(r'^\s+([^\s(]+)\(', event.split('stackTrace = [')[1], re.M) if 'stackTrace = [' in event else []
    idx = [i for i, f in enumerate(stack) if want in f]
    if not idx: continue
    i = idx[-1] if len(sys.argv) > 6 else idx[0]
    c[' < '.join('.'.join(f.split('.')[-2:]) for f in stack[i:i+depth])] += 1
tot = sum(c.values())
print(f'{tot} of {n} samples ({100*tot/n:.1f}%) contain {want}')
for k, v in c.most_common(15): print(f'{100*v/n:6.2f}%  {k}')
