# The self (top-frame) methods of the samples whose stack names WANT, between two times of day, as
# shares of all the process's samples there. Usage: python3 self-under.py samples.txt FROM TO WANT [N]
import collections, re, sys
text, low, high, want = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3], sys.argv[4]
c = collections.Counter(); n = 0; tot=0
for event in text.split('jdk.ExecutionSample {')[1:]:
    at = re.search(r'startTime = (?:\S*T)?(\d\d:\d\d:\d\d(?:\.\d+)?)', event)
    if not (at and low <= at.group(1) <= high): continue
    n += 1
    stack = re.findall(r'^\s+([^\s(]+)\(', event.split('stackTrace = [')[1], re.M) if 'stackTrace = [' in event else []
    if not any(want in f for f in stack): continue
    tot += 1
    c['.'.join(stack[0].split('.')[-2:])] += 1
print(f'{tot} of {n} ({100*tot/n:.1f}%) under {want}; self:')
for k, v in c.most_common(int(sys.argv[5]) if len(sys.argv)>5 else 15): print(f'{100*v/n:6.2f}%  {k}')
