package dev.perch.model;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.perch.core.recommend.RankingFeatures;
import dev.perch.featurestore.FeatureStore;
import dev.perch.featurestore.ItemVector;
import dev.perch.model.sequence.SequenceArtifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A trained model on disk, checked: one version of item embeddings plus a ranking model, as the
 * stream jobs, the model server and the evaluator load it. {@link #load} refuses a directory that
 * is incomplete, altered, or built for another feature contract, with a message naming the cause.
 *
 * @param version the model version (the directory's name)
 * @param directory the artifact directory
 * @param embeddingsFile the PERCHEMB file of item vectors
 * @param dimension the embedding dimension
 * @param itemCount how many item vectors the embeddings file holds
 * @param featureNames the ranking feature names, {@link RankingFeatures#NAMES}
 * @param trainedFrom the event time of the first training event
 * @param trainedTo the event time of the last training event
 * @param seed the training seed
 * @param metrics the offline metrics of metrics.json
 * @param rankerKind "djl", "torchscript", "weighted-sum" or "sequence-first" ({@link RankerKind})
 * @param rankerFile the ranker file (ranker.params, ranker.pt or ranker.json)
 * @param manifest the parsed manifest.json
 */
public record ModelArtifact(
        String version,
        Path directory,
        Path embeddingsFile,
        int dimension,
        long itemCount,
        List<String> featureNames,
        Instant trainedFrom,
        Instant trainedTo,
        long seed,
        Map<String, Double> metrics,
        String rankerKind,
        Path rankerFile,
        Manifest manifest) {

    public ModelArtifact {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(directory, "directory");
        featureNames = List.copyOf(featureNames);
        metrics = Map.copyOf(metrics);
    }

    /** The ranker kind as an enum. */
    public RankerKind ranker() {
        return RankerKind.fromId(rankerKind);
    }

    /**
     * Reads and checks the artifact in {@code dir}: the manifest, the feature contract, every
     * file's SHA-256, and the embeddings header against the manifest.
     *
     * @throws InvalidArtifactException naming what is wrong
     */
    public static ModelArtifact load(Path dir) throws InvalidArtifactException {
        Path manifestFile = dir.resolve(Manifest.FILE);
        if (!Files.isRegularFile(manifestFile)) {
            throw new InvalidArtifactException(
                    "missing " + Manifest.FILE + " in " + dir + ": not a Perch model artifact");
        }
        Manifest manifest = readJson(manifestFile, new TypeReference<Manifest>() {});
        checkManifest(dir, manifest);
        checkChecksums(dir, manifest);
        Manifest.Features features =
                readJson(dir.resolve(Manifest.FEATURES_FILE), new TypeReference<>() {});
        if (!RankingFeatures.VERSION.equals(features.version())
                || !RankingFeatures.NAMES.equals(features.names())) {
            throw new InvalidArtifactException(
                    dir
                            + " was trained on features "
                            + features.version()
                            + " "
                            + features.names()
                            + ", this build computes "
                            + RankingFeatures.VERSION
                            + " "
                            + RankingFeatures.NAMES);
        }
        Map<String, Double> metrics =
                readJson(dir.resolve(Manifest.METRICS_FILE), new TypeReference<>() {});
        Path embeddings = dir.resolve(Manifest.EMBEDDINGS_FILE);
        checkEmbeddingsHeader(embeddings, manifest);
        return new ModelArtifact(
                manifest.version(),
                dir,
                embeddings,
                manifest.dimension(),
                manifest.itemCount(),
                features.names(),
                instant(manifest.trainedFrom(), "trainedFrom"),
                instant(manifest.trainedTo(), "trainedTo"),
                manifest.seed(),
                metrics == null ? Map.of() : metrics,
                manifest.ranker().kind(),
                dir.resolve(manifest.ranker().file()),
                manifest);
    }

    /**
     * The sequence model trained with this artifact's ranker, when it carries one (its files were
     * checked with the others by {@link #load}); the ranker then expects its features.
     *
     * @throws InvalidArtifactException when the sequence model's files do not load
     */
    public Optional<SequenceArtifact> sequence() throws InvalidArtifactException {
        if (manifest == null || !carriesSequence(manifest)) {
            return Optional.empty();
        }
        return Optional.of(SequenceArtifact.load(directory));
    }

    /** Whether the manifest lists a sequence model's files among its checksums. */
    private static boolean carriesSequence(Manifest m) {
        return m.sha256() != null && m.sha256().containsKey(SequenceArtifact.META_FILE);
    }

    /**
     * Replaces every embedding of {@code store} with this artifact's, under the embeddings file's
     * version ({@link FeatureStore#loadEmbeddings(String, java.util.Iterator)}): the model reads
     * its own file and the store is handed the vectors.
     *
     * @return how many vectors were loaded
     */
    public long loadEmbeddings(FeatureStore store) throws IOException {
        try (EmbeddingsFile.Reader reader = EmbeddingsFile.open(embeddingsFile)) {
            return store.loadEmbeddings(reader.header().version(), reader);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Every item vector of the embeddings file, in file order. */
    public Map<String, float[]> readEmbeddings() {
        try {
            Map<String, float[]> vectors = new LinkedHashMap<>();
            try (EmbeddingsFile.Reader reader = EmbeddingsFile.open(embeddingsFile)) {
                while (reader.hasNext()) {
                    ItemVector vector = reader.next();
                    vectors.put(vector.itemId(), vector.vector());
                }
            }
            return vectors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkManifest(Path dir, Manifest m) throws InvalidArtifactException {
        if (m.format() != Manifest.FORMAT) {
            throw new InvalidArtifactException(
                    dir
                            + ": manifest format "
                            + m.format()
                            + ", this build reads "
                            + Manifest.FORMAT);
        }
        if (m.version() == null || m.version().isBlank()) {
            throw new InvalidArtifactException(dir + ": manifest has no version");
        }
        if (!RankingFeatures.VERSION.equals(m.featureVersion())) {
            throw new InvalidArtifactException(
                    dir
                            + ": trained on feature version "
                            + m.featureVersion()
                            + ", this build computes "
                            + RankingFeatures.VERSION);
        }
        if (m.dimension() <= 0) {
            throw new InvalidArtifactException(dir + ": bad dimension " + m.dimension());
        }
        if (m.ranker() == null || m.ranker().file() == null) {
            throw new InvalidArtifactException(dir + ": manifest names no ranker");
        }
        RankerKind kind;
        try {
            kind = RankerKind.fromId(m.ranker().kind());
        } catch (IllegalArgumentException e) {
            throw new InvalidArtifactException(dir + ": " + e.getMessage(), e);
        }
        if (kind == RankerKind.DJL) {
            int n = RankingFeatures.COUNT;
            if (m.ranker().hidden() == null
                    || m.ranker().featureMean() == null
                    || m.ranker().featureMean().size() != n
                    || m.ranker().featureScale() == null
                    || m.ranker().featureScale().size() != n) {
                throw new InvalidArtifactException(
                        dir
                                + ": a djl ranker needs its hidden sizes and "
                                + n
                                + " feature means and scales in the manifest");
            }
        }
        if (m.sha256() == null) {
            throw new InvalidArtifactException(dir + ": manifest has no sha256 checksums");
        }
        if (kind == RankerKind.SEQUENCE_FIRST && !carriesSequence(m)) {
            throw new InvalidArtifactException(
                    dir + ": a sequence-first ranker needs the artifact's sequence model");
        }
        for (String required :
                List.of(
                        Manifest.EMBEDDINGS_FILE,
                        Manifest.FEATURES_FILE,
                        Manifest.METRICS_FILE,
                        m.ranker().file())) {
            if (!m.sha256().containsKey(required)) {
                throw new InvalidArtifactException(
                        dir + ": manifest has no sha256 for " + required);
            }
        }
    }

    private static void checkChecksums(Path dir, Manifest m) throws InvalidArtifactException {
        for (Map.Entry<String, String> entry : new TreeMap<>(m.sha256()).entrySet()) {
            Path file = dir.resolve(entry.getKey()).normalize();
            if (!file.startsWith(dir.normalize()) || entry.getKey().contains("/")) {
                throw new InvalidArtifactException(
                        dir + ": manifest names a file outside the artifact: " + entry.getKey());
            }
            if (!Files.isRegularFile(file)) {
                throw new InvalidArtifactException(dir + ": missing file " + entry.getKey());
            }
            String actual;
            try {
                actual = Sha256.of(file);
            } catch (IOException e) {
                throw new InvalidArtifactException(
                        dir + ": unreadable file " + entry.getKey() + ": " + e.getMessage(), e);
            }
            if (!actual.equalsIgnoreCase(entry.getValue())) {
                throw new InvalidArtifactException(
                        dir
                                + ": checksum mismatch for "
                                + entry.getKey()
                                + " (manifest "
                                + entry.getValue()
                                + ", file "
                                + actual
                                + "): the file was altered or damaged");
            }
        }
    }

    private static void checkEmbeddingsHeader(Path file, Manifest m)
            throws InvalidArtifactException {
        EmbeddingsFile.Header header;
        try (EmbeddingsFile.Reader reader = EmbeddingsFile.open(file)) {
            header = reader.header();
        } catch (IOException e) {
            throw new InvalidArtifactException(
                    "unreadable embeddings file " + file + ": " + e.getMessage(), e);
        }
        if (header.dimension() != m.dimension()) {
            throw new InvalidArtifactException(
                    "dimension mismatch: "
                            + file
                            + " holds "
                            + header.dimension()
                            + "-dimensional vectors, the manifest says "
                            + m.dimension());
        }
        if (header.count() != m.itemCount()) {
            throw new InvalidArtifactException(
                    file
                            + " holds "
                            + header.count()
                            + " vectors, the manifest says "
                            + m.itemCount());
        }
        if (!m.version().equals(header.version())) {
            throw new InvalidArtifactException(
                    file
                            + " is embeddings version "
                            + header.version()
                            + ", the manifest says "
                            + m.version());
        }
    }

    private static <T> T readJson(Path file, TypeReference<T> type)
            throws InvalidArtifactException {
        try {
            T value = Json.MAPPER.readValue(file.toFile(), type);
            if (value == null) {
                throw new InvalidArtifactException(file + " is empty");
            }
            return value;
        } catch (IOException e) {
            throw new InvalidArtifactException(
                    "unreadable "
                            + file.getFileName()
                            + " in "
                            + file.getParent()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static Instant instant(String text, String name) throws InvalidArtifactException {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new InvalidArtifactException("manifest " + name + " is not an instant: " + text);
        }
    }
}
