# Of the samples holding FRAME (outermost occurrence) between two times of day, how many hold each
# of the named parts inside it (the first part found from FRAME inwards counts; none: "other"),
# as the thirtieth session split the neighbour cache's look-ups:
#   jfr print --events jdk.ExecutionSample --stack-depth 60 REC.jfr > samples.txt
#   python3 inside-frame.py samples.txt FROM TO FRAME PART...
import collections, re, sys

text, low, high, frame, parts = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
counts, total = collections.Counter(), 0
for event in text.split('jdk.ExecutionSample {')[1:]:
    at = re.search(r'startTime = (?:\S*T)?(\d\d:\d\d:\d\d)', event)
    if not (at and low <= at.group(1) <= high) or 'stackTrace = [' not in event:
        continue
    names = [re.sub(r'\(.*', '', l.strip()).split(' ')[0]
             for l in event.split('stackTrace = [')[1].split('\n')
             if l.strip() and l.strip() != ']' and not l.strip().startswith('...')]
    found = [i for i, n in enumerate(names) if frame in n]
    if not found:
        continue
    total += 1
    inside = names[:max(found)][::-1]  # from the frame inwards
    counts[next((p for n in inside for p in parts if p in n), 'other')] += 1
print(f'{total} samples from {low} to {high} hold {frame}')
for part, n in counts.most_common():
    print(f'{100 * n / total:5.1f}%  {part}')
