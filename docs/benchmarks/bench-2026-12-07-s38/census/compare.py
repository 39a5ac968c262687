# The census outputs (census.txt of run.sh) side by side: requests per second by kind
# (RequestMetrics) and partition-fetches / partition-produces per topic (BrokerTopicMetrics).
# Usage: python3 compare.py NAME=DIR ...
import re, sys

runs = [a.split('=', 1) for a in sys.argv[1:]]
tables = []
for name, path in runs:
    rates = {}
    for line in open(path + '/census.txt'):
        m = re.match(r'\s*([\d.]+)/s\s+type=(\S+)', line)
        if m and 'Bytes' not in m.group(2) and 'Messages' not in m.group(2):
            rates[m.group(2)] = float(m.group(1))
    tables.append(rates)
keys = sorted(set().union(*tables), key=lambda k: -max(t.get(k, 0) for t in tables))
print('| meter | ' + ' | '.join(n for n, _ in runs) + ' |')
print('| --- |' + ' ---: |' * len(runs))
for k in keys:
    label = k.replace('BrokerTopicMetrics,name=', '').replace('RequestMetrics,name=RequestsPerSec,', '')
    print('| ' + label + ' | ' + ' | '.join('%.1f' % t.get(k, 0) for t in tables) + ' |')
print('| all requests (RequestsPerSec, every kind) | ' + ' | '.join(
    '%.1f' % sum(v for k, v in t.items() if k.startswith('RequestMetrics,name=RequestsPerSec,request=')
                 and 'FetchConsumer' not in k) for t in tables) + ' |')
