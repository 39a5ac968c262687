package dev.perch.featurestore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The k best rows seen so far, as a bounded binary min-heap on primitive arrays (no allocation per
 * row). "Better" is a higher score, then a smaller item id, so results never depend on row order.
 */
final class TopKHeap {
    static final Comparator<ItemScore> BEST_FIRST =
            Comparator.comparing(ItemScore::score, Comparator.reverseOrder())
                    .thenComparing(ItemScore::itemId);

    private final String[] ids;
    private final float[] scores;
    private final int[] rows;
    private int size;

    TopKHeap(int capacity, String[] ids) {
        this.ids = ids;
        this.scores = new float[capacity];
        this.rows = new int[capacity];
    }

    boolean isFull() {
        return size == scores.length;
    }

    /** Whether a row with this score would enter the heap (cheap; call before the filter). */
    boolean admits(float score, int row) {
        if (!isFull()) {
            return scores.length > 0;
        }
        float worst = scores[0];
        return score > worst || (score == worst && ids[row].compareTo(ids[rows[0]]) < 0);
    }

    /** Adds a row that {@link #admits} accepted. */
    void add(float score, int row) {
        if (isFull()) {
            scores[0] = score;
            rows[0] = row;
            siftDown(0);
        } else {
            scores[size] = score;
            rows[size] = row;
            siftUp(size++);
        }
    }

    void drainTo(List<ItemScore> out) {
        for (int i = 0; i < size; i++) {
            out.add(new ItemScore(ids[rows[i]], scores[i]));
        }
    }

    /**
     * Best first ({@link #BEST_FIRST}'s order), by taking the worst off the heap until it is empty:
     * primitive comparisons, no boxed scores. Empties the heap.
     */
    List<ItemScore> sorted() {
        ItemScore[] out = new ItemScore[size];
        while (size > 0) {
            out[size - 1] = new ItemScore(ids[rows[0]], scores[0]);
            size--;
            if (size > 0) {
                scores[0] = scores[size];
                rows[0] = rows[size];
                siftDown(0);
            }
        }
        return new ArrayList<>(Arrays.asList(out));
    }

    private boolean worse(int a, int b) {
        return scores[a] < scores[b]
                || (scores[a] == scores[b] && ids[rows[a]].compareTo(ids[rows[b]]) > 0);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!worse(i, parent)) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            int right = left + 1;
            int worst = right < size && worse(right, left) ? right : left;
            if (!worse(worst, i)) {
                return;
            }
            swap(i, worst);
            i = worst;
        }
    }

    private void swap(int a, int b) {
        float s = scores[a];
        scores[a] = scores[b];
        scores[b] = s;
        int r = rows[a];
        rows[a] = rows[b];
        rows[b] = r;
    }
}
