#!/usr/bin/env bash
# One MovieLens-1M leave-one-out run with every method and the SASRec+ sequence model, as the
# twentieth session made them (docs/evaluation/sequence/README.md). Run from a clean checkout,
# nothing else running. usage: run-movielens-1m.sh OUT_DIR EVENTS_FILE [more bin/perch eval options]
set -u
out=$(realpath -m "${1:?out dir}")
events=$(realpath "${2:?events file}")
shift 2
cd "$(git rev-parse --show-toplevel)"
mkdir -p "$out"
log=$out/log-leave-one-out-movielens-1m.txt
echo "start $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg) commit $(git rev-parse --short HEAD)" > "$log"
PERCH_JAVA_OPTS="-Dai.djl.pytorch.num_threads=2" bin/perch eval --dataset movielens-1m \
    --events "$events" --protocol leave-one-out --min-item-count 5 \
    --methods most-popular,markov,sequential-rules,item-knn-covisit,v-sknn,bpr-mf,perch,sasrec \
    --model sequence --sequence-split last-item --sequence-minutes 82 \
    --no-progress --out "$out/out" "$@" >> "$log" 2>&1
echo "end $(date -u +%FT%TZ) rc $?" >> "$log"
