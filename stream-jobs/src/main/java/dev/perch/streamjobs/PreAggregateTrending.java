package dev.perch.streamjobs;

import dev.perch.core.recommend.CandidateSources;
import dev.perch.streamjobs.TopTrending.TopList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Between the item-keyed sliding windows and the scope-keyed top lists: sends each item's window
 * count to its scopes (global, and its top-level category), keeping per scope and window only this
 * subtask's {@code topN} until the watermark passes the window's end, so the global scope's single
 * key receives topN records per subtask and window instead of one per item.
 *
 * <p>Exact: an item's count for a window comes from exactly one window subtask, so the top N of the
 * union of every subtask's top N is the top N of all items, ties ordered by item id as {@link
 * TopTrending} orders them. Nothing is held across a checkpoint (everything pending is emitted
 * before the barrier) or past the end of the input.
 */
public final class PreAggregateTrending extends AbstractStreamOperator<TrendingCount>
        implements OneInputStreamOperator<TrendingCount, TrendingCount> {
    private static final long serialVersionUID = 1L;

    private final int topN;
    private transient Map<ScopeWindow, TopList> pending;
    private transient long watermark;
    private transient Counter received;
    private transient Counter forwarded;

    public PreAggregateTrending(int topN) {
        this.topN = topN;
    }

    private record ScopeWindow(String scope, long windowEnd) {}

    @Override
    public void open() throws Exception {
        super.open();
        pending = new HashMap<>();
        watermark = Long.MIN_VALUE;
        var metrics = JobMetrics.group(getRuntimeContext());
        received = metrics.counter("trendingCountsReceived");
        forwarded = metrics.counter("trendingCountsForwarded");
    }

    @Override
    public void processElement(StreamRecord<TrendingCount> element) {
        TrendingCount c = element.getValue();
        received.inc();
        add(CandidateSources.GLOBAL, c);
        if (c.category() != null) {
            add(c.category(), c);
        }
    }

    private void add(String scope, TrendingCount c) {
        if (c.windowEnd() - 1 <= watermark) {
            // a late firing of a window already passed: nothing more will come to combine with
            emit(new TrendingCount(scope, c.itemId(), c.category(), c.count(), c.windowEnd()));
            return;
        }
        pending.compute(
                new ScopeWindow(scope, c.windowEnd()),
                (key, top) ->
                        (top == null ? TopList.EMPTY : top).with(c.itemId(), c.count(), topN));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = mark.getTimestamp();
        flush(mark.getTimestamp());
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush(Long.MAX_VALUE);
    }

    @Override
    public void finish() throws Exception {
        flush(Long.MAX_VALUE);
        super.finish();
    }

    /** Emits the pending tops of every window whose last timestamp is at most {@code upTo}. */
    private void flush(long upTo) {
        List<ScopeWindow> done = new ArrayList<>();
        for (Map.Entry<ScopeWindow, TopList> e : pending.entrySet()) {
            ScopeWindow key = e.getKey();
            if (key.windowEnd() - 1 <= upTo) {
                TopList top = e.getValue();
                for (int i = 0; i < top.itemIds().length; i++) {
                    emit(
                            new TrendingCount(
                                    key.scope(),
                                    top.itemIds()[i],
                                    null,
                                    top.counts()[i],
                                    key.windowEnd()));
                }
                done.add(key);
            }
        }
        done.forEach(pending::remove);
    }

    private void emit(TrendingCount count) {
        output.collect(new StreamRecord<>(count, count.windowEnd() - 1));
        forwarded.inc();
    }
}
