#!/usr/bin/env bash
# The summaries in this folder, from the recordings of one profile-run.sh run (not committed: about
# 1.5 MB each). The run, 11:17-11:22 UTC at 2549393, nothing else running:
#   PROFILER=async flock /work/heavy.lock docs/benchmarks/profile/profile-run.sh /tmp/prof5k \
#       /tmp/yc.txt --format ader-periods --skip-throughput --limit 200000 --rates 5000 \
#       --phase-seconds 30 --warmup-seconds 5
# The same recording at c6466b4 (the change), 12:37-12:43 UTC, summarised into after/.
# Usage: summaries.sh RUN-DIR MODEL-SERVER-PID STREAM-JOBS-PID FROM TO [OUT-DIR]
# (FROM, TO: the phase's seconds; OUT-DIR: this folder unless given)
set -euo pipefail
run=$1 ms=$2 sj=$3 from=$4 to=$5
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="${6:-$here}"
mkdir -p "$dest"
profile="$here/../../profile"
jfr print --events jdk.ExecutionSample --stack-depth 60 "$run/jfr/$ms.jfr" > "$run/ms.txt"
jfr print --events jdk.ExecutionSample --stack-depth 60 "$run/jfr/$sj.jfr" > "$run/sj.txt"
{
  python3 "$profile/jfr-window.py" "$run/ms.txt" "$from" "$to" Recommender.rank \
    Recommender.prepare CandidateGatherer DjlSequenceModel SequenceScores VectorIndex \
    FeatureStoreSources.item CatalogFactsTable RankingFeatures Recommender.finish DatumWriter \
    KafkaProducer KafkaConsumer MicroBatch
  for frame in Recommender.rank Recommender.prepare CandidateGatherer.gather \
      FeatureStoreSources.item MicroBatchProcessor.process; do
    echo; python3 "$profile/jfr-callees.py" "$run/ms.txt" "$from" "$to" "$frame"
  done
} > "$dest/model-server-phase.txt"
{
  python3 "$here/../../bench-2026-12-05-s22/profile-3000/by-thread.py" "$run/sj.txt" "$from" "$to" \
    RocksDB Serializer Avro Kafka UserStateUpdater
  echo; python3 "$profile/jfr-callees.py" "$run/sj.txt" "$from" "$to" \
    UpdateUserState.processElement1 "update user state" --innermost
  echo; python3 "$profile/jfr-callees.py" "$run/sj.txt" "$from" "$to" \
    UpdateUserState.remember "update user state" --innermost
} > "$dest/stream-jobs-phase.txt"
