package dev.perch.core;

/**
 * Thrown where vectors of two embedding spaces were about to be compared: a programming error (the
 * callers check {@link EmbeddingSpace} first and fall back to sources that need no vector), never a
 * result to show a shopper.
 */
public final class MixedEmbeddingSpacesException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public MixedEmbeddingSpacesException(String what, EmbeddingSpace a, EmbeddingSpace b) {
        super(what + ": embedding space " + a + " would meet embedding space " + b);
    }
}
