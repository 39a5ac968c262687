package dev.perch.eval.method;

import dev.perch.core.itemstats.CoVisitationSettings;
import dev.perch.core.recommend.CandidateScorer;
import dev.perch.core.recommend.WeightedSumScorer;
import dev.perch.core.sequence.SequenceModel;
import java.util.List;
import java.util.Map;

/**
 * The methods by name, each created fresh for one run with fixed, documented settings: the
 * baselines, {@code perch} (the full pipeline), {@code perch-frozen} (user state frozen during
 * tests) and {@code perch-content} (the full pipeline with the catalog's text: content source and
 * text-similarity feature) and {@code sasrec} (the trained sequence model alone).
 */
public final class Methods {
    /** Every method name, in report order. */
    public static final List<String> ALL =
            List.of(
                    "most-popular",
                    "recent-popular",
                    "session-popular",
                    "markov",
                    "sequential-rules",
                    "item-knn-covisit",
                    "v-sknn",
                    "bpr-mf",
                    "perch",
                    "perch-frozen",
                    "perch-content",
                    "sasrec");

    /** Events in the recent-popular window. */
    public static final int RECENT_WINDOW = 20_000;

    private Methods() {}

    /**
     * A new method.
     *
     * @param name one of {@link #ALL}
     * @param seed seed of the randomised methods (BPR)
     * @param scorer the scorer of the Perch variants
     * @param embeddings the item embeddings of the Perch variants (empty: none)
     */
    public static Method create(
            String name, long seed, CandidateScorer scorer, Map<String, float[]> embeddings) {
        return create(name, seed, scorer, embeddings, PerchOptions.DEFAULTS);
    }

    /**
     * A new method; the Perch variants run with {@code options}' pipeline settings.
     *
     * @param scorer the trained model, or null for the no-model scorer of {@code options}
     */
    public static Method create(
            String name,
            long seed,
            CandidateScorer scorer,
            Map<String, float[]> embeddings,
            PerchOptions options) {
        return create(name, seed, scorer, embeddings, options, null);
    }

    /**
     * A new method; the Perch variants run with {@code options}' pipeline settings and, when it is
     * not null, the sequence model trained with {@code scorer} (reported as {@code perch-seq...}).
     */
    public static Method create(
            String name,
            long seed,
            CandidateScorer scorer,
            Map<String, float[]> embeddings,
            PerchOptions options,
            SequenceModel sequence) {
        return create(name, seed, scorer, embeddings, options, sequence, null);
    }

    /**
     * A new method; {@code perch-content} needs the catalog's {@code text} (from {@code
     * --item-text}), the others ignore it.
     */
    public static Method create(
            String name,
            long seed,
            CandidateScorer scorer,
            Map<String, float[]> embeddings,
            PerchOptions options,
            SequenceModel sequence,
            TextCatalog text) {
        boolean trained = scorer != null && scorer != WeightedSumScorer.DEFAULT;
        CandidateScorer perch = trained ? scorer : options.fallback();
        return switch (name) {
            case "most-popular" -> new MostPopular();
            case "recent-popular" -> new RecentPopular(RECENT_WINDOW);
            case "session-popular" -> new SessionPopular();
            case "markov" -> new MarkovChain();
            case "sequential-rules" -> new SequentialRules(10);
            case "item-knn-covisit" -> new CoVisitationKnn(CoVisitationSettings.DEFAULTS);
            case "v-sknn" -> new SessionKnn(100, 1000);
            case "bpr-mf" -> new BprMf(32, 20, 0.05, 0.002, seed);
            case "perch" ->
                    new PerchPipeline(
                            perchName("perch", trained, sequence),
                            perch,
                            embeddings,
                            false,
                            options.replay(),
                            sequence);
            case "perch-frozen" ->
                    new PerchPipeline(
                            perchName("perch-frozen", trained, sequence),
                            perch,
                            embeddings,
                            true,
                            options.replay(),
                            sequence);
            case "perch-content" -> {
                if (text == null) {
                    throw new IllegalArgumentException(
                            "perch-content needs the catalog text: pass --item-text");
                }
                yield new PerchPipeline(
                        perchName("perch-content", trained, sequence),
                        perch,
                        embeddings,
                        false,
                        options.replay(),
                        sequence,
                        text);
            }
            case "sasrec" -> {
                if (sequence == null) {
                    throw new IllegalArgumentException(
                            "sasrec is the trained sequence model alone: pass --model sequence");
                }
                yield new SequenceModelAlone(sequence);
            }
            default ->
                    throw new IllegalArgumentException(
                            "unknown method '" + name + "'; expected one of " + ALL);
        };
    }

    /**
     * The report name of a Perch variant: {@code perch...} with the no-model scorer, {@code
     * perch-djl...} with a trained model.
     */
    static String perchName(String name, boolean trained) {
        return perchName(name, trained, null);
    }

    /** The same, {@code perch-seq...} with a trained model and its sequence model. */
    static String perchName(String name, boolean trained, SequenceModel sequence) {
        if (sequence != null) {
            return name.replace("perch", "perch-seq");
        }
        return trained ? name.replace("perch", "perch-djl") : name;
    }

    /** A new method with Perch's no-model scorer and no embeddings. */
    public static Method create(String name, long seed) {
        return create(name, seed, WeightedSumScorer.DEFAULT, Map.of());
    }
}
