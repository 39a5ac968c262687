package dev.perch.core.itemstats;

import dev.perch.core.recommend.CandidateSources;
import dev.perch.core.recommend.ScoredId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Trending items per scope (global and each top-level category) over a sliding event-time window. A
 * list covers the last complete window, the one ending at the newest slide boundary reached, so it
 * moves once per slide exactly as a Flink sliding window emits; memory holds one window of counts
 * per scope.
 */
public final class TrendingCounter {
    private final TrendingSettings settings;
    private final long slideMillis;
    private final Map<String, Scope> scopes = new HashMap<>();
    private long newest = Long.MIN_VALUE;

    public TrendingCounter(TrendingSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.slideMillis = settings.slide().toMillis();
    }

    /** Counts {@code weight} for {@code itemId} globally and in {@code category} (may be null). */
    public void add(String itemId, String category, long eventTime, double weight) {
        if (itemId == null || weight <= 0) {
            return;
        }
        newest = Math.max(newest, eventTime);
        scope(CandidateSources.GLOBAL).add(itemId, eventTime, weight);
        if (category != null) {
            scope(category).add(itemId, eventTime, weight);
        }
    }

    /** The {@code n} (at most topN) top items of {@code scope} in the last complete window. */
    public List<ScoredId> top(String scope, int n) {
        Scope counts = scopes.get(scope);
        if (counts == null || newest == Long.MIN_VALUE) {
            return List.of();
        }
        List<ScoredId> top = counts.top(Math.floorDiv(newest, slideMillis));
        return top.size() <= n ? top : top.subList(0, n);
    }

    /** The scopes that have counts. */
    public List<String> scopes() {
        return List.copyOf(scopes.keySet());
    }

    private Scope scope(String name) {
        return scopes.computeIfAbsent(name, n -> new Scope());
    }

    /** One scope: counts per slide, oldest first. */
    private final class Scope {
        private final ArrayDeque<Slide> slides = new ArrayDeque<>();
        private long cachedFor = Long.MIN_VALUE;
        private List<ScoredId> cached = List.of();

        void add(String itemId, long eventTime, double weight) {
            long index = Math.floorDiv(eventTime, slideMillis);
            Slide slide = null;
            for (Iterator<Slide> it = slides.descendingIterator(); it.hasNext(); ) {
                Slide candidate = it.next();
                if (candidate.index == index) {
                    slide = candidate;
                    break;
                }
                if (candidate.index < index) {
                    break;
                }
            }
            if (slide == null) {
                if (!slides.isEmpty() && slides.peekLast().index > index) {
                    if (index <= slides.peekLast().index - settings.slides()) {
                        return; // older than any window still reported
                    }
                    insertInOrder(new Slide(index)).counts.merge(itemId, weight, Double::sum);
                    cachedFor = Long.MIN_VALUE;
                    return;
                }
                slide = new Slide(index);
                slides.addLast(slide);
            }
            slide.counts.merge(itemId, weight, Double::sum);
            if (index < cachedFor) {
                cachedFor = Long.MIN_VALUE;
            }
            long oldestKept = slides.peekLast().index - settings.slides();
            while (slides.peekFirst().index < oldestKept) {
                slides.pollFirst();
            }
        }

        private Slide insertInOrder(Slide slide) {
            List<Slide> ordered = new ArrayList<>(slides);
            ordered.add(slide);
            ordered.sort((a, b) -> Long.compare(a.index, b.index));
            slides.clear();
            slides.addAll(ordered);
            return slide;
        }

        /** The list of the window made of the slides before {@code currentSlide}. */
        List<ScoredId> top(long currentSlide) {
            if (cachedFor == currentSlide) {
                return cached;
            }
            Map<String, Double> totals = new HashMap<>();
            for (Slide slide : slides) {
                if (slide.index < currentSlide && slide.index >= currentSlide - settings.slides()) {
                    slide.counts.forEach((item, count) -> totals.merge(item, count, Double::sum));
                }
            }
            List<Map.Entry<String, Double>> entries = new ArrayList<>(totals.entrySet());
            entries.sort(
                    Map.Entry.<String, Double>comparingByValue()
                            .reversed()
                            .thenComparing(Map.Entry.comparingByKey()));
            List<ScoredId> top = new ArrayList<>();
            for (int i = 0; i < entries.size() && i < settings.topN(); i++) {
                top.add(new ScoredId(entries.get(i).getKey(), entries.get(i).getValue()));
            }
            cached = List.copyOf(top);
            cachedFor = currentSlide;
            return cached;
        }
    }

    private static final class Slide {
        final long index;
        final Map<String, Double> counts = new HashMap<>();

        Slide(long index) {
            this.index = index;
        }
    }
}
