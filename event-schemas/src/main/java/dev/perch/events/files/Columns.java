package dev.perch.events.files;

import java.util.ArrayList;
import java.util.List;

/**
 * Splitting a line into columns and reading typed columns, with rejections that name the column.
 * Shared by the delimited formats.
 */
final class Columns {
    private static final long MAX_EPOCH_MILLIS = 253_402_300_799_999L; // 9999-12-31T23:59:59.999Z

    private Columns() {}

    /** The columns between separators, empty ones included (like {@code split(sep, -1)}). */
    static String[] split(String line, String separator) {
        List<String> parts = new ArrayList<>(6);
        int start = 0;
        int at;
        while ((at = line.indexOf(separator, start)) >= 0) {
            parts.add(line.substring(start, at));
            start = at + separator.length();
        }
        parts.add(line.substring(start));
        return parts.toArray(new String[0]);
    }

    /** Rejects the line unless it has exactly {@code expected} columns. */
    static void expectCount(String[] columns, int expected, String layout)
            throws LineRejectedException {
        if (columns.length != expected) {
            throw new LineRejectedException(
                    RejectReason.WRONG_FIELD_COUNT,
                    "expected " + expected + " columns (" + layout + "), got " + columns.length);
        }
    }

    /** The trimmed column, rejected when empty. */
    static String required(String name, String value) throws LineRejectedException {
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            throw new LineRejectedException(RejectReason.MISSING_FIELD, name + " is empty");
        }
        return trimmed;
    }

    /** A finite decimal number. */
    static double number(String name, String value) throws LineRejectedException {
        String text = required(name, value);
        try {
            double d = Double.parseDouble(text);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // rejected below
        }
        throw new LineRejectedException(
                RejectReason.BAD_NUMBER, name + " must be a number, got '" + text + "'");
    }

    /** Epoch milliseconds written as a whole number of milliseconds. */
    static long epochMillis(String name, String value) throws LineRejectedException {
        String text = required(name, value);
        try {
            return checkRange(name, Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw badTime(name, text, "whole epoch milliseconds");
        }
    }

    /** Epoch milliseconds from epoch seconds, whole or with a fraction (rounded to the ms). */
    static long epochSecondsToMillis(String name, String value) throws LineRejectedException {
        String text = required(name, value);
        try {
            if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
                return checkRange(name, Math.multiplyExact(Long.parseLong(text), 1000L));
            }
            double seconds = Double.parseDouble(text);
            if (Double.isFinite(seconds) && Math.abs(seconds) < MAX_EPOCH_MILLIS / 1000.0) {
                return checkRange(name, Math.round(seconds * 1000.0));
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // rejected below
        }
        throw badTime(name, text, "epoch seconds");
    }

    private static long checkRange(String name, long millis) throws LineRejectedException {
        if (millis <= 0 || millis > MAX_EPOCH_MILLIS) {
            throw new LineRejectedException(
                    RejectReason.BAD_TIMESTAMP,
                    name
                            + " must be after 1970-01-01 and before 10000-01-01, got "
                            + millis
                            + " ms");
        }
        return millis;
    }

    private static LineRejectedException badTime(String name, String text, String unit) {
        return new LineRejectedException(
                RejectReason.BAD_TIMESTAMP, name + " must be " + unit + ", got '" + text + "'");
    }
}
