package dev.perch.core.recommend;

import java.util.Optional;

/**
 * The catalog as ranking sees it: the feature store in the model server, in-memory maps in the
 * evaluator.
 */
public interface ItemCatalog {
    /** The facts of one item, empty when the item is unknown. */
    Optional<ItemFacts> item(String itemId);
}
