package dev.perch.core.sequence;

import dev.perch.core.recommend.ScoredId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The item vectors of one embedding version in one flat array, with exact scoring and top-K
 * retrieval against a {@link UserEncoding}. An encoding of another version is refused with {@link
 * EmbeddingVersionMismatchException}. Immutable and thread-safe.
 */
public final class ItemVectors {
    private final String version;
    private final String[] ids;
    private final Map<String, Integer> rows;
    private final float[] matrix;
    private final int dimension;

    /**
     * @param version the embedding version
     * @param ids the item ids, one per row
     * @param matrix the vectors, row-major, {@code ids.size() * dimension} floats
     * @param dimension the vector length
     */
    public ItemVectors(String version, List<String> ids, float[] matrix, int dimension) {
        this.version = Objects.requireNonNull(version, "version");
        this.ids = ids.toArray(String[]::new);
        if (matrix.length != (long) this.ids.length * dimension) {
            throw new IllegalArgumentException(
                    "expected " + this.ids.length + " x " + dimension + " floats");
        }
        this.matrix = matrix.clone();
        this.dimension = dimension;
        this.rows = new HashMap<>(this.ids.length * 2);
        for (int row = 0; row < this.ids.length; row++) {
            rows.put(this.ids[row], row);
        }
    }

    public String version() {
        return version;
    }

    public int dimension() {
        return dimension;
    }

    public int size() {
        return ids.length;
    }

    /** The item id of row {@code row}. */
    public String id(int row) {
        return ids[row];
    }

    /** Whether the model knows {@code itemId}. */
    public boolean contains(String itemId) {
        return rows.containsKey(itemId);
    }

    /**
     * The model's score of {@code itemId} for {@code user}: their inner product; 0 for an empty
     * encoding or an unknown item.
     *
     * @throws EmbeddingVersionMismatchException when the encoding is of another version
     */
    public double score(UserEncoding user, String itemId) {
        if (user.isEmpty()) {
            return 0;
        }
        requireSameVersion(user);
        Integer row = rows.get(itemId);
        return row == null ? 0 : dot(user.vector(), row);
    }

    /**
     * The {@code k} items with the largest score for {@code user} among those {@code allowed}, best
     * first (ties by row order).
     *
     * @throws EmbeddingVersionMismatchException when the encoding is of another version
     */
    public List<ScoredId> nearest(UserEncoding user, int k, Predicate<String> allowed) {
        if (user.isEmpty() || k <= 0) {
            return List.of();
        }
        requireSameVersion(user);
        int[] best = new int[k];
        double[] scores = new double[k];
        int size = 0;
        float[] query = user.vector();
        for (int row = 0; row < ids.length; row++) {
            double s = dot(query, row);
            if (size == k && s <= scores[size - 1]) {
                continue;
            }
            if (!allowed.test(ids[row])) {
                continue;
            }
            int at = size < k ? size++ : k - 1;
            while (at > 0 && scores[at - 1] < s) {
                scores[at] = scores[at - 1];
                best[at] = best[at - 1];
                at--;
            }
            scores[at] = s;
            best[at] = row;
        }
        List<ScoredId> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(new ScoredId(ids[best[i]], scores[i]));
        }
        return list;
    }

    private void requireSameVersion(UserEncoding user) {
        if (!version.equals(user.version())) {
            throw new EmbeddingVersionMismatchException(version, user.version());
        }
        if (user.vector().length != dimension) {
            throw new IllegalArgumentException(
                    "encoding has " + user.vector().length + " dimensions, not " + dimension);
        }
    }

    private double dot(float[] query, int row) {
        int at = row * dimension;
        double sum = 0;
        for (int i = 0; i < dimension; i++) {
            sum += query[i] * matrix[at + i];
        }
        return sum;
    }
}
