package dev.perch.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.util.Random;

/**
 * Uniform initial weights in {@code ±sqrt(3 / fanIn)} drawn from a Java {@link Random}, so the
 * start of training depends only on the seed, not on the engine's random state.
 */
public final class SeededInitializer implements Initializer {
    private final Random random;

    /** Draws from a {@link Random} seeded by {@code seed}. */
    public SeededInitializer(long seed) {
        this.random = new Random(seed);
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        int size = Math.toIntExact(shape.size());
        long fanIn = shape.dimension() > 1 ? shape.get(shape.dimension() - 1) : shape.get(0);
        double bound = Math.sqrt(3.0 / Math.max(1, fanIn));
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return manager.create(values, shape).toType(dataType, false);
    }
}
