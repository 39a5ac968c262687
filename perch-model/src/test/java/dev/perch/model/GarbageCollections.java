package dev.perch.model;

/**
 * Forces garbage collections every few milliseconds while open, so that a test exposes native
 * memory that is freed while libtorch still uses it (see {@link Djl#scalar}): a training under this
 * pressure must give the same bytes as one without it.
 */
public final class GarbageCollections implements AutoCloseable {
    private final Thread thread;

    private GarbageCollections() {
        thread =
                new Thread(
                        () -> {
                            while (!Thread.currentThread().isInterrupted()) {
                                System.gc();
                                try {
                                    Thread.sleep(5);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "forced-gc");
        thread.setDaemon(true);
    }

    /** Starts collecting until {@link #close()}. */
    public static GarbageCollections start() {
        GarbageCollections pressure = new GarbageCollections();
        pressure.thread.start();
        return pressure;
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join();
    }
}
