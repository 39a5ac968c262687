package dev.perch.events.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventTimeSorterTest {

    @Test
    @DisplayName("events are ordered by time, equal times keep their file order")
    void stable() {
        long[] times = {30, 10, 20, 10, 30, 10};

        assertThat(EventTimeSorter.stableOrder(times, times.length))
                .containsExactly(1, 3, 5, 2, 0, 4);
    }

    @Test
    @DisplayName("only the first n times are sorted")
    void prefix() {
        long[] times = {3, 1, 2, 0, 0, 0};

        assertThat(EventTimeSorter.stableOrder(times, 3)).containsExactly(1, 2, 0);
    }

    @Test
    @DisplayName("a sorted input is recognised and kept as is")
    void sortedInput() {
        long[] times = {1, 1, 2, 5};

        assertThat(EventTimeSorter.isSorted(times, 4)).isTrue();
        assertThat(EventTimeSorter.stableOrder(times, 4)).containsExactly(0, 1, 2, 3);
        assertThat(EventTimeSorter.stableOrder(new long[0], 0)).isEmpty();
    }

    @Test
    @DisplayName("agrees with a stable library sort on a large shuffled input with many ties")
    void matchesLibrarySort() {
        Random random = new Random(42);
        int n = 100_003;
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            times[i] = random.nextInt(5_000);
        }
        int[] expected =
                IntStream.range(0, n)
                        .boxed()
                        .sorted(Comparator.comparingLong(i -> times[i]))
                        .mapToInt(Integer::intValue)
                        .toArray();

        assertThat(EventTimeSorter.stableOrder(times, n)).isEqualTo(expected);
    }
}
