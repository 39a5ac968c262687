# Samples of a `jfr print --stack-depth 60` text of the model server under FeatureStore.cached in a
# window, split by what they do (a RocksDB get, an Avro decode, making ids canonical, Caffeine itself),
# and the samples of the feature-store updater thread. Usage: cached.py FILE HH:MM:SS HH:MM:SS
import re,sys,collections
f,frm,to=sys.argv[1],sys.argv[2],sys.argv[3]
c=collections.Counter(); tot=0; upd=0
for s in open(f).read().split('jdk.ExecutionSample {')[1:]:
    t=re.search(r'startTime = \S+T(\d\d:\d\d:\d\d)',s).group(1)
    if not (frm<=t<to): continue
    tot+=1
    if 'FeatureStoreUpdater' in s: upd+=1
    if 'FeatureStore.cached' not in s: continue
    if 'RocksDB' in s or 'rocksdb' in s: c['rocksdb get']+=1
    elif 'decode' in s or 'AvroCodec' in s: c['decode']+=1
    elif 'canonical' in s: c['canonicalize']+=1
    elif 'BoundedLocalCache' in s or 'caffeine' in s: c['caffeine']+=1
    else: c['other']+=1
n=sum(c.values())
print(f"{tot} samples {frm}-{to}; under FeatureStore.cached: {n} ({100*n/tot:.1f} %): " + ", ".join(f"{k} {v} ({100*v/tot:.1f} %)" for k,v in c.most_common()) + f"; the updater thread's stacks: {upd} ({100*upd/tot:.1f} %)")
