package dev.perch.core.recommend;

import dev.perch.events.RecentItem;
import dev.perch.events.UserState;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The features of one (user, candidate) pair, in a fixed order: the contract between the trainer,
 * the model server, the evaluator and any TorchScript model (input float32 [n, {@link #COUNT}],
 * output float32 [n] or [n, 1]). Changing them changes {@link #VERSION}.
 */
public final class RankingFeatures {
    /** The version of this feature definition, written into every model artifact. */
    public static final String VERSION = "perch-features-v4";

    /** The feature names in column order. */
    public static final List<String> NAMES =
            List.of(
                    "user_item_dot", // inner product of the user vector and the item embedding
                    "nearest_score", // the nearest-items source's normalised score
                    "neighbor_score", // co-visitation with recent viewed items, recency-weighted
                    "bought_together_score", // co-visitation with recent cart/purchase items
                    "trending_score", // normalised trending score, summed over scopes
                    "log_popularity", // log(1 + item popularity)
                    "category_affinity", // the user's share of affinity for the item's category
                    "recently_touched", // 1 when the item is in the user's recent items
                    "log_user_events", // log(1 + the user's event count)
                    "has_user_vector", // 1 when the user vector is set
                    // v2: sequential signals
                    "follows_score", // followed the user's latest items, last click weighs most
                    "revisit_score", // occurrences among the latest interactions, 1/(1+steps)
                    "log_sequence_count", // log(1 + occurrences in the user's sequence)
                    "sequence_recency", // 1/(1 + interactions since the item's latest), else 0
                    "is_last_item", // 1 when the item is the user's latest interaction
                    // v3: the sequence model
                    "sequence_score", // the sequence model's score (encoding . item vector)
                    "has_sequence_score", // 1 when the sequence model scored the item
                    // v4: item text
                    "text_similarity"); // cosine of the item's text and the user's TextProfile

    /** The column of {@code sequence_score}. */
    public static final int SEQUENCE_SCORE = 15;

    /** The column of {@code has_sequence_score}. */
    public static final int HAS_SEQUENCE_SCORE = 16;

    /** The column of {@code text_similarity}. */
    public static final int TEXT_SIMILARITY = 17;

    /** The number of features. */
    public static final int COUNT = NAMES.size();

    private RankingFeatures() {}

    /**
     * {@code (float) Math.log1p(i)} for the whole numbers {@code i} below its length: the log-count
     * features (of every candidate an item's popularity, a weighted visit count, and the
     * occurrences in the user's sequence; of the user the event count) are mostly small whole
     * numbers, and {@code Math.log1p} took about 2 % of the model server's samples at 5,000
     * events/s (issue 16). Read through {@link #log1p}, which gives the same float for every
     * argument.
     */
    private static final float[] LOG1P_OF_COUNTS = new float[4096];

    static {
        for (int i = 0; i < LOG1P_OF_COUNTS.length; i++) {
            LOG1P_OF_COUNTS[i] = (float) Math.log1p(i);
        }
    }

    /** {@code (float) Math.log1p(x)}, from a table for the whole numbers it holds. */
    static float log1p(double x) {
        if (x >= 0 && x < LOG1P_OF_COUNTS.length) {
            int whole = (int) x;
            // -0.0 equals 0 but its log1p is -0.0: left to Math
            if (whole == x && (whole > 0 || Double.doubleToRawLongBits(x) == 0L)) {
                return LOG1P_OF_COUNTS[whole];
            }
        }
        return (float) Math.log1p(x);
    }

    /**
     * What the features read of one user, computed once per request instead of once per candidate:
     * the sequence signals, the text profile, the vector as floats, the total category affinity,
     * the event count and the recent items as a set. At a few hundred candidates per user the
     * per-candidate recomputation (the vector unboxed, the affinities and counts summed, the recent
     * items scanned) was a tenth of the features' cost.
     */
    public static final class UserContext {
        private final SequenceSignals sequence;
        private final float[] textProfile;
        private final float[] vector; // null: no usable vector
        private final Map<String, Float> affinity;
        private final double affinityTotal;
        private final float logEvents;
        private final Set<String> recent;

        private UserContext(UserState user, SequenceSignals sequence, float[] textProfile) {
            this.sequence = sequence;
            this.textProfile = textProfile;
            this.vector = hasVector(user) ? floats(user.getVector()) : null;
            this.affinity = user == null ? Map.of() : user.getCategoryAffinity();
            double total = 0;
            for (float value : affinity.values()) {
                total += value;
            }
            this.affinityTotal = total;
            this.logEvents = log1p(eventCount(user));
            Set<String> ids = new HashSet<>();
            if (user != null) {
                for (RecentItem recentItem : user.getRecentItems()) {
                    ids.add(recentItem.getItemId());
                }
            }
            this.recent = ids;
        }

        /**
         * The context of {@code user} (null when unknown) with its sequence signals and {@link
         * TextProfile} (null when none).
         */
        public static UserContext of(
                UserState user, SequenceSignals sequence, float[] textProfile) {
            return new UserContext(user, sequence, textProfile);
        }

        private static float[] floats(List<Float> values) {
            float[] out = new float[values.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = values.get(i);
            }
            return out;
        }

        double dot(ItemFacts facts) {
            return innerProduct(vector, facts.embedding());
        }

        double categoryShare(String category) {
            if (category == null) {
                return 0; // an unknown user has no affinities (an empty map)
            }
            Float mine = affinity.get(category);
            return mine == null || affinityTotal <= 0 ? 0 : mine / affinityTotal;
        }
    }

    /** Writes the features of {@code candidate} for the user of {@code context} at {@code row}. */
    public static void write(
            UserContext context, Candidate candidate, ItemFacts facts, float[] out, int row) {
        int at = row * COUNT;
        out[at] = (float) context.dot(facts);
        out[at + 1] = (float) candidate.score(CandidateSource.NEAREST);
        out[at + 2] = (float) candidate.score(CandidateSource.NEIGHBORS);
        out[at + 3] = (float) candidate.score(CandidateSource.BOUGHT_TOGETHER);
        out[at + 4] = (float) candidate.score(CandidateSource.TRENDING);
        out[at + 5] = log1p(Math.max(0, facts.popularity()));
        out[at + 6] = (float) context.categoryShare(facts.category());
        out[at + 7] = context.recent.contains(candidate.itemId()) ? 1f : 0f;
        out[at + 8] = context.logEvents;
        out[at + 9] = context.vector != null ? 1f : 0f;
        SequenceSignals.Occurrences seen = context.sequence.occurrences(candidate.itemId());
        int steps = seen.stepsSince();
        out[at + 10] = (float) candidate.score(CandidateSource.FOLLOWS);
        out[at + 11] = (float) candidate.score(CandidateSource.SESSION);
        out[at + 12] = log1p(seen.count());
        out[at + 13] = steps < 0 ? 0f : 1f / (1 + steps);
        out[at + 14] = steps == 0 ? 1f : 0f;
        if (candidate.hasSequenceScore()) {
            out[at + SEQUENCE_SCORE] = (float) candidate.sequenceScore();
            out[at + HAS_SEQUENCE_SCORE] = 1f;
        }
        out[at + TEXT_SIMILARITY] =
                (float) TextProfile.similarity(context.textProfile, facts.textEmbedding());
    }

    /**
     * The inner product of two vectors, their float products summed in a double; 0 when either is
     * missing or their lengths differ (vectors of two embedding spaces never meet).
     */
    static double innerProduct(float[] a, float[] b) {
        if (a == null || b == null || a.length != b.length) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static long eventCount(UserState user) {
        if (user == null) {
            return 0;
        }
        long total = 0;
        for (long count : user.getEventCounts().values()) {
            total += count;
        }
        return total;
    }

    private static boolean hasVector(UserState user) {
        return user != null && !user.getVector().isEmpty() && user.getVectorWeight() > 0;
    }
}
