package dev.perch.core;

import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import java.io.Serializable;

/**
 * How much one event of each type moves a user's vector; a purchase counts more than a view.
 * Weights may be zero (the event is counted but does not move the vector) or negative.
 *
 * <p>A {@code RATE} event weighs {@code rate * clamp(value, 0, ratingMax) / ratingMax}: a top
 * rating counts {@code rate}, a missing or non-positive rating counts nothing.
 *
 * <p>{@code REMOVE_FROM_CART} defaults to 0, not -1: a removal is ambiguous (a quantity change, a
 * comparison, a move to the wish list) and the item was still of interest; a negative weight could
 * cancel a user's only signal, leaving a zero vector whose direction is undefined.
 */
public record EventWeights(
        double view,
        double click,
        double addToCart,
        double removeFromCart,
        double purchase,
        double search,
        double rate,
        double ratingMax)
        implements Serializable {

    /**
     * VIEW 1, CLICK 1, ADD_TO_CART 3, REMOVE_FROM_CART 0, PURCHASE 5, SEARCH 0, RATE 4 at 5 stars.
     */
    public static final EventWeights DEFAULTS = new EventWeights(1, 1, 3, 0, 5, 0, 4, 5);

    public EventWeights {
        requireFinite("view", view);
        requireFinite("click", click);
        requireFinite("addToCart", addToCart);
        requireFinite("removeFromCart", removeFromCart);
        requireFinite("purchase", purchase);
        requireFinite("search", search);
        requireFinite("rate", rate);
        if (!(ratingMax > 0) || !Double.isFinite(ratingMax)) {
            throw new IllegalArgumentException("ratingMax must be a positive number: " + ratingMax);
        }
    }

    /** The weight of this event: its type's weight, scaled by the rating for {@code RATE}. */
    public double weightOf(ClickEvent event) {
        return weightOf(event.getType(), event.getValue());
    }

    /** The weight of an event of this type carrying this value (the rating for {@code RATE}). */
    public double weightOf(EventType type, Double value) {
        return switch (type) {
            case VIEW -> view;
            case CLICK -> click;
            case ADD_TO_CART -> addToCart;
            case REMOVE_FROM_CART -> removeFromCart;
            case PURCHASE -> purchase;
            case SEARCH -> search;
            case RATE ->
                    value == null || !(value > 0)
                            ? 0.0
                            : rate * Math.min(value, ratingMax) / ratingMax;
        };
    }

    private static void requireFinite(String name, double weight) {
        if (!Double.isFinite(weight)) {
            throw new IllegalArgumentException(name + " weight must be finite: " + weight);
        }
    }
}
