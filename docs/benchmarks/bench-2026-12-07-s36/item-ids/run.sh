#!/bin/bash
# ItemIdsBenchmark (feature-store): the JDK's string table against Caffeine's weak interner for a decoded id,
# alone under the shared lock. Build first: ./mvnw -B -q -o install -Pjmh -pl feature-store -DskipTests
#   flock /work/heavy.lock bash docs/benchmarks/bench-2026-12-07-s36/item-ids/run.sh OUT.txt
root=$(cd "$(dirname "$0")/../../../.." && pwd)
cd "$root/feature-store"
java -cp target/test-classes:target/classes:$(cat target/jmh-classpath.txt) org.openjdk.jmh.Main ItemIdsBenchmark \
  -f 1 -wi 3 -i 5 -w 2s -r 2s > "$1" 2>&1
grep -E "^ItemIdsBenchmark" "$1"
