#!/bin/bash
# usage: jmh-alloc.sh CHECKOUT OUT
cd $1 && ./mvnw -B -q -o install -DskipTests -pl perch-core,feature-store -am > $2.build.log 2>&1 && ./mvnw -B -q -o -pl feature-store,model-server -Pjmh test-compile >> $2.build.log 2>&1 && cd model-server && java -Dai.djl.offline=true -cp target/test-classes:target/classes:$(cat target/jmh-classpath.txt) org.openjdk.jmh.Main 'ScoringBenchmark.recommendAll' -p batchSize=256 -f 1 -wi 2 -i 3 -w 2s -r 4s -prof gc -jvmArgs "-Xmx1g -Dai.djl.offline=true" > $2 2>&1
