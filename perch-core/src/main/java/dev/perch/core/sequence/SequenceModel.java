package dev.perch.core.sequence;

import java.util.List;

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
     * Every user's score for every item of {@link #items()}, in one batched call: {@link
     * ItemVectors#scoreAll}, which a model may answer with one product on its own device instead.
     * The sequence source's nearest items and every candidate's score are read from it.
     *
     * @throws EmbeddingVersionMismatchException when an encoding is of another version
     */
    default SequenceScores scoreAll(List<UserEncoding> users) {
        return items().scoreAll(users);
    }

    /** Releases native memory; the model is unusable afterwards. */
    @Override
    void close();
}
