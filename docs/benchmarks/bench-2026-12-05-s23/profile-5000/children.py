import re,sys,collections
text=open(sys.argv[1]).read(); low,high,target=sys.argv[2],sys.argv[3],sys.argv[4]
depth=int(sys.argv[5]) if len(sys.argv)>5 else 1
c=collections.Counter(); n=0; tot=0
for ev in text.split('jdk.ExecutionSample {')[1:]:
    m=re.search(r'startTime = (?:\S*T)?(\d\d:\d\d:\d\d)',ev)
    if not m or not (low<=m.group(1)<=high): continue
    tot+=1
    if 'stackTrace = [' not in ev: continue
    frames=re.findall(r'^\s+(\S+?)\(.*?line: (\d+)',ev.split('stackTrace = [')[1],re.M)
    names=[f for f,l in frames]
    idx=[i for i,f in enumerate(names) if f.endswith(target)]
    if not idx: continue
    i=idx[-1]; n+=1
    kid=names[max(0,i-depth):i][::-1]
    line=frames[i][1]
    c[(line,' > '.join(kid) if kid else 'self')]+=1
print(f'{n} of {tot} samples ({100*n/tot:.1f}%) in {target}')
for k,v in c.most_common(25): print(f'{100*v/tot:5.1f}%  line {k[0]}: {k[1]}')
