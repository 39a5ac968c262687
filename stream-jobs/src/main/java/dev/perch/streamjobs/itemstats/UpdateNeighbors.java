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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Keyed by item id: adds each co-visit to the item's perch-core {@link NeighborScores} (bounded by
 * maxNeighbors, time-decayed) and each transition to its followers' scores (bounded by
 * maxFollowers, as perch-core's {@link TransitionIndex} keeps them), and publishes the item's
 * strongest neighbours and followers in one record at most once per {@code publishInterval} of
 * processing time, always the latest list, with a version that only grows (the publish time in
 * epoch milliseconds, or the previous version + 1 if that is not more).
 *
 * <p>Signals are combined per item on the heap before the keyed state is touched (Flink's
 * mini-batch pattern, as its table runtime's bundle operators do): each one is only appended to its
 * item's list in this subtask's buffer, and once per publish interval (one processing-time timer
 * for the subtask) every buffered item's lists are restored from RocksDB, given its signals in
 * arrival order, written back and published. The published lists are the same as if every signal
 * had been applied on arrival (the stored lists restore exactly, see {@link NeighborList#restore}),
 * but a signal (about fifteen per visit) costs a hash-map append instead of keyed-state work:
 * before, each was a RocksDB append to a pending list and a read of the item's publication time,
 * the largest share of the item-statistics job's RocksDB time (issue 16's profile). The buffer goes
 * into keyed state before every checkpoint barrier ({@link #prepareSnapshotPreBarrier}: everything
 * before the barrier is published and in the snapshot, everything after it is replayed from Kafka
 * on a restore), at the end of a bounded input, and early when it holds {@link
 * #MAX_BUFFERED_SIGNALS}; so an item is published at most once per interval, or sooner at a
 * checkpoint or a full buffer.
 *
 * <p>Visit signals add their weight to the item's all-time popularity ({@link ItemPopularity}),
 * published in the same record: the count the evaluator's {@code PopularityCounter} keeps, so the
 * ranking feature {@code log_popularity} means the same live and offline. Like the lists, it is
 * forgotten when the item has had no signal for {@code inactiveItemTtl} (the evaluator never
 * forgets: the one named difference).
 *
 * <p>Its input must be keyed by {@link ItemSignal#item} ({@code keyBy(...).transform(...)}).
 */
public final class UpdateNeighbors extends AbstractStreamOperator<ItemNeighbors>
        implements OneInputStreamOperator<ItemSignal, ItemNeighbors>, BoundedOneInput {
    private static final long serialVersionUID = 2L;

    /**
     * The most signals a subtask buffers before it publishes early: about 30 MB of heap (a signal
     * and its list slot take about 150 bytes), a publish interval's worth at 5,000 visits/s with
     * the default two-second interval and twenty signals per visit.
     */
    static final int MAX_BUFFERED_SIGNALS = 200_000;

    private final CoVisitationSettings settings;
    private final TransitionSettings transitionSettings;
    private final int publishedNeighbors;
    private final int publishedFollowers;
    private final Duration publishInterval;
    private final Duration inactiveItemTtl;
    private transient ValueState<NeighborList> neighbors;
    private transient ValueState<NeighborList> followers;
    private transient ValueState<ItemPopularity> popularity;
    private transient Map<String, List<ItemSignal>> buffered;
    private transient int bufferedSignals;
    private transient boolean scheduled;
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

    /**
     * The keyed states this operator keeps (their names and types are in every savepoint: never
     * change them): the neighbour and follower lists and the popularity, each expiring after {@code
     * inactiveItemTtl} without a signal.
     */
    public List<ValueStateDescriptor<?>> stateDescriptors() {
        return List.of(neighborsState(), followersState(), popularityState());
    }

    private ValueStateDescriptor<NeighborList> neighborsState() {
        return expiring(
                new ValueStateDescriptor<>("neighbors", TypeInformation.of(NeighborList.class)));
    }

    private ValueStateDescriptor<NeighborList> followersState() {
        return expiring(
                new ValueStateDescriptor<>("followers", TypeInformation.of(NeighborList.class)));
    }

    private ValueStateDescriptor<ItemPopularity> popularityState() {
        return expiring(
                new ValueStateDescriptor<>("popularity", TypeInformation.of(ItemPopularity.class)));
    }

    private <T> ValueStateDescriptor<T> expiring(ValueStateDescriptor<T> descriptor) {
        descriptor.enableTimeToLive(IdleStateTtl.of(inactiveItemTtl));
        return descriptor;
    }

    @Override
    public void open() throws Exception {
        super.open();
        neighbors = getPartitionedState(neighborsState());
        followers = getPartitionedState(followersState());
        popularity = getPartitionedState(popularityState());
        buffered = new LinkedHashMap<>();
        var metrics = JobMetrics.group(getRuntimeContext());
        updates = metrics.counter("neighborUpdates");
        published = metrics.counter("neighborsPublished");
        metrics.gauge("neighborSignalsBuffered", () -> bufferedSignals);
    }

    @Override
    public void processElement(StreamRecord<ItemSignal> element) throws Exception {
        ItemSignal signal = element.getValue();
        // input records come off the network, fresh objects: safe to keep with object reuse on
        buffered.computeIfAbsent(signal.item(), item -> new ArrayList<>()).add(signal);
        bufferedSignals++;
        updates.inc();
        if (bufferedSignals >= MAX_BUFFERED_SIGNALS) {
            publishBuffered(getProcessingTimeService().getCurrentProcessingTime());
        } else if (!scheduled) {
            scheduled = true;
            getProcessingTimeService()
                    .registerTimer(
                            getProcessingTimeService().getCurrentProcessingTime()
                                    + publishInterval.toMillis(),
                            this::onPublishTime);
        }
    }

    private void onPublishTime(long timestamp) throws Exception {
        scheduled = false;
        publishBuffered(timestamp);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        publishBuffered(getProcessingTimeService().getCurrentProcessingTime());
    }

    @Override
    public void endInput() throws Exception {
        publishBuffered(getProcessingTimeService().getCurrentProcessingTime());
    }

    /** Applies every buffered item's signals to its keyed state and publishes it. */
    private void publishBuffered(long timestamp) throws Exception {
        if (buffered.isEmpty()) {
            return;
        }
        for (Map.Entry<String, List<ItemSignal>> item : buffered.entrySet()) {
            setCurrentKey(item.getKey());
            publish(item.getKey(), item.getValue(), timestamp);
        }
        buffered.clear();
        bufferedSignals = 0;
    }

    private void publish(String itemId, List<ItemSignal> signals, long timestamp) throws Exception {
        NeighborList stored = neighbors.value();
        NeighborList follows = followers.value();
        ItemPopularity counted = popularity.value();
        boolean visited = false;
        NeighborScores neighborScores = null;
        NeighborScores followerScores = null;
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
        output.collect(new StreamRecord<>(record(itemId, stored, follows, counted, version)));
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
