package dev.perch.streamjobs.itemstats;

/**
 * The weighted visits of one item in one scope and window: the sliding window's accumulator and
 * what it emits.
 *
 * @param scope "global" or a top-level category; null inside the per-item window
 * @param itemId the item
 * @param category the item's top-level category as of its latest event, or null
 * @param count the weighted visit count
 * @param windowEnd the end of the window (exclusive, epoch milliseconds); 0 inside the window
 */
public record TrendingCount(
        String scope, String itemId, String category, double count, long windowEnd) {}
