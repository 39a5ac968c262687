package dev.perch.events.files;

import java.util.List;

/**
 * A parser of tab-separated files whose optional first line names the columns: line 1 is taken as
 * the header when its first column is one of the known names, otherwise the default order applies.
 * A bad header rejects every line after it with BAD_HEADER (nothing can be read reliably).
 */
final class HeaderedTsvParser implements LineParser {

    /** Makes the event from the columns of one line. */
    @FunctionalInterface
    interface RowReader {
        LineResult read(long lineNumber, String line, String[] columns, HeaderColumns layout)
                throws LineRejectedException;
    }

    private final List<String> defaultOrder;
    private final List<String> required;
    private final RowReader reader;
    private HeaderColumns layout;
    private LineResult.Rejected headerError;

    HeaderedTsvParser(List<String> defaultOrder, List<String> required, RowReader reader) {
        this.defaultOrder = defaultOrder;
        this.required = required;
        this.reader = reader;
        this.layout = HeaderColumns.ofDefault(defaultOrder, "\t");
    }

    @Override
    public LineResult parse(long lineNumber, String line) {
        if (line.isBlank()) {
            return new LineResult.Skipped("blank line");
        }
        String[] c = Columns.split(line, "\t");
        if (lineNumber == 1 && looksLikeHeader(c)) {
            return readHeader(c);
        }
        if (headerError != null) {
            return headerError;
        }
        try {
            layout.expectCount(c);
            return reader.read(lineNumber, line, c, layout);
        } catch (LineRejectedException e) {
            return e.toResult();
        }
    }

    private LineResult readHeader(String[] c) {
        try {
            layout = HeaderColumns.ofHeader(c, required);
            return new LineResult.Skipped("header");
        } catch (LineRejectedException e) {
            headerError =
                    new LineResult.Rejected(
                            RejectReason.BAD_HEADER,
                            "the header on line 1 is unusable: " + e.getMessage());
            return e.toResult();
        }
    }

    private boolean looksLikeHeader(String[] columns) {
        String first = columns[0].trim();
        int colon = first.indexOf(':');
        String name = colon >= 0 ? first.substring(0, colon) : first;
        return defaultOrder.contains(name);
    }
}
