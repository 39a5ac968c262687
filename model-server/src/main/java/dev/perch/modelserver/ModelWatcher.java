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
 *
 * <p>An artifact is meant to arrive whole (copied under a name starting with a dot, then renamed).
 * One copied in place may be seen half written and refused; it is tried again once its files change
 * (another file, another size or a later write), so finishing the copy puts it in service without
 * touching its manifest. An unchanged refused artifact is not retried.
 */
public final class ModelWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelWatcher.class);
    private static final String MANIFEST = "manifest.json";

    private final Path modelDir;
    private final ModelLoader loader;
    private final LiveRecommender live;
    private final ModelServerMetrics metrics;

    /** Artifacts already tried, with their files as they were, so a refused one is not retried. */
    private final Set<Attempt> tried = new HashSet<>();

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
            if (!tried.add(Attempt.of(candidate.dir()))) {
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

    /**
     * An artifact directory as it was when tried: its name and its files' count, total size and
     * latest write, so a copy still under way and the finished copy are different attempts.
     */
    private record Attempt(String name, long files, long bytes, long lastWritten) {
        static Attempt of(Path dir) {
            long[] seen = new long[3];
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.filter(Files::isRegularFile)
                        .forEach(
                                file -> {
                                    try {
                                        seen[0]++;
                                        seen[1] += Files.size(file);
                                        seen[2] =
                                                Math.max(
                                                        seen[2],
                                                        Files.getLastModifiedTime(file).toMillis());
                                    } catch (IOException e) {
                                        // gone while listed: the next look sees the directory anew
                                    }
                                });
            } catch (IOException | UncheckedIOException e) {
                // unreadable now: tried as it is, and again once it lists differently
            }
            return new Attempt(dir.getFileName().toString(), seen[0], seen[1], seen[2]);
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
