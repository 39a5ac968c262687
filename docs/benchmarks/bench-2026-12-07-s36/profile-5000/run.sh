#!/bin/bash
# The 5,000 events/s profile of the thirty-sixth session (async-profiler, itimer), alone under the shared lock,
# then the phase's window (07:16:50-07:17:25 UTC: after the phase's 5 s warm-up) of the model server
# (pid 11146) and the stream jobs (pid 10978). profile-run.sh prints the pids' main classes.
PROFILER=async flock /work/heavy.lock docs/benchmarks/profile/profile-run.sh /tmp/prof5k /tmp/yc.txt --format ader-periods \
  --skip-throughput --rates 5000 --phase-seconds 40 --warmup-seconds 5
d=docs/benchmarks/bench-2026-12-07-s36/profile-5000
for p in 10978 11146; do jfr print --events jdk.ExecutionSample --stack-depth 60 /tmp/prof5k/jfr/$p.jfr > /tmp/prof5k/s$p.txt; done
W="07:16:50 07:17:25"
{
python3 docs/benchmarks/profile/jfr-window.py /tmp/prof5k/s11146.txt $W MicroBatchProcessor Recommender.begin Recommender.rank \
  CandidateGatherer RankingFeatures DjlSequenceModel SequenceScores nearestAll FeatureStoreSources.item KafkaConsumer \
  KafkaProducer RecordCollector SpecificDatumReader DatumWriter RocksDB VersionGuard CombinedBatches punctuate poll
python3 $d/stacks.py paths /tmp/prof5k/s11146.txt $W AvroCodec 12
python3 $d/stacks.py paths /tmp/prof5k/s11146.txt $W StringTable 10
python3 $d/stacks.py self /tmp/prof5k/s11146.txt $W AvroCodec.encode 10
python3 $d/stacks.py self /tmp/prof5k/s11146.txt $W CandidateGatherer 25
} > $d/before-model-server.txt
{
python3 docs/benchmarks/profile/jfr-window.py /tmp/prof5k/s10978.txt $W AvroCodec DatumWriter DatumReader RocksDB UpdateUserState \
  UpdateNeighbors EnrichWithCatalog DecodeClickEvents KafkaSource KafkaWriter KafkaProducer KafkaConsumer PairSignals Checkpoint Serializer StringTable
python3 $d/stacks.py paths /tmp/prof5k/s10978.txt $W DatumWriter 9 last
python3 $d/stacks.py paths /tmp/prof5k/s10978.txt $W DatumReader 9 last
python3 $d/stacks.py paths /tmp/prof5k/s10978.txt $W TimestampMillisConversion 10
python3 $d/stacks.py self /tmp/prof5k/s10978.txt $W AvroCodec.encode
python3 $d/stacks.py self /tmp/prof5k/s10978.txt $W AvroCodec.decode 8
} > $d/before-stream-jobs.txt

# After the AvroCodec change (commit "AvroCodec: the body through ..."): the same command into /tmp/prof5k-after (model server pid 20248,
# stream jobs 20119), the phase's window 07:39:45-07:40:20 UTC.
W2="07:39:45 07:40:20"
for p in 20119 20248; do jfr print --events jdk.ExecutionSample --stack-depth 60 /tmp/prof5k-after/jfr/$p.jfr > /tmp/prof5k-after/s$p.txt; done
{
python3 docs/benchmarks/profile/jfr-window.py /tmp/prof5k-after/s20248.txt $W2 AvroCodec MicroBatchProcessor Recommender.begin \
  Recommender.rank CandidateGatherer DatumWriter RocksDB StringTable MeteredKeyValueStore punctuate poll
python3 $d/stacks.py paths /tmp/prof5k-after/s20248.txt $W2 AvroCodec 12
python3 $d/stacks.py self /tmp/prof5k-after/s20248.txt $W2 AvroCodec.encode 10
# Kafka Streams' record cache of the two stores
python3 $d/stacks.py paths /tmp/prof5k-after/s20248.txt $W2 ThreadCache 1
python3 $d/stacks.py self /tmp/prof5k-after/s20248.txt $W2 CachingKeyValueStore 12
} > $d/after-model-server.txt
{
python3 docs/benchmarks/profile/jfr-window.py /tmp/prof5k-after/s20119.txt $W2 AvroCodec DatumWriter DatumReader RocksDB \
  UpdateUserState UpdateNeighbors Serializer
python3 $d/stacks.py self /tmp/prof5k-after/s20119.txt $W2 AvroCodec.encode
python3 $d/stacks.py self /tmp/prof5k-after/s20119.txt $W2 AvroCodec.decode 8
} > $d/after-stream-jobs.txt

# After the canonical ids change (576305a): the same command into /tmp/prof5k-ids (model server pid 4326),
# the phase's window 08:26:25-08:27:00 UTC.
W3="08:26:25 08:27:00"
jfr print --events jdk.ExecutionSample --stack-depth 60 /tmp/prof5k-ids/jfr/4326.jfr > /tmp/prof5k-ids/s4326.txt
{
python3 docs/benchmarks/profile/jfr-window.py /tmp/prof5k-ids/s4326.txt $W3 AvroCodec MicroBatchProcessor Recommender.begin \
  Recommender.rank CandidateGatherer StringTable canonicalId FeatureStore.neighbors MeteredKeyValueStore punctuate poll
python3 $d/stacks.py paths /tmp/prof5k-ids/s4326.txt $W3 StringTable 10
} > $d/ids-model-server.txt
