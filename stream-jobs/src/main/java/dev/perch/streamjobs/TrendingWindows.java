package dev.perch.streamjobs;

import dev.perch.core.EnrichedEvent;
import dev.perch.core.itemstats.VisitWeights;
import dev.perch.streamjobs.itemstats.TrendingCount;
import java.time.Duration;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by item: the item's weighted visits ({@link VisitWeights}) in sliding event-time windows of
 * {@code window} moving by {@code slide}, emitted once per window when the watermark passes its
 * end, exactly as Flink's sliding windows with an aggregate would emit them (the same windows, the
 * same sums, late events counted in the windows not yet emitted), but at one state update per event
 * instead of one per window the event falls in (twelve with the defaults).
 *
 * <p>How: the item keeps one count per pane (a slide-long tumbling bucket of event time) for the
 * panes still inside some window to come; a window's sum is the sum of its panes. One event-time
 * timer per item is pending at a time, at the next window end; when it fires, the window's sum goes
 * out, panes no later window needs are dropped, and the next timer is set while any pane is left.
 * Windows are assigned by the event's own time, not the record timestamp: events that waited in
 * {@link EnrichWithCatalog} for their item come out of a timer or of the catalog input, whose
 * records carry no event time (or the catalog record's). The category of every window is the item's
 * latest known one.
 */
public final class TrendingWindows
        extends KeyedProcessFunction<String, EnrichedEvent, TrendingCount> {
    private static final long serialVersionUID = 1L;

    private final long windowMillis;
    private final long slideMillis;
    private transient ValueState<ItemPanes> panes;

    public TrendingWindows(Duration window, Duration slide) {
        if (slide.isNegative()
                || slide.isZero()
                || window.toMillis() % slide.toMillis() != 0
                || window.compareTo(slide) < 0) {
            throw new IllegalArgumentException(
                    "the trending window must be a positive multiple of the slide: "
                            + window
                            + " / "
                            + slide);
        }
        this.windowMillis = window.toMillis();
        this.slideMillis = slide.toMillis();
    }

    /**
     * One item's counts per pane, oldest first.
     *
     * @param paneEnds each pane's end (exclusive, epoch milliseconds), ascending
     * @param counts the weighted visits of each pane
     * @param category the item's latest known top-level category, or null
     * @param nextWindowEnd the end of the window whose timer is pending, 0 when none is
     */
    public record ItemPanes(long[] paneEnds, double[] counts, String category, long nextWindowEnd) {
        static final ItemPanes EMPTY = new ItemPanes(new long[0], new double[0], null, 0);

        ItemPanes add(long paneEnd, double weight, String newCategory) {
            String latest = newCategory != null ? newCategory : category;
            int at = Arrays.binarySearch(paneEnds, paneEnd);
            if (at >= 0) {
                double[] more = counts.clone();
                more[at] += weight;
                return new ItemPanes(paneEnds, more, latest, nextWindowEnd);
            }
            int insert = -at - 1;
            long[] ends = new long[paneEnds.length + 1];
            double[] values = new double[counts.length + 1];
            System.arraycopy(paneEnds, 0, ends, 0, insert);
            System.arraycopy(counts, 0, values, 0, insert);
            ends[insert] = paneEnd;
            values[insert] = weight;
            System.arraycopy(paneEnds, insert, ends, insert + 1, paneEnds.length - insert);
            System.arraycopy(counts, insert, values, insert + 1, counts.length - insert);
            return new ItemPanes(ends, values, latest, nextWindowEnd);
        }

        /** The panes ending after {@code after}. */
        ItemPanes after(long after) {
            int from = 0;
            while (from < paneEnds.length && paneEnds[from] <= after) {
                from++;
            }
            return new ItemPanes(
                    Arrays.copyOfRange(paneEnds, from, paneEnds.length),
                    Arrays.copyOfRange(counts, from, counts.length),
                    category,
                    nextWindowEnd);
        }

        ItemPanes withNextWindowEnd(long end) {
            return new ItemPanes(paneEnds, counts, category, end);
        }
    }

    @Override
    public void open(OpenContext openContext) {
        panes =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "trending-panes", TypeInformation.of(ItemPanes.class)));
    }

    @Override
    public void processElement(EnrichedEvent e, Context ctx, Collector<TrendingCount> out)
            throws Exception {
        long time = e.event().getEventTime().toEpochMilli();
        long paneEnd = Math.floorDiv(time, slideMillis) * slideMillis + slideMillis;
        long lastWindowEnd = paneEnd + windowMillis - slideMillis;
        long watermark = ctx.timerService().currentWatermark();
        if (lastWindowEnd - 1 <= watermark) {
            return; // every window of the event has been emitted: late, as a window would drop it
        }
        // the first of the event's windows not emitted yet
        long firstWindowEnd = paneEnd;
        if (firstWindowEnd - 1 <= watermark) {
            long behind = watermark + 1 - firstWindowEnd;
            firstWindowEnd += (behind / slideMillis + 1) * slideMillis;
        }
        ItemPanes current = panes.value();
        ItemPanes next =
                (current == null ? ItemPanes.EMPTY : current)
                        .add(paneEnd, VisitWeights.of(e.event().getType()), e.category());
        if (next.nextWindowEnd() == 0 || firstWindowEnd < next.nextWindowEnd()) {
            ctx.timerService().registerEventTimeTimer(firstWindowEnd - 1);
            next = next.withNextWindowEnd(firstWindowEnd);
        }
        panes.update(next);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TrendingCount> out)
            throws Exception {
        ItemPanes current = panes.value();
        if (current == null) {
            return;
        }
        long windowEnd = timestamp + 1;
        double sum = 0;
        boolean any = false;
        for (int i = 0; i < current.paneEnds().length; i++) {
            long end = current.paneEnds()[i];
            if (end <= windowEnd && end > windowEnd - windowMillis) {
                sum += current.counts()[i];
                any = true;
            }
        }
        if (any) {
            out.collect(
                    new TrendingCount(
                            null, ctx.getCurrentKey(), current.category(), sum, windowEnd));
        }
        if (windowEnd < current.nextWindowEnd()) {
            return; // a timer set before a late event moved the chain earlier; that chain goes on
        }
        // windows from windowEnd + slide on need only the panes ending after this
        ItemPanes left = current.after(windowEnd + slideMillis - windowMillis);
        if (left.paneEnds().length == 0) {
            panes.clear();
            return;
        }
        long following = Math.max(windowEnd + slideMillis, left.paneEnds()[0]);
        ctx.timerService().registerEventTimeTimer(following - 1);
        panes.update(left.withNextWindowEnd(following));
    }
}
