# Samples of the model server's store and codec paths in a window: any stack holding a Kafka Streams
# store call, an Avro encode/decode, the version reader, or the sink's send; split by kind.
import re,sys,collections
f,frm,to=sys.argv[1],sys.argv[2],sys.argv[3]
c=collections.Counter(); tot=0; any_=0
for s in open(f).read().split('jdk.ExecutionSample {')[1:]:
    m=re.search(r'startTime = \S*T(\d\d:\d\d:\d\d)',s)
    if not m or not (frm<=m.group(1)<=to): continue
    tot+=1
    st=re.findall(r'^\s+([^\s(]+)\(', s.split('stackTrace = [')[1], re.M) if 'stackTrace = [' in s else []
    j=' '.join(st)
    hit=False
    for k,pat in [('store get','MeteredKeyValueStore.get'),('store put','MeteredKeyValueStore.put'),
                  ('store flush (commit)','MeteredKeyValueStore.flush'),
                  ('Avro encode','AvroCodec.encode'),('Avro decode','AvroCodec.decode'),('version read','VersionReader'),
                  ('sink send','SinkNode')]:
        if pat in j: c[k]+=1; hit=True
    if 'MeteredKeyValueStore.put' in j and 'AvroCodec.encode' in j: c['  of which encode in put']+=1
    if 'MeteredKeyValueStore.get' in j and ('rocksdb' in j.lower()): c['  of which RocksDB in get']+=1
    if 'MeteredKeyValueStore.get' in j and 'AvroCodec.decode' in j: c['  of which decode in get']+=1
    if 'SourceNode' in j and 'AvroCodec.decode' in j: c['  of which source decode']+=1
    if hit: any_+=1
print(f"{f.split('/')[-2]}: {tot} samples {frm}-{to}; any of these paths: {any_} ({100*any_/tot:.1f} %)")
for k in ['store get','  of which RocksDB in get','  of which decode in get','version read','store put','  of which encode in put','store flush (commit)','Avro encode','Avro decode','  of which source decode','sink send']:
    v=c[k]; print(f"  {k:28s} {v:5d} {100*v/tot:5.1f} %")
