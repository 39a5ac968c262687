#!/usr/bin/env bash
# The forty-second session's profiles of the 5,000 events/s phase in the committed command's order
# (the thirty-ninth session's run.sh, ../../bench-2026-12-07-s39/profile-5000/run.sh): one of each
# code, one after the other, alone under the shared lock, nothing else running. async-profiler
# (itimer) in every JVM; their latencies are no figures (the profiler runs in every JVM).
#   a3f2061 (the code before the session)           22:05-22:15 UTC, /tmp/s42/prof-base
#   92e84d1 (bloom filters on every level)            22:19-22:29 UTC, /tmp/s42/prof-bloom
#   dd95525 (and nothing encoded twice)               22:33-22:43 UTC, /tmp/s42/prof-enc
#   48c171c (and log1p from a table)                  23:26-23:36 UTC, /tmp/s42/prof-log
#   49ec2bb (and the latest distinct items in a list) 23:52-00:02 UTC, /tmp/s42/prof-seq
# The window of each is the steady part of its 5,000 events/s phase (12 s after its start, read from
# the model server's samples per second, to 61 s after it), as in the thirty-ninth session.
set -euo pipefail
for x in "a3f2061 prof-base" "92e84d1 prof-bloom" "dd95525 prof-enc" "48c171c prof-log" \
         "49ec2bb prof-seq"; do
  set -- $x
  git worktree add -f /tmp/s42/tree-$1 $1
  (cd /tmp/s42/tree-$1 && PROFILER=async flock /work/heavy.lock docs/benchmarks/profile/profile-run.sh \
    /tmp/s42/$2 /tmp/yc.txt --format ader-periods --limit 60000 --rates 1000,2000,3000,5000 \
    --phase-seconds 60 --warmup-seconds 5)
done
d=docs/benchmarks/bench-2026-12-07-s42/profile-5000
for x in "prof-base 22:13:40 22:14:29" "prof-bloom 22:27:33 22:28:22" "prof-enc 22:41:19 22:42:08" \
         "prof-log 23:34:34 23:35:23" "prof-seq 00:00:16 00:01:05"; do
  set -- $x
  # the model server's recording (jdk.JVMInformation's main class is ModelServerMain)
  for f in /tmp/s42/$1/jfr/*.jfr; do
    jfr print --events jdk.JVMInformation $f | grep -q ModelServerMain && \
      jfr print --events jdk.ExecutionSample --stack-depth 60 $f > /tmp/s42/$1/ms.txt
  done
  python3 $d/storepath.py /tmp/s42/$1/ms.txt $2 $3
done > $d/store-paths.txt
F="MicroBatchProcessor CombinedBatches Recommender.begin Recommender.rank Recommender.prepare CandidateGatherer
   RankingFeatures DjlSequenceModel SequenceScores nearestAll KafkaConsumer KafkaProducer RecordCollector AvroCodec
   VersionReader RocksDB CachingKeyValueStore ThreadCache MeteredKeyValueStore punctuate poll Sensor.record
   FeatureStore.cached FeatureStoreUpdater"
python3 docs/benchmarks/profile/jfr-window.py /tmp/s42/prof-base/ms.txt 22:13:40 22:14:29 $F > $d/model-server-a3f2061.txt
python3 docs/benchmarks/profile/jfr-window.py /tmp/s42/prof-enc/ms.txt 22:41:19 22:42:08 $F > $d/model-server-dd95525.txt
python3 $d/log1p.py /tmp/s42/prof-enc/ms.txt 22:41:19 22:42:08 > $d/log1p.txt
python3 $d/log1p.py /tmp/s42/prof-log/ms.txt 23:34:34 23:35:23 >> $d/log1p.txt
python3 $d/log1p.py /tmp/s42/prof-seq/ms.txt 00:00:16 00:01:05 >> $d/log1p.txt
F="SequenceSignals.latestDistinct CandidateGatherer.addFollowers HashMap.putVal"
python3 $d/frames.py /tmp/s42/prof-log/ms.txt 23:34:34 23:35:23 $F > $d/latest-distinct.txt
python3 $d/frames.py /tmp/s42/prof-seq/ms.txt 00:00:16 00:01:05 $F >> $d/latest-distinct.txt
for x in base bloom enc log seq; do cp /tmp/s42/prof-$x/bench/bench.md $d/bench-$x.md; done
