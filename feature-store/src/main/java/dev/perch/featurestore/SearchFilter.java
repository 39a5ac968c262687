package dev.perch.featurestore;

import java.util.List;
import java.util.Set;

/**
 * Which items a nearest-items query may return: only available ones, only those under a category
 * prefix (empty: any), and never those in an exclusion set (e.g. what the user just bought).
 */
public record SearchFilter(
        boolean availableOnly, List<String> categoryPrefix, Set<String> excluded) {
    /** Every item with an embedding. */
    public static final SearchFilter NONE = new SearchFilter(false, List.of(), Set.of());

    public SearchFilter {
        categoryPrefix = List.copyOf(categoryPrefix);
        excluded = Set.copyOf(excluded);
    }

    /** Only items whose catalog record says they can be bought now. */
    public static SearchFilter onlyAvailable() {
        return NONE.withAvailableOnly();
    }

    public SearchFilter withAvailableOnly() {
        return new SearchFilter(true, categoryPrefix, excluded);
    }

    /**
     * Only items whose category path starts with these names, e.g. ["Shoes"] or ["Shoes",
     * "Running"].
     */
    public SearchFilter inCategory(List<String> prefix) {
        return new SearchFilter(availableOnly, prefix, excluded);
    }

    /** Never these item ids. */
    public SearchFilter excluding(Set<String> itemIds) {
        return new SearchFilter(availableOnly, categoryPrefix, itemIds);
    }

    /** True when the filter lets every item through (no per-row check needed). */
    boolean isOpen() {
        return !availableOnly && categoryPrefix.isEmpty() && excluded.isEmpty();
    }

    boolean categoryMatches(List<String> path) {
        return path.size() >= categoryPrefix.size()
                && path.subList(0, categoryPrefix.size()).equals(categoryPrefix);
    }
}
