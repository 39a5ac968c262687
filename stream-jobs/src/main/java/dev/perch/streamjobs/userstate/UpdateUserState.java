package dev.perch.streamjobs.userstate;

import dev.perch.core.EnrichedEvent;
import dev.perch.core.EventIdWindow;
import dev.perch.core.UserEventRate;
import dev.perch.core.UserProfile;
import dev.perch.core.UserStateUpdater;
import dev.perch.events.ClickEvent;
import dev.perch.events.UserState;
import dev.perch.events.serde.AvroCodec;
import dev.perch.streamjobs.DeadLetters;
import dev.perch.streamjobs.ForgetRequests;
import dev.perch.streamjobs.ForgottenHistory;
import dev.perch.streamjobs.IdleStateTtl;
import dev.perch.streamjobs.JobMetrics;
import dev.perch.streamjobs.RejectCounters;
import dev.perch.streamjobs.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by user id: applies the shared {@link UserStateUpdater} to each accepted event and emits
 * the new {@link UserState} (every change, version + 1). Before that it rejects, as dead letters,
 * events too far behind the user's latest one, duplicates of an event id seen within the dedup
 * window, and events beyond the per-user rate limit ({@link UserEventRate}, the collector's limit
 * too; here the backstop for producers that bypass the collector), so no user's state grows without
 * bound.
 *
 * <p>Its second input is the user ids of forget requests: the user's state is cleared and a
 * tombstone emitted ({@link ForgetRequests}).
 *
 * <p>State per user: the profile ({@link UserProfile}), whose value also holds the rate window and
 * up to {@value #IDS_IN_PROFILE} event ids of the dedup window ({@link EventIdWindow}), so an
 * accepted event costs one keyed-state read and one write; an id that finds the profile's ids full
 * goes to a map state, with an event-time timer rounded up to the minute that clears it; all of it
 * expires after {@code inactiveUserTtl}. Before, the rate window had a value state of its own
 * ("rate-window": no longer registered, a savepoint's copy is restored and never read; the users'
 * windows restart at the upgrade) and every id went to the map state (a profile restored from then
 * has no ids: the map is asked until the window after the user's latest event has passed).
 */
public final class UpdateUserState
        extends KeyedCoProcessFunction<String, EnrichedEvent, Tuple2<String, Long>, UserState> {
    private static final long serialVersionUID = 1L;
    private static final long MINUTE = Duration.ofMinutes(1).toMillis();

    /**
     * Event ids kept in the user's profile; a user's further ids within the dedup window go to the
     * map state. A user spills only with more than this many accepted events within the window (one
     * every 19 s for the default 10 minutes); an id takes 16 bytes of the value.
     */
    static final int IDS_IN_PROFILE = 32;

    private final UserStateJobConfig config;

    private transient UserStateUpdater updater;
    private transient UserEventRate rateLimit;
    private transient ValueState<UserProfile> profile;
    private transient MapState<String, Long> seenEventIds;
    private transient ForgottenHistory forgottenHistory;
    private transient AvroCodec<ClickEvent> codec;
    private transient Counter stateUpdates;
    private transient RejectCounters rejected;
    private transient volatile long lastWatermark;

    public UpdateUserState(UserStateJobConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        updater = new UserStateUpdater(config.updateRule());
        rateLimit = new UserEventRate(config.maxEventsPerUserPerMinute());
        lastWatermark = Long.MIN_VALUE;
        StateTtlConfig ttl = IdleStateTtl.of(config.inactiveUserTtl());
        ValueStateDescriptor<UserProfile> profileDescriptor =
                new ValueStateDescriptor<>("user-profile", TypeInformation.of(UserProfile.class));
        profileDescriptor.enableTimeToLive(ttl);
        profile = getRuntimeContext().getState(profileDescriptor);
        MapStateDescriptor<String, Long> seenDescriptor =
                new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.LONG);
        seenDescriptor.enableTimeToLive(ttl);
        seenEventIds = getRuntimeContext().getMapState(seenDescriptor);
        forgottenHistory = ForgottenHistory.open(getRuntimeContext(), config.inactiveUserTtl());
        codec = AvroCodec.of(ClickEvent.class);
        var metrics = JobMetrics.group(getRuntimeContext());
        stateUpdates = metrics.counter("stateUpdates");
        rejected = new RejectCounters(metrics);
        metrics.gauge("eventTimeLagMs", this::eventTimeLag);
    }

    @Override
    public void processElement1(EnrichedEvent enriched, Context ctx, Collector<UserState> out)
            throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        lastWatermark = watermark;
        ClickEvent event = enriched.event();
        if (forgottenHistory.isForgotten(event)) {
            return; // part of the history the user asked to forget: not kept, not dead-lettered
        }
        long eventTime = event.getEventTime().toEpochMilli();
        UserProfile previous = profile.value();
        if (previous != null
                && eventTime
                        < previous.state().getLastSeen().toEpochMilli()
                                - config.maxLateness().toMillis()) {
            reject(
                    ctx,
                    event,
                    RejectReason.EVENT_TOO_OLD,
                    "eventTime "
                            + event.getEventTime()
                            + " is more than the allowed lateness behind lastSeen "
                            + previous.state().getLastSeen());
            return;
        }
        long window = config.dedupWindow().toMillis();
        EventIdWindow ids = eventIds(previous, window);
        if (ids.holds(event.getEventId(), watermark, window)
                || (ids.mayHaveSpilled(watermark)
                        && spilledCounts(event.getEventId(), watermark))) {
            reject(ctx, event, RejectReason.DUPLICATE, "eventId seen within the dedup window");
            return;
        }
        UserEventRate.Window rateWindow =
                rateLimit.admit(previous == null ? null : previous.rateWindow(), eventTime);
        if (rateWindow == null) {
            reject(
                    ctx,
                    event,
                    RejectReason.RATE_LIMITED,
                    "more than " + config.maxEventsPerUserPerMinute() + " events in a minute");
            return;
        }
        EventIdWindow live = ids.withoutPassed(watermark, window);
        EventIdWindow nextIds;
        if (live.size() < IDS_IN_PROFILE) {
            nextIds = live.add(event.getEventId(), eventTime);
        } else {
            spill(event.getEventId(), eventTime, ctx);
            nextIds = live.withSpilled(eventTime, window);
        }
        Instant now = Instant.ofEpochMilli(ctx.timerService().currentProcessingTime());
        UserProfile next =
                updater.update(previous, enriched, now)
                        .withRateWindow(rateWindow)
                        .withEventIds(nextIds);
        profile.update(next);
        stateUpdates.inc();
        out.collect(next.state());
    }

    /**
     * A forget request: every state of the user is cleared, and a tombstone marker goes out; the
     * user's next event starts a fresh state at version 1. Only the request's time stays (until the
     * inactive-user TTL), so that events which reached Perch before it are dropped when they come
     * late. Pending dedup timers find nothing.
     */
    @Override
    public void processElement2(Tuple2<String, Long> request, Context ctx, Collector<UserState> out)
            throws Exception {
        profile.clear();
        seenEventIds.clear();
        forgottenHistory.forget(request.f1);
        out.collect(
                ForgetRequests.tombstone(
                        request.f0,
                        Instant.ofEpochMilli(ctx.timerService().currentProcessingTime())));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<UserState> out)
            throws Exception {
        long window = config.dedupWindow().toMillis();
        Iterator<Map.Entry<String, Long>> entries = seenEventIds.iterator();
        while (entries.hasNext()) {
            if (!EventIdWindow.counts(entries.next().getValue(), timestamp, window)) {
                entries.remove();
            }
        }
    }

    /**
     * The user's event ids: none for a new user; for a profile restored from a savepoint taken
     * before the ids joined it, all of them in the map state until the window after the user's
     * latest event has passed.
     */
    private static EventIdWindow eventIds(UserProfile profile, long window) {
        if (profile == null) {
            return EventIdWindow.EMPTY;
        }
        if (profile.eventIds() == null) {
            return EventIdWindow.allSpilled(profile.state().getLastSeen().toEpochMilli(), window);
        }
        return profile.eventIds();
    }

    /** Whether the map state holds {@code eventId} and it still counts at {@code watermark}. */
    private boolean spilledCounts(String eventId, long watermark) throws Exception {
        Long seen = seenEventIds.get(eventId);
        return seen != null
                && EventIdWindow.counts(seen, watermark, config.dedupWindow().toMillis());
    }

    /** Keeps an id the profile has no room for in the map state until its window has passed. */
    private void spill(String eventId, long eventTime, Context ctx) throws Exception {
        seenEventIds.put(eventId, eventTime);
        long expiry = eventTime + config.dedupWindow().toMillis();
        long roundedUp = expiry - Math.floorMod(expiry, MINUTE) + MINUTE;
        ctx.timerService().registerEventTimeTimer(roundedUp);
    }

    private void reject(Context ctx, ClickEvent event, RejectReason reason, String detail) {
        rejected.inc(reason);
        ctx.output(
                DeadLetters.TAG,
                DeadLetters.of(
                        codec.encode(event),
                        event.getUserId().getBytes(StandardCharsets.UTF_8),
                        null,
                        reason,
                        detail,
                        ctx.timerService().currentProcessingTime()));
    }

    private long eventTimeLag() {
        long watermark = lastWatermark;
        return watermark == Long.MIN_VALUE ? 0L : System.currentTimeMillis() - watermark;
    }
}
