#!/usr/bin/env python3
# per 0.5 s: CPU cores used by each perch JVM (model server, stream jobs, kafka), with wall-clock stamps
import os, sys, time, re
out = open(sys.argv[1], "w")
hz = os.sysconf("SC_CLK_TCK")
def pids():
    found = {}
    for p in os.listdir("/proc"):
        if not p.isdigit(): continue
        try: cmd = open(f"/proc/{p}/cmdline","rb").read().decode(errors="replace")
        except Exception: continue
        for name in ("ModelServerMain","LocalStreamJobs","KraftServerMain"):
            if name in cmd and "java" in cmd: found[name] = p
    return found
last = {}
while True:
    now = time.time()
    row = [time.strftime("%H:%M:%S", time.gmtime(now)) + f".{int(now*10)%10}"]
    for name, p in sorted(pids().items()):
        try:
            f = open(f"/proc/{p}/stat").read().rsplit(")",1)[1].split()
            t = (int(f[11]) + int(f[12])) / hz
        except Exception: continue
        if name in last:
            lt, lnow = last[name]
            row.append(f"{name[:6]}={(t-lt)/(now-lnow):.2f}")
        last[name] = (t, now)
    out.write(" ".join(row) + "\n"); out.flush()
    time.sleep(0.5)
