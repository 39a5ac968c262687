package dev.perch.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.recommend.CandidateScorer;
import dev.perch.model.InvalidArtifactException;
import dev.perch.model.ModelArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher with the real artifact check ({@link ModelArtifact#load}) in front of a scorer
 * factory: corrupt or missing artifacts are refused and the model in service keeps serving.
 */
class ModelWatcherTest {
    @TempDir Path models;

    private final ModelServerMetrics metrics = new ModelServerMetrics();
    private final TestingShop.CountingScorer old = new TestingShop.CountingScorer("old");
    private final LiveRecommender live = new LiveRecommender(new TestingShop().recommender(old));

    /** Valid when the directory holds a file "ok"; else the real artifact check decides. */
    private final ModelLoader loader =
            dir -> {
                if (Files.exists(dir.resolve("ok"))) {
                    return ServedModel.of(
                            new TestingShop.CountingScorer(dir.getFileName().toString()));
                }
                ModelArtifact.load(dir);
                throw new InvalidArtifactException("unexpectedly valid: " + dir);
            };

    private Path version(String name, boolean valid, long writtenAt) throws Exception {
        Path dir = Files.createDirectories(models.resolve(name));
        Path manifest = dir.resolve("manifest.json");
        Files.writeString(manifest, valid ? "{}" : "{ \"format\": garbage");
        if (valid) {
            Files.writeString(dir.resolve("ok"), "");
        }
        Files.setLastModifiedTime(manifest, FileTime.from(Instant.ofEpochSecond(writtenAt)));
        return dir;
    }

    @Test
    @DisplayName("a corrupt artifact is refused with a metric and the old model keeps serving")
    void givenCorruptArtifact_whenPolled_thenRefusedAndOldKeepsServing() throws Exception {
        version("v2-corrupt", false, 2000);
        ModelWatcher watcher = new ModelWatcher(models, loader, live, metrics);

        assertThat(watcher.poll()).isEmpty();

        assertThat(live.scorer().version()).isEqualTo("old");
        assertThat(old.closed).isFalse();
        assertThat(metrics.modelsRefused()).isEqualTo(1.0);
        assertThat(watcher.poll()).as("a refused artifact is not retried").isEmpty();
        assertThat(metrics.modelsRefused()).isEqualTo(1.0);
    }

    @Test
    @DisplayName(
            "an artifact refused while half copied in place is put in service once its copy"
                    + " finishes, its manifest untouched")
    void givenHalfCopiedArtifact_whenCopyFinishes_thenSwappedIn() throws Exception {
        Path dir = Files.createDirectories(models.resolve("v2"));
        Files.writeString(dir.resolve("manifest.json"), "{}");
        ModelWatcher watcher = new ModelWatcher(models, loader, live, metrics);

        assertThat(watcher.poll()).as("the manifest without its files").isEmpty();
        assertThat(metrics.modelsRefused()).isEqualTo(1.0);
        assertThat(watcher.poll()).as("nothing changed: not retried").isEmpty();
        assertThat(metrics.modelsRefused()).isEqualTo(1.0);

        Files.writeString(dir.resolve("ok"), "");
        assertThat(watcher.poll()).contains("v2");
        assertThat(live.scorer().version()).isEqualTo("v2");
    }

    @Test
    @DisplayName("a directory without manifest is refused")
    void givenEmptyVersionDirectory_whenPolled_thenRefused() throws Exception {
        Files.createDirectories(models.resolve("v9"));
        ModelWatcher watcher = new ModelWatcher(models, loader, live, metrics);

        assertThat(watcher.poll()).isEmpty();
        assertThat(metrics.modelsRefused()).isEqualTo(1.0);
        assertThat(live.scorer().version()).isEqualTo("old");
    }

    @Test
    @DisplayName("the newest valid artifact is swapped in and the old model is closed after it")
    void givenNewerValidArtifact_whenPolled_thenSwappedAndOldClosed() throws Exception {
        version("v1", true, 1000);
        ModelWatcher watcher = new ModelWatcher(models, loader, live, metrics);
        assertThat(watcher.poll()).contains("v1");
        assertThat(old.closed).isTrue();

        version("v2-corrupt", false, 3000);
        version("v0-older", true, 500);
        assertThat(watcher.poll()).isEmpty();
        assertThat(live.scorer().version()).isEqualTo("v1");

        version("v3", true, 4000);
        assertThat(watcher.poll()).isEqualTo(Optional.of("v3"));
        assertThat(live.scorer().version()).isEqualTo("v3");
    }

    @Test
    @DisplayName("a swap waits for the batch using the old model before closing it")
    void givenBatchInFlight_whenSwapped_thenOldClosedOnlyAfterTheBatch() throws Exception {
        CandidateScorer[] seen = new CandidateScorer[1];
        live.use(
                recommender -> {
                    Thread swapper =
                            new Thread(() -> live.swap(new TestingShop.CountingScorer("new")));
                    swapper.start();
                    // the swapper publishes the new model but must wait for this batch
                    long deadline = System.nanoTime() + 5_000_000_000L;
                    while (live.scorer().version().equals("old") && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    seen[0] = recommender.scorer();
                    assertThat(old.closed).isFalse();
                    recommender.recommend(null, 3);
                    return null;
                });
        assertThat(seen[0].version()).isEqualTo("old");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!old.closed && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(old.closed).isTrue();
        assertThat(live.scorer().version()).isEqualTo("new");
    }
}
