# Which methods call the model server's hottest self-sampled methods in a JFR recording, by the
# first caller outside the map, string and heap code, with its line. docs/benchmarks/history.md quotes its
# output. Usage:
#   jfr print --events jdk.ExecutionSample --stack-depth 10 REC.jfr > samples.txt
#   python3 docs/benchmarks/profile/jfr-callers.py samples.txt [METHOD ...]
# METHOD: the end of a frame's name (default: HashMap.getNode String.hashCode).
import collections, re, sys

text = open(sys.argv[1]).read()
wanted = sys.argv[2:] or ['HashMap.getNode', 'String.hashCode']
skip = ('HashMap', 'HashSet', 'String', 'ConcurrentHashMap', 'AbstractSet', 'Collections',
        'ImmutableCollections', 'TopKHeap.siftDown', 'TopKHeap.siftUp', 'TopKHeap.admits',
        'TopKHeap.add')
events = text.split('jdk.ExecutionSample {')[1:]
counts = {name: collections.Counter() for name in wanted}
for event in events:
    if 'stackTrace = [' not in event:
        continue
    frames = re.findall(r'^\s+([\w.$<>]+)\(.*?line: (\d+)', event.split('stackTrace = [')[1], re.M)
    for name in wanted:
        if frames and frames[0][0].endswith(name):
            callers = [f'{f}:{line}' for f, line in frames[1:] if not any(s in f for s in skip)]
            counts[name][callers[0] if callers else '?'] += 1
print(f'{len(events)} samples')
for name, counter in counts.items():
    print(f'{name}: {sum(counter.values())} self samples, by first caller outside the map/string/heap code')
    for caller, n in counter.most_common(8):
        print(f'  {n:6d}  {caller}')
