package dev.perch.core.recommend;

import dev.perch.core.sequence.UserEncoding;
import java.util.Objects;
import java.util.Set;

/**
 * What the sequence model knows about one user for one ranking: the encoding of their ordered
 * history and the items its candidate source must not propose (usually the items already in the
 * history).
 *
 * @param encoding the user's encoding ({@link UserEncoding#EMPTY}: no sequence signal)
 * @param leftOut the items the sequence source does not propose
 */
public record SequenceContext(UserEncoding encoding, Set<String> leftOut) {
    /** No sequence signal. */
    public static final SequenceContext NONE = new SequenceContext(UserEncoding.EMPTY, Set.of());

    public SequenceContext {
        Objects.requireNonNull(encoding, "encoding");
        leftOut = Set.copyOf(leftOut);
    }
}
