#!/bin/bash
# The decision (model-server JMH ScoringBenchmark.recommendAll and recommendAllWithSequence at 16 users) in
# the tree $2 (label $1); installs that tree's modules into ~/.m2 first (the JMH classpath reads them there).
set -eu
label=$1; tree=$2
cd "$tree"
./mvnw -B -q -o install -DskipTests -Dspotless.check.skip=true -pl event-schemas,perch-core,feature-store,perch-model > /tmp/decision-$label-build.log 2>&1
./mvnw -B -q -o -pl model-server -Pjmh test-compile -Dspotless.check.skip=true >> /tmp/decision-$label-build.log 2>&1
cd model-server
echo "# $label: $(git rev-parse --short HEAD) $(git status --short | grep -v '^??' | wc -l) modified files, $(date -u +%FT%TZ)"
java -Dai.djl.offline=true -cp target/test-classes:target/classes:$(cat target/jmh-classpath.txt) \
  org.openjdk.jmh.Main 'ScoringBenchmark.recommendAll(WithSequence)?$' -p batchSize=16 -f 1 -wi 3 -i 5 -w 2s -r 3s 2>&1 | grep -A6 "^Benchmark "
