# What one frame calls, in the samples of a JFR recording between two times (optionally of the
# threads whose name holds THREAD): for each sample whose stack holds FRAME, the frame it called
# there (the frame above it in the stack) with FRAME's line, as a share of those samples. FRAME is
# taken at its outermost occurrence in the stack, or with --innermost at its innermost (for a
# method that reaches itself through a bridge or a wrapper). docs/benchmarks/history.md quotes its output.
# Usage:
#   jfr print --events jdk.ExecutionSample --stack-depth 60 REC.jfr > samples.txt
#   python3 docs/benchmarks/profile/jfr-callees.py samples.txt FROM TO FRAME [THREAD] [--innermost]
# FROM, TO: times of day (HH:MM:SS), as jfr-window.py takes them.
import collections, re, sys

args = [a for a in sys.argv[1:] if a != '--innermost']
innermost = '--innermost' in sys.argv
text, low, high, target = open(args[0]).read(), args[1], args[2], args[3]
thread = args[4] if len(args) > 4 else ''
callees = collections.Counter()
with_frame = in_window = 0
for event in text.split('jdk.ExecutionSample {')[1:]:
    at = re.search(r'startTime = (?:\S*T)?(\d\d:\d\d:\d\d)', event)
    if not (at and low <= at.group(1) <= high):
        continue
    name = re.search(r'sampledThread = "([^"]*)"', event)
    if thread not in (name.group(1) if name else ''):
        continue
    in_window += 1
    body = event.split('stackTrace = [')[1] if 'stackTrace = [' in event else ''
    frames = [l.strip() for l in body.split('\n')
              if l.strip() and l.strip() != ']' and not l.strip().startswith('...')]
    names = [re.sub(r'\(.*', '', f).split(' ')[0] for f in frames]
    found = [i for i, n in enumerate(names) if target in n]
    if not found:
        continue
    with_frame += 1
    i = min(found) if innermost else max(found)
    line = re.search(r'line: (\d+)', frames[i])
    callees[(names[i - 1] if i > 0 else '(self)', line.group(1) if line else '?')] += 1
print(f'{with_frame} of {in_window} samples from {low} to {high} hold {target}'
      + (f' (threads named *{thread}*)' if thread else ''))
for (callee, line), n in callees.most_common(15):
    print(f'{100 * n / with_frame:5.1f}%  {callee}  (from line {line})')
