# The CPU samples of a JVM's recording (profile-run.sh with PROFILER=async: CPU time, every 10 ms)
# taken in checkpoint code, by thread and by frame: how much CPU the checkpoints' parts used, to
# set against their wall-clock durations (flink-checkpoints.py). Usage:
#   jfr print --events jdk.ExecutionSample --stack-depth 80 REC.jfr > samples.txt
#   python3 checkpoint-samples.py samples.txt
import collections, re, sys

MARKS = ('snapshotState', 'SnapshotStrategy', 'checkpointState', 'performCheckpoint')
FRAMES = ('prepareSnapshotPreBarrier', 'syncPrepareResources', 'takeDBNativeCheckpoint',
          'Checkpoint.createCheckpoint', 'snapshotToRawKeyedState', 'InternalTimerService',
          'asyncSnapshot', 'uploadSnapshotFiles')
total, in_checkpoints = 0, 0
threads, frames = collections.Counter(), collections.Counter()
for sample in open(sys.argv[1]).read().split('jdk.ExecutionSample {')[1:]:
    total += 1
    stack = ' '.join(re.findall(r'^\s{4}(\S+?)(?:\(|\s+line)', sample, re.M))
    if not any(m in stack for m in MARKS):
        continue
    in_checkpoints += 1
    threads[re.search(r'sampledThread = "([^"]*)"', sample).group(1)[:45]] += 1
    for f in FRAMES:
        if f in stack:
            frames[f] += 1
print(f'{in_checkpoints} of {total} samples in checkpoint code (about 10 ms of CPU each)')
print('by thread:')
for t, n in threads.most_common():
    print(f'  {n:4d}  {t}')
print('containing:')
for f, n in frames.most_common():
    print(f'  {n:4d}  {f}')
