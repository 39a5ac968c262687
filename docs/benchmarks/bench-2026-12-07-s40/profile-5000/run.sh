#!/usr/bin/env bash
# The fortieth session's profile of the 5,000 events/s phase in the committed command's order (the
# thirty-ninth session's run.sh, ../../bench-2026-12-07-s39/profile-5000/run.sh, at 128056b: the
# written neighbour and trending lists become the feature store's cached reads). async-profiler
# (itimer) in every JVM, 17:09:50-17:19:48 UTC, alone under the shared lock, nothing else running.
# Its latencies are no figures (the profiler runs in every JVM). The 5,000 events/s phase ran
# 17:18:06-17:19:11 (the model server's samples per second); the window is its steady part, as in
# the thirty-ninth session (12 s after its start to 3 s before its end).
set -euo pipefail
PROFILER=async flock /work/heavy.lock docs/benchmarks/profile/profile-run.sh /tmp/s40/prof5k /tmp/yc.txt \
  --format ader-periods --limit 60000 --rates 1000,2000,3000,5000 --phase-seconds 60 --warmup-seconds 5
d=docs/benchmarks/bench-2026-12-07-s40/profile-5000
p=/tmp/s40/prof5k
W="17:18:18 17:19:08"
# pid 2556: the model server (jdk.JVMInformation's main class)
jfr print --events jdk.ExecutionSample --stack-depth 60 $p/jfr/2556.jfr > $p/ms.txt
python3 docs/benchmarks/profile/jfr-window.py $p/ms.txt $W MicroBatchProcessor CombinedBatches Recommender.begin \
  Recommender.rank Recommender.prepare CandidateGatherer RankingFeatures DjlSequenceModel SequenceScores nearestAll KafkaConsumer \
  KafkaProducer RecordCollector AvroCodec RocksDB CachingKeyValueStore ThreadCache MeteredKeyValueStore punctuate poll Sensor.record \
  FeatureStore.cached FeatureStoreUpdater > $d/model-server.txt
# the reads of neighbour and trending lists, split by what they do, before (the thirty-ninth
# session's recording of f9d9b0b, the same window rule) and after
{ python3 $d/cached.py /tmp/s39/prof5k/ms.txt 14:59:40 15:00:30; python3 $d/cached.py $p/ms.txt $W; } > $d/cached.txt
cp $p/bench/bench.md $d/bench.md
