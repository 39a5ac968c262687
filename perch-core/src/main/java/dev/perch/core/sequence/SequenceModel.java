package dev.perch.core.sequence;

import dev.perch.core.recommend.ScoredId;
import java.util.List;
import java.util.function.Predicate;

/**
 * A model that reads a user's ordered item sequence and encodes it as one vector in the space of
 * its own item vectors: the inner product of the encoding and an item's vector is the model's score
 * for that item coming next. One port for the trainer, the evaluator and the model server; the DJL
 * implementation lives in perch-model.
 */
public interface SequenceModel extends AutoCloseable {
    /**
     * How many items nearest to a user's encoding the sequence source proposes, the same in the
     * trainer, the evaluator and the model server (the ranker learns on that many).
     */
    int CANDIDATES = 100;

    /** The embedding version shared by this model's encodings and its {@link #items()}. */
    String version();

    /** The longest sequence the model reads; older items are ignored. */
    int maxLength();

    /**
     * Encodes each sequence (item ids, oldest first; items the model does not know are skipped) in
     * one batched call.
     *
     * @return one encoding per sequence, in order; {@link UserEncoding#EMPTY} where the sequence
     *     has no known item
     */
    List<UserEncoding> encode(List<List<String>> sequences);

    /** The model's item vectors (tied to its input embeddings), of {@link #version()}. */
    ItemVectors items();

    /**
     * The {@code k} items with the largest score for each of {@code users} among those {@code
     * allowed.get(i)}, best first, ties by the item's row: {@link ItemVectors#nearestAll}, which a
     * model may answer with one batched product on its own device instead.
     */
    default List<List<ScoredId>> nearestAll(
            List<UserEncoding> users, int k, List<? extends Predicate<String>> allowed) {
        return items().nearestAll(users, k, allowed);
    }

    /** Releases native memory; the model is unusable afterwards. */
    @Override
    void close();
}
