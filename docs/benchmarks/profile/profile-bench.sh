#!/usr/bin/env bash
# Runs `bin/perch bench` latency phases and records a JFR profile (JDK Flight Recorder, settings
# "profile") of the stream jobs, the model server and the Kafka broker during the (first) measured phase at PROFILE_RATE (after the bench's JIT warm-up), then
# summarises each recording with jfr-summary.py. Run it under the shared lock, from anywhere:
#   flock /work/heavy.lock docs/benchmarks/profile/profile-bench.sh OUT EVENTS RATES PROFILE_RATE SECONDS [MODEL]
# e.g. ... /tmp/prof /tmp/yc.txt 1000,3000 3000 40
# MODEL is the bench's --model: none (the default here: the weighted-sum ranker the quoted profiles
# ran), trained (the bench's own default: a model trained at its start), or a model directory.
set -euo pipefail
out=$1; events=$2; rates=$3; profile_rate=$4; seconds=$5; model=${6:-none}
model_option=(--model "$model")
if [ "$model" = trained ]; then model_option=(); fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
mkdir -p "$out"
"$root/bin/perch" bench --events "$events" --format ader-periods "${model_option[@]}" --skip-throughput --rates "$rates" \
  --phase-seconds "$seconds" --warmup-seconds 5 --drain-seconds 30 --out "$out/bench" > "$out/bench.log" 2>&1 &
bench=$!
# the bench prints rates with thousands commas ("1,000"); printf's %'d does so only in some locales
label="$(echo "$profile_rate" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta')"
while kill -0 "$bench" 2>/dev/null && ! grep -q "latency: $label events/s" "$out/bench.log"; do sleep 1; done
sleep 8  # past the start of the phase's warm-up
for main in dev.perch.modelserver.ModelServerMain dev.perch.streamjobs.LocalStreamJobs dev.perch.kafka.KraftServerMain; do
  for pid in $(pgrep -f "$main.*$out/bench" || true); do
    if [ "$(basename "$(tr '\0' '\n' < "/proc/$pid/cmdline" | head -n 1)")" = java ]; then
      jcmd "$pid" JFR.start name=bench settings=profile duration=$((seconds - 8))s \
        filename="$out/${main##*.}.jfr" >> "$out/jcmd.log"
    fi
  done
done
wait "$bench"
for recording in "$out"/*.jfr; do
  python3 "$here/jfr-summary.py" "$recording" 'NeighborScores|comparingByValue|TimSort' \
    'UpdateUserState' 'GenericData.deepCopy|AvroSerializer.copy' 'DatumWriter.write' \
    'Sender.run|KafkaProducer' 'RocksDB' 'PojoSerializer' 'Recommender.recommendAll' \
    'FeatureStoreUpdater' 'MicroBatchProcessor' \
    'DjlSequenceModel' 'DjlScorer' 'CandidateGatherer' 'FeatureStoreSources' 'RankingFeatures' > "${recording%.jfr}.txt"
done
