package dev.perch.core.sequence;

/**
 * Thrown when vectors of two embedding versions meet (a user encoding of one model against the item
 * vectors of another): their inner products would be meaningless, so they are never computed.
 */
public final class EmbeddingVersionMismatchException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public EmbeddingVersionMismatchException(String expected, String actual) {
        super(
                "embedding versions differ: item vectors are "
                        + expected
                        + ", the user encoding is "
                        + actual);
    }
}
