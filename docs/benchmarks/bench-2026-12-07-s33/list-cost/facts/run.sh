#!/bin/bash
# ListCostBenchmark A/B for the facts change: base = /work/main's classes (ab22545), new = /work/wt-new's
# (the change), each module's classes ahead of the installed jars; alternated, one at a time under the
# shared lock:   run.sh SNAPSHOT base-1 new-1 base-2 new-2
d=$(cd "$(dirname "$0")" && pwd)
snap=$1; shift
cd /work/main/model-server
for r in "$@"; do
  case $r in base*) co=/work/main;; new*) co=/work/wt-new;; esac
  cp=$co/feature-store/target/classes:$co/model-server/target/test-classes:$co/model-server/target/classes:$(cat /work/main/model-server/target/jmh-classpath.txt)
  echo "$(date -u +%T) start $r ($co)"
  flock /work/heavy.lock java -Dai.djl.offline=true -cp $cp \
    org.openjdk.jmh.Main ListCostBenchmark -p maxCandidates=400 -f 1 -wi 5 -i 6 -w 5s -r 5s -prof gc \
    -jvmArgs "-Xms3g -Xmx3g -Xmn2g -XX:+UseSerialGC -Dai.djl.offline=true -Dperch.snapshot=$snap" > $d/$r.txt 2>&1
  echo "$(date -u +%T) end $r: $(grep -E 'ListCostBenchmark.batch +[0-9]+ +avgt' $d/$r.txt | tr -s ' ') / $(grep 'alloc.rate.norm ' $d/$r.txt | tail -1 | tr -s ' ')"
done
