# Samples of a `jfr print --stack-depth 60` text of the model server in a window whose stack holds
# Math.log1p (StrictMath.log1p, its native jlog1p), and those under RankingFeatures.write.
# Usage: log1p.py FILE HH:MM:SS HH:MM:SS
import re, sys
f, frm, to = sys.argv[1:4]
tot = n = feat = 0
for s in open(f).read().split('jdk.ExecutionSample {')[1:]:
    m = re.search(r'startTime = \S*T(\d\d:\d\d:\d\d)', s)
    if not m or not (frm <= m.group(1) <= to):
        continue
    tot += 1
    n += 'log1p' in s.lower()
    feat += 'RankingFeatures.write' in s
print(f"{f.split('/')[-2]}: {tot} samples {frm}-{to}; with log1p {n} ({100*n/tot:.1f} %); "
      f"under RankingFeatures.write {feat} ({100*feat/tot:.1f} %)")
