# Per tail-diag run: the first cleaning of each perch.user-state partition (MB/s, from the broker's
# log lines that tail-diag.sh keeps in broker-cleaner.txt) and every second of the per-second thread
# samples in which the broker's log cleaner ran, with its compiler threads' cores then.
# Usage: python3 cleaning.py RUN_DIR...
import os, re, sys

for run in sys.argv[1:]:
    rates = []
    path = os.path.join(run, 'broker-cleaner.txt')
    lines = open(path).read().splitlines() if os.path.exists(path) else []
    for i, line in enumerate(lines):
        if 'cleaned log perch.user-state-' in line and i + 1 < len(lines):
            part = re.search(r'perch\.user-state-(\d+)', line).group(1)
            mbs = re.search(r'\(([\d.]+) MB/sec\)', lines[i + 1])
            if mbs and part not in [p for p, _ in rates]:
                rates.append((part, float(mbs.group(1))))
    seconds = []
    for line in open(os.path.join(run, 'threads-KraftServerMain.txt')):
        m = re.match(r'(\d\d:\d\d:\d\d) ([\d.]+) ?(.*)', line)
        if m and 'kafka-log-clean=' in m.group(3):
            jit = sum(float(v) for v in re.findall(r'CompilerThre=([\d.]+)', m.group(3)))
            cleaner = float(re.search(r'kafka-log-clean=([\d.]+)', m.group(3)).group(1))
            seconds.append(f'{m.group(1)} broker {m.group(2)} cores, compilers {jit:.2f}, cleaner {cleaner:.2f}')
    print(f'{os.path.basename(run.rstrip("/"))}: first cleaning of perch.user-state '
          + (', '.join(f'-{p} {r:.1f} MB/s' for p, r in sorted(rates)) if lines
             else '(no broker-cleaner.txt: the run came before tail-diag.sh kept it)'))
    for s in seconds:
        print('  ' + s)
