#!/bin/bash
# ListCostBenchmark at the default cap of 400 behavioural candidates per user and at 200, alternated,
# one at a time under the shared lock:   run.sh SNAPSHOT 400-1 200-1 400-2 200-2
d=$(cd "$(dirname "$0")" && pwd)
snap=$1; shift
cd /work/main/model-server
for r in "$@"; do
  echo "$(date -u +%T) start $r"
  flock /work/heavy.lock java -Dai.djl.offline=true -cp target/test-classes:target/classes:$(cat target/jmh-classpath.txt) \
    org.openjdk.jmh.Main ListCostBenchmark -p maxCandidates=${r%-*} -f 1 -wi 5 -i 6 -w 5s -r 5s -prof gc \
    -jvmArgs "-Xms3g -Xmx3g -Xmn2g -XX:+UseSerialGC -Dai.djl.offline=true -Dperch.snapshot=$snap" > $d/$r.txt 2>&1
  echo "$(date -u +%T) end $r: $(grep -E 'ListCostBenchmark.batch +avgt' $d/$r.txt) / $(grep 'alloc.rate.norm ' $d/$r.txt | tail -1)"
done
