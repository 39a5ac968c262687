package dev.perch.events;

/**
 * One string object per item id in the long-lived structures of a process (the feature store's
 * facts table, vector index and cached neighbour and trending lists; the sequence model's rows). An
 * id decoded from a record is a new string each time, so a look-up by it compared the bytes of two
 * strings that are rarely in cache (the model server's hottest method in issue 16's profile); with
 * the canonical object on both sides, {@code equals} returns at its identity check.
 *
 * <p>The JDK's string table holds the canonical objects ({@link String#intern}): thread-safe,
 * resized as it grows, and an id no structure refers to any more is collected with its string. Only
 * the structures above canonicalize, once per write or decode; the ids of one request (a user's
 * state) need not. The feature store makes a decoded list's ids canonical through its facts table's
 * keys (these same objects) first, one map look-up, and asks the string table only for an id
 * without a catalog record.
 */
public final class ItemIds {
    private ItemIds() {}

    /** The process's one string object equal to {@code itemId} (null stays null). */
    public static String canonical(String itemId) {
        return itemId == null ? null : itemId.intern();
    }
}
