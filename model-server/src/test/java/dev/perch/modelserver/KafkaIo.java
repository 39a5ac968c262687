package dev.perch.modelserver;

import dev.perch.events.Item;
import dev.perch.events.ItemNeighbors;
import dev.perch.events.Recommendations;
import dev.perch.events.Topics;
import dev.perch.events.TrendingItems;
import dev.perch.events.UserState;
import dev.perch.events.serde.PerchSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producing the inputs and reading the outputs of the model server on a real broker. */
public final class KafkaIo {
    private KafkaIo() {}

    /** Sends {@code byKey} to {@code topic} (acks=all) and waits until every record is written. */
    public static <T extends SpecificRecord> void send(
            String bootstrap, String topic, Class<T> type, Map<String, T> byKey) {
        try (KafkaProducer<String, T> producer =
                new KafkaProducer<>(
                        producerProperties(bootstrap),
                        new StringSerializer(),
                        PerchSerdes.serializer(type))) {
            byKey.forEach((key, value) -> producer.send(new ProducerRecord<>(topic, key, value)));
            producer.flush();
        }
    }

    static void sendCatalog(String bootstrap) {
        Map<String, Item> items = new HashMap<>();
        PlantedWorld.catalog().forEach(i -> items.put(i.getItemId(), i));
        send(bootstrap, Topics.ITEMS, Item.class, items);
        Map<String, ItemNeighbors> neighbors = new HashMap<>();
        PlantedWorld.neighbors().forEach(n -> neighbors.put(n.getItemId(), n));
        send(bootstrap, Topics.ITEM_NEIGHBORS, ItemNeighbors.class, neighbors);
        TrendingItems global = PlantedWorld.globalTrending();
        send(bootstrap, Topics.TRENDING, TrendingItems.class, Map.of(global.getScope(), global));
    }

    /**
     * Sends {@code states} stamped now ({@code updatedAt}), as the user-state job stamps each state
     * it writes: fresh states, which the model server scores as live ones (a state that waited long
     * puts it in catch-up, see {@link MicroBatchProcessor}).
     */
    static void sendStates(String bootstrap, Map<String, UserState> states) {
        Instant now = Instant.now();
        Map<String, UserState> stamped = new LinkedHashMap<>();
        states.forEach(
                (user, state) ->
                        stamped.put(user, UserState.newBuilder(state).setUpdatedAt(now).build()));
        send(bootstrap, Topics.USER_STATE, UserState.class, stamped);
    }

    /** Sends {@code value} as it is (any bytes) under {@code key} to {@code topic}, acks=all. */
    static void sendRaw(String bootstrap, String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(
                        producerProperties(bootstrap),
                        new StringSerializer(),
                        new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value));
            producer.flush();
        }
    }

    /** A producer of this broker that waits for every replica (acks=all). */
    private static Properties producerProperties(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    /** Reads perch.recommendations from the start and collects every record for these users. */
    static final class RecommendationsReader implements AutoCloseable {
        private final KafkaConsumer<String, Recommendations> consumer;
        private final Map<String, List<Recommendations>> byUser = new HashMap<>();
        private final Predicate<String> users;

        RecommendationsReader(String bootstrap, Predicate<String> users) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            this.consumer =
                    new KafkaConsumer<>(
                            props,
                            new StringDeserializer(),
                            PerchSerdes.deserializer(Recommendations.class));
            this.consumer.subscribe(List.of(Topics.RECOMMENDATIONS));
            this.users = users;
        }

        /** Polls until {@code done} holds over what was read, at most {@code timeout}. */
        Map<String, List<Recommendations>> readUntil(
                Predicate<Map<String, List<Recommendations>>> done, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(byUser) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Recommendations> r :
                        consumer.poll(Duration.ofMillis(200))) {
                    if (users.test(r.key())) {
                        byUser.computeIfAbsent(r.key(), k -> new java.util.ArrayList<>())
                                .add(r.value());
                    }
                }
            }
            return byUser;
        }

        /** Whether every one of {@code ids} has a list computed from at least its version. */
        static Predicate<Map<String, List<Recommendations>>> allAtLeast(
                Map<String, UserState> states) {
            return read -> {
                for (UserState state : states.values()) {
                    List<Recommendations> lists = read.get(state.getUserId());
                    if (lists == null
                            || lists.get(lists.size() - 1).getUserStateVersion()
                                    < state.getVersion()) {
                        return false;
                    }
                }
                return true;
            };
        }

        static Recommendations latest(Map<String, List<Recommendations>> read, String user) {
            List<Recommendations> lists = read.get(user);
            return lists == null ? null : lists.get(lists.size() - 1);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
