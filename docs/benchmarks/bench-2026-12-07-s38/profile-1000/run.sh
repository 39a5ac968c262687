#!/bin/bash
# The 1,000 events/s profile of the thirty-eighth session (async-profiler, itimer), alone under the
# shared lock, at 6b9d59f: the model server (pid 21828) and the broker (pid 21594); the phase's
# window 11:52:46-11:53:21 UTC (after the phase's 5 s warm-up; the phase started at 11:52:41 by the
# model server's samples per second).
PROFILER=async flock /work/heavy.lock docs/benchmarks/profile/profile-run.sh /tmp/prof1k-s38 /tmp/yc.txt --format ader-periods \
  --skip-throughput --rates 1000 --phase-seconds 40 --warmup-seconds 5
d=docs/benchmarks/bench-2026-12-07-s38/profile-1000
s36=docs/benchmarks/bench-2026-12-07-s36/profile-5000/stacks.py
W="11:52:46 11:53:21"
jfr print --events jdk.ExecutionSample --stack-depth 60 /tmp/prof1k-s38/jfr/21828.jfr > /tmp/prof1k-s38/ms.txt
jfr print --events jdk.ExecutionSample --stack-depth 60 /tmp/prof1k-s38/jfr/21594.jfr > /tmp/prof1k-s38/br.txt
{
  python3 docs/benchmarks/profile/jfr-window.py /tmp/prof1k-s38/ms.txt $W Recommender.rank Recommender.prepare \
    DjlSequenceModel CandidateGatherer RocksDB KafkaConsumer KafkaProducer ThreadCache MicroBatchProcessor.process \
    MicroBatchProcessor.publish AvroCodec CachingKeyValueStore StreamThread.runOnce punctuate CombinedBatches TaskExecutor.commit
  echo "--- Recommender.prepare's callees"; python3 $s36 paths /tmp/prof1k-s38/ms.txt $W Recommender.prepare 3
  echo "--- DjlSequenceModel"; python3 $s36 paths /tmp/prof1k-s38/ms.txt $W DjlSequenceModel 3
} > $d/model-server.txt 2>&1
python3 docs/benchmarks/profile/jfr-window.py /tmp/prof1k-s38/br.txt $W handleFetchRequest handleProduceRequest \
  KafkaApis.handle Processor.run DelayedFetch KafkaRequestHandler handleOffsetCommit > $d/broker.txt 2>&1
python3 $d/compilers.py /tmp/prof1k-s38/ms.txt | tail -8 > $d/model-server-compilers.txt
cp /tmp/prof1k-s38/bench/bench.md $d/bench.md
