package dev.perch.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.perch.featurestore.InnerProducts;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The feature store's exact nearest-item scan as one matrix product per micro-batch on the DJL
 * engine (BLAS on the CPU, or the GPU): the users' vectors times the index's item vectors, as the
 * sequence model's candidates already are ({@code DjlSequenceModel#scoreAll}). The item matrix is
 * copied to the engine once per matrix version (a new model's vectors, an item's new vector) and
 * shared by the threads that score; products run side by side, a new version waits for them.
 * Thread-safe.
 */
public final class DjlInnerProducts implements InnerProducts, AutoCloseable {
    private final NDManager manager;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private NDArray byColumn; // dimension x rows, the right factor of every product
    private long version = Long.MIN_VALUE;
    private boolean closed;

    /**
     * @param device "cpu" or "gpu" (see {@link Djl#device})
     */
    public DjlInnerProducts(String device) {
        Djl.offline();
        this.manager = NDManager.newBaseManager(Djl.device(device), Djl.ENGINE);
    }

    @Override
    public float[] products(
            float[] queries, int count, float[] matrix, int rows, int dimension, long version) {
        if (count == 0 || rows == 0) {
            return new float[count * rows];
        }
        lock.readLock().lock();
        try {
            if (!closed && byColumn != null && this.version == version) {
                return multiply(queries, count, dimension);
            }
        } finally {
            lock.readLock().unlock();
        }
        lock.writeLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the inner products engine is closed");
            }
            if (byColumn == null || this.version != version) {
                NDArray items =
                        manager.create(
                                Arrays.copyOf(matrix, rows * dimension),
                                new Shape(rows, dimension));
                NDArray view = items.transpose();
                NDArray next = view.duplicate();
                view.close();
                items.close();
                if (byColumn != null) {
                    byColumn.close();
                }
                byColumn = next;
                this.version = version;
            }
            lock.readLock().lock(); // downgrade: products of one version run side by side
        } finally {
            lock.writeLock().unlock();
        }
        try {
            return multiply(queries, count, dimension);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The queries times the item matrix; under the read lock. */
    private float[] multiply(float[] queries, int count, int dimension) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray q = scope.create(queries, new Shape(count, dimension));
            return q.matMul(byColumn).toFloatArray();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
            manager.close();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
