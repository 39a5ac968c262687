package dev.perch.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.List;

/**
 * The DJL ranking model: a small MLP over the standardised {@code RankingFeatures} columns, ReLU
 * between layers, one logit out ([n, 1]). Its layer sizes are stored in the manifest.
 */
public final class RankerBlock {
    private RankerBlock() {}

    /** A fresh, uninitialised MLP with these hidden layer sizes. */
    public static Block build(List<Integer> hidden) {
        SequentialBlock block = new SequentialBlock();
        for (int units : hidden) {
            block.add(Linear.builder().setUnits(units).build());
            block.add(Activation.reluBlock());
        }
        block.add(Linear.builder().setUnits(1).build());
        return block;
    }
}
