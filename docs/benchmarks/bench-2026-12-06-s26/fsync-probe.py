# How long one fsync of a 4 KB write takes on the disk of a directory (default /tmp, where the
# bench's data directories were): 50 in a row, median / p90 / max. Usage: python3 fsync-probe.py [DIR]
import os, sys, time

path = os.path.join(sys.argv[1] if len(sys.argv) > 1 else '/tmp', 'fsync-probe')
fd = os.open(path, os.O_WRONLY | os.O_CREAT)
took = []
for _ in range(50):
    os.write(fd, b'x' * 4096)
    start = time.perf_counter()
    os.fsync(fd)
    took.append((time.perf_counter() - start) * 1000)
os.close(fd)
os.remove(path)
took.sort()
print(f'fsync of 4 KB in {os.path.dirname(path)}: median {took[25]:.2f} ms, p90 {took[45]:.2f} ms, max {took[-1]:.2f} ms')
