package dev.perch.core.itemstats;

import dev.perch.events.EventType;

/** How much a visit of each event type counts for co-visitation and popularity. */
public final class VisitWeights {
    private VisitWeights() {}

    /** 1 for views, clicks and ratings, 2 for add-to-cart, 3 for purchases, 0 for the rest. */
    public static double of(EventType type) {
        return switch (type) {
            case VIEW, CLICK, RATE -> 1;
            case ADD_TO_CART -> 2;
            case PURCHASE -> 3;
            case REMOVE_FROM_CART, SEARCH -> 0;
        };
    }
}
