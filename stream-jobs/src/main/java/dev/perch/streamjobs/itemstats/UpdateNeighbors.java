package dev.perch.streamjobs.itemstats;

import dev.perch.core.itemstats.CoVisitationSettings;
import dev.perch.core.itemstats.NeighborScores;
import dev.perch.core.itemstats.TransitionIndex;
import dev.perch.core.itemstats.TransitionSettings;
import dev.perch.events.ItemNeighbors;
import dev.perch.events.ScoredItem;
import dev.perch.streamjobs.IdleStateTtl;
import dev.perch.streamjobs.ItemPopularity;
import dev.perch.streamjobs.ItemSignal;
import dev.perch.streamjobs.JobMetrics;
import dev.perch.streamjobs.NeighborList;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by item id: adds each co-visit to the item's perch-core {@link NeighborScores} (bounded by
 * maxNeighbors, time-decayed) and each transition to its followers' scores (bounded by
 * maxFollowers, as perch-core's {@link TransitionIndex} keeps them), and publishes the item's
 * strongest neighbours and followers in one record at most once per {@code publishInterval} of
 * processing time, always the latest list, with a version that only grows (the publish time in
 * epoch milliseconds, or the previous version + 1 if that is not more).
 *
 * <p>Signals are combined per item before the lists are touched: each one is only appended to the
 * item's pending list (keyed state), and the publication timer rebuilds the lists once from all of
 * them, in arrival order, then publishes. The published lists are the same as if every signal had
 * been applied on arrival (the stored lists restore exactly, see {@link NeighborList#restore}), but
 * an item's lists are restored, sorted and written once per publish interval instead of once per
 * signal (about fifteen signals per visit), which was the item-statistics job's largest cost (issue
 * 16's profile). The pending list holds at most one interval's signals of the item.
 *
 * <p>Visit signals add their weight to the item's all-time popularity ({@link ItemPopularity}),
 * published in the same record: the count the evaluator's {@code PopularityCounter} keeps, so the
 * ranking feature {@code log_popularity} means the same live and offline. Like the lists, it is
 * forgotten when the item has had no signal for {@code inactiveItemTtl} (the evaluator never
 * forgets: the one named difference).
 */
public final class UpdateNeighbors extends KeyedProcessFunction<String, ItemSignal, ItemNeighbors> {
    private static final long serialVersionUID = 1L;

    private final CoVisitationSettings settings;
    private final TransitionSettings transitionSettings;
    private final int publishedNeighbors;
    private final int publishedFollowers;
    private final Duration publishInterval;
    private final Duration inactiveItemTtl;
    private transient ValueState<NeighborList> neighbors;
    private transient ValueState<NeighborList> followers;
    private transient PublishTimer publication;
    private transient ValueState<ItemPopularity> popularity;
    private transient ListState<ItemSignal> pending;
    private transient Counter updates;
    private transient Counter published;

    public UpdateNeighbors(
            CoVisitationSettings settings,
            TransitionSettings transitionSettings,
            int publishedNeighbors,
            int publishedFollowers,
            Duration publishInterval,
            Duration inactiveItemTtl) {
        this.settings = settings;
        this.transitionSettings = transitionSettings;
        this.publishedNeighbors = publishedNeighbors;
        this.publishedFollowers = publishedFollowers;
        this.publishInterval = publishInterval;
        this.inactiveItemTtl = inactiveItemTtl;
    }

    /** The settings of this job's configuration. */
    public static UpdateNeighbors of(ItemStatisticsJobConfig config) {
        return new UpdateNeighbors(
                config.coVisitation(),
                config.transitions(),
                config.publishedNeighbors(),
                config.publishedFollowers(),
                config.publishInterval(),
                config.inactiveItemTtl());
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl = IdleStateTtl.of(inactiveItemTtl);
        ValueStateDescriptor<NeighborList> neighborsDescriptor =
                new ValueStateDescriptor<>("neighbors", TypeInformation.of(NeighborList.class));
        neighborsDescriptor.enableTimeToLive(ttl);
        neighbors = getRuntimeContext().getState(neighborsDescriptor);
        ValueStateDescriptor<NeighborList> followersDescriptor =
                new ValueStateDescriptor<>("followers", TypeInformation.of(NeighborList.class));
        followersDescriptor.enableTimeToLive(ttl);
        followers = getRuntimeContext().getState(followersDescriptor);
        publication = PublishTimer.open(getRuntimeContext(), publishInterval, ttl);
        ValueStateDescriptor<ItemPopularity> popularityDescriptor =
                new ValueStateDescriptor<>("popularity", TypeInformation.of(ItemPopularity.class));
        popularityDescriptor.enableTimeToLive(ttl);
        popularity = getRuntimeContext().getState(popularityDescriptor);
        ListStateDescriptor<ItemSignal> pendingDescriptor =
                new ListStateDescriptor<>("pending-signals", TypeInformation.of(ItemSignal.class));
        pendingDescriptor.enableTimeToLive(ttl);
        pending = getRuntimeContext().getListState(pendingDescriptor);
        var metrics = JobMetrics.group(getRuntimeContext());
        updates = metrics.counter("neighborUpdates");
        published = metrics.counter("neighborsPublished");
    }

    @Override
    public void processElement(ItemSignal signal, Context ctx, Collector<ItemNeighbors> out)
            throws Exception {
        // appended only (a RocksDB merge, no read): the lists are rebuilt once per publication
        pending.add(signal);
        updates.inc();
        publication.schedule(ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ItemNeighbors> out)
            throws Exception {
        publication.fired();
        NeighborList stored = neighbors.value();
        NeighborList follows = followers.value();
        ItemPopularity counted = popularity.value();
        boolean visited = false;
        NeighborScores neighborScores = null;
        NeighborScores followerScores = null;
        Iterable<ItemSignal> signals = pending.get();
        if (signals != null) {
            for (ItemSignal signal : signals) {
                if (signal.isVisit()) {
                    counted =
                            (counted == null ? new ItemPopularity(0, Long.MIN_VALUE) : counted)
                                    .plus(signal.weight(), signal.eventTime());
                    visited = true;
                } else if (signal.follows()) {
                    if (followerScores == null) {
                        followerScores =
                                scoresOf(follows, TransitionIndex.newScores(transitionSettings));
                    }
                    followerScores.add(signal.other(), signal.weight(), signal.eventTime());
                } else {
                    if (neighborScores == null) {
                        neighborScores = scoresOf(stored, new NeighborScores(settings));
                    }
                    neighborScores.add(signal.other(), signal.weight(), signal.eventTime());
                }
            }
        }
        pending.clear();
        if (neighborScores != null) {
            stored = listOf(neighborScores, settings.maxNeighbors(), stored);
        }
        if (followerScores != null) {
            follows = listOf(followerScores, transitionSettings.maxFollowers(), follows);
        }
        if (visited) {
            popularity.update(counted);
        }
        if (stored == null && follows == null && counted == null) {
            return;
        }
        long previous =
                Math.max(
                        stored == null ? 0 : stored.version(),
                        follows == null ? 0 : follows.version());
        long version = Math.max(previous + 1, timestamp);
        if (stored != null) {
            neighbors.update(stored.withVersion(version));
        }
        if (follows != null) {
            followers.update(follows.withVersion(version));
        }
        out.collect(record(ctx.getCurrentKey(), stored, follows, counted, version));
        published.inc();
    }

    /** The scores of {@code list} restored into {@code empty}; {@code empty} when there is none. */
    private static NeighborScores scoresOf(NeighborList list, NeighborScores empty) {
        return list == null ? empty : list.restore(empty);
    }

    /** The list kept of {@code scores}, with the published version of {@code before}. */
    private static NeighborList listOf(NeighborScores scores, int max, NeighborList before) {
        return NeighborList.of(scores, max, before == null ? 0 : before.version());
    }

    private ItemNeighbors record(
            String itemId,
            NeighborList list,
            NeighborList follows,
            ItemPopularity counted,
            long version) {
        long asOf =
                Math.max(
                        Math.max(
                                list == null ? Long.MIN_VALUE : list.asOf(),
                                follows == null ? Long.MIN_VALUE : follows.asOf()),
                        counted == null ? Long.MIN_VALUE : counted.asOf());
        return ItemNeighbors.newBuilder()
                .setItemId(itemId)
                .setNeighbors(top(list, publishedNeighbors))
                .setFollowers(top(follows, publishedFollowers))
                .setVersion(version)
                .setUpdatedAt(Instant.ofEpochMilli(asOf))
                .setPopularity(counted == null ? 0 : counted.count())
                .build();
    }

    private static List<ScoredItem> top(NeighborList list, int published) {
        List<ScoredItem> top = new ArrayList<>();
        for (int i = 0; list != null && i < list.size() && i < published; i++) {
            top.add(new ScoredItem(list.neighborIds()[i], list.scores()[i]));
        }
        return top;
    }
}
