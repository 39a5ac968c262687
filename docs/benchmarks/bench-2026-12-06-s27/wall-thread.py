# What one thread was doing in a wall-clock profile (wall-diag.sh): of the samples of the threads
# whose name contains THREAD, those whose stack contains FRAME (e.g. takeSnapshotSync: the
# synchronous part of a checkpoint), by their eight innermost frames, then how many of those
# samples hold each frame (once per sample, however often it repeats in the stack).
#   jfr print --events jdk.ExecutionSample --stack-depth 60 OUT/wall.jfr > OUT/wall.txt
#   python3 wall-thread.py OUT/wall.txt THREAD FRAME
import collections, re, sys

text = open(sys.argv[1]).read()
thread, needle = sys.argv[2], sys.argv[3]
chains, holding = collections.Counter(), collections.Counter()
total = matched = 0
for sample in text.split('jdk.ExecutionSample {')[1:]:
    name = re.search(r'sampledThread = "([^"]*)"', sample)
    if not name or thread not in name.group(1):
        continue
    total += 1
    stack = sample.split('stackTrace = [')[1] if 'stackTrace = [' in sample else ''
    frames = re.findall(r'^\s+([\w.$<>:]+)\(', stack, re.M)
    if not any(needle in f for f in frames):
        continue
    matched += 1
    short = ['.'.join(f.split('.')[-2:]) for f in frames]
    chains[' <- '.join(short[:8])] += 1
    holding.update(set(short))
print(f'{total} samples of threads named *{thread}*, {matched} with {needle}')
for chain, n in chains.most_common(15):
    print(f'{n:5d}  {chain}')
print('--- samples holding each frame')
for frame, n in sorted(holding.items(), key=lambda item: (-item[1], item[0]))[:50]:
    print(f'{n:5d}  {frame}')
