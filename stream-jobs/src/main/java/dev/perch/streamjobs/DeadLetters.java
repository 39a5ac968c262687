package dev.perch.streamjobs;

import dev.perch.events.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** The side output every stage of the user-state job sends rejected records to, and its records. */
public final class DeadLetters {
    /** Rejected records of every stage. */
    public static final OutputTag<DeadLetter> TAG =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    /** The {@code stage} of the dead letters this job writes. */
    public static final String STAGE = "user-state-job";

    private DeadLetters() {}

    /** A dead letter for a record as read from Kafka. */
    public static DeadLetter of(KafkaRecord record, RejectReason reason, String detail, long now) {
        return DeadLetter.newBuilder()
                .setOriginalBytes(wrap(record.value()))
                .setOriginalKey(wrap(record.key()))
                .setSourceTopic(record.topic())
                .setSourcePartition(record.partition())
                .setSourceOffset(record.offset())
                .setStage(STAGE)
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
        return DeadLetter.newBuilder()
                .setOriginalBytes(wrap(value))
                .setOriginalKey(wrap(key))
                .setSourceTopic(topic)
                .setStage(STAGE)
                .setReason(reason.name())
                .setDetail(detail)
                .setTime(Instant.ofEpochMilli(now))
                .build();
    }

    private static ByteBuffer wrap(byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }
}
