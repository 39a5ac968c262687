#!/bin/bash
# SequenceNearestBenchmark.engine before (wt-old) and after (main) the sampled floor; perch-model's JMH reads perch-core from ~/.m2
for tree in /work/wt-old /work/main; do
  cd $tree
  echo "== $tree $(git rev-parse --short HEAD) $(date -u +%T)"
  ./mvnw -B -q -o install -pl perch-core -DskipTests -Dspotless.check.skip=true > /dev/null 2>&1
  ./mvnw -B -q -o -pl perch-model -Pjmh test-compile > /dev/null 2>&1
  (cd perch-model && java -Dai.djl.offline=true -cp target/test-classes:target/classes:$(cat target/jmh-classpath.txt) org.openjdk.jmh.Main 'SequenceNearestBenchmark.engine' -f 1 -wi 3 -i 5 -w 1s -r 2s 2>&1 | tail -3)
done
