package dev.perch.model;

import dev.perch.core.recommend.RankingFeatures;
import dev.perch.featurestore.ItemVector;
import dev.perch.model.sequence.SequenceArtifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes a model artifact the way {@link ModelArtifact#load} checks it: every file into a hidden
 * temporary directory next to the target, the manifest (with the files' SHA-256) last, then one
 * atomic rename to {@code <parent>/<version>/}, so a watcher never sees half an artifact.
 */
public final class ArtifactWriter {
    /** Writes the ranker file into the directory it is given. */
    @FunctionalInterface
    public interface RankerFileWriter {
        void write(Path file) throws IOException;
    }

    /**
     * What goes into one artifact besides the ranker bytes.
     *
     * @param version the model version, also the directory name
     * @param embeddings item id to vector, written in this map's iteration order
     * @param dimension the vectors' dimension
     * @param trainedFrom first training event time
     * @param trainedTo last training event time
     * @param seed the training seed
     * @param ranker the ranker description (its file name included)
     * @param metrics the offline metrics
     * @param sequence the directory of a sequence model ({@code SequenceArtifact}) trained with
     *     this ranker, whose files are copied into the artifact and checked with the others; null
     *     for none
     */
    public record Contents(
            String version,
            Map<String, float[]> embeddings,
            int dimension,
            Instant trainedFrom,
            Instant trainedTo,
            long seed,
            Manifest.RankerSpec ranker,
            Map<String, Double> metrics,
            Path sequence) {

        /** Contents without a sequence model. */
        public Contents(
                String version,
                Map<String, float[]> embeddings,
                int dimension,
                Instant trainedFrom,
                Instant trainedTo,
                long seed,
                Manifest.RankerSpec ranker,
                Map<String, Double> metrics) {
            this(
                    version,
                    embeddings,
                    dimension,
                    trainedFrom,
                    trainedTo,
                    seed,
                    ranker,
                    metrics,
                    null);
        }
    }

    private ArtifactWriter() {}

    /**
     * Writes {@code contents} and the ranker file to {@code parent/<version>/} and loads it back.
     *
     * @throws FileAlreadyExistsException when that version is already there
     */
    public static ModelArtifact write(Path parent, Contents contents, RankerFileWriter ranker)
            throws IOException, InvalidArtifactException {
        Files.createDirectories(parent);
        Path target = parent.resolve(contents.version());
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path temp = Files.createTempDirectory(parent, ".tmp-" + contents.version() + "-");
        try {
            writeFiles(temp, contents, ranker);
            moveAtomically(temp, target);
        } catch (IOException | RuntimeException e) {
            deleteRecursively(temp);
            throw e;
        }
        return ModelArtifact.load(target);
    }

    /**
     * A new artifact {@code parent/<version>/} that keeps the item embeddings of {@code base} and
     * ranks with a TorchScript module trained elsewhere (Python); see the README for its input
     * contract. The module is only copied here: {@code DjlScorer.load} is what runs it.
     */
    public static ModelArtifact importTorchScript(
            ModelArtifact base,
            Path torchScript,
            String version,
            Map<String, Double> metrics,
            Path parent)
            throws IOException, InvalidArtifactException {
        if (!Files.isRegularFile(torchScript)) {
            throw new IOException("no TorchScript file at " + torchScript);
        }
        Contents contents =
                new Contents(
                        version,
                        base.readEmbeddings(),
                        base.dimension(),
                        base.trainedFrom(),
                        base.trainedTo(),
                        base.seed(),
                        new Manifest.RankerSpec(
                                RankerKind.TORCHSCRIPT.id(),
                                RankerKind.TORCHSCRIPT.fileName(),
                                List.of(),
                                List.of(),
                                List.of()),
                        metrics);
        return write(parent, contents, file -> Files.copy(torchScript, file));
    }

    /**
     * Copies a checked artifact into {@code parent/<version>/} through a temporary directory and an
     * atomic rename (publishing into the directory a model server watches).
     */
    public static Path copy(ModelArtifact artifact, Path parent) throws IOException {
        Staged staged;
        try {
            staged = stage(artifact, parent);
        } catch (InvalidArtifactException e) {
            throw new IOException("the copy of " + artifact.version() + " does not load", e);
        }
        try {
            return staged.commit();
        } catch (IOException | RuntimeException e) {
            staged.abort();
            throw e;
        }
    }

    /**
     * Copies a checked artifact into a hidden directory of {@code parent} (the model server's
     * watcher skips names starting with a dot) and loads it back from there, so that what comes
     * next (publishing its embeddings) happens only once the artifact is in place; {@link
     * Staged#commit} then makes it visible with one atomic rename.
     *
     * @throws FileAlreadyExistsException when {@code parent/<version>/} already exists
     * @throws InvalidArtifactException when the copy does not load
     */
    public static Staged stage(ModelArtifact artifact, Path parent)
            throws IOException, InvalidArtifactException {
        Files.createDirectories(parent);
        Path target = parent.resolve(artifact.version());
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path temp = Files.createTempDirectory(parent, ".tmp-" + artifact.version() + "-");
        try (Stream<Path> files = Files.list(artifact.directory())) {
            for (Path file : files.toList()) {
                Files.copy(file, temp.resolve(file.getFileName().toString()));
            }
            ModelArtifact.load(temp);
        } catch (IOException | InvalidArtifactException | RuntimeException e) {
            deleteRecursively(temp);
            throw e;
        }
        return new Staged(temp, target);
    }

    /** An artifact copied next to its final place, not yet visible to a model server. */
    public static final class Staged {
        private final Path temp;
        private final Path target;

        private Staged(Path temp, Path target) {
            this.temp = temp;
            this.target = target;
        }

        /** The hidden directory the artifact waits in. */
        public Path path() {
            return temp;
        }

        /** Moves it to {@code parent/<version>/} atomically; returns that directory. */
        public Path commit() throws IOException {
            moveAtomically(temp, target);
            return target;
        }

        /** Removes the staged copy. */
        public void abort() {
            deleteRecursively(temp);
        }
    }

    private static void writeFiles(Path dir, Contents c, RankerFileWriter ranker)
            throws IOException {
        EmbeddingsFile.write(
                dir.resolve(Manifest.EMBEDDINGS_FILE),
                c.version(),
                c.dimension(),
                c.embeddings().size(),
                c.embeddings().entrySet().stream()
                        .map(e -> new ItemVector(e.getKey(), e.getValue()))
                        .toList());
        ranker.write(dir.resolve(c.ranker().file()));
        Json.MAPPER.writeValue(
                dir.resolve(Manifest.FEATURES_FILE).toFile(),
                new Manifest.Features(RankingFeatures.VERSION, RankingFeatures.NAMES));
        Json.MAPPER.writeValue(
                dir.resolve(Manifest.METRICS_FILE).toFile(), new TreeMap<>(c.metrics()));
        List<String> names =
                new ArrayList<>(
                        List.of(
                                Manifest.EMBEDDINGS_FILE,
                                Manifest.FEATURES_FILE,
                                Manifest.METRICS_FILE,
                                c.ranker().file()));
        if (c.sequence() != null) {
            for (String name : SequenceArtifact.FILES) {
                Files.copy(c.sequence().resolve(name), dir.resolve(name));
                names.add(name);
            }
        }
        Map<String, String> sums = new TreeMap<>();
        for (String name : names) {
            sums.put(name, Sha256.of(dir.resolve(name)));
        }
        Manifest manifest =
                new Manifest(
                        Manifest.FORMAT,
                        c.version(),
                        RankingFeatures.VERSION,
                        c.dimension(),
                        c.embeddings().size(),
                        c.trainedFrom().toString(),
                        c.trainedTo().toString(),
                        c.seed(),
                        c.ranker(),
                        sums);
        Json.MAPPER.writeValue(dir.resolve(Manifest.FILE).toFile(), manifest);
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + to + " atomically", e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
