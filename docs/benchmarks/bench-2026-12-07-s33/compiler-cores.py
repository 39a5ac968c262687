#!/usr/bin/env python3
"""The JIT compiler threads' CPU in each JVM over a tail-diag run's per-second thread samples
(threads-MAIN.txt: the 70 s from the 1,000 events/s phase's line, its 5 s warm-up included):
mean cores and the number of seconds with over 0.1 cores. Usage (in a directory of runs): python3 ../compiler-cores.py RUN..."""
import re, sys

for run in sys.argv[1:]:
    cells = []
    for main in ('ModelServerMain', 'LocalStreamJobs', 'KraftServerMain'):
        total = seconds = burst = 0
        try:
            lines = open(f'{run}/threads-{main}.txt').read().splitlines()
        except FileNotFoundError:
            cells.append('-'); continue
        for line in lines:
            if not re.match(r'\d\d:\d\d:\d\d ', line):
                continue
            seconds += 1
            m = re.search(r'CN CompilerThre=([0-9.]+)', line)
            c = float(m.group(1)) if m else 0.0
            total += c
            burst += c > 0.1
        cells.append(f'{total / max(seconds, 1):.3f} cores, {burst} s > 0.1')
    print(f'| {run} | ' + ' | '.join(cells) + ' |')
