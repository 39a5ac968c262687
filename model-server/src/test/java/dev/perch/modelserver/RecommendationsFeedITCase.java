package dev.perch.modelserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.perch.access.KafkaClientProperties;
import dev.perch.events.DeadLetter;
import dev.perch.events.Recommendations;
import dev.perch.events.Topics;
import dev.perch.events.serde.AvroCodec;
import dev.perch.kafka.KafkaBrokerExtension;
import dev.perch.kafka.PerchTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The recommendations feed against a real broker: idle without subscribers, following with. A
 * broker of its own: the test writes garbage to perch.recommendations, which the other classes'
 * readers of that topic (on the shared broker, from its start) would fail on.
 */
class RecommendationsFeedITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.dedicated();

    private final AvroCodec<Recommendations> codec = AvroCodec.of(Recommendations.class);

    private byte[] list(String user, long version) {
        return codec.encode(
                Recommendations.newBuilder()
                        .setUserId(user)
                        .setItems(List.of())
                        .setModelVersion("m1")
                        .setUserStateVersion(version)
                        .setGeneratedAt(Instant.now())
                        .build());
    }

    private static String key(DeadLetter letter) {
        return letter.getOriginalKey() == null
                ? null
                : StandardCharsets.UTF_8.decode(letter.getOriginalKey().duplicate()).toString();
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @Test
    @DisplayName(
            "with nobody subscribed the feed sweeps perch.recommendations about once a second"
                    + " instead of fetching every 10 ms, still makes garbage a dead letter, follows"
                    + " the topic again as soon as someone subscribes (their user's next list"
                    + " arrives) and goes idle when they leave")
    void idleWithoutSubscribersFollowingWith() throws Exception {
        PerchTopics.ensureCreated(KAFKA.bootstrapServers(), 2);
        String run = UUID.randomUUID().toString();
        String other = "feed-other-" + run;
        String alice = "feed-alice-" + run;
        RecommendationListeners listeners = new RecommendationListeners();
        List<DeadLetter> letters = new CopyOnWriteArrayList<>();
        List<Recommendations> pushed = new CopyOnWriteArrayList<>();
        try (RecommendationsFeed feed =
                        RecommendationsFeed.start(
                                KAFKA.bootstrapServers(),
                                listeners,
                                letters::add,
                                KafkaClientProperties.none());
                KafkaProducer<String, byte[]> producer = producer()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !feed.following());

            // three seconds of lists nobody here follows, one every 20 ms
            long before = feed.fetches();
            for (int i = 0; i < 150; i++) {
                producer.send(new ProducerRecord<>(Topics.RECOMMENDATIONS, other, list(other, i)));
                Thread.sleep(20);
            }
            long idle = feed.fetches() - before;
            // following, the feed fetches every 10 ms (about 300 in these 3 s, see below); idle,
            // a few per sweep
            assertThat(idle).as("fetches of the idle feed in 3 s").isLessThan(30);

            byte[] garbage = "\u0000 not avro".getBytes(StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>(Topics.RECOMMENDATIONS, other, garbage)).get();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> letters.stream().anyMatch(l -> other.equals(key(l))));

            Runnable unsubscribe = listeners.subscribe(alice, pushed::add);
            await().atMost(Duration.ofSeconds(5)).until(feed::following);
            producer.send(new ProducerRecord<>(Topics.RECOMMENDATIONS, alice, list(alice, 7)))
                    .get();
            await().atMost(Duration.ofSeconds(5)).until(() -> !pushed.isEmpty());
            assertThat(pushed).extracting(Recommendations::getUserStateVersion).containsExactly(7L);

            long followingFrom = feed.fetches();
            Thread.sleep(1_000);
            assertThat(feed.fetches() - followingFrom)
                    .as("fetches of the following feed in 1 s")
                    .isGreaterThan(30);

            unsubscribe.run();
            unsubscribe.run(); // a second run changes nothing
            assertThat(listeners.subscribers()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> !feed.following());
        }
    }
}
