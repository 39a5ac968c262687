#!/usr/bin/env bash
# The forty-third session's profiles of the 5,000 events/s phase in the committed command's order
# (the thirty-ninth session's run.sh, ../../bench-2026-12-07-s39/profile-5000/run.sh): one of each
# code, one after the other, alone under the shared lock, nothing else running. async-profiler
# (itimer) in every JVM; their latencies are no figures (the profiler runs in every JVM).
#   37b804d (a filter on every memtable of the stream jobs)            00:45-00:56 UTC, /tmp/s43/prof-filter
#   85371e7 (and perch.user-state as latest-user-states' changelog)    01:03-01:14 UTC, /tmp/s43/prof-source
#   bdfbc57 (the code before the session)                              01:14-01:24 UTC, /tmp/s43/prof-base
#   b724938 (and latest-user-states uncached; reverted)                02:26-02:37 UTC, /tmp/s43/prof-uncached
# The window of each is the steady part of its 5,000 events/s phase (12 s after its start, read from
# the stream jobs' samples per second, to 61 s after it), as in the thirty-ninth session.
set -euo pipefail
"$(dirname "$0")/../../profile/profile-commits.sh" /tmp/s43 /tmp/s43 \
  37b804d:prof-filter 85371e7:prof-source bdfbc57:prof-base b724938:prof-uncached
bash "$(dirname "$0")/summaries.sh"
