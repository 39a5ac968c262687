#!/usr/bin/env bash
# The summaries of run.sh's three profiles: each JVM's samples as text, then paths.py over the steady
# 49 s of each 5,000 events/s phase (12 s after the phase's start, read from the stream jobs'
# samples per second, to 61 s after it), and jfr-window.py's per-thread shares of the model server.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for d in /tmp/s43/prof-base /tmp/s43/prof-filter /tmp/s43/prof-source /tmp/s43/prof-uncached \
         /tmp/s42/prof-seq; do
  for f in $d/jfr/*.jfr; do
    case "$(jfr print --events jdk.JVMInformation "$f" | grep -o 'ModelServerMain\|LocalStreamJobs\|KraftServerMain' | head -n 1)" in
      ModelServerMain) jfr print --events jdk.ExecutionSample --stack-depth 60 "$f" > $d/ms.txt ;;
      LocalStreamJobs) jfr print --events jdk.ExecutionSample --stack-depth 60 "$f" > $d/sj.txt ;;
      KraftServerMain) jfr print --events jdk.ExecutionSample --stack-depth 60 "$f" > $d/kb.txt ;;
    esac
  done
done
{
for x in "prof-base bdfbc57 01:22:33 01:23:22" "prof-filter 37b804d 00:55:19 00:56:08" \
         "prof-source 85371e7 01:11:25 01:12:14"; do
  set -- $x
  echo "== $2 ($1): stream jobs"
  python3 "$here/paths.py" /tmp/s43/$1/sj.txt $3 $4 FindGreaterOrEqual MemTable::Get DynamicBloom \
    RocksDBValueState.value RocksDBValueState.update
  echo "== $2 ($1): model server"
  python3 "$here/paths.py" /tmp/s43/$1/ms.txt $3 $4 ChangeLoggingKeyValueBytesStore \
    RecordCollectorImpl.send KafkaProducer.send LatestUserStates MicroBatchProcessor
  python3 "$here/../../profile/jfr-window.py" /tmp/s43/$1/ms.txt $3 $4 | sed -n '2,7p'
  echo "== $2 ($1): broker"
  python3 "$here/paths.py" /tmp/s43/$1/kb.txt $3 $4 LogCleaner handleProduceRequest appendRecords \
    handleFetchRequest
  echo
done
# the same for the forty-second session's profile of 49ec2bb (the same stream-jobs code as bdfbc57),
# and which operators' reads reach the skip list there and with the filter
echo "== 49ec2bb (the forty-second session's prof-seq): stream jobs"
python3 "$here/paths.py" /tmp/s42/prof-seq/sj.txt 00:00:16 00:01:05 FindGreaterOrEqual MemTable::Get \
  DynamicBloom RocksDBValueState.value RocksDBValueState.update
for frame in RocksDBValueState.value FindGreaterOrEqual; do
  python3 "$here/callers.py" /tmp/s42/prof-seq/sj.txt 00:00:16 00:01:05 $frame
done
echo
echo "== 85371e7 (prof-source): stream jobs"
python3 "$here/callers.py" /tmp/s43/prof-source/sj.txt 01:11:25 01:12:14 FindGreaterOrEqual
echo
# the model server's store writes with latest-user-states cached (85371e7) and uncached (b724938)
for x in "prof-source 85371e7 01:11:25 01:12:14" "prof-uncached b724938 02:33:58 02:34:47"; do
  set -- $x
  echo "== $2 ($1): model server, the stores' writes"
  python3 "$here/paths.py" /tmp/s43/$1/ms.txt $3 $4 LatestUserStates CachingKeyValueStore.put \
    ThreadCache.put NamedCache.flush RocksDBStore.put MicroBatchProcessor
done
} > "$here/summaries.txt"
