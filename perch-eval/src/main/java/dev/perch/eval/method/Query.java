package dev.perch.eval.method;

import java.util.List;
import java.util.function.Predicate;

/**
 * One request for a ranked list: the user (or anonymous session), what they did so far in order
 * (the session prefix for session protocols, the whole history for user protocols), and which items
 * the protocol allows in the list.
 *
 * @param user the user or session id
 * @param history the items before the target, oldest first
 * @param allowed items a list may contain (e.g. not already seen)
 */
public record Query(String user, List<String> history, Predicate<String> allowed) {
    /** A query allowing every item. */
    public static Query of(String user, List<String> history) {
        return new Query(user, history, item -> true);
    }

    /** The most recent item, or null when the history is empty. */
    public String last() {
        return history.isEmpty() ? null : history.get(history.size() - 1);
    }
}
