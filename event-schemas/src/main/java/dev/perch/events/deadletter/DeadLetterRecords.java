package dev.perch.events.deadletter;

import dev.perch.events.DeadLetter;
import dev.perch.events.serde.AvroCodec;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Turns a Kafka record a consumer could not use into a {@link DeadLetter} that keeps its original
 * key and value bytes, topic, partition and offset, and the reason (after Kafka Connect's {@code
 * DeadLetterQueueReporter}), and a dead letter into the record that goes to perch.dead-letter.
 */
public final class DeadLetterRecords {
    /** Longest detail kept; exception messages can carry whole payloads. */
    static final int MAX_DETAIL = 2000;

    private static final AvroCodec<DeadLetter> CODEC = AvroCodec.of(DeadLetter.class);

    private DeadLetterRecords() {}

    /**
     * The dead letter of a consumed record.
     *
     * @param stage the part that rejected it, e.g. {@code model-server}
     * @param reason the machine-readable reason code, e.g. {@code UNDECODABLE}
     * @param failure what went wrong; its class and message become the detail
     */
    public static DeadLetter of(
            ConsumerRecord<byte[], byte[]> record,
            String stage,
            String reason,
            Throwable failure,
            Instant now) {
        return of(
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                record.value(),
                stage,
                reason,
                describe(failure),
                now);
    }

    /** The dead letter of a record known by its coordinates and bytes. */
    public static DeadLetter of(
            String topic,
            int partition,
            long offset,
            byte[] key,
            byte[] value,
            String stage,
            String reason,
            String detail,
            Instant now) {
        return DeadLetter.newBuilder()
                .setOriginalKey(key == null ? null : ByteBuffer.wrap(key.clone()))
                .setOriginalBytes(value == null ? null : ByteBuffer.wrap(value.clone()))
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setStage(stage)
                .setReason(reason)
                .setDetail(cut(detail))
                .setTime(now)
                .build();
    }

    /** The record for the dead-letter topic: keyed by the original key, the letter as its value. */
    public static ProducerRecord<byte[], byte[]> toRecord(String topic, DeadLetter letter) {
        return new ProducerRecord<>(topic, bytes(letter.getOriginalKey()), CODEC.encode(letter));
    }

    /** The exception class and message, then those of its causes, cut to a readable length. */
    public static String describe(Throwable failure) {
        if (failure == null) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null && text.length() < MAX_DETAIL; t = t.getCause()) {
            if (text.length() > 0) {
                text.append("; caused by ");
            }
            text.append(t.getClass().getName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return cut(text.toString());
    }

    private static String cut(String detail) {
        return detail == null || detail.length() <= MAX_DETAIL
                ? detail
                : detail.substring(0, MAX_DETAIL) + "...";
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
