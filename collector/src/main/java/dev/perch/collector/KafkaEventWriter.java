package dev.perch.collector;

import dev.perch.access.KafkaClientProperties;
import dev.perch.events.ClickEvent;
import dev.perch.events.serde.PerchSerdes;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes click events to Kafka keyed by userId, Avro through the event-schemas serializer, with an
 * idempotent producer and {@code acks=all}: a future completes only once every in-sync replica has
 * the event, and the producer's own retries never duplicate it. Shared by the HTTP collector and
 * the click simulator. Thread-safe.
 */
public final class KafkaEventWriter implements AutoCloseable {

    /** Longest a send may block on missing metadata (the broker is down) before it fails. */
    static final int MAX_BLOCK_MS = 2_000;

    private final Producer<String, ClickEvent> producer;
    private final String topic;

    public KafkaEventWriter(String bootstrapServers, String topic, Duration deliveryTimeout) {
        this(bootstrapServers, topic, deliveryTimeout, KafkaClientProperties.none());
    }

    /** A writer whose producer also gets {@code client}'s settings (TLS, SASL). */
    public KafkaEventWriter(
            String bootstrapServers,
            String topic,
            Duration deliveryTimeout,
            KafkaClientProperties client) {
        this.producer =
                new KafkaProducer<>(
                        client.applyTo(producerConfig(bootstrapServers, deliveryTimeout)),
                        new StringSerializer(),
                        PerchSerdes.serializer(ClickEvent.class));
        this.topic = topic;
    }

    /**
     * Producer settings: idempotent, acks=all, a short linger to batch concurrent requests, and a
     * delivery timeout after which an unacknowledged event is reported as failed.
     */
    public static Properties producerConfig(String bootstrapServers, Duration deliveryTimeout) {
        int linger = 5;
        int delivery = (int) Math.max(deliveryTimeout.toMillis(), 2_000);
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "perch-collector");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, linger);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30_000, delivery - linger));
        // send() blocks while the broker's metadata is unknown: short, so an outage is a quick 503.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(delivery, MAX_BLOCK_MS));
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return config;
    }

    /** The topic written to. */
    public String topic() {
        return topic;
    }

    /**
     * Asks the pipeline to forget {@code userId}: a tombstone keyed by the user on the events
     * topic, in the user's partition after all their earlier events, so the user-state job clears
     * the user after everything sent before. The future completes once Kafka acknowledged it.
     */
    public CompletableFuture<RecordMetadata> forget(String userId) {
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        try {
            producer.send(
                    new ProducerRecord<>(topic, userId, null),
                    (metadata, error) -> {
                        if (error != null) {
                            acked.completeExceptionally(error);
                        } else {
                            acked.complete(metadata);
                        }
                    });
        } catch (KafkaException | IllegalStateException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    /** Sends one event; the future completes when Kafka acknowledged it, or fails. */
    public CompletableFuture<RecordMetadata> send(ClickEvent event) {
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        try {
            producer.send(
                    new ProducerRecord<>(topic, event.getUserId(), event),
                    (metadata, error) -> {
                        if (error != null) {
                            acked.completeExceptionally(error);
                        } else {
                            acked.complete(metadata);
                        }
                    });
        } catch (KafkaException | IllegalStateException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    /** Sends what is buffered now and waits for it. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
