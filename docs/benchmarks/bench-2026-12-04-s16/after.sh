#!/bin/bash
# the sixteenth session's measurements after the A/B, under the shared lock
cd /work/main
echo "profile start $(date -u +%FT%TZ) load $(cat /proc/loadavg) commit $(git rev-parse --short HEAD)"
docs/benchmarks/profile/profile-backlog.sh /tmp/prof2 /tmp/yc.txt 60000 > /tmp/prof2.log 2>&1
echo "profile end $(date -u +%FT%TZ) rc $?"
echo "rates start $(date -u +%FT%TZ) load $(cat /proc/loadavg)"
bin/perch bench --events /tmp/yc.txt --format ader-periods --skip-throughput --rates 250,500,1000 \
    --phase-seconds 40 --warmup-seconds 5 --out /tmp/s16-rates > /tmp/s16-rates.log 2>&1
echo "rates end $(date -u +%FT%TZ) rc $?"
./mvnw -B -q -o -pl feature-store -am -Pjmh -DskipTests test-compile > /tmp/jmhc.log 2>&1
for dim in 0 64; do
  java -Xmx2g -cp feature-store/target/test-classes:feature-store/target/classes:$(cat feature-store/target/jmh-classpath.txt) \
    dev.perch.featurestore.CatalogFactsMemory 1000000 $dim
done > /tmp/s16-cfm.txt 2>&1
echo "memory end $(date -u +%FT%TZ)"
