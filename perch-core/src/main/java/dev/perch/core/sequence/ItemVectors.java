package dev.perch.core.sequence;

import dev.perch.core.recommend.ScoreFloor;
import dev.perch.core.recommend.ScoredId;
import dev.perch.events.ItemIds;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntPredicate;
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
        // canonical ids: candidates are looked up by the feature store's canonical ids
        this.ids = ids.stream().map(ItemIds::canonical).toArray(String[]::new);
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

    /** The row of {@code itemId}, or -1 when the model does not know it. */
    public int row(String itemId) {
        Integer row = rows.get(itemId);
        return row == null ? -1 : row;
    }

    /** The rows of the known items among {@code itemIds}, as a set of row numbers. */
    public BitSet rowsOf(Collection<String> itemIds) {
        BitSet out = new BitSet(ids.length);
        for (String itemId : itemIds) {
            Integer row = rows.get(itemId);
            if (row != null) {
                out.set(row);
            }
        }
        return out;
    }

    /**
     * Every user's score for every item, {@code size()} floats per user with an encoding in row
     * order, the dot products of {@link #nearest}, computed four users per pass over the vectors,
     * rounded to float: the Java reference of {@link SequenceModel#scoreAll}. A user without an
     * encoding has no scores.
     *
     * @throws EmbeddingVersionMismatchException when an encoding is of another version
     */
    public SequenceScores scoreAll(List<UserEncoding> users) {
        int[] offsets = new int[users.size()];
        List<Integer> scanned = new ArrayList<>(users.size());
        for (int u = 0; u < users.size(); u++) {
            UserEncoding user = users.get(u);
            offsets[u] = -1;
            if (!user.isEmpty()) {
                requireSameVersion(user);
                offsets[u] = scanned.size() * ids.length;
                scanned.add(u);
            }
        }
        float[] scores = new float[scanned.size() * ids.length];
        double[] sums = new double[BLOCK];
        for (int from = 0; from < scanned.size(); from += BLOCK) {
            int n = Math.min(BLOCK, scanned.size() - from);
            float[][] queries = new float[BLOCK][];
            for (int b = 0; b < BLOCK; b++) {
                // a short block repeats its last user: the kernel always runs four dot products
                queries[b] = users.get(scanned.get(from + Math.min(b, n - 1))).vector();
            }
            for (int row = 0; row < ids.length; row++) {
                dot4(queries, row, sums);
                for (int b = 0; b < n; b++) {
                    scores[(from + b) * ids.length + row] = (float) sums[b];
                }
            }
        }
        return new SequenceScores(this, scores, offsets);
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
        TopRows top = new TopRows(k, row -> allowed.test(ids[row]));
        float[] query = user.vector();
        for (int row = 0; row < ids.length; row++) {
            top.offer(dot(query, row), row);
        }
        return top.list();
    }

    /**
     * The {@code k} best rows by {@code scores[offset + row]} (one score per item, in row order,
     * computed elsewhere: a model's batched product) leaving out the rows {@code blocked} holds,
     * best first, ties by row: the selection of {@link #nearest} on given scores, reading no item
     * id while scanning.
     */
    public List<ScoredId> top(float[] scores, int offset, int k, BitSet blocked) {
        return topRows(scores, offset, k, row -> !blocked.get(row));
    }

    private List<ScoredId> topRows(float[] scores, int offset, int k, IntPredicate allowed) {
        if (offset < 0 || scores.length - offset < ids.length) {
            throw new IllegalArgumentException(
                    "need " + ids.length + " scores from " + offset + ", have " + scores.length);
        }
        if (k <= 0) {
            return List.of();
        }
        // rows under a sampled floor are not offered; when fewer than k allowed rows reach it,
        // every row is (ScoreFloor), so the list is the full scan's
        float floor = ScoreFloor.sampled(scores, offset, ids.length, k);
        TopRows top = topRows(scores, offset, k, allowed, floor);
        if (top.size < Math.min(k, ids.length) && floor != ScoreFloor.NONE) {
            top = topRows(scores, offset, k, allowed, ScoreFloor.NONE);
        }
        return top.list();
    }

    private TopRows topRows(float[] scores, int offset, int k, IntPredicate allowed, float floor) {
        TopRows top = new TopRows(k, allowed);
        for (int row = 0; row < ids.length; row++) {
            float s = scores[offset + row];
            if (s >= floor) {
                top.offer(s, row);
            }
        }
        return top;
    }

    /** Users per pass of {@link #scoreAll}. */
    static final int BLOCK = 4;

    /** The best rows of one query, best first; ties keep the earlier row (as {@link #nearest}). */
    private final class TopRows {
        private final int[] best;
        private final double[] scores;
        private final IntPredicate allowed;
        private int size;

        TopRows(int k, IntPredicate allowed) {
            this.best = new int[k];
            this.scores = new double[k];
            this.allowed = allowed;
        }

        void offer(double s, int row) {
            int k = best.length;
            if (size == k && s <= scores[size - 1]) {
                return;
            }
            if (!allowed.test(row)) {
                return;
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

        List<ScoredId> list() {
            List<ScoredId> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(new ScoredId(ids[best[i]], scores[i]));
            }
            return list;
        }
    }

    /**
     * The dot products of four queries with row {@code row}, each summed in the same order as
     * {@link #dot} (so bit for bit the same), as four independent chains.
     */
    private void dot4(float[][] queries, int row, double[] sums) {
        float[] q0 = queries[0];
        float[] q1 = queries[1];
        float[] q2 = queries[2];
        float[] q3 = queries[3];
        int at = row * dimension;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int i = 0; i < dimension; i++) {
            float m = matrix[at + i];
            s0 += q0[i] * m;
            s1 += q1[i] * m;
            s2 += q2[i] * m;
            s3 += q3[i] * m;
        }
        sums[0] = s0;
        sums[1] = s1;
        sums[2] = s2;
        sums[3] = s3;
    }

    /**
     * Refuses an encoding these vectors cannot score: of another version ({@link
     * EmbeddingVersionMismatchException}) or of another length ({@link IllegalArgumentException}).
     */
    public void requireSameVersion(UserEncoding user) {
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
