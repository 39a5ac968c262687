package dev.perch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perch.core.recommend.RankingFeatures;
import dev.perch.featurestore.FeatureStore;
import dev.perch.featurestore.ItemVector;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A model artifact on disk")
class ModelArtifactTest {
    static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant TO = Instant.parse("2026-02-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path parent;
    Path dir;

    @BeforeEach
    void writeArtifact() throws Exception {
        dir = write(parent, "v1", RankerKind.DJL, new byte[] {1, 2, 3, 4}).directory();
    }

    static ModelArtifact write(Path parent, String version, RankerKind kind, byte[] ranker)
            throws IOException, InvalidArtifactException {
        Map<String, float[]> embeddings = new LinkedHashMap<>();
        embeddings.put("a", new float[] {1, 0, 0});
        embeddings.put("b", new float[] {0, 1, 0});
        List<Float> mean = Collections.nCopies(RankingFeatures.COUNT, 0f);
        List<Float> scale = Collections.nCopies(RankingFeatures.COUNT, 1f);
        Manifest.RankerSpec spec =
                kind == RankerKind.DJL
                        ? new Manifest.RankerSpec(
                                kind.id(), kind.fileName(), List.of(4), mean, scale)
                        : new Manifest.RankerSpec(
                                kind.id(), kind.fileName(), List.of(), List.of(), List.of());
        return ArtifactWriter.write(
                parent,
                new ArtifactWriter.Contents(
                        version, embeddings, 3, FROM, TO, 42, spec, Map.of("hr@10_model", 0.5)),
                file -> Files.write(file, ranker));
    }

    @Test
    @DisplayName("loads back with every field it was written with")
    void roundTrip() throws Exception {
        ModelArtifact artifact = ModelArtifact.load(dir);
        assertThat(artifact.version()).isEqualTo("v1");
        assertThat(artifact.directory()).isEqualTo(parent.resolve("v1"));
        assertThat(artifact.embeddingsFile()).isEqualTo(dir.resolve("embeddings.perchemb"));
        assertThat(artifact.dimension()).isEqualTo(3);
        assertThat(artifact.itemCount()).isEqualTo(2);
        assertThat(artifact.featureNames()).isEqualTo(RankingFeatures.NAMES);
        assertThat(artifact.trainedFrom()).isEqualTo(FROM);
        assertThat(artifact.trainedTo()).isEqualTo(TO);
        assertThat(artifact.seed()).isEqualTo(42);
        assertThat(artifact.metrics()).containsEntry("hr@10_model", 0.5);
        assertThat(artifact.rankerKind()).isEqualTo("djl");
        assertThat(artifact.rankerFile()).isEqualTo(dir.resolve("ranker.params"));
        assertThat(artifact.readEmbeddings()).containsOnlyKeys("a", "b");
        assertThat(artifact.readEmbeddings().get("b")).containsExactly(0f, 1f, 0f);
        assertThat(Files.list(parent).map(p -> p.getFileName().toString())).containsExactly("v1");
    }

    @Test
    @DisplayName(
            "its embeddings replace a feature store's, under the file's version (the store is"
                    + " handed vectors, never the file)")
    void embeddingsLoadIntoAFeatureStore() throws Exception {
        ModelArtifact artifact = ModelArtifact.load(dir);
        try (FeatureStore store = FeatureStore.open(parent.resolve("store"))) {
            store.loadEmbeddings("older", List.of(new ItemVector("c", new float[3])).iterator());

            assertThat(artifact.loadEmbeddings(store)).isEqualTo(2);

            assertThat(store.embeddingVersion()).contains("v1");
            assertThat(store.embedding("b"))
                    .hasValueSatisfying(v -> assertThat(v).containsExactly(0f, 1f, 0f));
            assertThat(store.embedding("c")).isEmpty();
        }
    }

    @Test
    @DisplayName("an existing version is never overwritten")
    void versionsAreImmutable() {
        assertThatThrownBy(() -> write(parent, "v1", RankerKind.DJL, new byte[] {9}))
                .isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    @DisplayName("a directory without manifest.json is refused")
    void missingManifest() throws Exception {
        Files.delete(dir.resolve("manifest.json"));
        assertThatThrownBy(() -> ModelArtifact.load(dir))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("missing manifest.json");
    }

    @Test
    @DisplayName("a manifest that is not JSON is refused")
    void unreadableManifest() throws Exception {
        Files.writeString(dir.resolve("manifest.json"), "{not json");
        assertThatThrownBy(() -> ModelArtifact.load(dir))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("unreadable manifest.json");
    }

    @Test
    @DisplayName("a model trained on another feature version is refused")
    void wrongFeatureVersion() throws Exception {
        editManifest(m -> m.put("featureVersion", "perch-features-v0"));
        assertThatThrownBy(() -> ModelArtifact.load(dir))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("feature version perch-features-v0");
    }

    @Test
    @DisplayName("a model trained on other feature names is refused")
    void wrongFeatureNames() throws Exception {
        Files.writeString(
                dir.resolve("features.json"),
                "{\"version\":\"" + RankingFeatures.VERSION + "\",\"names\":[\"a\",\"b\"]}");
        String sum = Sha256.of(dir.resolve("features.json"));
        editManifest(m -> ((ObjectNode) m.get("sha256")).put("features.json", sum));
        assertThatThrownBy(() -> ModelArtifact.load(dir))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("trained on features")
                .hasMessageContaining("[a, b]");
    }

    @Test
    @DisplayName("a manifest whose dimension differs from the embeddings file is refused")
    void dimensionMismatch() throws Exception {
        editManifest(m -> m.put("dimension", 64));
        assertThatThrownBy(() -> ModelArtifact.load(dir))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("dimension mismatch")
                .hasMessageContaining("3-dimensional")
                .hasMessageContaining("64");
    }

    @Test
    @DisplayName("an altered file fails its checksum")
    void checksumMismatch() throws Exception {
        Path embeddings = dir.resolve("embeddings.perchemb");
        byte[] bytes = Files.readAllBytes(embeddings);
        bytes[bytes.length - 1] ^= 0x40;
        Files.write(embeddings, bytes);
        assertThatThrownBy(() -> ModelArtifact.load(dir))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("checksum mismatch for embeddings.perchemb");
    }

    @Test
    @DisplayName("a missing ranker file is refused")
    void missingRanker() throws Exception {
        Files.delete(dir.resolve("ranker.params"));
        assertThatThrownBy(() -> ModelArtifact.load(dir))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("missing file ranker.params");
    }

    @Test
    @DisplayName("a ranker file the engine cannot read is refused when the scorer loads it")
    void unreadableModelFile() throws Exception {
        ModelArtifact artifact = ModelArtifact.load(dir);
        assertThatThrownBy(() -> DjlScorer.load(artifact, "cpu"))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("unreadable model file")
                .hasMessageContaining("ranker.params");
    }

    @Test
    @DisplayName("a copy into a model directory is complete and checked")
    void copyIntoModelDirectory() throws Exception {
        Path copied = ArtifactWriter.copy(ModelArtifact.load(dir), parent.resolve("served"));
        assertThat(copied).isEqualTo(parent.resolve("served").resolve("v1"));
        assertThat(ModelArtifact.load(copied).version()).isEqualTo("v1");
        assertThat(Files.list(parent.resolve("served"))).hasSize(1);
    }

    private void editManifest(Consumer<ObjectNode> edit) throws IOException {
        Path file = dir.resolve("manifest.json");
        ObjectNode manifest = (ObjectNode) JSON.readTree(file.toFile());
        edit.accept(manifest);
        JSON.writeValue(file.toFile(), manifest);
    }
}
