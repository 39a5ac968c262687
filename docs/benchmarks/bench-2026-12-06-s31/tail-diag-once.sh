#!/bin/bash
# The twenty-sixth session's tail-diag.sh with one read of the stream jobs' checkpoint details from
# Flink's REST API instead of one every 10 s: 66 s after the phase's line (its 5 s warm-up and
# 60 s, so after its last send, while the bench drains it, before it stops the jobs; empty when the
# jobs stopped first). Each read, some hundred REST calls, came with a burst of the stream jobs'
# JIT compiler and of Flink's REST threads (0.2-0.5 cores for a second): a slow second of lists
# every 10 s (docs/benchmarks.md, thirty-first session). Same arguments and outputs:
#   tail-diag-once.sh CHECKOUT OUT [MORE BENCH ARGS...]
# then python3 ../bench-2026-12-06-s26/tail-seconds.py OUT. (This session's first run, base-1,
# read 56 s after the phase's line, inside the phase.)
CHECKPOINT_READ_AT=${CHECKPOINT_READ_AT:-66} \
  exec bash "$(cd "$(dirname "$0")" && pwd)/../bench-2026-12-06-s26/tail-diag.sh" "$@"
