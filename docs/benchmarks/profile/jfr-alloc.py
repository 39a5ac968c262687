#!/usr/bin/env python3
"""Where a process allocates, from a JFR recording with allocation samples (settings "profile").

usage: jfr-alloc.py [--since ISO-TIME] [--until ISO-TIME] RECORDING.jfr [PATTERN ...]

Sums the weights of jdk.ObjectAllocationSample (JFR's estimate of the bytes each sample stands
for) over the window: the total and its rate, the top allocated classes, the top allocating
frames (the first frame in a dev.perch class, else the allocating method itself), and for each
PATTERN the share of bytes whose stack holds a method matching it. Stacks are read 64 frames
deep. The window is given in UTC as in jfr-summary.py.
"""
import collections
import re
import sys

sys.path.insert(0, __import__("os").path.dirname(__file__))
import importlib

summary = importlib.import_module("jfr-summary")


def main():
    args = sys.argv[1:]
    while args and args[0] in ("--since", "--until"):
        summary.WINDOW[0 if args[0] == "--since" else 1] = args[1]
        args = args[2:]
    recording, patterns = args[0], args[1:]
    samples = summary.events(recording, "jdk.ObjectAllocationSample")
    if not samples:
        print("no allocation samples")
        return
    times = sorted(e["values"]["startTime"] for e in samples)
    total = 0
    by_class = collections.Counter()
    by_frame = collections.Counter()
    by_pattern = collections.Counter()
    rxs = [re.compile(p) for p in patterns]
    for e in samples:
        v = e["values"]
        weight = v.get("weight") or 0
        total += weight
        cls = (v.get("objectClass") or {}).get("name", "?").split("/")[-1]
        by_class[cls] += weight
        st = v.get("stackTrace")
        frames = [summary.frame_name(f) for f in st["frames"]] if st else []
        perch = [f for f, raw in zip(frames, st["frames"] if st else [])
                 if raw["method"]["type"]["name"].startswith("dev/perch")]
        by_frame[perch[0] if perch else (frames[0] if frames else "?")] += weight
        for p, rx in zip(patterns, rxs):
            if any(rx.search(f) for f in frames):
                by_pattern[p] += weight
    print(f"{len(samples)} allocation samples from {times[0]} to {times[-1]}: "
          f"{total / 1e6:,.0f} MB in all")
    print("top classes (bytes):")
    for name, w in by_class.most_common(15):
        print(f"  {w * 100 / total:5.1f}%  {name}")
    print("top allocating frames (the first dev.perch frame, bytes):")
    for name, w in by_frame.most_common(25):
        print(f"  {w * 100 / total:5.1f}%  {name}")
    if patterns:
        print("stacks containing (inclusive, bytes):")
        for p in patterns:
            print(f"  {by_pattern[p] * 100 / total:5.1f}%  {p}")


if __name__ == "__main__":
    main()
