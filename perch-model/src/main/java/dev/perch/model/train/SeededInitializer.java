package dev.perch.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.util.Random;

/**
 * Initial weights drawn from a Java {@link Random}, so the start of training depends only on the
 * seed, not on the engine's random state: by default uniform in {@code ±sqrt(3 / fanIn)} (unit
 * variance through a layer), with {@link #normal} a normal distribution of one fixed standard
 * deviation, or with {@link #uniform} uniform within one fixed bound.
 */
public final class SeededInitializer implements Initializer {
    private final Random random;
    private final double standardDeviation;
    private final double bound;

    /** Uniform in {@code ±sqrt(3 / fanIn)}, drawn from a {@link Random} seeded by {@code seed}. */
    public SeededInitializer(long seed) {
        this(seed, 0, 0);
    }

    private SeededInitializer(long seed, double standardDeviation, double bound) {
        this.random = new Random(seed);
        this.standardDeviation = standardDeviation;
        this.bound = bound;
    }

    /**
     * Normal with mean 0 and the given standard deviation whatever the shape: the initialisation of
     * GPT-2 and of the SASRec+ reference code (0.02), under which every residual branch of a
     * Transformer starts close to zero, so each block starts close to the identity.
     */
    public static SeededInitializer normal(long seed, double standardDeviation) {
        if (!(standardDeviation > 0)) {
            throw new IllegalArgumentException("standard deviation must be positive");
        }
        return new SeededInitializer(seed, standardDeviation, 0);
    }

    /**
     * Uniform in {@code ±bound} whatever the shape: for example Xavier-Glorot's {@code sqrt(6 /
     * (fanIn + fanOut))} of a matrix that the caller sees whole.
     */
    public static SeededInitializer uniform(long seed, double bound) {
        if (!(bound > 0)) {
            throw new IllegalArgumentException("bound must be positive");
        }
        return new SeededInitializer(seed, 0, bound);
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        int size = Math.toIntExact(shape.size());
        float[] values = new float[size];
        if (standardDeviation > 0) {
            for (int i = 0; i < size; i++) {
                values[i] = (float) (random.nextGaussian() * standardDeviation);
            }
        } else {
            double limit = bound > 0 ? bound : fanInBound(shape);
            for (int i = 0; i < size; i++) {
                values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
            }
        }
        return manager.create(values, shape).toType(dataType, false);
    }

    /** {@code sqrt(3 / fanIn)}: unit variance through a layer whose input has unit variance. */
    private static double fanInBound(Shape shape) {
        long fanIn = shape.dimension() > 1 ? shape.get(shape.dimension() - 1) : shape.get(0);
        return Math.sqrt(3.0 / Math.max(1, fanIn));
    }
}
