package dev.perch.model.sequence;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.perch.model.Djl;
import java.util.ArrayList;
import java.util.List;

/**
 * The SASRec-family causal self-attention encoder (Kang &amp; McAuley 2018, trained as SASRec+ with
 * full softmax cross-entropy), laid out as the SASRec+ reference code lays it out (Klenitskiy &amp;
 * Vasilev 2023, after pmixer's SASRec.pytorch), because that is the model behind the published
 * figures: item embedding scaled by sqrt(d) plus a learned position counted from the oldest item of
 * the window; in each block the query is the layer-normed stream and the attention adds onto that
 * normed query ({@code x = LN(x) + attention(LN(x), x, x)}), then the stream is normed again and
 * the feed-forward adds onto it ({@code x = LN(x) + FFN(LN(x))}); a final layer norm; output logits
 * tied to the input item table. So each block hands on a normalised stream, not the raw residual
 * sum of a pre-norm Transformer. Built from DJL's functional {@code ai.djl.nn} ops.
 *
 * <p>Inputs: item indices int64 [B, L] (items are 1..V, a row's items first, then 0 pads on the
 * right), positions int64 [L] ({@code 0..L-1}, so a row's oldest item is at position 0), causal
 * bias float32 [1, 1, L, L], padding-key bias float32 [B, 1, 1, L], valid mask float32 [B, L, 1],
 * selected flat positions int64 [N]. Output: logits float32 [N, V] over items 1..V. Serving and
 * validation encode each row at its newest item with {@link #newest}, which computes the same
 * hidden state with less work.
 */
final class SasRecBlock extends AbstractBlock {
    private static final float LAYER_NORM_EPSILON = 1e-8f;

    private final int itemCount;
    private final int dimension;
    private final int heads;
    private final int maxLength;
    private final float dropout;
    private final Parameter items;
    private final Parameter positions;
    private final List<Layer> layers = new ArrayList<>();
    private final Parameter finalGamma;
    private final Parameter finalBeta;

    /** The parameters of one Transformer block. */
    private record Layer(
            Parameter attentionGamma,
            Parameter attentionBeta,
            Parameter query,
            Parameter queryBias,
            Parameter key,
            Parameter keyBias,
            Parameter value,
            Parameter valueBias,
            Parameter output,
            Parameter outputBias,
            Parameter feedForwardGamma,
            Parameter feedForwardBeta,
            Parameter inner,
            Parameter innerBias,
            Parameter outer,
            Parameter outerBias) {}

    SasRecBlock(SequenceShape shape) {
        super((byte) 1);
        this.itemCount = shape.itemCount();
        this.dimension = shape.dimension();
        this.heads = shape.heads();
        this.maxLength = shape.maxLength();
        this.dropout = (float) shape.dropout();
        if (dimension % heads != 0) {
            throw new IllegalArgumentException("dimension must divide into the heads");
        }
        this.items = weight("items", itemCount + 1, dimension);
        this.positions = weight("positions", maxLength, dimension);
        for (int b = 0; b < shape.blocks(); b++) {
            String p = "block" + b + "_";
            layers.add(
                    new Layer(
                            gamma(p + "attention_gamma"),
                            beta(p + "attention_beta"),
                            weight(p + "query", dimension, dimension),
                            bias(p + "query_bias"),
                            weight(p + "key", dimension, dimension),
                            bias(p + "key_bias"),
                            weight(p + "value", dimension, dimension),
                            bias(p + "value_bias"),
                            weight(p + "output", dimension, dimension),
                            bias(p + "output_bias"),
                            gamma(p + "feed_forward_gamma"),
                            beta(p + "feed_forward_beta"),
                            weight(p + "inner", dimension, dimension),
                            bias(p + "inner_bias"),
                            weight(p + "outer", dimension, dimension),
                            bias(p + "outer_bias")));
        }
        this.finalGamma = gamma("final_gamma");
        this.finalBeta = beta("final_beta");
    }

    private Parameter weight(String name, int rows, int columns) {
        return addParameter(
                Parameter.builder()
                        .setName(name)
                        .setType(Parameter.Type.WEIGHT)
                        .optShape(new Shape(rows, columns))
                        .build());
    }

    private Parameter bias(String name) {
        return vector(name, Parameter.Type.BIAS);
    }

    private Parameter gamma(String name) {
        return vector(name, Parameter.Type.GAMMA);
    }

    private Parameter beta(String name) {
        return vector(name, Parameter.Type.BETA);
    }

    private Parameter vector(String name, Parameter.Type type) {
        return addParameter(
                Parameter.builder()
                        .setName(name)
                        .setType(type)
                        .optShape(new Shape(dimension))
                        .build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray positionIds = inputs.get(1);
        NDArray causal = inputs.get(2);
        NDArray paddingKeys = inputs.get(3);
        NDArray valid = inputs.get(4);
        NDArray selected = inputs.get(5);
        NDArray x = embed(store, ids, positionIds, training).mul(valid);
        NDArray attentionBias = causal.add(paddingKeys);
        for (Layer layer : layers) {
            x = block(store, x, x, attentionBias, layer, training).mul(valid);
        }
        x = norm(store, x, finalGamma, finalBeta, training);
        NDArray hidden =
                Embedding.embedding(selected, x.reshape(-1, dimension), SparseFormat.DENSE).head();
        return new NDList(logits(store, hidden, training));
    }

    /**
     * The hidden state of each row at its newest item, for inference (no dropout, no gradients):
     * the same as {@link #forward} computes there, with less work. Causality makes it so: a
     * position's output depends only on the positions up to it, so a row's newest position never
     * sees the padding after it, and the valid mask and the padding bias, which only keep the
     * padding out, can be left out of every block but the last. The last block works on the newest
     * positions alone (their queries over every key up to them, kept from the padding by the
     * padding bias), so its feed-forward and the final norm run once per row, not once per
     * position.
     *
     * @param inputs {@link SequenceBatch#forNewest}'s: item indices [B, L], positions [L], causal
     *     bias [1, 1, L, L], padding-key bias [B, 1, 1, L], each row's newest flat position [B]
     * @return float32 [B, d]
     */
    NDArray newest(ParameterStore store, NDList inputs) {
        NDArray ids = inputs.get(0);
        NDArray causal = inputs.get(2);
        NDArray paddingKeys = inputs.get(3);
        NDArray selected = inputs.get(4);
        long batch = ids.getShape().get(0);
        NDArray x = embed(store, ids, inputs.get(1), false);
        for (int b = 0; b < layers.size() - 1; b++) {
            x = block(store, x, x, causal, layers.get(b), false);
        }
        NDArray newest =
                Embedding.embedding(selected, x.reshape(-1, dimension), SparseFormat.DENSE)
                        .head()
                        .reshape(batch, 1, dimension);
        if (!layers.isEmpty()) {
            newest = block(store, newest, x, paddingKeys, layers.get(layers.size() - 1), false);
        }
        return norm(store, newest, finalGamma, finalBeta, false).reshape(batch, dimension);
    }

    /** Scores over items 1..V of hidden states [N, d]: the products with the item table. */
    NDArray logits(ParameterStore store, NDArray hidden, boolean training) {
        NDArray table = value(store, items, hidden, training);
        return hidden.matMul(table.get(new NDIndex("1:")).transpose());
    }

    /** The item embeddings scaled by sqrt(d) plus each position's embedding, after dropout. */
    private NDArray embed(
            ParameterStore store, NDArray ids, NDArray positionIds, boolean training) {
        NDArray x =
                Embedding.embedding(ids, value(store, items, ids, training), SparseFormat.DENSE)
                        .head()
                        .mul(Djl.scalar(ids, (float) Math.sqrt(dimension)));
        x =
                x.add(
                        Embedding.embedding(
                                        positionIds,
                                        value(store, positions, ids, training),
                                        SparseFormat.DENSE)
                                .head()
                                .expandDims(0));
        return dropout(x, training);
    }

    /**
     * One Transformer block: the normed {@code queries} attend over the {@code keys} stream (the
     * same positions, or the newest ones only), the attention adds onto the normed queries, and the
     * feed-forward adds onto that normed again.
     */
    private NDArray block(
            ParameterStore store,
            NDArray queries,
            NDArray keys,
            NDArray bias,
            Layer layer,
            boolean training) {
        NDArray query =
                norm(store, queries, layer.attentionGamma(), layer.attentionBeta(), training);
        NDArray x = query.add(attention(store, query, keys, bias, layer, training));
        x = norm(store, x, layer.feedForwardGamma(), layer.feedForwardBeta(), training);
        NDArray inner =
                Activation.relu(
                        Linear.linear(
                                        x,
                                        value(store, layer.inner(), x, training),
                                        value(store, layer.innerBias(), x, training))
                                .head());
        NDArray outer =
                Linear.linear(
                                dropout(inner, training),
                                value(store, layer.outer(), x, training),
                                value(store, layer.outerBias(), x, training))
                        .head();
        return x.add(dropout(outer, training));
    }

    /** Dropout while training; at inference the array itself (no call into the engine). */
    private NDArray dropout(NDArray x, boolean training) {
        return training ? Dropout.dropout(x, dropout, true).head() : x;
    }

    /**
     * Causal attention of the {@code query} stream over the {@code keys} stream (the same
     * positions, or the newest ones only; the reference feeds the normed stream as query and the
     * un-normed one as keys and values). Dropout falls on the attention weights only, as in torch's
     * {@code MultiheadAttention}. With one head (every shipped setting) the projections are the
     * head's arrays as they are: the split into heads and the merge after it, eight reshapes and
     * transposes per block that move no number, are left out.
     *
     * @param bias [B or 1, 1, query positions or 1, key positions], added to the scores
     */
    private NDArray attention(
            ParameterStore store,
            NDArray query,
            NDArray keys,
            NDArray bias,
            Layer layer,
            boolean training) {
        NDArray q = project(store, query, layer.query(), layer.queryBias(), training);
        NDArray k = project(store, keys, layer.key(), layer.keyBias(), training);
        NDArray v = project(store, keys, layer.value(), layer.valueBias(), training);
        int headSize = dimension / heads;
        NDArray scale = Djl.scalar(query, (float) Math.sqrt(headSize));
        NDArray context;
        if (heads == 1) {
            // [B, Lq, d] x [B, d, Lk]: the bias loses its head axis
            NDArray scores = q.matMul(k.transpose(0, 2, 1)).div(scale).add(bias.squeeze(1));
            context = dropout(scores.softmax(-1), training).matMul(v);
        } else {
            long batch = query.getShape().get(0);
            long length = query.getShape().get(1);
            NDArray scores =
                    split(q, headSize)
                            .matMul(split(k, headSize).transpose(0, 1, 3, 2))
                            .div(scale)
                            .add(bias);
            context =
                    dropout(scores.softmax(-1), training)
                            .matMul(split(v, headSize))
                            .transpose(0, 2, 1, 3)
                            .reshape(batch, length, dimension);
        }
        return project(store, context, layer.output(), layer.outputBias(), training);
    }

    private NDArray split(NDArray x, int headSize) {
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        return x.reshape(batch, length, heads, headSize).transpose(0, 2, 1, 3);
    }

    private static NDArray project(
            ParameterStore store, NDArray x, Parameter w, Parameter b, boolean training) {
        return Linear.linear(x, value(store, w, x, training), value(store, b, x, training)).head();
    }

    private NDArray norm(
            ParameterStore store, NDArray x, Parameter gamma, Parameter beta, boolean training) {
        return LayerNorm.layerNorm(
                        x,
                        new Shape(dimension),
                        value(store, gamma, x, training),
                        value(store, beta, x, training),
                        LAYER_NORM_EPSILON)
                .head();
    }

    private static NDArray value(
            ParameterStore store, Parameter parameter, NDArray like, boolean training) {
        return store.getValue(parameter, like.getDevice(), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[5].get(0), itemCount)};
    }

    /**
     * Whether {@code parameter} is one of the query, key and value projections. The reference code
     * starts every weight normal(0, 0.02) except these: torch's {@code MultiheadAttention} keeps
     * them in one [3d, d] matrix that its own Xavier-uniform start fills, so its attention scores
     * are not near zero at the start.
     */
    static boolean isAttentionInput(Parameter parameter) {
        String name = parameter.getName();
        return parameter.getType() == Parameter.Type.WEIGHT
                && (name.endsWith("_query") || name.endsWith("_key") || name.endsWith("_value"));
    }

    /** Xavier-Glorot's uniform bound for the [3d, d] matrix of the query, key and value. */
    static double attentionInputBound(int dimension) {
        return Math.sqrt(6.0 / (dimension + 3.0 * dimension));
    }

    /** The item table, row 0 the padding row. */
    Parameter items() {
        return items;
    }

    int maxLength() {
        return maxLength;
    }
}
