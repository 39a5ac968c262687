package dev.perch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.perch.events.ClickEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("A PROCESS broker under faults")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessBrokerFaultITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.dedicated();

    private static final String TOPIC = "fault-click-events";

    @Test
    @Order(1)
    @DisplayName(
            "Acknowledged records survive a SIGKILL; after restart the same address serves old and"
                    + " new clients")
    void acknowledgedRecordsSurviveKillAndRestart() throws Exception {
        KafkaBroker broker = KAFKA.broker();
        assumeTrue(broker.supportsFaults());
        String address = broker.bootstrapServers();
        KafkaTestClients.createTopic(address, TOPIC, 2);
        List<ClickEvent> before = KafkaTestClients.clickEvents(100, 5);
        List<ClickEvent> after = new ArrayList<>();
        for (int n = 100; n < 120; n++) {
            after.add(KafkaTestClients.clickEvent(n, 5));
        }

        try (KafkaProducer<String, ClickEvent> producer = KafkaTestClients.producer(address)) {
            KafkaTestClients.sendAll(producer, TOPIC, before);
            ProcessHandle killed = processOf(broker);

            broker.kill();
            assertThat(killed.isAlive()).as("the killed broker JVM is gone").isFalse();
            broker.restart();

            assertThat(broker.bootstrapServers()).isEqualTo(address);
            assertThat(processOf(broker).pid()).isNotEqualTo(killed.pid());
            KafkaTestClients.sendAll(producer, TOPIC, after);
        }
        List<ClickEvent> expected = new ArrayList<>(before);
        expected.addAll(after);

        List<ConsumerRecord<String, ClickEvent>> received =
                KafkaTestClients.consume(address, TOPIC, expected.size());

        assertThat(received)
                .extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    @Order(2)
    @DisplayName("A graceful stop and restart keeps the data too")
    void stopAndRestartKeepsData() {
        KafkaBroker broker = KAFKA.broker();
        assumeTrue(broker.supportsFaults());

        broker.stop();
        broker.restart();

        assertThat(KafkaTestClients.consume(broker.bootstrapServers(), TOPIC, 120)).hasSize(120);
    }

    @Test
    @Order(3)
    @DisplayName("Closing leaves no broker process behind and deletes the temporary data")
    void closeLeavesNothingBehind() {
        KafkaBroker broker = KAFKA.broker();
        assumeTrue(broker instanceof ProcessKafkaBroker);
        ProcessKafkaBroker process = (ProcessKafkaBroker) broker;
        ProcessHandle handle = processOf(process);
        Path data = process.dataDirectory();
        assertThat(process.isTemporary()).isTrue();
        assertThat(data.resolve("kraft")).isDirectory();

        process.close();

        assertThat(handle.isAlive()).isFalse();
        assertThat(ProcessHandle.current().children().map(ProcessHandle::pid))
                .doesNotContain(handle.pid());
        assertThat(Files.exists(data)).isFalse();
    }

    private static ProcessHandle processOf(KafkaBroker broker) {
        return ((ProcessKafkaBroker) broker)
                .processHandle()
                .orElseThrow(() -> new AssertionError("broker process not running"));
    }
}
