package dev.perch.core.search;

/**
 * Refuses queries a search must not run: missing or blank, longer than {@link #MAX_LENGTH}
 * characters, or holding control characters. The answer is a sentence for the caller's 400.
 */
public final class QueryCheck {
    /** The longest query accepted, in characters. */
    public static final int MAX_LENGTH = 200;

    private QueryCheck() {}

    /** Null when {@code query} may be searched, else why not. */
    public static String problem(String query) {
        if (query == null || query.isBlank()) {
            return "q must not be empty";
        }
        if (query.length() > MAX_LENGTH) {
            return "q must be at most " + MAX_LENGTH + " characters, got " + query.length();
        }
        for (int i = 0; i < query.length(); i++) {
            if (Character.isISOControl(query.charAt(i))) {
                return "q must not contain control characters (found U+"
                        + String.format("%04X", (int) query.charAt(i))
                        + " at "
                        + i
                        + ")";
            }
        }
        return null;
    }
}
