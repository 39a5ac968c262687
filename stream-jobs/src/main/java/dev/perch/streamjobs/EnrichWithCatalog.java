package dev.perch.streamjobs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.perch.core.EnrichedEvent;
import dev.perch.events.ClickEvent;
import dev.perch.events.serde.AvroCodec;
import dev.perch.streamjobs.userstate.UserStateJobConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by item id: holds each item's features from perch.items in keyed state and enriches the
 * events of that item with them (no broadcast of the catalog, no look-up per event).
 *
 * <p>An event whose item is not in the catalog yet waits (processing time, at most {@code
 * catalogWait}, at most {@code maxPendingPerItem} events per item) for the item to arrive, which
 * covers the race between the catalog and the events at start-up. After that it goes on without an
 * embedding and counts in {@code unknownItems}, or becomes an {@code UNKNOWN_ITEM} dead letter, as
 * {@link UnknownItemPolicy} says. Nothing is kept for an item that never arrives.
 *
 * <p>The items last read are kept decoded in a bounded in-memory cache in front of the keyed state
 * (at most {@code cachedItems} per subtask; 0: none), so an event of a popular item costs a map
 * look-up instead of a RocksDB read and a decode (those were 5.5 % of the stream jobs' CPU at 5,000
 * events/s, issue 16; the look-ups 1.3 %). The state stays the truth: every write of an item's
 * features writes the cache too, a tombstone drops both, and a restart or rescale (new function
 * instances) starts with an empty cache. Its values are immutable records shared with the events
 * they enrich (no function writes an embedding array). About half a kilobyte per item with a
 * 64-float embedding (estimated from the objects' layout: the array 272 bytes, the id, the category
 * and version strings, the record and the cache's entry).
 */
public final class EnrichWithCatalog
        extends KeyedCoProcessFunction<String, ClickEvent, CatalogEntry, EnrichedEvent> {
    private static final long serialVersionUID = 1L;

    private final long catalogWaitMillis;
    private final int maxPendingPerItem;
    private final UnknownItemPolicy policy;
    private final String stage;
    private final int cachedItems;

    private transient ValueState<ItemFeatures> features;
    private transient Cache<String, ItemFeatures> cache;
    private transient ListState<ClickEvent> pending;
    private transient ValueState<Integer> pendingCount;
    private transient Counter catalogUpdates;
    private transient Counter unknownItems;
    private transient RejectCounters rejected;
    private transient AvroCodec<ClickEvent> codec;

    /** The user-state job's enrichment, with the default cache. */
    public EnrichWithCatalog(
            Duration catalogWait, int maxPendingPerItem, UnknownItemPolicy policy) {
        this(
                catalogWait,
                maxPendingPerItem,
                policy,
                DeadLetters.STAGE,
                EventInput.Settings.DEFAULT_CACHED_ITEMS);
    }

    /**
     * An enrichment whose dead letters name {@code stage}, keeping at most {@code cachedItems}
     * items' features decoded in memory (0: every event reads the keyed state).
     */
    public EnrichWithCatalog(
            Duration catalogWait,
            int maxPendingPerItem,
            UnknownItemPolicy policy,
            String stage,
            int cachedItems) {
        if (cachedItems < 0) {
            throw new IllegalArgumentException("cachedItems must not be negative: " + cachedItems);
        }
        this.catalogWaitMillis = catalogWait.toMillis();
        this.maxPendingPerItem = maxPendingPerItem;
        this.policy = policy;
        this.stage = stage;
        this.cachedItems = cachedItems;
    }

    /** The settings of the user-state job's configuration. */
    public static EnrichWithCatalog of(UserStateJobConfig config) {
        return of(config.input());
    }

    /** The settings of a job's input stage. */
    public static EnrichWithCatalog of(EventInput.Settings input) {
        return new EnrichWithCatalog(
                input.catalogWait(),
                input.maxPendingPerItem(),
                input.unknownItemPolicy(),
                input.stage(),
                input.cachedItems());
    }

    @Override
    public void open(OpenContext openContext) {
        features =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "item-features", TypeInformation.of(ItemFeatures.class)));
        pending =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "pending-events", TypeInformation.of(ClickEvent.class)));
        pendingCount =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("pending-count", Integer.class));
        var metrics = JobMetrics.group(getRuntimeContext());
        catalogUpdates = metrics.counter("catalogUpdates");
        unknownItems = metrics.counter("unknownItems");
        rejected = new RejectCounters(metrics);
        codec = AvroCodec.of(ClickEvent.class);
        // evictions run on the task's thread (no pool thread touches the cache)
        cache =
                cachedItems == 0
                        ? null
                        : Caffeine.newBuilder()
                                .maximumSize(cachedItems)
                                .executor(Runnable::run)
                                .build();
    }

    @Override
    public void processElement1(ClickEvent event, Context ctx, Collector<EnrichedEvent> out)
            throws Exception {
        ItemFeatures item = features(ctx.getCurrentKey());
        if (item != null) {
            out.collect(
                    new EnrichedEvent(
                            event, item.embedding(), item.category(), item.embeddingVersion()));
            return;
        }
        Integer count = pendingCount.value();
        int held = count == null ? 0 : count;
        if (catalogWaitMillis <= 0 || held >= maxPendingPerItem) {
            unknown(event, ctx, out);
            return;
        }
        pending.add(event);
        pendingCount.update(held + 1);
        if (held == 0) {
            ctx.timerService()
                    .registerProcessingTimeTimer(
                            ctx.timerService().currentProcessingTime() + catalogWaitMillis);
        }
    }

    @Override
    public void processElement2(CatalogEntry entry, Context ctx, Collector<EnrichedEvent> out)
            throws Exception {
        catalogUpdates.inc();
        if (entry.features() == null) {
            features.clear();
            if (cache != null) {
                cache.invalidate(ctx.getCurrentKey());
            }
            return;
        }
        features.update(entry.features());
        if (cache != null) {
            cache.put(ctx.getCurrentKey(), entry.features());
        }
        if (pendingCount.value() != null) {
            for (ClickEvent event : pending.get()) {
                ItemFeatures item = entry.features();
                out.collect(
                        new EnrichedEvent(
                                event, item.embedding(), item.category(), item.embeddingVersion()));
            }
            pending.clear();
            pendingCount.clear();
        }
    }

    /** The current item's features: from the cache, else from the keyed state (then cached). */
    private ItemFeatures features(String itemId) throws IOException {
        ItemFeatures item = cache == null ? null : cache.getIfPresent(itemId);
        if (item == null) {
            item = features.value();
            if (item != null && cache != null) {
                cache.put(itemId, item);
            }
        }
        return item;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EnrichedEvent> out)
            throws Exception {
        if (pendingCount.value() == null) {
            return;
        }
        for (ClickEvent event : pending.get()) {
            unknown(event, ctx, out);
        }
        pending.clear();
        pendingCount.clear();
    }

    private void unknown(ClickEvent event, Context ctx, Collector<EnrichedEvent> out) {
        unknownItems.inc();
        if (policy == UnknownItemPolicy.ENRICH_WITHOUT_EMBEDDING) {
            out.collect(EnrichedEvent.withoutItem(event));
            return;
        }
        rejected.inc(RejectReason.UNKNOWN_ITEM);
        ctx.output(
                DeadLetters.TAG,
                DeadLetters.of(
                        stage,
                        codec.encode(event),
                        event.getUserId().getBytes(StandardCharsets.UTF_8),
                        null,
                        RejectReason.UNKNOWN_ITEM,
                        "item " + event.getItemId() + " is not in the catalog",
                        ctx.timerService().currentProcessingTime()));
    }
}
