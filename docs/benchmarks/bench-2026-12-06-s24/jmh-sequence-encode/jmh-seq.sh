#!/bin/bash
# usage: jmh-seq.sh CHECKOUT OUT : builds perch-model and model-server's benchmarks in CHECKOUT, then runs the sequence encoder's rows
set -e
cd $1
./mvnw -B -q -o install -DskipTests -pl perch-model > $2.build.log 2>&1
./mvnw -B -q -o -pl feature-store,model-server -Pjmh test-compile >> $2.build.log 2>&1
cd model-server
java -Dai.djl.offline=true -cp target/test-classes:target/classes:$(cat target/jmh-classpath.txt) org.openjdk.jmh.Main \
  'ScoringBenchmark.(sequenceEncodeMixed|sequenceEncodeSessions|sequenceEncode)$' -p batchSize=1,16,64,256 \
  -f 1 -wi 2 -i 3 -w 1s -r 2s -jvmArgs "-Xmx1g -Dai.djl.offline=true" > $2 2>&1
