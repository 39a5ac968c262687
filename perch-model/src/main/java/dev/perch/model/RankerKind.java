package dev.perch.model;

/**
 * How the ranking model of an artifact is stored: DJL block parameters trained by {@code
 * PerchTrainer}, or a TorchScript module trained anywhere (Python) that follows the feature
 * contract.
 */
public enum RankerKind {
    /**
     * {@code ranker.params}: the parameters of {@link RankerBlock}, with its layer sizes in the
     * manifest.
     */
    DJL("djl", "ranker.params"),
    /** {@code ranker.pt}: a TorchScript module, float32 [n, 10] in, [n] or [n, 1] out. */
    TORCHSCRIPT("torchscript", "ranker.pt");

    private final String id;
    private final String fileName;

    RankerKind(String id, String fileName) {
        this.id = id;
        this.fileName = fileName;
    }

    /** The name in manifest.json: "djl" or "torchscript". */
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
        throw new IllegalArgumentException("unknown ranker kind '" + id + "' (djl, torchscript)");
    }
}
