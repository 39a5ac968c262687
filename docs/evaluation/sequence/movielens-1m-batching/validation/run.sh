#!/usr/bin/env bash
# Sequence model only, on leave-one-out's training part (--validation: each user's last item
# removed), the two ways of batching, the same wall-time budget. Each run is stopped once the
# sequence model is written (its per-epoch validation lines are what is compared); the ranker and
# the protocol's rows are not needed for this choice.
set -u
D=${D:-../shared/datasets}
OUT=$(realpath -m "${1:?out dir}")
MIN=${2:-7}
mkdir -p "$OUT"
cd "$(git rev-parse --show-toplevel)"
for mode in by-length shuffled; do
  log="$OUT/$mode.log"
  echo "start $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg) commit $(git rev-parse --short HEAD)" > "$log"
  PERCH_JAVA_OPTS="-Dai.djl.pytorch.num_threads=2" setsid bin/perch eval --dataset movielens-1m \
    --events $D/movielens-1m/ml-1m_user_item_sequence.tsv.gz --protocol leave-one-out --min-item-count 5 \
    --methods sasrec --model sequence --sequence-split last-item --sequence-minutes "$MIN" \
    --sequence-batching "$mode" --validation --no-progress --out "$OUT/out-$mode" >> "$log" 2>&1 &
  pid=$!
  while kill -0 $pid 2>/dev/null; do
    if grep -q "sequence model seq-" "$log"; then kill -- -$pid 2>/dev/null; break; fi
    sleep 2
  done
  wait $pid 2>/dev/null
  echo "end $(date -u +%FT%TZ)" >> "$log"
done
