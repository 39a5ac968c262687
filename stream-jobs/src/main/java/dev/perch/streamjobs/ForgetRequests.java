package dev.perch.streamjobs;

import dev.perch.events.UserState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.util.OutputTag;

/**
 * The right to be forgotten in the stream jobs. A forget request is a tombstone on perch.events
 * (the user id as key, no value), written by the collector's {@code DELETE /v1/users/{id}}: the
 * decoder passes it to {@link #TAG} instead of the events, the user-state job clears the user's
 * keyed state and emits a {@link #tombstone}, which the user-state sink writes as a Kafka
 * tombstone, so compaction drops the user from perch.user-state and the model server forgets them.
 * The request reaches the user-state operator by a shorter path than the events (which wait for the
 * catalog), so the operator also drops the user's events that reached Perch before the request
 * ({@link #arrivalOf}) whenever they come.
 */
public final class ForgetRequests {

    /**
     * The forget requests, a side output of the events decoder: the user id and the request's Kafka
     * timestamp (when the collector wrote it).
     */
    public static final OutputTag<Tuple2<String, Long>> TAG =
            new OutputTag<>("forget-requests", Types.TUPLE(Types.STRING, Types.LONG));

    private ForgetRequests() {}

    /** Whether {@code record} asks to forget its key's user (a keyed record without a value). */
    public static boolean isForget(KafkaRecord record) {
        return record.value() == null && record.key() != null && record.key().length > 0;
    }

    /** The user {@code record} asks to forget, and when it was asked. */
    public static Tuple2<String, Long> requestOf(KafkaRecord record) {
        return Tuple2.of(new String(record.key(), StandardCharsets.UTF_8), record.timestamp());
    }

    /**
     * When {@code event} reached Perch: its receivedTime, or its eventTime when a producer set
     * none. An event that reached Perch before a forget request belongs to the forgotten history.
     */
    public static long arrivalOf(dev.perch.events.ClickEvent event) {
        return event.getReceivedTime() != null
                ? event.getReceivedTime().toEpochMilli()
                : event.getEventTime().toEpochMilli();
    }

    /**
     * The marker the user-state operator emits for a forgotten user: a state with version -1 and no
     * data, which no real state ever has; the user-state sink writes it as a tombstone.
     */
    public static UserState tombstone(String userId, Instant at) {
        return UserState.newBuilder()
                .setUserId(userId)
                .setVersion(-1)
                .setVector(List.of())
                .setVectorWeight(0)
                .setRecentItems(List.of())
                .setPurchasedItems(List.of())
                .setCategoryAffinity(Map.of())
                .setEventCounts(Map.of())
                .setFirstSeen(at)
                .setLastSeen(at)
                .setUpdatedAt(at)
                .build();
    }

    /** Whether {@code state} is a {@link #tombstone} marker. */
    public static boolean isTombstone(UserState state) {
        return state.getVersion() < 0;
    }
}
