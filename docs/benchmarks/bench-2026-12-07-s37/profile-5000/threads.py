# The samples of one process between two times of day, in the threads whose name matches a regular
# expression, by what their stack was doing, as shares of ALL the process's samples in the window:
# a keyed-state call (RocksDB), emitting to an exchange (RecordWriter: serialize, network buffers),
# reading from one (deserialize, buffers, outside operator code), the enrichment's cache look-up,
# other operator code, the rest (mailbox, waits). Usage:
#   jfr print --events jdk.ExecutionSample --stack-depth 60 REC.jfr > samples.txt
#   python3 threads.py samples.txt FROM TO REGEX
# FROM, TO: HH:MM:SS as jfr print writes them (the window parse of ../../profile/jfr-window.py).
import collections, re, sys

path, low, high, want = sys.argv[1:5]
n, matched, kinds = 0, 0, collections.Counter()
for event in open(path).read().split('jdk.ExecutionSample {')[1:]:
    at = re.search(r'startTime = (?:\S*T)?(\d\d:\d\d:\d\d(?:\.\d+)?)', event)
    if not (at and low <= at.group(1) <= high):
        continue
    n += 1
    thread = re.search(r'sampledThread = "([^"]*)"', event)
    if not (thread and re.search(want, thread.group(1))):
        continue
    matched += 1
    stack = ' '.join(re.findall(r'^\s+([^\s(]+)\(', event.split('stackTrace = [')[1], re.M)) \
        if 'stackTrace = [' in event else ''
    operator = 'processElement' in stack or 'onTimer' in stack
    if 'RocksDB' in stack:
        kind = 'keyed state (RocksDB)'
    elif 'RecordWriter' in stack:
        kind = 'emit to an exchange (serialize, network buffers)'
    elif 'StreamElementSerializer.deserialize' in stack or (
            'AbstractStreamTaskNetworkInput' in stack and not operator):
        kind = 'read from an exchange (deserialize, buffers)'
    elif 'EnrichWithCatalog.features' in stack:
        kind = 'the enrichment\'s cache look-up'
    elif operator:
        kind = 'other operator code'
    else:
        kind = 'the rest (mailbox, waits)'
    kinds[kind] += 1
print(f'{matched} of {n} samples ({100 * matched / n:.1f}%) in threads matching {want!r}')
for kind, count in kinds.most_common():
    print(f'  {100 * count / n:5.1f}%  {kind}')
