package dev.perch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Waiting for new topics' leaders")
class PerchTopicsTest {

    @Test
    @DisplayName(
            "a describe or ListOffsets answered UNKNOWN_TOPIC_OR_PARTITION or NOT_LEADER right"
                    + " after creation is waited out, not thrown")
    void retriableErrorsAreWaitedOut() {
        assertThat(PerchTopics.unlessRetriable(failed(new UnknownTopicOrPartitionException("x"))))
                .isEmpty();
        assertThat(PerchTopics.unlessRetriable(failed(new NotLeaderOrFollowerException("x"))))
                .isEmpty();
        assertThat(PerchTopics.unlessRetriable(KafkaFuture.completedFuture("ok"))).contains("ok");
    }

    @Test
    @DisplayName("an error that waiting cannot cure (no authorization) is thrown at once")
    void otherErrorsAreThrown() {
        assertThatThrownBy(
                        () ->
                                PerchTopics.unlessRetriable(
                                        failed(new TopicAuthorizationException("denied"))))
                .isInstanceOf(IllegalStateException.class)
                .hasCauseInstanceOf(TopicAuthorizationException.class);
    }

    private static KafkaFuture<String> failed(Exception e) {
        KafkaFutureImpl<String> future = new KafkaFutureImpl<>();
        future.completeExceptionally(e);
        return future;
    }
}
