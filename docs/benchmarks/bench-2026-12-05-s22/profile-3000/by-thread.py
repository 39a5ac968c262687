# Each thread's share of a recording's samples between two times, and for each thread the share
# of its samples whose stack holds each FRAME (a part of a frame's name). Usage:
#   jfr print --events jdk.ExecutionSample --stack-depth 40 REC.jfr > samples.txt
#   python3 by-thread.py samples.txt FROM TO FRAME...
import collections, re, sys
text, low, high = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
frames_wanted = sys.argv[4:]
tot=collections.Counter(); hit=collections.Counter()
for event in text.split('jdk.ExecutionSample {')[1:]:
    at = re.search(r'startTime = (?:\S*T)?(\d\d:\d\d:\d\d)', event)
    if not (at and low <= at.group(1) <= high): continue
    th = re.search(r'sampledThread = "([^"]*)"', event)
    name = re.sub(r'\d+', 'N', th.group(1) if th else '?')[:60]
    tot[name]+=1
    body = event.split('stackTrace = [')[1] if 'stackTrace = [' in event else ''
    for f in frames_wanted:
        if f in body: hit[(name,f)]+=1
n=sum(tot.values())
for name,c in tot.most_common(12):
    print(f'{100*c/n:5.1f}% {name}: ' + ', '.join(f'{f} {100*hit[(name,f)]/c:.0f}%' for f in frames_wanted))
