package dev.perch.modelserver;

import dev.perch.model.InvalidArtifactException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a model directory ({@code <dir>/<version>/}) by polling and puts the newest valid
 * artifact in service without a restart; a missing or corrupt one is refused with an error log and
 * a metric, and the model in service keeps serving. Newest means the most recently written {@code
 * manifest.json} (then the greatest name).
 */
public final class ModelWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelWatcher.class);
    private static final String MANIFEST = "manifest.json";

    private final Path modelDir;
    private final ModelLoader loader;
    private final LiveRecommender live;
    private final ModelServerMetrics metrics;

    /** Artifacts already tried (name and manifest time), so a refused one is not retried. */
    private final Set<Candidate> tried = new HashSet<>();

    private Candidate inService;
    private ScheduledExecutorService timer;

    public ModelWatcher(
            Path modelDir, ModelLoader loader, LiveRecommender live, ModelServerMetrics metrics) {
        this.modelDir = modelDir;
        this.loader = loader;
        this.live = live;
        this.metrics = metrics;
    }

    /**
     * Looks once: loads the newest artifact newer than the one in service, falling back to older
     * ones only while none is in service.
     *
     * @return the version put in service, empty when nothing changed
     */
    public synchronized Optional<String> poll() {
        for (Candidate candidate : candidates()) {
            if (inService != null && !candidate.newerThan(inService)) {
                return Optional.empty();
            }
            if (!tried.add(candidate)) {
                continue;
            }
            try {
                ServedModel model = loader.load(candidate.dir());
                live.swap(model);
                inService = candidate;
                metrics.modelLoaded(model.version());
                LOG.info(
                        "Loaded model {} from {}{}",
                        model.version(),
                        candidate.dir(),
                        model.sequence() == null
                                ? ""
                                : " with sequence model " + model.sequence().version());
                return Optional.of(model.version());
            } catch (InvalidArtifactException | RuntimeException e) {
                metrics.modelRefused();
                LOG.error(
                        "Refused model artifact {}: {}; model {} keeps serving",
                        candidate.dir(),
                        e.getMessage(),
                        live.scorer().version());
            }
        }
        return Optional.empty();
    }

    /** Polls now, then every {@code interval} on a daemon thread. */
    public void start(Duration interval) {
        poll();
        timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "perch-model-watcher");
                            t.setDaemon(true);
                            return t;
                        });
        timer.scheduleWithFixedDelay(
                this::pollQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.error("Looking at {} failed", modelDir, e);
        }
    }

    /** The subdirectories of the model directory, newest first. */
    private List<Candidate> candidates() {
        if (!Files.isDirectory(modelDir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(modelDir)) {
            // names starting with a dot are artifacts still being copied or staged
            return dirs.filter(Files::isDirectory)
                    .filter(d -> !d.getFileName().toString().startsWith("."))
                    .map(ModelWatcher::candidate)
                    .sorted(Comparator.reverseOrder())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Candidate candidate(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        long written;
        try {
            FileTime time =
                    Files.exists(manifest)
                            ? Files.getLastModifiedTime(manifest)
                            : Files.getLastModifiedTime(dir);
            written = time.toMillis();
        } catch (IOException e) {
            written = 0;
        }
        return new Candidate(dir, written);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private record Candidate(Path dir, long writtenAt) implements Comparable<Candidate> {
        @Override
        public int compareTo(Candidate other) {
            int byTime = Long.compare(writtenAt, other.writtenAt);
            return byTime != 0
                    ? byTime
                    : dir.getFileName().toString().compareTo(other.dir.getFileName().toString());
        }

        boolean newerThan(Candidate other) {
            return compareTo(other) > 0;
        }
    }
}
