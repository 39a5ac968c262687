#!/bin/bash
# samples GC of the model server and stream jobs once per second while they live
OUT=$1; mkdir -p $OUT
while true; do
  for name in ModelServerMain LocalStreamJobs; do
    pid=$(pgrep -f "dev.perch.*$name" | head -1)
    if [ -n "$pid" ] && [ ! -e $OUT/$name.started ]; then
      touch $OUT/$name.started
      (jstat -gc -t $pid 1000 > $OUT/$name-jstat.txt 2>&1 &)
    fi
  done
  sleep 2
done
