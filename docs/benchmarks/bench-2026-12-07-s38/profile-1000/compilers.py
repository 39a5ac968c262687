# Per 10 s of wall clock, the JIT compiler threads' samples against all samples of one process
# (jfr print --events jdk.ExecutionSample output of an async-profiler recording).
# Usage: python3 compilers.py samples.txt
import collections, re, sys

total, compilers = collections.Counter(), collections.Counter()
for event in open(sys.argv[1]).read().split('jdk.ExecutionSample {')[1:]:
    at = re.search(r'startTime = (?:\S*T)?(\d\d:\d\d:\d)', event)
    thread = re.search(r'sampledThread = "([^"]*)"', event)
    if not at:
        continue
    total[at.group(1)] += 1
    if thread and 'Compiler' in thread.group(1):
        compilers[at.group(1)] += 1
for tens in sorted(total):
    print('%s0-%s9  compilers %4d of %4d samples' % (tens, tens, compilers[tens], total[tens]))
