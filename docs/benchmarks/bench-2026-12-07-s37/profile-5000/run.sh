#!/bin/bash
# The 5,000 events/s profile of the thirty-seventh session (async-profiler, itimer), alone under the
# shared lock, at 7f4de13 (the trending panes chained to the enrichment, the enrichment's cache of
# item features): the stream jobs (pid 4030) and the model server (pid 4173), the phase's window
# 10:02:31-10:03:06 UTC (after the phase's 5 s warm-up; the phase started at 10:02:26 by the stream
# jobs' samples per second). "before": the thirty-sixth session's last profile of the same command
# at 576305a (stream-jobs code as 472d02e), /tmp/prof5k-ids, stream jobs pid 4159, window
# 08:26:25-08:27:00 (bench-2026-12-07-s36/profile-5000/run.sh).
PROFILER=async flock /work/heavy.lock docs/benchmarks/profile/profile-run.sh /tmp/prof5k-s37 /tmp/yc.txt --format ader-periods \
  --skip-throughput --rates 5000 --phase-seconds 40 --warmup-seconds 5
d=docs/benchmarks/bench-2026-12-07-s37/profile-5000
s36=docs/benchmarks/bench-2026-12-07-s36/profile-5000
jfr print --events jdk.ExecutionSample --stack-depth 60 /tmp/prof5k-s37/jfr/4030.jfr > /tmp/prof5k-s37/s4030.txt
jfr print --events jdk.ExecutionSample --stack-depth 60 /tmp/prof5k-ids/jfr/4159.jfr > /tmp/prof5k-ids/s4159.txt
for side in before after; do
  if [ $side = before ]; then f=/tmp/prof5k-ids/s4159.txt; W="08:26:25 08:27:00"; else f=/tmp/prof5k-s37/s4030.txt; W="10:02:31 10:03:06"; fi
  {
  python3 docs/benchmarks/profile/jfr-window.py $f $W RocksDB UpdateUserState UpdateNeighbors TrendingWindows.processElement \
    EnrichWithCatalog.features StreamElementSerializer RecordWriter Serializer AvroCodec
  echo "--- the enrichment's and the trending panes' threads (both jobs)"
  python3 $d/threads.py $f $W 'enrich with catalog|trending counts per item'
  echo "--- keyed-state calls"
  python3 $s36/stacks.py paths $f $W RocksDB 3 last
  } > $d/$side-stream-jobs.txt
done
