# Which methods call the model server's hottest self-sampled look-ups (HashMap.getNode,
# String.hashCode) in a JFR recording; docs/benchmarks.md quotes its output for the fifteenth
# session's profile. Usage:
#   jfr print --events jdk.ExecutionSample --stack-depth 6 REC.jfr > samples.txt
#   python3 docs/benchmarks/profile/jfr-callers.py samples.txt
import collections, re, sys

text = open(sys.argv[1]).read()
events = text.split('jdk.ExecutionSample {')[1:]
wanted = {'HashMap.getNode': ('HashMap', 'HashSet'), 'String.hashCode': ('HashMap', 'HashSet', 'String')}
counts = {name: collections.Counter() for name in wanted}
for event in events:
    if 'stackTrace = [' not in event:
        continue
    frames = re.findall(r'^\s+([\w.$<>]+)\(', event.split('stackTrace = [')[1], re.M)
    for name, skip in wanted.items():
        if frames and frames[0].endswith(name):
            callers = [f for f in frames[1:] if not any(s in f for s in skip)]
            counts[name][callers[0] if callers else '?'] += 1
print(f'{len(events)} samples')
for name, counter in counts.items():
    print(f'{name}: {sum(counter.values())} self samples, by first caller outside the map/string code')
    for caller, n in counter.most_common(6):
        print(f'  {n:6d}  {caller}')
