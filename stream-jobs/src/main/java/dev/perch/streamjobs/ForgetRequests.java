package dev.perch.streamjobs;

import dev.perch.events.UserState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.OutputTag;

/**
 * The right to be forgotten in the stream jobs. A forget request is a tombstone on perch.events
 * (the user id as key, no value), written by the collector's {@code DELETE /v1/users/{id}}: the
 * decoder passes it to {@link #TAG} instead of the events, the user-state job clears the user's
 * keyed state and emits a {@link #tombstone}, which the user-state sink writes as a Kafka
 * tombstone, so compaction drops the user from perch.user-state and the model server forgets them.
 */
public final class ForgetRequests {

    /** The user ids to forget, a side output of the events decoder. */
    public static final OutputTag<String> TAG = new OutputTag<>("forget-requests", Types.STRING);

    private ForgetRequests() {}

    /** Whether {@code record} asks to forget its key's user (a keyed record without a value). */
    public static boolean isForget(KafkaRecord record) {
        return record.value() == null && record.key() != null && record.key().length > 0;
    }

    /** The user {@code record} asks to forget. */
    public static String userOf(KafkaRecord record) {
        return new String(record.key(), StandardCharsets.UTF_8);
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
