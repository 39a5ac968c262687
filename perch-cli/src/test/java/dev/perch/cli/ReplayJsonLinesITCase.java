package dev.perch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEvent;
import dev.perch.events.DeadLetter;
import dev.perch.events.EventType;
import dev.perch.events.json.ClickEventJson;
import dev.perch.events.serde.AvroCodec;
import dev.perch.kafka.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code perch replay --format json}: Perch JSON lines to a real broker, read back as raw bytes.
 */
class ReplayJsonLinesITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    private static final String TOPIC = "it.json.events";
    private static final String DEAD_LETTER_TOPIC = "it.json.dead-letter";
    private static final AvroCodec<ClickEvent> EVENTS = AvroCodec.of(ClickEvent.class);
    private static final AvroCodec<DeadLetter> DEAD_LETTERS = AvroCodec.of(DeadLetter.class);

    private static final List<String> MALFORMED =
            List.of(
                    "{\"eventId\": ", // UNDECODABLE
                    "not json at all", // UNDECODABLE
                    "{\"eventId\":\""
                            + UUID.randomUUID()
                            + "\",\"type\":\"view\",\"itemId\":\"i1\","
                            + "\"eventTime\":1700000000000}", // INVALID_EVENT: no userId
                    "{\"eventId\":\""
                            + UUID.randomUUID()
                            + "\",\"userId\":\"u1\",\"type\":\"wink\","
                            + "\"itemId\":\"i1\",\"eventTime\":1700000000000}"); // INVALID_EVENT

    @Test
    @DisplayName(
            "JSON events keep their ids, arrive once keyed by user in event-time order; bad lines"
                    + " become dead letters")
    void replaysJsonLines(@TempDir Path dir) throws Exception {
        Random random = new Random(5);
        List<ClickEvent> planted = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        EventType[] types = {EventType.VIEW, EventType.CLICK, EventType.ADD_TO_CART};
        for (int i = 0; i < 1_500; i++) {
            ClickEvent e =
                    ClickEvent.newBuilder()
                            .setEventId(UUID.randomUUID().toString())
                            .setUserId("user-" + random.nextInt(40))
                            .setType(types[random.nextInt(types.length)])
                            .setItemId("item-" + random.nextInt(300))
                            .setEventTime(
                                    Instant.ofEpochMilli(
                                            1_700_000_000_000L + random.nextInt(1_000_000)))
                            .build();
            planted.add(e);
            lines.add(ClickEventJson.toJson(e));
            if (i % 300 == 0 && i / 300 < MALFORMED.size()) {
                lines.add(MALFORMED.get(i / 300));
            }
        }
        Path file = Files.write(dir.resolve("events.jsonl"), lines, StandardCharsets.UTF_8);
        String bootstrap = KAFKA.bootstrapServers();
        TopicRecords.create(bootstrap, TOPIC, 3);
        TopicRecords.create(bootstrap, DEAD_LETTER_TOPIC, 1);

        CliRun run =
                CliRun.of(
                        "replay",
                        "--format=json",
                        "--events=" + file,
                        "--bootstrap=" + bootstrap,
                        "--topic=" + TOPIC,
                        "--dead-letter-topic=" + DEAD_LETTER_TOPIC,
                        "--no-progress");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("replayed 1,500 events (rejected 4: 2 UNDECODABLE, 2 INVALID_EVENT) in ")
                .contains("line 2 UNDECODABLE");

        Map<String, ClickEvent> byId = new HashMap<>();
        Map<String, Long> lastTime = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r :
                TopicRecords.readAll(bootstrap, TOPIC, Duration.ofMinutes(1))) {
            assertThat(Arrays.copyOf(r.value(), 2)).containsExactly((byte) 0xC3, (byte) 0x01);
            ClickEvent e = EVENTS.decode(r.value());
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(e.getUserId());
            long time = e.getEventTime().toEpochMilli();
            Long previous = lastTime.put(r.partition() + "/" + e.getUserId(), time);
            assertThat(previous == null || previous <= time).isTrue();
            assertThat(byId.put(e.getEventId(), e)).as("duplicate %s", e.getEventId()).isNull();
        }
        assertThat(byId).hasSize(planted.size());
        for (ClickEvent e : planted) {
            ClickEvent got = byId.get(e.getEventId());
            assertThat(got).isNotNull();
            assertThat(got.getReceivedTime()).isNotNull();
            got.setReceivedTime(null);
            assertThat(got).isEqualTo(e);
        }

        List<DeadLetter> letters =
                TopicRecords.readAll(bootstrap, DEAD_LETTER_TOPIC, Duration.ofMinutes(1)).stream()
                        .map(r -> DEAD_LETTERS.decode(r.value()))
                        .toList();
        assertThat(
                        letters.stream()
                                .map(
                                        l ->
                                                StandardCharsets.UTF_8
                                                        .decode(l.getOriginalBytes())
                                                        .toString()))
                .containsExactlyInAnyOrderElementsOf(MALFORMED);
        assertThat(
                        letters.stream()
                                .collect(
                                        Collectors.groupingBy(
                                                DeadLetter::getReason, Collectors.counting())))
                .containsEntry("UNDECODABLE", 2L)
                .containsEntry("INVALID_EVENT", 2L);
    }
}
