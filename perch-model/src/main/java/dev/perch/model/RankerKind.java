package dev.perch.model;

/**
 * How the ranking model of an artifact is stored: DJL block parameters trained by {@code
 * PerchTrainer}, a TorchScript module trained anywhere (Python) that follows the feature contract,
 * or fixed feature weights, alone or behind the sequence model's own order, when {@code
 * PerchTrainer} found them better than its trained ranker on the hold-out.
 */
public enum RankerKind {
    /**
     * {@code ranker.params}: the parameters of {@link RankerBlock}, with its layer sizes in the
     * manifest.
     */
    DJL("djl", "ranker.params"),
    /** {@code ranker.pt}: a TorchScript module, float32 [n, 10] in, [n] or [n, 1] out. */
    TORCHSCRIPT("torchscript", "ranker.pt"),
    /**
     * {@code ranker.json}: one weight per feature ({@code {"weights": [...]}}), scored as their
     * weighted sum ({@code WeightedSumScorer}).
     */
    WEIGHTED_SUM("weighted-sum", "ranker.json"),
    /**
     * {@code ranker.json} as for {@link #WEIGHTED_SUM}: the sequence model's own order over the
     * candidates it scored, then the rest by the weighted sum ({@code SequenceFirstScorer}). Only
     * for an artifact that carries a sequence model.
     */
    SEQUENCE_FIRST("sequence-first", "ranker.json");

    private final String id;
    private final String fileName;

    RankerKind(String id, String fileName) {
        this.id = id;
        this.fileName = fileName;
    }

    /** The name in manifest.json: "djl", "torchscript", "weighted-sum" or "sequence-first". */
    public String id() {
        return id;
    }

    /** The ranker's file name inside the artifact directory. */
    public String fileName() {
        return fileName;
    }

    /** The kind named {@code id} in a manifest. */
    public static RankerKind fromId(String id) {
        for (RankerKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "unknown ranker kind '"
                        + id
                        + "' (djl, torchscript, weighted-sum, sequence-first)");
    }
}
