package dev.perch.streamjobs.userstate;

import dev.perch.events.ConsumerFetch;
import dev.perch.events.DeadLetter;
import dev.perch.events.UserState;
import dev.perch.events.serde.AvroCodec;
import dev.perch.streamjobs.ForgetRequests;
import dev.perch.streamjobs.KafkaRecord;
import dev.perch.streamjobs.KafkaRecordReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The Kafka sources and sinks of the user-state job (the sources and the dead-letter sink serve the
 * item-statistics job too). Sinks are at-least-once: outputs are versioned upserts, so a record
 * repeated after a failure never moves a consumer backwards.
 */
public final class UserStateKafka {
    private UserStateKafka() {}

    /** perch.events as raw records, from the committed offsets or else the earliest. */
    public static KafkaSource<KafkaRecord> eventsSource(UserStateJobConfig config) {
        return source(config, config.eventsTopic(), config.groupId()).build();
    }

    /**
     * perch.items as raw records, always from the start: the catalog is compacted state, and quiet
     * ({@link ConsumerFetch#applyQuietTo}).
     */
    public static KafkaSource<KafkaRecord> itemsSource(UserStateJobConfig config) {
        return catalogSource(
                config.bootstrapServers(),
                config.itemsTopic(),
                config.groupId() + "-catalog",
                config.kafkaProperties());
    }

    /**
     * A source of the catalog topic for {@code groupId}, always from the start, fetching as for a
     * quiet topic: an idle fetch waits up to 500 ms instead of the event path's 10 ms, a record is
     * answered at once (the client's own settings win).
     */
    public static KafkaSource<KafkaRecord> catalogSource(
            String bootstrapServers, String topic, String groupId, Properties client) {
        return source(
                        bootstrapServers,
                        topic,
                        groupId,
                        client,
                        ConsumerFetch.applyQuietTo(new Properties()))
                .setStartingOffsets(OffsetsInitializer.earliest())
                .build();
    }

    /** A source builder for one topic with the raw reader; tests bound it with setBounded. */
    public static KafkaSourceBuilder<KafkaRecord> source(
            UserStateJobConfig config, String topic, String groupId) {
        return source(config.bootstrapServers(), topic, groupId, config.kafkaProperties());
    }

    /** A source builder for one topic with the raw reader, from the committed offsets. */
    public static KafkaSourceBuilder<KafkaRecord> source(
            String bootstrapServers, String topic, String groupId) {
        return source(bootstrapServers, topic, groupId, new Properties());
    }

    /**
     * A source builder whose consumer also gets {@code client}'s settings (TLS, SASL), fetching as
     * on the click-to-list path ({@link ConsumerFetch#applyTo}).
     */
    public static KafkaSourceBuilder<KafkaRecord> source(
            String bootstrapServers, String topic, String groupId, Properties client) {
        return source(
                bootstrapServers,
                topic,
                groupId,
                client,
                ConsumerFetch.applyTo(new Properties(), ""));
    }

    /**
     * A source builder whose consumer fetches with {@code fetch} (see {@link ConsumerFetch}) and
     * gets {@code client}'s settings, which win.
     */
    public static KafkaSourceBuilder<KafkaRecord> source(
            String bootstrapServers,
            String topic,
            String groupId,
            Properties client,
            Properties fetch) {
        return KafkaSource.<KafkaRecord>builder()
                .setProperties(fetch)
                .setProperties(client)
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(
                        OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new KafkaRecordReader());
    }

    /** perch.user-state: Avro UserState keyed by user id. */
    public static KafkaSink<UserState> userStateSink(UserStateJobConfig config) {
        return KafkaSink.<UserState>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setKafkaProducerConfig(config.kafkaProperties())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(new UserStateSerializer(config.userStateTopic()))
                .build();
    }

    /** perch.dead-letter: Avro DeadLetter keyed by the rejected record's key. */
    public static KafkaSink<DeadLetter> deadLetterSink(UserStateJobConfig config) {
        return deadLetterSink(
                config.bootstrapServers(), config.deadLetterTopic(), config.kafkaProperties());
    }

    /** A dead-letter topic: Avro DeadLetter keyed by the rejected record's key. */
    public static KafkaSink<DeadLetter> deadLetterSink(String bootstrapServers, String topic) {
        return deadLetterSink(bootstrapServers, topic, new Properties());
    }

    /** A dead-letter sink whose producer also gets {@code client}'s settings (TLS, SASL). */
    public static KafkaSink<DeadLetter> deadLetterSink(
            String bootstrapServers, String topic, Properties client) {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(bootstrapServers)
                .setKafkaProducerConfig(client)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(new DeadLetterSerializer(topic))
                .build();
    }

    /** Writes a UserState keyed by its user id; a forgotten user's marker as a tombstone. */
    static final class UserStateSerializer implements KafkaRecordSerializationSchema<UserState> {
        private static final long serialVersionUID = 1L;
        private final String topic;
        private transient AvroCodec<UserState> codec;

        UserStateSerializer(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(
                UserState state, KafkaSinkContext context, Long timestamp) {
            if (codec == null) {
                codec = AvroCodec.of(UserState.class);
            }
            byte[] key = state.getUserId().getBytes(StandardCharsets.UTF_8);
            if (ForgetRequests.isTombstone(state)) {
                return new ProducerRecord<>(topic, key, null);
            }
            return new ProducerRecord<>(topic, key, codec.encode(state));
        }
    }

    /** Writes a DeadLetter keyed by the original key. */
    static final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
        private static final long serialVersionUID = 1L;
        private final String topic;
        private transient AvroCodec<DeadLetter> codec;

        DeadLetterSerializer(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(
                DeadLetter letter, KafkaSinkContext context, Long timestamp) {
            if (codec == null) {
                codec = AvroCodec.of(DeadLetter.class);
            }
            return new ProducerRecord<>(
                    topic, bytes(letter.getOriginalKey()), codec.encode(letter));
        }

        private static byte[] bytes(ByteBuffer buffer) {
            if (buffer == null) {
                return null;
            }
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return bytes;
        }
    }
}
