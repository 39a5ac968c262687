# Samples of a `jfr print --stack-depth 60` text of the model server in a window whose stack holds
# each FRAME (a part of a frame's name). Usage: frames.py FILE HH:MM:SS HH:MM:SS FRAME...
import re, sys
f, frm, to, frames = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
tot, hits = 0, dict.fromkeys(frames, 0)
for s in open(f).read().split('jdk.ExecutionSample {')[1:]:
    m = re.search(r'startTime = \S*T(\d\d:\d\d:\d\d)', s)
    if not m or not (frm <= m.group(1) <= to):
        continue
    tot += 1
    for frame in frames:
        hits[frame] += frame in s
print(f"{f.split('/')[-2]}: {tot} samples {frm}-{to}; " +
      "; ".join(f"{k} {v} ({100*v/tot:.1f} %)" for k, v in hits.items()))
