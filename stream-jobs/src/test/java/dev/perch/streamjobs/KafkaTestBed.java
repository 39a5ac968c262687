package dev.perch.streamjobs;

import dev.perch.access.KafkaClientProperties;
import dev.perch.events.ClickEvent;
import dev.perch.events.DeadLetter;
import dev.perch.events.Item;
import dev.perch.events.ItemNeighbors;
import dev.perch.events.TrendingItems;
import dev.perch.events.UserState;
import dev.perch.events.serde.AvroCodec;
import dev.perch.streamjobs.itemstats.ItemStatisticsJobConfig;
import dev.perch.streamjobs.itemstats.ItemStatisticsJobOptions;
import dev.perch.streamjobs.userstate.UserStateJobConfig;
import dev.perch.streamjobs.userstate.UserStateJobOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;

/**
 * One test's own topics on the shared real broker (named with a per-test suffix), a producer of raw
 * records into them and readers of what the job wrote.
 */
public final class KafkaTestBed implements AutoCloseable {
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final AvroCodec<UserState> STATES = AvroCodec.of(UserState.class);
    private static final AvroCodec<DeadLetter> LETTERS = AvroCodec.of(DeadLetter.class);
    private static final AvroCodec<ItemNeighbors> NEIGHBORS = AvroCodec.of(ItemNeighbors.class);
    private static final AvroCodec<TrendingItems> TRENDING = AvroCodec.of(TrendingItems.class);

    private final String bootstrap;
    private final Path clientProperties;
    private final String suffix;
    private final KafkaProducer<byte[], byte[]> producer;

    public KafkaTestBed(String bootstrap, String name) throws Exception {
        this(bootstrap, null, name);
    }

    /**
     * Topics on a broker whose clients need the settings in {@code clientProperties} (TLS, SASL),
     * the file the jobs read too ({@link UserStateJobOptions#KAFKA_CLIENT_PROPERTIES}); null for a
     * plaintext broker.
     */
    KafkaTestBed(String bootstrap, Path clientProperties, String name) throws Exception {
        this.bootstrap = bootstrap;
        this.clientProperties = clientProperties;
        this.suffix = name + "-" + RUNS.incrementAndGet() + "-" + System.nanoTime();
        Properties adminConfig = client();
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(adminConfig)) {
            admin.createTopics(
                            List.of(
                                    new NewTopic(topic("events"), 4, (short) 1),
                                    new NewTopic(topic("items"), 2, (short) 1),
                                    new NewTopic(topic("user-state"), 4, (short) 1),
                                    new NewTopic(topic("item-neighbors"), 2, (short) 1),
                                    new NewTopic(topic("trending"), 1, (short) 1),
                                    new NewTopic(topic("dead-letter"), 1, (short) 1)))
                    .all()
                    .get();
            awaitLeaders(admin);
        }
        Properties props = client();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // One batch in flight: a batch refused by a partition still electing its leader cannot
        // leave the next ones out of sequence (seen as endless OUT_OF_ORDER_SEQUENCE_NUMBER).
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        producer = new KafkaProducer<>(props);
    }

    /** Waits until every partition of this test's topics has a leader: producing before fails. */
    private void awaitLeaders(Admin admin) throws Exception {
        List<String> names =
                List.of(
                        topic("events"),
                        topic("items"),
                        topic("user-state"),
                        topic("item-neighbors"),
                        topic("trending"),
                        topic("dead-letter"));
        // right after creation the broker may not know a topic yet: UnknownTopicOrPartition
        // means "not yet", as a missing leader does (a fresh-clone verify failed on it)
        Awaitility.await("a leader for every partition of " + names)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptionsMatching(
                        e -> e.getCause() instanceof UnknownTopicOrPartitionException)
                .until(
                        () ->
                                admin.describeTopics(names).allTopicNames().get().values().stream()
                                        .flatMap(d -> d.partitions().stream())
                                        .allMatch(
                                                p -> p.leader() != null && !p.leader().isEmpty()));
    }

    /** The client settings of this broker (empty for plaintext). */
    private Properties client() {
        return KafkaClientProperties.load(clientProperties).applyTo(new Properties());
    }

    String topic(String name) {
        return "perch." + name + "." + suffix;
    }

    /** The job configuration for these topics, with the given extra settings. */
    public UserStateJobConfig config(Configuration extra) {
        Configuration c = new Configuration();
        c.set(UserStateJobOptions.BOOTSTRAP_SERVERS, bootstrap);
        c.set(UserStateJobOptions.GROUP_ID, "it-" + suffix);
        c.set(UserStateJobOptions.EVENTS_TOPIC, topic("events"));
        c.set(UserStateJobOptions.ITEMS_TOPIC, topic("items"));
        c.set(UserStateJobOptions.USER_STATE_TOPIC, topic("user-state"));
        c.set(UserStateJobOptions.DEAD_LETTER_TOPIC, topic("dead-letter"));
        c.set(UserStateJobOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
        withClientProperties(c);
        c.addAll(extra);
        return UserStateJobConfig.from(c);
    }

    /** The item-statistics job configuration for these topics, with the given extra settings. */
    public ItemStatisticsJobConfig itemStatisticsConfig(Configuration extra) {
        Configuration c = new Configuration();
        c.set(UserStateJobOptions.BOOTSTRAP_SERVERS, bootstrap);
        c.set(ItemStatisticsJobOptions.GROUP_ID, "it-stats-" + suffix);
        c.set(ItemStatisticsJobOptions.EVENTS_TOPIC, topic("events"));
        c.set(ItemStatisticsJobOptions.ITEMS_TOPIC, topic("items"));
        c.set(ItemStatisticsJobOptions.NEIGHBORS_TOPIC, topic("item-neighbors"));
        c.set(ItemStatisticsJobOptions.TRENDING_TOPIC, topic("trending"));
        c.set(ItemStatisticsJobOptions.DEAD_LETTER_TOPIC, topic("dead-letter"));
        c.set(ItemStatisticsJobOptions.SOURCE_IDLENESS, Duration.ofSeconds(1));
        c.set(ItemStatisticsJobOptions.MAX_FUTURE_SKEW, Duration.ofDays(36_500));
        c.set(ItemStatisticsJobOptions.PUBLISH_INTERVAL, Duration.ofMillis(200));
        c.set(UserStateJobOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
        withClientProperties(c);
        c.addAll(extra);
        return ItemStatisticsJobConfig.from(c);
    }

    private void withClientProperties(Configuration c) {
        if (clientProperties != null) {
            c.set(UserStateJobOptions.KAFKA_CLIENT_PROPERTIES, clientProperties.toString());
        }
    }

    /** Reads perch.item-neighbors until {@code done} holds for the highest version per item. */
    public Map<String, ItemNeighbors> awaitNeighbors(
            Predicate<Map<String, ItemNeighbors>> done, Duration timeout) {
        Map<String, ItemNeighbors> latest = new HashMap<>();
        readUntil(
                topic("item-neighbors"),
                record -> {
                    ItemNeighbors n = NEIGHBORS.decode(record.value());
                    latest.merge(
                            n.getItemId(), n, (a, b) -> a.getVersion() >= b.getVersion() ? a : b);
                },
                () -> done.test(latest),
                timeout);
        return latest;
    }

    /** Every ItemNeighbors record written so far, in order per item (reads to the end). */
    public List<ItemNeighbors> neighborRecords() {
        List<ItemNeighbors> records = new ArrayList<>();
        readUntil(
                topic("item-neighbors"), r -> records.add(NEIGHBORS.decode(r.value())), null, null);
        return records;
    }

    /** The Kafka timestamp of every record on perch.item-neighbors so far (reads to its end). */
    public List<Long> neighborTimestamps() {
        List<Long> timestamps = new ArrayList<>();
        readUntil(topic("item-neighbors"), r -> timestamps.add(r.timestamp()), null, null);
        return timestamps;
    }

    /** Reads perch.trending until {@code done} holds for the lists read, keyed scope@windowEnd. */
    public Map<String, TrendingItems> awaitTrending(
            Predicate<Map<String, TrendingItems>> done, Duration timeout) {
        Map<String, TrendingItems> lists = new HashMap<>();
        readUntil(
                topic("trending"),
                record -> {
                    TrendingItems t = TRENDING.decode(record.value());
                    lists.put(t.getScope() + "@" + t.getWindowEnd().toEpochMilli(), t);
                },
                () -> done.test(lists),
                timeout);
        return lists;
    }

    public void produceItems(List<Item> items) {
        AvroCodec<Item> codec = AvroCodec.of(Item.class);
        for (Item item : items) {
            send(topic("items"), item.getItemId(), codec.encode(item));
        }
        producer.flush();
    }

    public void produceEvents(List<ClickEvent> events) {
        AvroCodec<ClickEvent> codec = AvroCodec.of(ClickEvent.class);
        for (ClickEvent e : events) {
            send(topic("events"), e.getUserId(), codec.encode(e));
        }
        producer.flush();
    }

    public void produceRaw(String key, byte[] value) {
        send(topic("events"), key, value);
        producer.flush();
    }

    private void send(String topic, String key, byte[] value) {
        producer.send(
                new ProducerRecord<>(
                        topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
    }

    /** Reads perch.user-state until {@code done} holds for the latest state per user. */
    public Map<String, UserState> awaitUserStates(
            Predicate<Map<String, UserState>> done, Duration timeout) {
        Map<String, UserState> latest = new HashMap<>();
        readUntil(
                topic("user-state"),
                record -> {
                    UserState s = STATES.decode(record.value());
                    latest.merge(
                            s.getUserId(), s, (a, b) -> a.getVersion() >= b.getVersion() ? a : b);
                },
                () -> done.test(latest),
                timeout);
        return latest;
    }

    /**
     * Reads perch.user-state until {@code count} states that {@code include} takes arrived; for
     * each, the milliseconds from the event's receivedTime to the output record's timestamp.
     */
    public List<Long> awaitLatencies(int count, Predicate<UserState> include, Duration timeout) {
        List<Long> latencies = new ArrayList<>();
        readUntil(
                topic("user-state"),
                record -> {
                    UserState s = STATES.decode(record.value());
                    if (include.test(s)) {
                        latencies.add(
                                record.timestamp() - s.getLastEventReceivedTime().toEpochMilli());
                    }
                },
                () -> latencies.size() >= count,
                timeout);
        return latencies;
    }

    /** The Kafka timestamp of every record on perch.user-state so far (reads to its end). */
    public List<Long> userStateTimestamps() {
        List<Long> timestamps = new ArrayList<>();
        readUntil(topic("user-state"), r -> timestamps.add(r.timestamp()), null, null);
        return timestamps;
    }

    /** Every user state written so far, in the order of their partitions (reads to the end). */
    List<UserState> userStates() {
        List<UserState> states = new ArrayList<>();
        readUntil(topic("user-state"), r -> states.add(STATES.decode(r.value())), null, null);
        return states;
    }

    /** Every record on perch.user-state so far as (key, state), a tombstone as a null state. */
    public List<Map.Entry<String, UserState>> userStateRecords() {
        List<Map.Entry<String, UserState>> records = new ArrayList<>();
        readUntil(
                topic("user-state"),
                r ->
                        records.add(
                                new java.util.AbstractMap.SimpleEntry<>(
                                        new String(r.key(), StandardCharsets.UTF_8),
                                        r.value() == null ? null : STATES.decode(r.value()))),
                null,
                null);
        return records;
    }

    /** Every dead letter written so far (reads to the current end of the topic). */
    public List<DeadLetter> deadLetters() {
        List<DeadLetter> letters = new ArrayList<>();
        readUntil(topic("dead-letter"), r -> letters.add(LETTERS.decode(r.value())), null, null);
        return letters;
    }

    /** Reads a topic from the start until the condition holds (or to its end when null). */
    private void readUntil(
            String topic,
            java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> sink,
            java.util.function.BooleanSupplier condition,
            Duration timeout) {
        Properties props = client();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline =
                    System.nanoTime() + (timeout == null ? 60_000_000_000L : timeout.toNanos());
            while (true) {
                if (condition == null
                        && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                    return;
                }
                if (condition != null && condition.getAsBoolean()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Gave up waiting on " + topic);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(sink);
            }
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
