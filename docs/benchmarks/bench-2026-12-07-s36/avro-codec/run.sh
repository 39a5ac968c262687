#!/bin/bash
# AvroCodecBenchmark (event-schemas): the codec against Avro's message classes, one JVM, alone under the
# shared lock. Build first: ./mvnw -B -o install -Pjmh -pl event-schemas -DskipITs
#   flock /work/heavy.lock bash docs/benchmarks/bench-2026-12-07-s36/avro-codec/run.sh OUT.txt
root=$(cd "$(dirname "$0")/../../../.." && pwd)
cd "$root/event-schemas"
java -cp target/test-classes:target/classes:$(cat target/jmh-classpath.txt) org.openjdk.jmh.Main AvroCodecBenchmark \
  -f 1 -wi 3 -i 5 -w 2s -r 2s -prof gc > "$1" 2>&1
grep -E "^AvroCodecBenchmark\.[a-zA-Z]+ +[0-9]+ +avgt|gc.alloc.rate.norm " "$1" | grep -v "±.*gc.alloc.rate " 
