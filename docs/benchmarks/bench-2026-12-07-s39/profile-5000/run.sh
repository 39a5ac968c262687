#!/usr/bin/env bash
# The thirty-ninth session's profile of the 5,000 events/s phase IN THE COMMITTED COMMAND'S ORDER
# (the backlog of 60,000 events, the JIT warm-up, then 1,000, 2,000, 3,000 and 5,000 events/s; no
# stages alone): async-profiler (itimer) in every JVM, at f9d9b0b's product code, 14:49-15:01 UTC,
# alone under the shared lock. Its latencies are no figures (the profiler runs in every JVM).
# The 5,000 events/s phase ran 14:59:28-15:00:33 (read from the model server's samples per
# second); the window below is its steady part.
set -euo pipefail
PROFILER=async flock /work/heavy.lock docs/benchmarks/profile/profile-run.sh /tmp/s39/prof5k /tmp/yc.txt \
  --format ader-periods --limit 60000 --rates 1000,2000,3000,5000 --phase-seconds 60 --warmup-seconds 5
d=docs/benchmarks/bench-2026-12-07-s39/profile-5000
p=/tmp/s39/prof5k
W="14:59:40 15:00:30"
# pids: 10908 the model server, 10742 the stream jobs, 10660 the broker (jdk.JVMInformation's main class)
for pid in 10908 10742 10660; do jfr print --events jdk.ExecutionSample --stack-depth 60 $p/jfr/$pid.jfr > $p/s$pid.txt; done
python3 docs/benchmarks/profile/jfr-window.py $p/s10908.txt $W MicroBatchProcessor CombinedBatches Recommender.begin \
  Recommender.rank Recommender.prepare CandidateGatherer RankingFeatures DjlSequenceModel SequenceScores nearestAll KafkaConsumer \
  KafkaProducer RecordCollector AvroCodec RocksDB CachingKeyValueStore ThreadCache MeteredKeyValueStore punctuate poll Sensor.record \
  > $d/model-server.txt
python3 docs/benchmarks/profile/jfr-window.py $p/s10742.txt $W AvroCodec DatumWriter DatumReader RocksDB UpdateUserState \
  UpdateNeighbors EnrichWithCatalog DecodeClickEvents KafkaSource KafkaWriter KafkaProducer KafkaConsumer PairSignals Checkpoint \
  StreamElementSerializer RecordWriter > $d/stream-jobs.txt
python3 docs/benchmarks/profile/jfr-window.py $p/s10660.txt $W Fetch Produce DelayedFetch LogCleaner handle > $d/broker.txt
cp $p/bench/bench.md $d/bench.md
# flame graphs of the same window (tools.profiler:jfr-converter 4.1 from Maven Central; the window in
# epoch milliseconds; the sample counts agree with jfr-window.py's: 4,752, 2,730 and 1,164)
J=$HOME/.m2/repository/tools/profiler/jfr-converter/4.1/jfr-converter-4.1.jar
[ -f "$J" ] || ./mvnw -B -q dependency:get -Dartifact=tools.profiler:jfr-converter:4.1
F=$(date -u -d "2026-12-07 14:59:40" +%s)000; T=$(date -u -d "2026-12-07 15:00:30" +%s)000
for pair in 10908:model-server 10742:stream-jobs 10660:broker; do
  java -jar "$J" --simple --from "$F" --to "$T" \
    --title "Perch ${pair##*:}, 5,000 events/s in the committed order, 14:59:40-15:00:30 UTC, f9d9b0b" \
    $p/jfr/${pair%%:*}.jfr $d/flame-${pair##*:}.html
done
