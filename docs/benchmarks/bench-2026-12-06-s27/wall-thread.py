# What one thread was doing in a wall-clock profile (wall-diag.sh): of the samples of the threads
# whose name contains THREAD, those whose stack contains FRAME (e.g. takeSnapshotSync: the
# synchronous part of a checkpoint), by their eight innermost frames, then every frame's count.
#   jfr print --events jdk.ExecutionSample --stack-depth 60 OUT/wall.jfr > OUT/wall.txt
#   python3 wall-thread.py OUT/wall.txt THREAD FRAME
import collections, re, sys
text = open(sys.argv[1]).read()
thread, needle = sys.argv[2], sys.argv[3]
events = text.split('jdk.ExecutionSample {')[1:]
chains = collections.Counter(); tops = collections.Counter(); n = 0; total = 0
for ev in events:
    m = re.search(r'sampledThread = "([^"]*)"', ev)
    if not m or thread not in m.group(1): continue
    total += 1
    frames = re.findall(r'^\s+([\w.$<>:]+)\(', ev.split('stackTrace = [')[1], re.M) if 'stackTrace = [' in ev else []
    if not any(needle in f for f in frames): continue
    n += 1
    short = ['.'.join(f.split('.')[-2:]) for f in frames]
    chains[' <- '.join(short[:8])] += 1
    for f in short:
        tops[f] += 1
print(f'{total} samples of threads named *{thread}*, {n} with {needle}')
for k, v in chains.most_common(15): print(f'{v:5d}  {k}')
print('--- frames (inclusive) in those samples')
for k, v in tops.most_common(50): print(f'{v:5d}  {k}')
