package dev.perch.model.sequence;

/**
 * The architecture of a sequence model: what must match between the trainer that wrote the
 * parameters and the loader that reads them back.
 *
 * @param itemCount items known to the model (indices 1..itemCount; 0 pads)
 * @param dimension the hidden and embedding size
 * @param blocks the number of Transformer blocks
 * @param heads attention heads per block (they divide the dimension)
 * @param maxLength the longest sequence the model reads (older items are cut)
 * @param dropout the dropout rate while training
 */
public record SequenceShape(
        int itemCount, int dimension, int blocks, int heads, int maxLength, double dropout) {
    public SequenceShape {
        if (itemCount <= 0 || dimension <= 0 || blocks <= 0 || heads <= 0 || maxLength <= 0) {
            throw new IllegalArgumentException("sizes must be positive: " + this);
        }
        if (dimension % heads != 0) {
            throw new IllegalArgumentException("heads must divide the dimension: " + this);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1): " + dropout);
        }
    }
}
