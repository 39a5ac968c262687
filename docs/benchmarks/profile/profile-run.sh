#!/usr/bin/env bash
# Records a profile of EVERY JVM of one `bin/perch bench` run with the given bench arguments, then
# summarises the model server's and the stream jobs' recordings with jfr-summary.py. The JVMs
# inherit JAVA_TOOL_OPTIONS, so each writes its own recording into OUT/jfr/ at exit (the file names
# carry the process id; jfr-summary.py's first lines name the process by its main class).
# The sampler: JFR (settings "profile") by default; with PROFILER=async, async-profiler
# (tools.profiler:async-profiler from Maven Central) sampling by CPU time (itimer: no perf_events
# needed) into JFR-format recordings, whose samples include the native frames (libtorch's products,
# RocksDB's JNI calls, the JVM's own work) that JFR leaves out. Run it under the shared lock:
#   flock /work/heavy.lock docs/benchmarks/profile/profile-run.sh OUT BENCH-ARGS...
# e.g. a live rate after the JIT warm-up:
#   ... /tmp/prof /tmp/yc.txt --format ader-periods --skip-throughput --rates 1000 \
#       --phase-seconds 40 --warmup-seconds 5
# The recordings cover the whole run (the bench's training, the warm-up and every phase); read one
# phase with `jfr print` and jfr-window.py.
set -euo pipefail
out=$1; shift
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
mkdir -p "$out/jfr"
# build first (bin/perch builds when a source changed), so Maven is not recorded
"$root/bin/perch" help > /dev/null 2>&1 || true
# DebugNonSafepoints: samples name the line that ran, not the nearest safepoint's (without it the
# time of an inlined loop body lands on whatever inlined call sits nearby)
if [ "${PROFILER:-jfr}" = async ]; then
  lib="$("$here/async-profiler.sh" "$out/lib")"
  sampler="-agentpath:$lib=start,event=itimer,interval=10ms,jfr,file=$out/jfr/%p.jfr"
else
  sampler="-XX:StartFlightRecording=filename=$out/jfr/,settings=profile,dumponexit=true"
fi
JAVA_TOOL_OPTIONS="-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints $sampler" \
  "$root/bin/perch" bench --events "$@" --out "$out/bench" > "$out/bench.log" 2>&1
for recording in "$out"/jfr/*.jfr; do
  main="$(jfr print --events jdk.JVMInformation "$recording" | grep -o 'dev\.perch\.[a-zA-Z.]*Main\|LocalStreamJobs' | head -n 1 || true)"
  case "$main" in
    *ModelServerMain|*LocalStreamJobs) ;;
    *) continue ;;
  esac
  python3 "$here/jfr-summary.py" "$recording" 'Recommender.rank' 'Recommender.prepare' 'Recommender.withSequence' \
    'ItemVectors.nearest' 'VectorIndex' 'FeatureStoreSources.item' 'FeatureStore.cached' 'scheduleDrainBuffers' 'ForkJoinPool.externalPush' \
    'CandidateGatherer' 'RankingFeatures' 'Recommender.finish' 'DjlSequenceModel' 'DjlScorer' 'WeightedSumScorer' \
    'DatumWriter.write' 'RocksDB' 'UpdateUserState' 'PojoSerializer' 'CatalogFactsTable' 'FeatureStore.embedding' 'ItemVectors.top' \
    'SequenceScores' 'TopKHeap' 'VectorIndex.scanAll' 'KafkaStreams' 'StreamThread' 'RecordCollector' 'KafkaProducer' 'KafkaConsumer' \
    'MicroBatchProcessor' 'DjlInnerProducts' 'SpecificDatumReader' 'Sensor.record' > "$out/${main##*.}.txt"
done
