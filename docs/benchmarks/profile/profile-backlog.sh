#!/usr/bin/env bash
# profile-run.sh with the backlog (throughput) phase of LIMIT events (default 60000) and a short
# 250 events/s phase after it, there only because the bench needs a rate:
#   flock /work/heavy.lock docs/benchmarks/profile/profile-backlog.sh OUT EVENTS [LIMIT]
# e.g. ... /tmp/prof /tmp/yc.txt 60000
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec "$here/profile-run.sh" "$1" "$2" --format ader-periods --limit "${3:-60000}" --rates 250 \
  --phase-seconds 10 --warmup-seconds 5
