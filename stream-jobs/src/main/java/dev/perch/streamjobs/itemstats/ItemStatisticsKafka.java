package dev.perch.streamjobs.itemstats;

import dev.perch.events.ConsumerFetch;
import dev.perch.events.DeadLetter;
import dev.perch.events.ItemNeighbors;
import dev.perch.events.TrendingItems;
import dev.perch.events.serde.AvroCodec;
import dev.perch.streamjobs.KafkaRecord;
import dev.perch.streamjobs.userstate.UserStateKafka;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The Kafka sources and sinks of the item-statistics job: the same raw-bytes sources and
 * dead-letter sink as the user-state job, plus the neighbour and trending sinks (at-least-once:
 * both are upserts keyed by item or scope, neighbours versioned).
 */
public final class ItemStatisticsKafka {
    private ItemStatisticsKafka() {}

    /**
     * perch.events as raw records, from the committed offsets or else the earliest, fetched as
     * beside the click-to-list path ({@link ConsumerFetch#applyBackgroundTo}: up to 100 ms a fetch,
     * against the user-state job's 10): nothing this job writes is waited for per event (an item's
     * neighbours go out at most once per publish interval).
     */
    public static KafkaSource<KafkaRecord> eventsSource(ItemStatisticsJobConfig config) {
        return UserStateKafka.source(
                        config.bootstrapServers(),
                        config.eventsTopic(),
                        config.groupId(),
                        config.kafkaProperties(),
                        ConsumerFetch.applyBackgroundTo(new Properties()))
                .build();
    }

    /** perch.items as raw records, always from the start: the catalog is compacted state. */
    public static KafkaSource<KafkaRecord> itemsSource(ItemStatisticsJobConfig config) {
        return UserStateKafka.catalogSource(
                config.bootstrapServers(),
                config.itemsTopic(),
                config.groupId() + "-catalog",
                config.kafkaProperties());
    }

    /** perch.item-neighbors: Avro ItemNeighbors keyed by item id. */
    public static KafkaSink<ItemNeighbors> neighborsSink(ItemStatisticsJobConfig config) {
        return sink(
                config,
                new KeyedAvroSerializer<>(
                        config.neighborsTopic(), ItemNeighbors.class, ItemNeighbors::getItemId));
    }

    /** perch.trending: Avro TrendingItems keyed by scope. */
    public static KafkaSink<TrendingItems> trendingSink(ItemStatisticsJobConfig config) {
        return sink(
                config,
                new KeyedAvroSerializer<>(
                        config.trendingTopic(), TrendingItems.class, TrendingItems::getScope));
    }

    /** perch.dead-letter: Avro DeadLetter keyed by the rejected record's key. */
    public static KafkaSink<DeadLetter> deadLetterSink(ItemStatisticsJobConfig config) {
        return UserStateKafka.deadLetterSink(
                config.bootstrapServers(), config.deadLetterTopic(), config.kafkaProperties());
    }

    private static <T> KafkaSink<T> sink(
            ItemStatisticsJobConfig config, KafkaRecordSerializationSchema<T> serializer) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setKafkaProducerConfig(config.kafkaProperties())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(serializer)
                .build();
    }

    /** Writes an Avro record keyed by a string field of it. */
    static final class KeyedAvroSerializer<T extends SpecificRecord>
            implements KafkaRecordSerializationSchema<T> {
        private static final long serialVersionUID = 1L;
        private final String topic;
        private final Class<T> type;
        private final SerializableKey<T> key;
        private transient AvroCodec<T> codec;

        KeyedAvroSerializer(String topic, Class<T> type, SerializableKey<T> key) {
            this.topic = topic;
            this.type = type;
            this.key = key;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(
                T record, KafkaSinkContext context, Long timestamp) {
            if (codec == null) {
                codec = AvroCodec.of(type);
            }
            return new ProducerRecord<>(
                    topic,
                    key.apply(record).getBytes(StandardCharsets.UTF_8),
                    codec.encode(record));
        }
    }

    /** The key of a record, serializable so the sink can carry it. */
    interface SerializableKey<T> extends Function<T, String>, java.io.Serializable {}
}
