#!/usr/bin/env python3
"""Where a process's CPU went, from a JFR recording (JDK's `jfr` tool, no other dependency).

usage: jfr-summary.py [--since ISO-TIME] [--until ISO-TIME] RECORDING.jfr [PATTERN ...]

Prints the machine's and the JVM's CPU load (jdk.CPULoad), CPU per thread (jdk.ThreadCPULoad, in
percent of the whole machine), Java samples per thread and the hottest methods (jdk.ExecutionSample,
self time), and for each PATTERN the share of samples whose stack contains a method matching it.
Stacks are read 64 frames deep (JFR records 64 by default; `jfr print` itself prints only 5 unless
asked, which is all the summaries before 2026-12-03 saw: their "Stacks containing" shares counted
only methods within five frames of the sampled one). Deeper framework stacks still under-count the
outermost frames. --since/--until (UTC, e.g. 2026-12-03T15:30:00Z) keep only the events of that
window: a recording started with the JVM (no attach, so the JIT is undisturbed) summarised over a
measured phase only.
"""
import collections
import json
import re
import subprocess
import sys


WINDOW = [None, None]


def events(recording, kind):
    out = subprocess.run(
        ["jfr", "print", "--json", "--stack-depth", "64", "--events", kind, recording],
        capture_output=True, text=True, check=True).stdout
    found = json.loads(out)["recording"]["events"]
    since, until = WINDOW
    # ISO-8601 UTC stamps of one format compare as strings
    return [e for e in found
            if (since is None or e["values"]["startTime"] >= since)
            and (until is None or e["values"]["startTime"] < until)]


def thread_name(thread):
    thread = thread or {}
    return thread.get("javaName") or thread.get("osName") or "?"


def frame_name(frame):
    return frame["method"]["type"]["name"].split("/")[-1] + "." + frame["method"]["name"]


def main():
    args = sys.argv[1:]
    while args and args[0] in ("--since", "--until"):
        WINDOW[0 if args[0] == "--since" else 1] = args[1]
        args = args[2:]
    recording, patterns = args[0], args[1:]
    load = events(recording, "jdk.CPULoad")[1:]  # the first is taken before any interval
    if load:
        jvm = sum(e["values"]["jvmUser"] + e["values"]["jvmSystem"] for e in load) / len(load)
        machine = sum(e["values"]["machineTotal"] for e in load) / len(load)
        print(f"CPU load, mean of {len(load)} samples: this JVM {jvm * 100:.1f}% of the machine,"
              f" the whole machine {machine * 100:.1f}%")
    per_thread = collections.defaultdict(list)
    for e in events(recording, "jdk.ThreadCPULoad"):
        if e["values"].get("eventThread"):
            v = e["values"]
            per_thread[thread_name(v["eventThread"])].append(v["user"] + v["system"])
    print("\nCPU per thread (mean, % of the machine):")
    rows = sorted(((sum(x) / len(x), n) for n, x in per_thread.items()), reverse=True)
    for share, name in rows[:15]:
        print(f"  {share * 100:5.1f}%  {name}")
    samples = events(recording, "jdk.ExecutionSample")
    n = max(1, len(samples))
    threads = collections.Counter(thread_name(e["values"].get("sampledThread")) for e in samples)
    print(f"\nJava samples: {len(samples)}; per thread:")
    for name, count in threads.most_common(12):
        print(f"  {count * 100 / n:5.1f}%  {name}")
    top = collections.Counter()
    stacks = []
    for e in samples:
        st = e["values"].get("stackTrace")
        frames = [frame_name(f) for f in st["frames"]] if st else []
        stacks.append(frames)
        if frames:
            top[frames[0]] += 1
    print("\nHottest methods (self):")
    for name, count in top.most_common(15):
        print(f"  {count * 100 / n:5.1f}%  {name}")
    if patterns:
        print("\nStacks containing (inclusive):")
        for p in patterns:
            rx = re.compile(p)
            count = sum(1 for frames in stacks if any(rx.search(f) for f in frames))
            print(f"  {count * 100 / n:5.1f}%  {p}")


if __name__ == "__main__":
    main()
