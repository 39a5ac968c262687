# How long one fsync of a 4 KB write takes on the disk of a directory (default /tmp, where the
# bench's data directories were): 50 in a row, median / p90 / max. Usage: python3 fsync-probe.py [DIR]
# With sizes (KiB), instead: for each size, five fresh files of that size, each written and then
# synced once with fdatasync (what syncing a flushed RocksDB file costs), median / max:
#   python3 fsync-probe.py DIR SIZE_KIB [SIZE_KIB ...]
import os, sys, time

directory = sys.argv[1] if len(sys.argv) > 1 else '/tmp'
sizes = [int(size) for size in sys.argv[2:]]


def timed(sync, fd):
    start = time.perf_counter()
    sync(fd)
    return (time.perf_counter() - start) * 1000


if sizes:
    for size in sizes:
        took = []
        for n in range(5):
            path = os.path.join(directory, f'fsync-probe-{n}')
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.write(fd, os.urandom(size << 10))
            took.append(timed(os.fdatasync, fd))
            os.close(fd)
            os.remove(path)
        took.sort()
        print(f'fdatasync of a fresh {size} KiB file in {directory}: median {took[2]:.1f} ms, max {took[-1]:.1f} ms (5 files)')
    sys.exit()

path = os.path.join(directory, 'fsync-probe')
fd = os.open(path, os.O_WRONLY | os.O_CREAT)
took = []
for _ in range(50):
    os.write(fd, b'x' * 4096)
    took.append(timed(os.fsync, fd))
os.close(fd)
os.remove(path)
took.sort()
print(f'fsync of 4 KB in {os.path.dirname(path)}: median {took[25]:.2f} ms, p90 {took[45]:.2f} ms, max {took[-1]:.2f} ms')
