package dev.perch.featurestore;

/**
 * A batch of queries' inner products with every row of a vector index, in one call: the exact
 * scan's arithmetic, which an engine with a matrix product (BLAS on the CPU, or a GPU) does many
 * times faster than a Java loop. {@link VectorIndex#topKAll} calls it under its read lock with the
 * matrix it holds and that matrix's version, then selects each query's best rows itself (filter,
 * ties by item id); an implementation may keep its own copy of the matrix per version.
 */
public interface InnerProducts {
    /**
     * @param queries {@code count x dimension} floats, row-major
     * @param count how many queries
     * @param matrix the index's vectors, row-major; only the first {@code rows x dimension} floats
     *     are read
     * @param rows how many rows
     * @param dimension the vector length
     * @param version a number that changes whenever any of those floats change (two matrices of one
     *     version hold the same floats)
     * @return {@code count x rows} scores: {@code scores[q * rows + r]} is the inner product of
     *     query {@code q} and row {@code r}, in float; the order of the additions is the engine's
     */
    float[] products(
            float[] queries, int count, float[] matrix, int rows, int dimension, long version);
}
