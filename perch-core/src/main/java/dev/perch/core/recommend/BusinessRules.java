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
 * @param categoryBoosts score multipliers by top-level category (merchandising)
 */
public record BusinessRules(
        boolean excludePurchased,
        boolean excludeUnavailable,
        boolean excludeRecent,
        int maxPerCategory,
        Map<String, Double> categoryBoosts) {

    /**
     * Shop defaults: no purchased item, no unavailable item, nothing the shopper is looking at or
     * just saw (the recent items), at most 4 per category, no boosts.
     */
    public static final BusinessRules DEFAULTS = new BusinessRules(true, true, true, 4, Map.of());

    /** No rule at all: what offline protocols that rank every item use. */
    public static final BusinessRules NONE = new BusinessRules(false, false, false, 0, Map.of());

    public BusinessRules {
        if (maxPerCategory < 0) {
            throw new IllegalArgumentException(
                    "maxPerCategory must not be negative: " + maxPerCategory);
        }
        categoryBoosts = Map.copyOf(Objects.requireNonNull(categoryBoosts, "categoryBoosts"));
        for (Map.Entry<String, Double> boost : categoryBoosts.entrySet()) {
            if (!(boost.getValue() > 0)) {
                throw new IllegalArgumentException(
                        "boost of " + boost.getKey() + " must be positive");
            }
        }
    }

    /** A copy with other boosts. */
    public BusinessRules withBoosts(Map<String, Double> boosts) {
        return new BusinessRules(
                excludePurchased, excludeUnavailable, excludeRecent, maxPerCategory, boosts);
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
        return !excludeUnavailable || facts.available();
    }

    /** The multiplier of the item's category, 1 without a boost. */
    double boostOf(ItemFacts facts) {
        return facts.category() == null ? 1 : categoryBoosts.getOrDefault(facts.category(), 1.0);
    }
}
