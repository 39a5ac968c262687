# Every completed checkpoint of every job on a Flink REST API, one line per operator chain: when it
# was triggered (UTC), and over its subtasks the longest start delay (barrier reaching the task),
# alignment, synchronous part (the task thread stops processing for it) and asynchronous part,
# in ms, and the bytes it wrote. Usage: python3 flink-checkpoints.py http://127.0.0.1:PORT
import datetime, json, sys, urllib.request

rest = sys.argv[1].rstrip('/')


def get(path):
    with urllib.request.urlopen(rest + path, timeout=10) as r:
        return json.load(r)


for job in get('/jobs/overview')['jobs']:
    jid, name = job['jid'], job['name']
    vertices = {v['id']: v['name'] for v in get(f'/jobs/{jid}')['vertices']}
    for cp in sorted(get(f'/jobs/{jid}/checkpoints').get('history', []), key=lambda c: c['id']):
        if cp['status'] != 'COMPLETED':
            continue
        at = datetime.datetime.fromtimestamp(cp['trigger_timestamp'] / 1000, datetime.timezone.utc)
        for vid in get(f'/jobs/{jid}/checkpoints/details/{cp["id"]}')['tasks']:
            subs = get(f'/jobs/{jid}/checkpoints/details/{cp["id"]}/subtasks/{vid}')['subtasks']
            done = [s for s in subs if s.get('status') == 'completed']
            if not done:
                continue
            top = lambda f: max(f(s) for s in done)
            print(f'{at:%H:%M:%S.%f}'[:-3], name, f'chk-{cp["id"]}',
                  f'delay {top(lambda s: s.get("start_delay", 0))}',
                  f'align {top(lambda s: s["alignment"]["duration"])}',
                  f'sync {top(lambda s: s["checkpoint"]["sync"])}',
                  f'async {top(lambda s: s["checkpoint"]["async"])}',
                  f'bytes {sum(s.get("checkpointed_size", 0) for s in done)}',
                  '|', vertices.get(vid, vid)[:70])
