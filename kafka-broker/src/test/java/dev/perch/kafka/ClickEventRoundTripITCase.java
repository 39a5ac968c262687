package dev.perch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("ClickEvents through a real broker")
class ClickEventRoundTripITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    private static final int EVENTS = 300;
    private static final int USERS = 12;

    @Test
    @DisplayName("Avro ClickEvents keyed by user come back equal and in order per user")
    void roundTrip() throws Exception {
        String topic = "round-trip-click-events";
        KafkaTestClients.createTopic(KAFKA.bootstrapServers(), topic, 3);
        List<ClickEvent> sent = KafkaTestClients.clickEvents(EVENTS, USERS);

        try (KafkaProducer<String, ClickEvent> producer =
                KafkaTestClients.producer(KAFKA.bootstrapServers())) {
            KafkaTestClients.sendAll(producer, topic, sent);
        }
        List<ConsumerRecord<String, ClickEvent>> received =
                KafkaTestClients.consume(KAFKA.bootstrapServers(), topic, EVENTS);

        assertThat(received).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getUserId()));
        assertThat(received)
                .extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(sent);
        assertThat(received.stream().map(ConsumerRecord::partition).distinct())
                .as("the users are spread over several partitions")
                .hasSizeGreaterThan(1);
        assertThat(eventIdsByUser(received.stream().map(ConsumerRecord::value).toList()))
                .isEqualTo(eventIdsByUser(sent));
    }

    private static Map<String, List<String>> eventIdsByUser(List<ClickEvent> events) {
        return events.stream()
                .collect(
                        Collectors.groupingBy(
                                ClickEvent::getUserId,
                                LinkedHashMap::new,
                                Collectors.mapping(
                                        ClickEvent::getEventId,
                                        Collectors.toCollection(ArrayList::new))))
                .entrySet()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    }
}
