#!/bin/bash
# ListCostBenchmark A/B: base = /work/main's build (603bb54), new = the same with /work/wt-new's perch-core
# classes first; alternated, one at a time under the shared lock:  run.sh SNAPSHOT base-1 new-1 base-2 new-2
d=$(cd "$(dirname "$0")" && pwd)
snap=$1; shift
cd /work/main/model-server
for r in "$@"; do
  case $r in base*) first="";; new*) first="/work/wt-new/perch-core/target/classes:";; esac
  echo "$(date -u +%T) start $r"
  flock /work/heavy.lock java -Dai.djl.offline=true -cp ${first}target/test-classes:target/classes:$(cat target/jmh-classpath.txt) \
    org.openjdk.jmh.Main ListCostBenchmark -f 1 -wi 5 -i 6 -w 5s -r 5s \
    -jvmArgs "-Xms3g -Xmx3g -Xmn2g -XX:+UseSerialGC -Dai.djl.offline=true -Dperch.snapshot=$snap" > $d/$r.txt 2>&1
  echo "$(date -u +%T) end $r: $(grep 'ListCostBenchmark.batch ' $d/$r.txt)"
done
