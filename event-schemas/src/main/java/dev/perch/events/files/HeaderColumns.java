package dev.perch.events.files;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The positions of named columns in a delimited file, read from its header line (RecBole's typed
 * {@code user_id:token}, session-rec's {@code SessionId}) or the format's default order.
 */
final class HeaderColumns {
    private final Map<String, Integer> positions;
    private final int count;
    private final String layout;

    private HeaderColumns(Map<String, Integer> positions, int count, String layout) {
        this.positions = positions;
        this.count = count;
        this.layout = layout;
    }

    /** The default order, for files without a header. */
    static HeaderColumns ofDefault(List<String> names, String separator) {
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            positions.put(names.get(i), i);
        }
        return new HeaderColumns(positions, names.size(), String.join(separator, names));
    }

    /**
     * The order given by a header line; a name's {@code :type} suffix is ignored.
     *
     * @throws LineRejectedException BAD_HEADER when a required name is missing or repeated
     */
    static HeaderColumns ofHeader(String[] header, List<String> required)
            throws LineRejectedException {
        Map<String, Integer> positions = new HashMap<>();
        String[] names = new String[header.length];
        for (int i = 0; i < header.length; i++) {
            String name = header[i].trim();
            int colon = name.indexOf(':');
            names[i] = colon >= 0 ? name.substring(0, colon) : name;
            if (positions.put(names[i], i) != null) {
                throw new LineRejectedException(
                        RejectReason.BAD_HEADER, "header repeats the column " + names[i]);
            }
        }
        for (String name : required) {
            if (!positions.containsKey(name)) {
                throw new LineRejectedException(
                        RejectReason.BAD_HEADER,
                        "header " + Arrays.toString(names) + " lacks the column " + name);
            }
        }
        return new HeaderColumns(positions, header.length, String.join(",", names));
    }

    /** The column's value in a split line, or null when the layout has no such column. */
    String get(String[] columns, String name) {
        Integer at = positions.get(name);
        return at == null ? null : columns[at];
    }

    /** Rejects a line whose column count differs from the header's. */
    void expectCount(String[] columns) throws LineRejectedException {
        Columns.expectCount(columns, count, layout);
    }
}
