package dev.perch.streamjobs;

/**
 * What happens to an event whose item is still not in the catalog after the catalog wait: the safe
 * default keeps the event (counts, recent items) without an embedding; the strict one rejects it.
 */
public enum UnknownItemPolicy {
    /** Update the user without an embedding for that event; count it in {@code unknownItems}. */
    ENRICH_WITHOUT_EMBEDDING,
    /** Send the event to the dead-letter topic with reason {@code UNKNOWN_ITEM}. */
    DEAD_LETTER
}
