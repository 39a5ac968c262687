# The stream jobs' samples with a RocksDB frame (Flink's RocksDB state classes or the native
# library), grouped by the first Perch frame (with its line) and the Flink state method below it:
# which state access of which operator costs what. Usage, on an async-profiler recording of
# profile-run.sh (PROFILER=async):
#   jfr print --events jdk.ExecutionSample --stack-depth 40 REC.jfr > samples.txt
#   python3 rocksdb-callers.py samples.txt FROM TO      (times of day, HH:MM:SS)
import collections, re, sys
text, low, high = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
c = collections.Counter(); tot=0; rk=0
for event in text.split('jdk.ExecutionSample {')[1:]:
    at = re.search(r'startTime = (?:\S*T)?(\d\d:\d\d:\d\d)', event)
    if not (at and low <= at.group(1) <= high): continue
    tot+=1
    if 'stackTrace = [' not in event: continue
    frames = re.findall(r'^\s+([^\s(]+)\((?:.*?line: (\d+))?', event.split('stackTrace = [')[1], re.M)
    names=[f for f,_ in frames]
    if not any('rocksdb' in f.lower() for f in names): continue
    rk+=1
    # first perch frame, and the first flink/rocksdb java frame below it
    key='?'
    for i,(f,l) in enumerate(frames):
        if f.startswith('dev.perch'):
            below = [g for g,_ in frames[:i] if g.startswith('org.apache.flink')]
            key=f'{f}:{l} <- {below[-1] if below else "?"}'
            break
    else:
        fl=[g for g,_ in frames if g.startswith('org.apache.flink')]
        key='(no perch) '+ (fl[-1] if fl else names[-1])
    c[key]+=1
print(tot, 'samples', rk, 'with rocksdb')
for k,n in c.most_common(30): print(f'{n:6d} {100*n/tot:5.1f}% {k}')
