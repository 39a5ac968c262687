#!/bin/bash
# The sequence encoder alone and the decision with it (model-server JMH ScoringBenchmark), in the
# tree given as $2 (label $1): sequenceEncode at 1, 4 and 16 users per call, recommendAllWithSequence
# at 16. Installs that tree's modules into ~/.m2 (the JMH classpath reads them from there).
set -eu
label=$1; tree=$2
cd "$tree"
./mvnw -B -q -o install -DskipTests -Dspotless.check.skip=true -pl event-schemas,perch-core,feature-store,perch-model > /tmp/encode-$label-build.log 2>&1
./mvnw -B -q -o -pl model-server -Pjmh test-compile -Dspotless.check.skip=true >> /tmp/encode-$label-build.log 2>&1
cd model-server
echo "# $label: $(git rev-parse --short HEAD) $(git status --short | grep -v '^??' | wc -l) modified files, $(date -u +%FT%TZ)"
java -Dai.djl.offline=true -cp target/test-classes:target/classes:$(cat target/jmh-classpath.txt) \
  org.openjdk.jmh.Main 'ScoringBenchmark.sequenceEncode' -p batchSize=1,4,16 -f 1 -wi 3 -i 5 -w 2s -r 3s 2>&1 | grep -A12 "^Benchmark "
java -Dai.djl.offline=true -cp target/test-classes:target/classes:$(cat target/jmh-classpath.txt) \
  org.openjdk.jmh.Main 'ScoringBenchmark.recommendAllWithSequence' -p batchSize=16 -f 1 -wi 3 -i 5 -w 2s -r 3s 2>&1 | grep -A6 "^Benchmark "
