package dev.perch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEvent;
import dev.perch.kafka.KafkaBroker.Kind;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A PROCESS broker with a kept data directory (bin/perch local)")
class KeptDataDirectoryITCase {

    @Test
    @DisplayName(
            "A new broker on the same directory resumes the data on the same port, and close keeps"
                + " the directory; a quick start (the default, for tests) compiles with C1 only"
                + " from a small heap, perch local's long-running broker with C2 as well and its"
                + " whole heap from the start")
    void resumesDataAndPort(@TempDir Path home) throws Exception {
        BrokerOptions options =
                BrokerOptions.defaults()
                        .withKind(Kind.PROCESS)
                        .withDataDirectory(home.resolve("kafka"));
        List<ClickEvent> sent = KafkaTestClients.clickEvents(20, 3);
        String firstAddress;

        try (KafkaBroker first = KafkaBrokers.start(options)) {
            firstAddress = first.bootstrapServers();
            assertThat(jvmArguments(first)).contains("-XX:TieredStopAtLevel=1", "-Xms64m");
            try (KafkaProducer<String, ClickEvent> producer =
                    KafkaTestClients.producer(firstAddress)) {
                KafkaTestClients.sendAll(producer, "kept-click-events", sent);
            }
        }
        assertThat(home.resolve("kafka/kraft")).isDirectory();

        try (KafkaBroker second = KafkaBrokers.start(options.withQuickStart(false))) {
            assertThat(second.bootstrapServers()).isEqualTo(firstAddress);
            assertThat(jvmArguments(second))
                    .isNotEmpty()
                    .doesNotContain("-XX:TieredStopAtLevel=1")
                    .contains("-Xms" + options.maxHeap());
            assertThat(KafkaTestClients.consume(second.bootstrapServers(), "kept-click-events", 20))
                    .extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrderElementsOf(sent);
        }
        assertThat(home.resolve("kafka/kraft")).isDirectory();
    }

    private static List<String> jvmArguments(KafkaBroker broker) {
        ProcessHandle process = ((ProcessKafkaBroker) broker).processHandle().orElseThrow();
        return List.of(process.info().arguments().orElseThrow());
    }
}
