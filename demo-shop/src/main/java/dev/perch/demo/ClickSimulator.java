package dev.perch.demo;

import dev.perch.collector.KafkaEventWriter;
import dev.perch.events.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ShopperSimulation} at a steady rate of events per second, writing to {@code
 * perch.events} through the collector's own {@link KafkaEventWriter} (idempotent, acks=all). Stop
 * it with {@link #close()}.
 */
public final class ClickSimulator implements AutoCloseable {

    /** Seed used by {@link #start(String, double)}. */
    public static final long DEFAULT_SEED = 42;

    /** Shoppers simulated by {@link #start(String, double)}. */
    public static final int DEFAULT_SHOPPERS = 200;

    private static final Logger LOG = LoggerFactory.getLogger(ClickSimulator.class);
    private static final long TICK_MILLIS = 50;

    private final ShopperSimulation simulation;
    private final KafkaEventWriter writer;
    private final double eventsPerSecond;
    private final Clock clock;
    private final ScheduledExecutorService ticker;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private double owed;

    private ClickSimulator(
            ShopperSimulation simulation, KafkaEventWriter writer, double eventsPerSecond) {
        this.simulation = simulation;
        this.writer = writer;
        this.eventsPerSecond = eventsPerSecond;
        this.clock = Clock.systemUTC();
        this.ticker =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread thread = new Thread(r, "click-simulator");
                            thread.setDaemon(true);
                            return thread;
                        });
    }

    /** Simulates {@link #DEFAULT_SHOPPERS} shoppers with {@link #DEFAULT_SEED}. */
    public static ClickSimulator start(String bootstrapServers, double eventsPerSecond) {
        return start(bootstrapServers, eventsPerSecond, DEFAULT_SEED, DEFAULT_SHOPPERS);
    }

    /** Starts producing {@code eventsPerSecond} events to {@code perch.events}. */
    public static ClickSimulator start(
            String bootstrapServers, double eventsPerSecond, long seed, int shoppers) {
        if (eventsPerSecond <= 0) {
            throw new IllegalArgumentException("eventsPerSecond must be > 0: " + eventsPerSecond);
        }
        ShopperSimulation simulation =
                new ShopperSimulation(DemoCatalog.items(Instant.EPOCH), shoppers, seed)
                        .withFreshIds();
        KafkaEventWriter writer =
                new KafkaEventWriter(bootstrapServers, Topics.EVENTS, Duration.ofSeconds(30));
        ClickSimulator simulator = new ClickSimulator(simulation, writer, eventsPerSecond);
        simulator.ticker.scheduleAtFixedRate(
                simulator::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info("Click simulator: {} events/s from {} shoppers", eventsPerSecond, shoppers);
        return simulator;
    }

    private void tick() {
        owed += eventsPerSecond * TICK_MILLIS / 1000.0;
        Instant now = clock.instant();
        while (owed >= 1) {
            owed -= 1;
            writer.send(simulation.next(now))
                    .whenComplete(
                            (metadata, error) -> {
                                if (error == null) {
                                    sent.incrementAndGet();
                                } else if (failed.incrementAndGet() % 1000 == 1) {
                                    LOG.warn("Simulated event not stored: {}", error.toString());
                                }
                            });
        }
    }

    /** Events Kafka acknowledged so far. */
    public long sent() {
        return sent.get();
    }

    /** Stops producing, waits for what is in flight, closes the producer. */
    @Override
    public void close() {
        ticker.shutdown();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.close();
    }
}
