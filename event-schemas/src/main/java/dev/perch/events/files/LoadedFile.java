package dev.perch.events.files;

/**
 * The result of reading a click-stream file: the valid events, how many lines there were, how many
 * were skipped (headers, blank lines) and the rejected ones.
 */
public record LoadedFile(LoadedEvents events, long lines, long skipped, RejectTally rejects) {}
