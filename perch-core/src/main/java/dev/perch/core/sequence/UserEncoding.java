package dev.perch.core.sequence;

import java.util.Objects;

/**
 * A user's sequence encoded by a {@link SequenceModel}: the vector and the embedding version it
 * belongs to, so it is only ever compared with {@link ItemVectors} of the same version.
 *
 * @param version the embedding version of the model that encoded it ("" for {@link #EMPTY})
 * @param vector the encoding (empty for {@link #EMPTY})
 */
public record UserEncoding(String version, float[] vector) {
    /** The encoding of a sequence with no item the model knows. */
    public static final UserEncoding EMPTY = new UserEncoding("", new float[0]);

    public UserEncoding {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(vector, "vector");
    }

    /** Whether this is {@link #EMPTY}. */
    public boolean isEmpty() {
        return vector.length == 0;
    }
}
