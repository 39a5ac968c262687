package dev.perch.core.search;

import java.util.Set;

/**
 * The catalog's own words for each facet a query can name, lower case: every category on a category
 * path, every brand, every colour and size attribute value. Query understanding matches only these,
 * so it never invents a filter the catalog cannot satisfy.
 */
public interface Vocabulary {
    /** The values the catalog knows for {@code facet}. */
    Set<String> values(Facet facet);

    /** The facets a query can name. */
    enum Facet {
        CATEGORY,
        BRAND,
        COLOUR,
        SIZE
    }
}
