package dev.perch.core.itemstats;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * A sliding window of trending counts: the list covers the last {@code window} of event time and
 * moves every {@code slide}, like a Flink sliding event-time window.
 *
 * @param window the length of event time counted
 * @param slide how often the list moves (window must be a multiple of it)
 * @param topN how many items a trending list holds
 */
public record TrendingSettings(Duration window, Duration slide, int topN) implements Serializable {

    /** The last hour, moving every 5 minutes, 50 items. */
    public static final TrendingSettings DEFAULTS =
            new TrendingSettings(Duration.ofHours(1), Duration.ofMinutes(5), 50);

    public TrendingSettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(slide, "slide");
        if (slide.isNegative() || slide.isZero() || window.compareTo(slide) < 0) {
            throw new IllegalArgumentException(
                    "need 0 < slide <= window: " + slide + ", " + window);
        }
        if (window.toMillis() % slide.toMillis() != 0) {
            throw new IllegalArgumentException("window must be a multiple of slide");
        }
        if (topN <= 0) {
            throw new IllegalArgumentException("topN must be positive: " + topN);
        }
    }

    /** How many slides one window spans. */
    public int slides() {
        return (int) (window.toMillis() / slide.toMillis());
    }
}
