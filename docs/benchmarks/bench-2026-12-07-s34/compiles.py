# What a JVM's JIT compiled in a window of wall-clock seconds, from HotSpot's compilation log
# (-XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=DIR/jit-%p.log): every nmethod
# made in the window (C1 and C2, OSR marked), its compile time and size, grouped by the method's
# package; then the C2 ones one by one. Usage:
#   python3 compiles.py LOG_DIR MAIN_CLASS HH:MM:SS HH:MM:SS
# MAIN_CLASS picks the JVM whose log names it (KraftServerMain: the broker). Times are UTC.
import collections, datetime, glob, html, re, sys

log_dir, main, start, end = sys.argv[1:5]
for path in sorted(glob.glob(f'{log_dir}/jit-*.log')):
    with open(path, errors='replace') as f:
        head = f.read(200_000)
    if main not in head:
        continue
    t0 = int(re.search(r"<hotspot_log [^>]*time_ms='(\d+)'", head).group(1)) / 1000
    day = datetime.datetime.fromtimestamp(t0, datetime.timezone.utc).date()
    lo, hi = (datetime.datetime.combine(day, datetime.time.fromisoformat(t),
                                        datetime.timezone.utc).timestamp() for t in (start, end))
    queued = {}
    made = []
    with open(path, errors='replace') as f:
        for line in f:
            if line.startswith('<task_queued'):
                cid = re.search(r"compile_id='(\d+)'", line).group(1)
                kind = 'osr' if "compile_kind='osr'" in line else ''
                queued[(cid, kind)] = float(re.search(r"stamp='([\d.]+)'", line).group(1))
            elif line.startswith('<nmethod'):
                stamp = float(re.search(r"stamp='([\d.]+)'", line).group(1))
                if not lo <= t0 + stamp < hi + 1:
                    continue
                cid = re.search(r"compile_id='(\d+)'", line).group(1)
                kind = 'osr' if "compile_kind='osr'" in line else ''
                m = re.search(r"compiler='(\w+)'", line)
                compiler = m.group(1) if m else 'native'
                method = html.unescape(re.search(r"method='([^']*)'", line).group(1))
                size = int(re.search(r" size='(\d+)'", line).group(1))
                waited = stamp - queued.get((cid, kind), stamp)
                made.append((t0 + stamp, compiler, kind, method, size, waited))
    print(f'{path}: {len(made)} nmethods made from {start} to {end} UTC')
    by_package = collections.Counter()
    for _, compiler, _, method, size, _ in made:
        cls = method.split(' ')[0]
        by_package[(compiler, '.'.join(cls.split('.')[:4]))] += 1
    for (compiler, package), n in by_package.most_common(25):
        print(f'  {n:5d} {compiler} {package}')
    print('  C2, one by one (time, queued-to-made seconds, code bytes):')
    for when, compiler, kind, method, size, waited in made:
        if compiler == 'c2':
            t = datetime.datetime.fromtimestamp(when, datetime.timezone.utc).strftime('%H:%M:%S.%f')[:12]
            print(f'    {t} {waited:6.2f} s {size:7d} {kind:3s} {method[:150]}')
