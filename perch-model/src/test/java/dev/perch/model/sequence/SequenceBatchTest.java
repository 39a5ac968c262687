package dev.perch.model.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SequenceBatchTest {

    /** The cost groupEnds minimises: per group, a call plus its rows padded to its longest. */
    private static long cost(int[] lengths, int[] ends, int call) {
        long cost = 0;
        int start = 0;
        for (int end : ends) {
            cost += call + (long) (end - start) * lengths[end - 1];
            start = end;
        }
        return cost;
    }

    @Test
    @DisplayName(
            "a long history in a batch of short sessions gets its own call, instead of padding"
                    + " every session to its length")
    void longRowGoesAlone() {
        int[] lengths = new int[256];
        Arrays.fill(lengths, 0, 255, 2);
        lengths[255] = 68;
        assertThat(SequenceBatch.groupEnds(lengths, 64)).containsExactly(255, 256);
    }

    @Test
    @DisplayName("rows of one length, or a small batch where a second call costs more, stay in one")
    void oneCallWhenSplittingDoesNotPay() {
        int[] same = new int[50];
        Arrays.fill(same, 24);
        assertThat(SequenceBatch.groupEnds(same, 64)).containsExactly(50);
        // one call: 64 + 4 x 10 = 104; cut before the 10: 64 + 3 x 3 + 64 + 10 = 147
        assertThat(SequenceBatch.groupEnds(new int[] {1, 2, 3, 10}, 64)).containsExactly(4);
        assertThat(SequenceBatch.groupEnds(new int[0], 64)).isEmpty();
    }

    @Test
    @DisplayName("the cut is the cheapest of all cuts (checked against every cut of small batches)")
    void cheapestOfAllCuts() {
        Random random = new Random(42);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + random.nextInt(10);
            int[] lengths = new int[n];
            for (int i = 0; i < n; i++) {
                // skewed like live sessions: mostly short, now and then a long history
                lengths[i] =
                        random.nextInt(10) == 0 ? 1 + random.nextInt(200) : 1 + random.nextInt(6);
            }
            Arrays.sort(lengths);
            int call = random.nextInt(100);
            int[] ends = SequenceBatch.groupEnds(lengths, call);
            assertThat(ends[ends.length - 1]).isEqualTo(n);
            long best = Long.MAX_VALUE;
            for (int mask = 0; mask < 1 << (n - 1); mask++) {
                int[] cut = new int[Integer.bitCount(mask) + 1];
                int g = 0;
                for (int i = 1; i < n; i++) {
                    if ((mask & 1 << (i - 1)) != 0) {
                        cut[g++] = i;
                    }
                }
                cut[g] = n;
                best = Math.min(best, cost(lengths, cut, call));
            }
            assertThat(cost(lengths, ends, call)).as(Arrays.toString(lengths)).isEqualTo(best);
        }
    }

    @Test
    @Timeout(10)
    @DisplayName(
            "a batch of many rows is cut in time of its distinct lengths, never between two rows"
                    + " of one length")
    void manyRowsCutAtLengthChanges() {
        Random random = new Random(7);
        int[] lengths = new int[200_000];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = random.nextInt(20) == 0 ? 1 + random.nextInt(200) : 1 + random.nextInt(6);
        }
        Arrays.sort(lengths);
        int[] ends = SequenceBatch.groupEnds(lengths, 256);
        assertThat(ends[ends.length - 1]).isEqualTo(lengths.length);
        for (int g = 0; g < ends.length - 1; g++) {
            assertThat(lengths[ends[g]]).isGreaterThan(lengths[ends[g] - 1]);
        }
        assertThat(ends.length).isGreaterThan(1).isLessThanOrEqualTo(200);
    }

    @Test
    @DisplayName("unsorted or empty rows are refused")
    void refusesUnsortedLengths() {
        assertThatThrownBy(() -> SequenceBatch.groupEnds(new int[] {3, 2}, 64))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SequenceBatch.groupEnds(new int[] {0, 2}, 64))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
