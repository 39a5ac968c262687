package dev.perch.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.DeadLetter;
import dev.perch.events.Recommendations;
import dev.perch.events.Topics;
import dev.perch.events.serde.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RecommendationsFeedTest {
    private final AvroCodec<Recommendations> codec = AvroCodec.of(Recommendations.class);
    private final RecommendationListeners listeners = new RecommendationListeners();
    private final List<Recommendations> pushed = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private long offset;

    private static Recommendations list(String user, long version) {
        return Recommendations.newBuilder()
                .setUserId(user)
                .setItems(List.of())
                .setModelVersion("m1")
                .setUserStateVersion(version)
                .setGeneratedAt(Instant.EPOCH)
                .build();
    }

    private void deliver(String key, byte[] value) {
        RecommendationsFeed.deliver(
                new ConsumerRecord<>(
                        Topics.RECOMMENDATIONS,
                        0,
                        offset++,
                        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                        value),
                codec,
                listeners,
                deadLetters::add);
    }

    @Test
    @DisplayName(
            "the feed hands a followed user's lists to its subscribers and nobody else's, and"
                    + " makes a dead letter of every record it cannot decode, whoever it is for"
                    + " (garbage is never passed over unseen)")
    void followedUsersGetTheirListsAndGarbageBecomesADeadLetter() {
        Runnable unsubscribe = listeners.subscribe("alice", pushed::add);
        byte[] garbage = {1, 2, 3};

        deliver("alice", codec.encode(list("alice", 5)));
        deliver("bob", codec.encode(list("bob", 7)));
        deliver("alice", null); // a tombstone
        assertThat(pushed).extracting(Recommendations::getUserStateVersion).containsExactly(5L);
        assertThat(deadLetters).isEmpty();

        deliver("alice", garbage);
        deliver("bob", garbage); // nobody here follows bob: still read, still a dead letter
        deliver(null, garbage);
        assertThat(deadLetters).hasSize(3);
        assertThat(deadLetters.get(0).getSourceTopic()).isEqualTo(Topics.RECOMMENDATIONS);
        assertThat(deadLetters.get(0).getStage()).isEqualTo(RecommendationsFeed.STAGE);

        unsubscribe.run();
        deliver("alice", codec.encode(list("alice", 9)));
        assertThat(pushed).hasSize(1);
    }

    @Test
    @DisplayName(
            "the feed's fetches wait for a batch of lists (at most 10 ms) instead of one round per"
                    + " new list")
    void fetchesWaitForABatch() {
        java.util.Properties props =
                RecommendationsFeed.consumerProperties(
                        "host:9092", dev.perch.access.KafkaClientProperties.none());
        assertThat(props.get("fetch.min.bytes"))
                .isEqualTo(Integer.toString(dev.perch.events.ConsumerFetch.MIN_BYTES));
        assertThat(props.get("fetch.max.wait.ms"))
                .isEqualTo(Integer.toString(dev.perch.events.ConsumerFetch.MAX_WAIT_MS));
        assertThat(props.get("enable.auto.commit")).isEqualTo(false);
    }

    @Test
    @DisplayName(
            "every subscription runs the feed's wake-up hook, and the count of open subscriptions"
                    + " falls once per subscription however often its unsubscribe runs")
    void subscriptionsWakeTheFeedAndAreCounted() {
        java.util.concurrent.atomic.AtomicInteger wakeUps =
                new java.util.concurrent.atomic.AtomicInteger();
        listeners.onSubscribe(wakeUps::incrementAndGet);
        Runnable first = listeners.subscribe("alice", pushed::add);
        Runnable second = listeners.subscribe("alice", pushed::add);
        Runnable third = listeners.subscribe("bob", pushed::add);
        assertThat(wakeUps).hasValue(3);
        assertThat(listeners.subscribers()).isEqualTo(3);

        first.run();
        first.run();
        assertThat(listeners.subscribers()).isEqualTo(2);
        second.run();
        third.run();
        third.run();
        assertThat(listeners.subscribers()).isZero();

        // one listener subscribed twice: each unsubscribe takes one subscription, however often
        // it runs
        java.util.function.Consumer<dev.perch.events.Recommendations> same = pushed::add;
        Runnable once = listeners.subscribe("carol", same);
        Runnable twice = listeners.subscribe("carol", same);
        once.run();
        once.run();
        assertThat(listeners.subscribers()).isEqualTo(1);
        twice.run();
        assertThat(listeners.subscribers()).isZero();
    }
}
