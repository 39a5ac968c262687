package dev.perch.events.deadletter;

import dev.perch.events.DeadLetter;
import dev.perch.events.Topics;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends dead letters to perch.dead-letter for a plain Kafka consumer (the feature-store updater,
 * the model server's recommendations feed) and counts them; a failed send is logged and counted,
 * never thrown at the consumer, so a broken dead-letter path cannot stop the consumer either.
 */
public final class DeadLetterProducer implements Consumer<DeadLetter>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProducer.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /** Over a producer the caller configured; this object owns it from now on. */
    public DeadLetterProducer(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** A producer of its own to perch.dead-letter on the cluster at {@code bootstrapServers}. */
    public static DeadLetterProducer connect(String bootstrapServers, String clientId) {
        return connect(bootstrapServers, clientId, java.util.Map.of());
    }

    /**
     * As {@link #connect(String, String)}, with the client settings (TLS, SASL) every Perch client
     * of the cluster takes.
     */
    public static DeadLetterProducer connect(
            String bootstrapServers, String clientId, java.util.Map<String, String> client) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        return new DeadLetterProducer(
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()),
                Topics.DEAD_LETTER);
    }

    @Override
    public void accept(DeadLetter letter) {
        LOG.warn(
                "Dead letter from {}: {} at {}-{}@{}: {}",
                letter.getStage(),
                letter.getReason(),
                letter.getSourceTopic(),
                letter.getSourcePartition(),
                letter.getSourceOffset(),
                letter.getDetail());
        try {
            producer.send(
                    DeadLetterRecords.toRecord(topic, letter),
                    (metadata, exception) -> {
                        if (exception == null) {
                            sent.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            LOG.error("A dead letter was not written: {}", exception.toString());
                        }
                    });
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            LOG.error("A dead letter was not written: {}", e.toString());
        }
    }

    /** Dead letters the broker acknowledged. */
    public long sent() {
        return sent.get();
    }

    /** Dead letters that could not be written. */
    public long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
