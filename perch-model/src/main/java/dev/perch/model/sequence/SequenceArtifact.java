package dev.perch.model.sequence;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.perch.model.InvalidArtifactException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trained sequence model on disk: {@code sequence.json} (the version, architecture, item ids in
 * index order, the digest of the training data, settings and metrics) and {@code sequence.params}
 * (DJL parameters, checked by SHA-256 on load). Its version is derived from the parameters, so the
 * encodings and item vectors of one file always carry one embedding version.
 *
 * @param directory where the files are
 * @param meta the content of sequence.json
 */
public record SequenceArtifact(Path directory, Meta meta) {
    /** The metadata file's name. */
    public static final String META_FILE = "sequence.json";

    /** The parameters file's name. */
    public static final String PARAMS_FILE = "sequence.params";

    /** Every file of a sequence model, as a model artifact carries them beside its ranker. */
    public static final List<String> FILES = List.of(META_FILE, PARAMS_FILE);

    /**
     * The metadata format this build writes and reads. Format 2: the block layout of the SASRec+
     * reference code (normed residual stream, right padding, positions from the oldest item); the
     * parameters of a format-1 file have the same names and shapes but meant another layout, so
     * they are refused rather than read wrongly.
     */
    public static final int FORMAT = 2;

    /**
     * The content of sequence.json.
     *
     * @param format {@link #FORMAT}
     * @param version the embedding version of the encodings and item vectors
     * @param shape the architecture
     * @param items the item ids, index 1 first (index 0 pads)
     * @param trainingDigest SHA-256 of the training sequences, so an evaluator can prove which data
     *     the model saw
     * @param settings the training settings
     * @param metrics training time, epochs, losses and validation figures
     * @param paramsSha256 the SHA-256 of sequence.params
     */
    public record Meta(
            int format,
            String version,
            SequenceShape shape,
            List<String> items,
            String trainingDigest,
            SequenceSettings settings,
            Map<String, Double> metrics,
            String paramsSha256) {}

    /**
     * Writes {@code result} into {@code dir} (created; existing files replaced).
     *
     * @param items the item ids of indices 1..V in order
     */
    public static SequenceArtifact write(
            Path dir,
            List<String> items,
            SequenceTrainer.Result result,
            SequenceSettings settings,
            String trainingDigest)
            throws IOException {
        if (result.parameters() == null) {
            throw new IllegalArgumentException("the run kept no checkpoint");
        }
        Files.createDirectories(dir);
        String sha = sha256(result.parameters());
        Map<String, Double> metrics = new TreeMap<>();
        metrics.put("train_seconds", result.seconds());
        metrics.put("epochs", (double) result.losses().size());
        metrics.put("best_epoch", (double) result.bestEpoch());
        metrics.put("validation_hr@10", result.best().hr10());
        metrics.put("validation_ndcg@10", result.best().ndcg10());
        metrics.put("loss_first", result.losses().get(0));
        metrics.put("loss_last", result.losses().get(result.losses().size() - 1));
        Meta meta =
                new Meta(
                        FORMAT,
                        "seq-" + sha.substring(0, 12),
                        result.shape(),
                        List.copyOf(items),
                        trainingDigest,
                        settings,
                        metrics,
                        sha);
        Path params = dir.resolve(PARAMS_FILE + ".tmp");
        Files.write(params, result.parameters());
        Files.move(params, dir.resolve(PARAMS_FILE), StandardCopyOption.REPLACE_EXISTING);
        Path json = dir.resolve(META_FILE + ".tmp");
        SequenceJson.MAPPER.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), meta);
        Files.move(json, dir.resolve(META_FILE), StandardCopyOption.REPLACE_EXISTING);
        return new SequenceArtifact(dir, meta);
    }

    /**
     * Reads the artifact in {@code dir}.
     *
     * @throws InvalidArtifactException when a file is missing, unreadable, of another format, or
     *     the parameters do not match their checksum
     */
    public static SequenceArtifact load(Path dir) throws InvalidArtifactException {
        Path json = dir.resolve(META_FILE);
        Meta meta;
        try {
            meta = SequenceJson.MAPPER.readValue(json.toFile(), new TypeReference<Meta>() {});
        } catch (IOException e) {
            throw new InvalidArtifactException("unreadable " + json + ": " + e.getMessage(), e);
        }
        if (meta == null || meta.format() != FORMAT) {
            throw new InvalidArtifactException(
                    json + " is not a sequence model of format " + FORMAT);
        }
        if (meta.items().size() != meta.shape().itemCount()) {
            throw new InvalidArtifactException(
                    json
                            + " lists "
                            + meta.items().size()
                            + " items for a model of "
                            + meta.shape().itemCount());
        }
        try {
            String sha = sha256(Files.readAllBytes(dir.resolve(PARAMS_FILE)));
            if (!sha.equals(meta.paramsSha256())) {
                throw new InvalidArtifactException(
                        dir.resolve(PARAMS_FILE) + " does not match its checksum");
            }
        } catch (IOException e) {
            throw new InvalidArtifactException(
                    "unreadable " + dir.resolve(PARAMS_FILE) + ": " + e.getMessage(), e);
        }
        return new SequenceArtifact(dir, meta);
    }

    /** The embedding version. */
    public String version() {
        return meta.version();
    }

    /** SHA-256 of {@code sequences} (each user's item ids in order), as lower-case hex. */
    public static String digestOf(List<List<String>> sequences) {
        MessageDigest digest = newDigest();
        for (List<String> sequence : sequences) {
            for (String item : sequence) {
                digest.update(item.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            digest.update((byte) '\n');
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
