# When HotSpot compiled (and threw away) given methods of one JVM, from its compilation log:
#   python3 method-history.py LOG_DIR MAIN_CLASS 'method text' ...
# prints, per method, every queued task, nmethod (compiler, level, OSR) and make_not_entrant, with
# the seconds since the JVM started and the UTC time.
import datetime, glob, html, re, sys

log_dir, main, methods = sys.argv[1], sys.argv[2], sys.argv[3:]
for path in sorted(glob.glob(f'{log_dir}/jit-*.log')):
    with open(path, errors='replace') as f:
        head = f.read(200_000)
    if main not in head:
        continue
    t0 = int(re.search(r"<hotspot_log [^>]*time_ms='(\d+)'", head).group(1)) / 1000
    rows = {m: [] for m in methods}
    with open(path, errors='replace') as f:
        for line in f:
            if not line.startswith(('<task_queued', '<nmethod', '<make_not_entrant')):
                continue
            text = html.unescape(line)
            for m in methods:
                if m in text:
                    stamp = float(re.search(r"stamp='([\d.]+)'", line).group(1))
                    tag = re.match(r'<(\w+)', line).group(1)
                    parts = [f'{k}={v}' for k, v in re.findall(r"(compiler|level|compile_kind|reason)='([^']*)'", line)]
                    when = datetime.datetime.fromtimestamp(t0 + stamp, datetime.timezone.utc)
                    rows[m].append(f'{stamp:8.3f} s {when:%H:%M:%S} {tag} {" ".join(parts)}')
    print(path)
    for m, lines in rows.items():
        print(f'  {m}')
        for line in lines:
            print(f'    {line}')
