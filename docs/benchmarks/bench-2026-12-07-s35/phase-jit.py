# Per tail-diag run: the broker's compiler threads over the sampled phase (threads-KraftServerMain.txt):
# the worst second and the sum of cores, and the same for the log cleaner.
import os, re, sys
for run in sys.argv[1:]:
    jits, cleans = [], []
    for line in open(os.path.join(run, 'threads-KraftServerMain.txt')):
        m = re.match(r'(\d\d:\d\d:\d\d) ([\d.]+) ?(.*)', line)
        if not m: continue
        jits.append(sum(float(v) for v in re.findall(r'CompilerThre=([\d.]+)', m.group(3))))
        c = re.search(r'kafka-log-clean=([\d.]+)', m.group(3))
        cleans.append(float(c.group(1)) if c else 0.0)
    print(f'{run.rstrip("/")}: {len(jits)} s; broker compilers worst second {max(jits):.2f} cores, '
          f'sum {sum(jits):.2f} core-s; log cleaner worst {max(cleans):.2f}, sum {sum(cleans):.2f}')
