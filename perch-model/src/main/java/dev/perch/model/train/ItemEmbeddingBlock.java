package dev.perch.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.perch.model.Djl;

/**
 * The item-embedding model: one table E of item vectors. A user context is the L2-normalised,
 * weighted sum of the normalised vectors of the user's previous items (exactly what the live user
 * vector is), and the logit of a candidate is {@code temperature * cos(context, E[candidate])}.
 *
 * <p>Inputs: context item indices int64 [B, L], context weights float32 [B, L] (0 pads), candidate
 * indices int64 [B, C] (the true next item first). Output: logits float32 [B, C].
 */
final class ItemEmbeddingBlock extends AbstractBlock {
    private static final float EPSILON = 1e-8f;

    private final Parameter items;
    private final float temperature;

    ItemEmbeddingBlock(int itemCount, int dimension, double temperature) {
        super((byte) 1);
        this.temperature = (float) temperature;
        this.items =
                addParameter(
                        Parameter.builder()
                                .setName("items")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(new Shape(itemCount, dimension))
                                .build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray table = store.getValue(items, inputs.head().getDevice(), training);
        NDArray contextIds = inputs.get(0);
        NDArray weights = inputs.get(1);
        NDArray candidateIds = inputs.get(2);
        NDArray context =
                normalise(Embedding.embedding(contextIds, table, SparseFormat.DENSE).head());
        NDArray user = normalise(context.mul(weights.expandDims(2)).sum(new int[] {1}));
        NDArray candidates =
                normalise(Embedding.embedding(candidateIds, table, SparseFormat.DENSE).head());
        NDArray logits =
                candidates
                        .mul(user.expandDims(1))
                        .sum(new int[] {2})
                        .mul(Djl.scalar(candidates, temperature));
        return new NDList(logits);
    }

    /** Each vector along the last axis divided by its L2 norm. */
    static NDArray normalise(NDArray vectors) {
        NDArray norm = vectors.square().sum(new int[] {-1}, true).sqrt().add(EPSILON);
        return vectors.div(norm);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[2]};
    }

    /** The item table. */
    Parameter items() {
        return items;
    }
}
