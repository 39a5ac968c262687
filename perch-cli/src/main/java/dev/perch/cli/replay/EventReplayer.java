package dev.perch.cli.replay;

import dev.perch.events.ClickEvent;
import dev.perch.events.files.LineParser;
import dev.perch.events.files.LoadedEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Produces loaded events to a topic in a given order, keyed by user, each with {@code receivedTime}
 * set to the moment it is produced, paced by a {@link RatePacer}; then waits for every
 * acknowledgement.
 */
public final class EventReplayer {
    private final Producer<String, ClickEvent> producer;
    private final String topic;
    private final RatePacer pacer;
    private final Clock clock;
    private final Duration ackTimeout;

    /**
     * @param ackTimeout how long to wait for outstanding acknowledgements after the last send
     */
    public EventReplayer(
            Producer<String, ClickEvent> producer,
            String topic,
            RatePacer pacer,
            Clock clock,
            Duration ackTimeout) {
        this.producer = producer;
        this.topic = topic;
        this.pacer = pacer;
        this.clock = clock;
        this.ackTimeout = ackTimeout;
    }

    /**
     * Produces {@code events} in {@code order}, at most {@code limit} of them (0 = all).
     *
     * @param parser the parser that accepted the lines, to turn them into events again
     * @param onSent called with the number of events sent so far, after each send
     */
    public ReplayResult replay(
            LoadedEvents events, int[] order, LineParser parser, long limit, LongConsumer onSent)
            throws InterruptedException {
        long count = limit > 0 ? Math.min(limit, order.length) : order.length;
        SendTracker tracker = new SendTracker();
        long start = System.nanoTime();
        for (int k = 0; k < count && !Thread.currentThread().isInterrupted(); k++) {
            pacer.awaitTurn(k, start, System::nanoTime);
            int i = order[k];
            tracker.sending();
            try {
                ClickEvent event = events.event(i, parser);
                event.setReceivedTime(clock.instant());
                producer.send(new ProducerRecord<>(topic, event.getUserId(), event), tracker);
            } catch (RuntimeException e) {
                tracker.failedToSend(e);
            }
            onSent.accept(k + 1L);
        }
        producer.flush();
        boolean answered = tracker.awaitAll(ackTimeout);
        long elapsed = System.nanoTime() - start;
        String failure = describe(tracker.firstFailure());
        if (!answered) {
            failure =
                    tracker.pending()
                            + " sends unanswered after "
                            + ackTimeout.toSeconds()
                            + " s"
                            + (failure == null ? "" : "; first failure: " + failure);
        }
        return new ReplayResult(
                tracker.sent(),
                tracker.acknowledged(),
                tracker.sent() - tracker.acknowledged(),
                failure,
                elapsed);
    }

    static String describe(Exception e) {
        if (e == null) {
            return null;
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
