#!/usr/bin/env bash
# Records a JFR profile (settings "profile") of EVERY JVM of one `bin/perch bench` run from the JVM's
# start (JAVA_TOOL_OPTIONS: nothing attaches later; a recording attached with jcmd made the JVMs
# throw compiled code away and compile again), with the bench's JIT warm-up and then one latency
# phase at RATE for SECONDS, and summarises the stream jobs, the model server and the broker over
# that measured phase only (jfr-summary.py --since/--until: from the phase's start plus its 5 s
# warm-up to its end). Run it under the shared lock, from anywhere:
#   flock /work/heavy.lock docs/benchmarks/profile/profile-warm.sh OUT EVENTS RATE SECONDS [MODEL]
# e.g. ... /tmp/prof /tmp/yc.txt 250 60
# MODEL: trained (the bench's default, a model trained at its start), none (the weighted-sum
# ranker) or a model directory.
set -euo pipefail
out=$1; events=$2; rate=$3; seconds=$4; model=${5:-trained}
model_option=(--model "$model")
if [ "$model" = trained ]; then model_option=(); fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
mkdir -p "$out/jfr"
# build first (bin/perch builds when a source changed), so Maven is not recorded
"$root/bin/perch" help > /dev/null 2>&1 || true
JAVA_TOOL_OPTIONS="-XX:StartFlightRecording=filename=$out/jfr/,settings=profile,dumponexit=true" \
  "$root/bin/perch" bench --events "$events" --format ader-periods "${model_option[@]}" --skip-throughput \
  --rates "$rate" --phase-seconds "$seconds" --warmup-seconds 5 --out "$out/bench" > "$out/bench.log" 2>&1 &
bench=$!
# the bench prints rates with thousands commas ("1,000")
label="$(echo "$rate" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta')"
while kill -0 "$bench" 2>/dev/null && ! grep -q "^latency: $label events/s" "$out/bench.log"; do sleep 1; done
since=$(date -u -d '+5 seconds' +%Y-%m-%dT%H:%M:%SZ)
until=$(date -u -d "+$((5 + seconds)) seconds" +%Y-%m-%dT%H:%M:%SZ)
echo "measured window: $since to $until" > "$out/window.txt"
wait "$bench"
for recording in "$out"/jfr/*.jfr; do
  main="$(jfr print --events jdk.JVMInformation "$recording" | grep -o 'dev\.perch\.[a-zA-Z.]*Main\|LocalStreamJobs' | head -n 1 || true)"
  case "$main" in
    *ModelServerMain|*LocalStreamJobs|*KraftServerMain) ;;
    *) continue ;;
  esac
  python3 "$here/jfr-summary.py" --since "$since" --until "$until" "$recording" \
    'Recommender.rank' 'Recommender.prepare' 'ItemVectors.nearest' 'VectorIndex' 'FeatureStoreSources' \
    'FeatureStore.cached' 'CandidateGatherer' 'RankingFeatures' 'Recommender.finish' 'DjlSequenceModel' \
    'DjlScorer' 'WeightedSumScorer' 'FeatureStoreUpdater' 'MicroBatchProcessor' 'UpdateUserState' \
    'UpdateNeighbors' 'DatumWriter.write' 'DatumReader.read' 'RocksDB' 'PojoSerializer' \
    'Sender.run|KafkaProducer' 'KafkaConsumer.poll' 'handleFetchRequest' 'handleProduceRequest' \
    > "$out/${main##*.}.txt"
done
