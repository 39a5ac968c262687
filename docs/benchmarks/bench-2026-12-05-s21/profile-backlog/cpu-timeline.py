# cpu-timeline.txt: each JVM's CPU once a second (JFR jdk.CPULoad) during a backlog, in cores of
# this 2-core machine, from the recordings of docs/benchmarks/profile/profile-backlog.sh:
#   jfr print --events jdk.CPULoad MODEL_SERVER.jfr > ms-cpuload.txt
#   jfr print --events jdk.CPULoad STREAM_JOBS.jfr > sj-cpuload.txt
#   python3 cpu-timeline.py ms-cpuload.txt sj-cpuload.txt FROM TO   (HH:MM:SS, as jfr prints them)
import re, sys

cores = 2


def load(path):
    out = {}
    for event in open(path).read().split('jdk.CPULoad {')[1:]:
        at = re.search(r'startTime = (\d\d:\d\d:\d\d)', event).group(1)
        jvm = sum(float(re.search(name + r' = ([\d.]+)%', event).group(1))
                  for name in ('jvmUser', 'jvmSystem'))
        machine = float(re.search(r'machineTotal = ([\d.]+)%', event).group(1))
        out[at] = (jvm, machine)
    return out


server, jobs = load(sys.argv[1]), load(sys.argv[2])
low, high = sys.argv[3], sys.argv[4]
print('time      model-server  stream-jobs  machine')
for at in sorted(server):
    if low <= at <= high:
        job = jobs.get(at)
        print(f"{at}  {server[at][0] * cores / 100:11.2f}  "
              f"{(job[0] * cores / 100 if job else float('nan')):11.2f}  "
              f"{server[at][1] * cores / 100:7.2f}")
