#!/bin/bash
# Alternated job-level benchmarks (rule.md): old = /work/wt-old (472d02e), new = /work/wt-new (7f4de13).
# Usage: flock /work/heavy.lock run.sh OUT "old-1 new-1 old-2 new-2" ["ItemStatisticsBenchmark UserStateBenchmark"]
out=$1; runs=$2; benches=${3:-ItemStatisticsBenchmark UserStateBenchmark}
mkdir -p "$out"
for run in $runs; do
  wt=/work/wt-${run%-*}
  for bench in $benches; do
    echo "start $run $bench $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg) commit $(git -C $wt rev-parse --short HEAD)"
    (cd $wt && ./mvnw -B -o verify -pl stream-jobs -Dit.test=$bench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
      > "$out/$run-$bench.log" 2>&1)
    echo "end $run $bench rc $? $(date -u +%FT%TZ)"
    cat $wt/stream-jobs/target/*-benchmark.txt > "$out/$run-$bench.txt" 2>/dev/null
    rm -f $wt/stream-jobs/target/*-benchmark.txt
  done
done
