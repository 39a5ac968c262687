package dev.perch.core.recommend;

import dev.perch.core.sequence.UserEncoding;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What the sequence model knows about one user for one ranking: the encoding of their ordered
 * history and which items its candidate source may propose (items already in the history are
 * usually left out).
 *
 * @param encoding the user's encoding ({@link UserEncoding#EMPTY}: no sequence signal)
 * @param allowed the items the sequence source may propose
 */
public record SequenceContext(UserEncoding encoding, Predicate<String> allowed) {
    /** No sequence signal. */
    public static final SequenceContext NONE =
            new SequenceContext(UserEncoding.EMPTY, item -> true);

    public SequenceContext {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(allowed, "allowed");
    }
}
