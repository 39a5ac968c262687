# The lengths of the live bench's sequences when their lists are computed: each event's session
# length so far (capped at the model's 200) over events 110,000-500,000 of the bench's file (after
# the 50,000 training events and a backlog's 60,000), by quantile; then, for micro-batches of
# consecutive events, the batch's longest row and the padded positions one call computes over the
# positions that hold items. docs/benchmarks.md and ScoringBenchmark's LIVE_LENGTHS quote it.
#   python3 session-lengths.py /tmp/yc.txt
import collections, random, statistics, sys

seen, lengths = collections.Counter(), []
with open(sys.argv[1]) as events:
    for i, line in enumerate(events):
        if i >= 500_000:
            break
        session = line.split()[0]
        seen[session] += 1
        lengths.append(min(seen[session], 200))
lengths = lengths[110_000:]
ordered = sorted(lengths)
print(f'{len(lengths):,} events, mean length {statistics.mean(lengths):.2f}')
for q in (0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999):
    print(f'quantile {q}: {ordered[int(q * len(ordered))]}')
random.seed(1)
for batch in (20, 40, 60, 256):
    longest, padded = [], []
    for _ in range(2000):
        start = random.randrange(0, len(lengths) - batch)
        rows = lengths[start:start + batch]
        longest.append(max(rows))
        padded.append(max(rows) * batch / sum(rows))
    print(f'batch {batch}: longest row median {sorted(longest)[len(longest) // 2]}, mean'
          f' {statistics.mean(longest):.1f}; padded / item positions {statistics.mean(padded):.1f}')
