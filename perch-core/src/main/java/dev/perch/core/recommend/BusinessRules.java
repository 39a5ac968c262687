package dev.perch.core.recommend;

import dev.perch.events.RecentItem;
import dev.perch.events.UserState;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a ranked list may contain, whatever the model says.
 *
 * @param excludePurchased drop items the user bought (the state keeps the last purchases)
 * @param excludeUnavailable drop items the catalog marks unavailable
 * @param excludeRecent drop items in the user's recent items (a shop's "recommended for you" row,
 *     and protocols that rank only unseen items; off where re-visits count as hits)
 * @param maxPerCategory at most this many items of one top-level category; 0 for no cap
 * @param categoryBoosts multipliers by top-level category (merchandising), applied to the rank
 *     score, never to the raw model score: see {@link Recommender#finish}. A boost above 1 never
 *     moves an item down, one below 1 never moves it up, whatever the sign of the model's score.
 * @param excludedCategories top-level categories never shown
 */
public record BusinessRules(
        boolean excludePurchased,
        boolean excludeUnavailable,
        boolean excludeRecent,
        int maxPerCategory,
        Map<String, Double> categoryBoosts,
        Set<String> excludedCategories) {

    /**
     * Shop defaults: no purchased item, no unavailable item, nothing the shopper is looking at or
     * just saw (the recent items), at most 4 per category, no boosts.
     */
    public static final BusinessRules DEFAULTS = new BusinessRules(true, true, true, 4, Map.of());

    /** No rule at all: what offline protocols that rank every item use. */
    public static final BusinessRules NONE = new BusinessRules(false, false, false, 0, Map.of());

    /** Rules without excluded categories. */
    public BusinessRules(
            boolean excludePurchased,
            boolean excludeUnavailable,
            boolean excludeRecent,
            int maxPerCategory,
            Map<String, Double> categoryBoosts) {
        this(
                excludePurchased,
                excludeUnavailable,
                excludeRecent,
                maxPerCategory,
                categoryBoosts,
                Set.of());
    }

    public BusinessRules {
        excludedCategories =
                Set.copyOf(Objects.requireNonNull(excludedCategories, "excludedCategories"));
        if (maxPerCategory < 0) {
            throw new IllegalArgumentException(
                    "maxPerCategory must not be negative: " + maxPerCategory);
        }
        categoryBoosts = Map.copyOf(Objects.requireNonNull(categoryBoosts, "categoryBoosts"));
        for (Map.Entry<String, Double> boost : categoryBoosts.entrySet()) {
            if (!(boost.getValue() > 0) || boost.getValue().isInfinite()) {
                throw new IllegalArgumentException(
                        "boost of " + boost.getKey() + " must be positive and finite");
            }
        }
    }

    /** A copy with other boosts. */
    public BusinessRules withBoosts(Map<String, Double> boosts) {
        return new BusinessRules(
                excludePurchased,
                excludeUnavailable,
                excludeRecent,
                maxPerCategory,
                boosts,
                excludedCategories);
    }

    /** A copy with another per-category cap (0: none). */
    public BusinessRules withMaxPerCategory(int cap) {
        return new BusinessRules(
                excludePurchased,
                excludeUnavailable,
                excludeRecent,
                cap,
                categoryBoosts,
                excludedCategories);
    }

    /** A copy that never shows these top-level categories. */
    public BusinessRules withExcludedCategories(Set<String> categories) {
        return new BusinessRules(
                excludePurchased,
                excludeUnavailable,
                excludeRecent,
                maxPerCategory,
                categoryBoosts,
                categories);
    }

    /** A copy that shows (or not) the shopper's recent items again. */
    public BusinessRules withExcludeRecent(boolean exclude) {
        return new BusinessRules(
                excludePurchased,
                excludeUnavailable,
                exclude,
                maxPerCategory,
                categoryBoosts,
                excludedCategories);
    }

    /** The items {@code user} must not be shown. */
    Set<String> excludedFor(UserState user) {
        Set<String> excluded = new HashSet<>();
        if (user == null) {
            return excluded;
        }
        if (excludePurchased) {
            for (RecentItem purchased : user.getPurchasedItems()) {
                excluded.add(purchased.getItemId());
            }
        }
        if (excludeRecent) {
            for (RecentItem recent : user.getRecentItems()) {
                excluded.add(recent.getItemId());
            }
        }
        return excluded;
    }

    /** Whether {@code facts} passes the item-level rules. */
    boolean admits(ItemFacts facts) {
        return (!excludeUnavailable || facts.available())
                && (facts.category() == null || !excludedCategories.contains(facts.category()));
    }

    /** The multiplier of the item's category, 1 without a boost. */
    double boostOf(ItemFacts facts) {
        return facts.category() == null ? 1 : categoryBoosts.getOrDefault(facts.category(), 1.0);
    }
}
