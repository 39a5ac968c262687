package dev.perch.streamjobs;

import dev.perch.events.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/**
 * The side output every stage of the stream jobs sends rejected records to, and its records; the
 * {@code stage} of a dead letter names the job that rejected it.
 */
public final class DeadLetters {
    /** Rejected records of every stage. */
    public static final OutputTag<DeadLetter> TAG =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    /** The {@code stage} of the dead letters the user-state job writes. */
    public static final String STAGE = "user-state-job";

    /** The {@code stage} of the dead letters the item-statistics job writes. */
    public static final String ITEM_STATISTICS_STAGE = "item-statistics-job";

    private DeadLetters() {}

    /** A dead letter of the user-state job for a record as read from Kafka. */
    public static DeadLetter of(KafkaRecord record, RejectReason reason, String detail, long now) {
        return of(STAGE, record, reason, detail, now);
    }

    /** A dead letter of {@code stage} for a record as read from Kafka. */
    public static DeadLetter of(
            String stage, KafkaRecord record, RejectReason reason, String detail, long now) {
        return DeadLetter.newBuilder()
                .setOriginalBytes(wrap(record.value()))
                .setOriginalKey(wrap(record.key()))
                .setSourceTopic(record.topic())
                .setSourcePartition(record.partition())
                .setSourceOffset(record.offset())
                .setStage(stage)
                .setReason(reason.name())
                .setDetail(detail)
                .setTime(Instant.ofEpochMilli(now))
                .build();
    }

    /**
     * A dead letter for a record rejected after decoding: its bytes are the event encoded again
     * (the same bytes unless it was written with an older schema version), its key the user id.
     */
    public static DeadLetter of(
            byte[] value, byte[] key, String topic, RejectReason reason, String detail, long now) {
        return of(STAGE, value, key, topic, reason, detail, now);
    }

    /** As {@link #of(byte[], byte[], String, RejectReason, String, long)}, for {@code stage}. */
    public static DeadLetter of(
            String stage,
            byte[] value,
            byte[] key,
            String topic,
            RejectReason reason,
            String detail,
            long now) {
        return DeadLetter.newBuilder()
                .setOriginalBytes(wrap(value))
                .setOriginalKey(wrap(key))
                .setSourceTopic(topic)
                .setStage(stage)
                .setReason(reason.name())
                .setDetail(detail)
                .setTime(Instant.ofEpochMilli(now))
                .build();
    }

    private static ByteBuffer wrap(byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }
}
