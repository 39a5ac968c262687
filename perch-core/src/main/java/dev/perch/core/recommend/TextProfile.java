package dev.perch.core.recommend;

import dev.perch.events.RecentItem;
import dev.perch.events.UserState;
import java.util.List;
import java.util.Optional;

/**
 * What the shopper's recent items say in words: the recency-weighted mean of their text embeddings,
 * unit length. The query of the content source and one side of the text-similarity feature,
 * computed once per ranking so both use the same vector.
 */
public final class TextProfile {
    private TextProfile() {}

    /**
     * The text profile of {@code user} over its {@code anchors} newest distinct items (weight
     * {@code anchorDecay^rank}, the same weighing as the behavioural anchors), or null when the
     * user is unknown or none of those items has a text embedding.
     */
    public static float[] of(
            UserState user, CandidateSources sources, int anchors, double anchorDecay) {
        if (user == null || anchors <= 0) {
            return null;
        }
        List<RecentItem> recent = user.getRecentItems();
        // the anchors so far, searched one by one: a state's recent items are distinct already
        // (RecentItemList), so this only guards the weighing, and a handful of comparisons cost
        // less than a hash set per request
        String[] anchorIds = new String[Math.min(anchors, recent.size())];
        float[] sum = null;
        int rank = 0;
        for (RecentItem item : recent) {
            if (rank >= anchors) {
                break;
            }
            String id = item.getItemId();
            if (contains(anchorIds, rank, id)) {
                continue;
            }
            anchorIds[rank] = id;
            Optional<float[]> text = sources.textEmbedding(id);
            float weight = (float) Math.pow(anchorDecay, rank++);
            if (text.isEmpty()) {
                continue;
            }
            float[] vector = text.get();
            if (sum == null) {
                sum = new float[vector.length];
            } else if (sum.length != vector.length) {
                continue;
            }
            for (int i = 0; i < vector.length; i++) {
                sum[i] += weight * vector[i];
            }
        }
        return sum == null ? null : normalised(sum);
    }

    private static boolean contains(String[] ids, int count, String id) {
        for (int i = 0; i < count; i++) {
            if (ids[i].equals(id)) {
                return true;
            }
        }
        return false;
    }

    /** The inner product of the profile and an item's text embedding; 0 when either is missing. */
    public static double similarity(float[] profile, float[] textEmbedding) {
        return RankingFeatures.innerProduct(profile, textEmbedding);
    }

    /** {@code vector} scaled to unit length in place (returned), or null when it is all zeros. */
    public static float[] normalised(float[] vector) {
        double norm = 0;
        for (float x : vector) {
            norm += x * x;
        }
        if (norm <= 0 || !Double.isFinite(norm)) {
            return null;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= scale;
        }
        return vector;
    }
}
