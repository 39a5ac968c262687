# Prints the A/B table of docs/benchmarks.md from the runs' bench.json/bench.md and ab.log beside them:
#   python3 table.py old-1 new-1 old-2 new-2   (from this directory)
import json,os,sys,re
print("| run | commit | training s | states written/s | states consumed/s | model server µs per state (backlog) | passthrough µs/event (backlog) | warm-up list p99 | 250 ev/s list p50 / p99 | model server µs/event at 250 |")
for d in sys.argv[1:]:
    j=json.load(open(d+'/bench.json'))
    t=j['throughput']
    md=open(d+'/bench.md').read()
    train=re.search(r'in ([0-9.]+) s\.',md).group(1)
    ms=[p for p in t['processes'] if p['process']=='model-server'][0]
    st={s['process']:s['microsPerEvent'] for s in t['cost']['stages']}
    r=j['rates'][0]; e=r['eventToRecommendation']; w=j['jitWarmUp']['eventToRecommendation']
    rst={s['process']:s['microsPerEvent'] for s in r['cost']['stages']}
    commit=re.search(r'commit ([0-9a-f]{7})',open(os.path.join(os.path.dirname(os.path.abspath(d)),'ab.log')).read().split('start '+d.split('/')[-1])[1]).group(1) if 'start '+d.split('/')[-1] in open(os.path.join(os.path.dirname(os.path.abspath(d)),'ab.log')).read() else '?'
    f=lambda ms_: f"{ms_/1000:.1f} s" if ms_>=1000 else f"{ms_:.0f} ms"
    print(f"| {d.split('/')[-1]} | {commit} | {train} | {t['userStatesPerSecond']:,.0f} | {t['modelServerStatesPerSecond']:,.0f} | {ms['cpuSeconds']*1e6/t['modelServerStatesConsumed']:,.0f} | {st['kafka passthrough']:.0f} | {f(w['p99'])} | {f(e['p50'])} / {f(e['p99'])} | {rst['model-server']:,.0f} |")
