package dev.perch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import dev.perch.events.serde.AvroCodec;
import dev.perch.kafka.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays the real, staged MovieLens-100K ratings ({@code ml-100k.inter}) when the datasets
 * directory is there; skipped otherwise (the data is not part of the repository).
 */
class ReplayMovieLens100kITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    private static final String TOPIC = "it.ml100k.events";

    @Test
    @DisplayName("all 100,000 MovieLens-100K ratings arrive as RATE events from 943 users")
    void replaysRealFile() throws Exception {
        String datasets = System.getProperty("perch.datasets.dir", "../../shared/datasets");
        Path file = Path.of(datasets, "movielens-100k", "ml-100k.inter");
        assumeTrue(
                Files.isRegularFile(file),
                "MovieLens-100K is not staged at " + file.toAbsolutePath() + "; skipping");
        String bootstrap = KAFKA.bootstrapServers();
        TopicRecords.create(bootstrap, TOPIC, 3);

        CliRun run =
                CliRun.of(
                        "replay",
                        "--format",
                        "movielens-100k",
                        "--events",
                        file.toString(),
                        "--bootstrap",
                        bootstrap,
                        "--topic",
                        TOPIC,
                        "--no-dead-letters",
                        "--no-progress");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("replayed 100,000 events (rejected 0) in ");
        AvroCodec<ClickEvent> codec = AvroCodec.of(ClickEvent.class);
        Set<String> users = new HashSet<>();
        var records = TopicRecords.readAll(bootstrap, TOPIC, Duration.ofMinutes(2));
        assertThat(records).hasSize(100_000);
        for (var r : records) {
            ClickEvent e = codec.decode(r.value());
            assertThat(e.getType()).isEqualTo(EventType.RATE);
            users.add(e.getUserId());
        }
        assertThat(users).hasSize(943);
    }
}
