package dev.perch.cli.replay;

import dev.perch.events.DeadLetter;
import dev.perch.events.files.RejectedLine;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends each rejected line to the dead-letter topic as a {@link DeadLetter} of stage {@code
 * replay}: the reason code, the file and line in the detail, and the line's bytes as the original
 * value. The producer is created on the first rejected line, so a clean file opens none.
 */
public final class DeadLetterPublisher implements Consumer<RejectedLine>, AutoCloseable {
    /** The {@code stage} of every dead letter from replay. */
    public static final String STAGE = "replay";

    /** Longest original line kept in a dead letter; longer lines are cut (and say so). */
    public static final int MAX_ORIGINAL_BYTES = 256 * 1024;

    private final Supplier<Producer<String, DeadLetter>> producerFactory;
    private final String topic;
    private final String source;
    private final Clock clock;
    private final SendTracker tracker = new SendTracker();
    private Producer<String, DeadLetter> producer;

    /**
     * @param source the file name, written into each dead letter's detail
     */
    public DeadLetterPublisher(
            Supplier<Producer<String, DeadLetter>> producerFactory,
            String topic,
            String source,
            Clock clock) {
        this.producerFactory = producerFactory;
        this.topic = topic;
        this.source = source;
        this.clock = clock;
    }

    /** The dead letter of one rejected line. */
    public static DeadLetter toDeadLetter(RejectedLine line, String source, Clock clock) {
        byte[] raw = line.raw();
        String detail = source + ":" + line.lineNumber() + ": " + line.detail();
        if (raw.length > MAX_ORIGINAL_BYTES) {
            detail += " (line of " + raw.length + " bytes cut to " + MAX_ORIGINAL_BYTES + ")";
            raw = Arrays.copyOf(raw, MAX_ORIGINAL_BYTES);
        }
        return new DeadLetter(
                ByteBuffer.wrap(raw),
                null,
                null,
                null,
                null,
                STAGE,
                line.reason().name(),
                detail,
                clock.instant());
    }

    @Override
    public void accept(RejectedLine line) {
        if (producer == null) {
            producer = producerFactory.get();
        }
        tracker.sending();
        try {
            producer.send(
                    new ProducerRecord<>(topic, null, toDeadLetter(line, source, clock)), tracker);
        } catch (RuntimeException e) {
            tracker.failedToSend(e);
        }
    }

    /** Flushes and waits for every dead letter to be acknowledged or failed. */
    public boolean flush(Duration timeout) throws InterruptedException {
        if (producer != null) {
            producer.flush();
        }
        return tracker.awaitAll(timeout);
    }

    /** Counts of sent, acknowledged and failed dead letters. */
    public SendTracker tracker() {
        return tracker;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(30));
        }
    }
}
