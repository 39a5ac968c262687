package dev.perch.model;

import dev.perch.core.recommend.CandidateScorer;
import dev.perch.core.recommend.RankingFeatures;
import dev.perch.core.recommend.SequenceFirstScorer;
import dev.perch.core.recommend.WeightedSumScorer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ranker of an artifact as a {@link CandidateScorer}, whatever kind its manifest names: the one
 * way the model server, the evaluator and the demo turn an artifact into the scorer that ranks
 * their lists, so they all rank with what the trainer chose.
 */
public final class ArtifactRanker {
    private ArtifactRanker() {}

    /**
     * The content of {@code ranker.json} for {@link RankerKind#WEIGHTED_SUM} and {@link
     * RankerKind#SEQUENCE_FIRST}.
     *
     * @param weights one weight per ranking feature, in {@link RankingFeatures#NAMES} order
     */
    public record Weights(List<Float> weights) {}

    /**
     * Loads the ranker of {@code artifact} ({@code device} matters to DJL and TorchScript rankers
     * only). Close it with {@link #close} when it goes out of service.
     *
     * @throws InvalidArtifactException when the ranker file cannot be loaded
     */
    public static CandidateScorer load(ModelArtifact artifact, String device)
            throws InvalidArtifactException {
        return switch (artifact.ranker()) {
            case DJL, TORCHSCRIPT -> DjlScorer.load(artifact, device);
            case WEIGHTED_SUM, SEQUENCE_FIRST ->
                    fixed(artifact.ranker(), artifact.version(), readWeights(artifact));
        };
    }

    /**
     * The scorer of a fixed-weight kind: {@code weights}' sum, alone or behind the sequence model's
     * order.
     *
     * @throws IllegalArgumentException for a kind with a trained model, or the wrong weight count
     */
    public static CandidateScorer fixed(RankerKind kind, String version, float[] weights) {
        WeightedSumScorer sum = new WeightedSumScorer(version, weights);
        return switch (kind) {
            case WEIGHTED_SUM -> sum;
            case SEQUENCE_FIRST -> new SequenceFirstScorer(version, sum);
            case DJL, TORCHSCRIPT ->
                    throw new IllegalArgumentException(kind.id() + " is not a fixed-weight ranker");
        };
    }

    /** Writes {@code weights} as a {@code ranker.json} file. */
    public static void writeWeights(Path file, float[] weights) throws IOException {
        List<Float> list = new ArrayList<>(weights.length);
        for (float weight : weights) {
            list.add(weight);
        }
        Json.MAPPER.writeValue(file.toFile(), new Weights(list));
    }

    /** Frees what {@code scorer} holds outside the heap (a DJL or TorchScript model). */
    public static void close(CandidateScorer scorer) {
        if (scorer instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException(
                        "closing ranker " + scorer.version() + " failed", e);
            }
        }
    }

    private static float[] readWeights(ModelArtifact artifact) throws InvalidArtifactException {
        Weights read;
        try {
            read = Json.MAPPER.readValue(artifact.rankerFile().toFile(), Weights.class);
        } catch (IOException e) {
            throw new InvalidArtifactException(
                    "unreadable ranker file " + artifact.rankerFile() + ": " + e.getMessage(), e);
        }
        if (read == null
                || read.weights() == null
                || read.weights().size() != RankingFeatures.COUNT
                || read.weights().stream().anyMatch(w -> w == null || !Float.isFinite(w))) {
            throw new InvalidArtifactException(
                    artifact.rankerFile()
                            + " must hold "
                            + RankingFeatures.COUNT
                            + " finite weights, one per feature of "
                            + RankingFeatures.VERSION);
        }
        float[] weights = new float[read.weights().size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = read.weights().get(i);
        }
        return weights;
    }
}
