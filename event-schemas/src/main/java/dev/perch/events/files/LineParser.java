package dev.perch.events.files;

/**
 * Turns the lines of one click-stream file into events. A parser may remember the header it saw on
 * line 1; apart from that the result depends only on the line number and the text, so a line parsed
 * again gives the same event (the same event id included).
 */
@FunctionalInterface
public interface LineParser {

    /**
     * Parses one line (without its line terminator); never throws on bad input.
     *
     * @param lineNumber 1-based line number in the file
     */
    LineResult parse(long lineNumber, String line);
}
