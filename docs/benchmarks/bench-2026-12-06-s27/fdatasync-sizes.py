# How long an fdatasync of a freshly written file of each size takes in /tmp (the disk the bench's
# data directory and RocksDB's working files are on): what syncing a flushed SST file costs.
#   python3 fdatasync-sizes.py > fdatasync-sizes.txt
import os, tempfile, time

for size in (64 << 10, 1 << 20, 5 << 20, 20 << 20):
    times = []
    for _ in range(5):
        fd, path = tempfile.mkstemp(dir='/tmp')
        os.write(fd, os.urandom(size))
        start = time.perf_counter()
        os.fdatasync(fd)
        times.append((time.perf_counter() - start) * 1000)
        os.close(fd)
        os.unlink(path)
    times.sort()
    print(f'{size >> 10} KiB: fdatasync median {times[2]:.1f} ms, max {times[-1]:.1f} ms (5 files)')
