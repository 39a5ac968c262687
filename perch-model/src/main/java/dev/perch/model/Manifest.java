package dev.perch.model;

import java.util.List;
import java.util.Map;

/**
 * The content of an artifact's manifest.json: what was trained, from what, how to rebuild the
 * ranker, and the SHA-256 of every other file so a damaged or altered artifact is refused.
 *
 * @param format the manifest format, {@link #FORMAT}
 * @param version the model version, also the artifact directory's name
 * @param featureVersion the {@code RankingFeatures.VERSION} the ranker was trained on
 * @param dimension the item embedding dimension
 * @param itemCount how many item vectors embeddings.perchemb holds
 * @param trainedFrom the event time of the first training event (ISO-8601)
 * @param trainedTo the event time of the last training event (ISO-8601)
 * @param seed the random seed of the run
 * @param ranker how the ranking model is stored
 * @param sha256 file name to lower-case hex SHA-256, for every file but the manifest
 */
public record Manifest(
        int format,
        String version,
        String featureVersion,
        int dimension,
        long itemCount,
        String trainedFrom,
        String trainedTo,
        long seed,
        RankerSpec ranker,
        Map<String, String> sha256) {

    /** The manifest format this build writes and reads. */
    public static final int FORMAT = 1;

    /** The manifest's file name. */
    public static final String FILE = "manifest.json";

    /** The embeddings' file name. */
    public static final String EMBEDDINGS_FILE = "embeddings.perchemb";

    /** The feature contract's file name. */
    public static final String FEATURES_FILE = "features.json";

    /** The offline metrics' file name. */
    public static final String METRICS_FILE = "metrics.json";

    /**
     * How the ranker is stored and fed.
     *
     * @param kind a {@link RankerKind} id: "djl", "torchscript", "weighted-sum" or "sequence-first"
     * @param file the ranker's file name in the artifact directory
     * @param hidden the hidden layer sizes of the DJL MLP (empty for the other kinds)
     * @param featureMean per-feature mean subtracted before a DJL ranker (empty for TorchScript: a
     *     TorchScript module receives the raw features; fixed weights weigh the raw features)
     * @param featureScale per-feature divisor applied after the mean (empty but for a DJL ranker)
     */
    public record RankerSpec(
            String kind,
            String file,
            List<Integer> hidden,
            List<Float> featureMean,
            List<Float> featureScale) {}

    /** The content of features.json. */
    public record Features(String version, List<String> names) {}
}
