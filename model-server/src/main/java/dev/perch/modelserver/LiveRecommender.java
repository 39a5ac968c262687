package dev.perch.modelserver;

import dev.perch.core.recommend.CandidateScorer;
import dev.perch.core.recommend.Recommender;
import dev.perch.core.sequence.SequenceModel;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recommender in service, whose model can be swapped while batches run: a swap publishes the
 * new model at once, waits until the batches still using the old one finish, then closes it.
 */
public final class LiveRecommender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRecommender.class);

    private final AtomicReference<Serving> current;

    public LiveRecommender(Recommender initial) {
        this.current = new AtomicReference<>(new Serving(initial));
    }

    /** Runs {@code work} on the recommender in service; its model stays open until it returns. */
    public <T> T use(Function<Recommender, T> work) {
        while (true) {
            Serving serving = current.get();
            ReentrantReadWriteLock.ReadLock lock = serving.lock().readLock();
            lock.lock();
            try {
                if (serving.closed) {
                    continue; // swapped and closed between get() and lock(): take the new one
                }
                return work.apply(serving.recommender());
            } finally {
                lock.unlock();
            }
        }
    }

    /** The model in service now. */
    public CandidateScorer scorer() {
        return current.get().recommender().scorer();
    }

    /**
     * Puts {@code scorer} in service; the previous model is closed (when it is {@link
     * AutoCloseable}) once no batch uses it any more.
     */
    public void swap(CandidateScorer scorer) {
        swap(ServedModel.of(scorer));
    }

    /**
     * Puts {@code model}'s ranker and sequence model (or none) in service together; the previous
     * ones are closed once no batch uses them any more.
     */
    public void swap(ServedModel model) {
        Serving next =
                new Serving(
                        current.get()
                                .recommender()
                                .withScorer(model.scorer())
                                .withSequenceModel(
                                        model.sequence(),
                                        model.sequence() == null ? 0 : SequenceModel.CANDIDATES));
        Serving previous = current.getAndSet(next);
        retire(previous);
        LOG.info(
                "Model {} in service (was {})",
                model.version(),
                previous.recommender().scorer().version());
    }

    private static void retire(Serving serving) {
        ReentrantReadWriteLock.WriteLock lock = serving.lock().writeLock();
        lock.lock();
        try {
            serving.closed = true;
            if (serving.recommender().scorer() instanceof AutoCloseable closeable) {
                closeable.close();
            }
            if (serving.recommender().sequenceModel() != null) {
                serving.recommender().sequenceModel().close();
            }
        } catch (Exception e) {
            LOG.warn("Closing model {} failed", serving.recommender().scorer().version(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        retire(current.get());
    }

    private static final class Serving {
        private final Recommender recommender;
        private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        private volatile boolean closed;

        Serving(Recommender recommender) {
            this.recommender = recommender;
        }

        Recommender recommender() {
            return recommender;
        }

        ReentrantReadWriteLock lock() {
            return lock;
        }
    }
}
