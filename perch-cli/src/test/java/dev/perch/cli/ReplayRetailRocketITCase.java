package dev.perch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEvent;
import dev.perch.events.DeadLetter;
import dev.perch.events.Topics;
import dev.perch.events.serde.AvroCodec;
import dev.perch.kafka.KafkaBrokerExtension;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code perch replay --format retailrocket} against a real broker: a generated, unsorted
 * events.csv with planted malformed lines is produced to perch.events and read back with a plain
 * byte-array consumer.
 */
class ReplayRetailRocketITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    private static final int VALID_LINES = 3_000;
    private static final long BASE_TIME = 1_433_221_332_117L;
    private static final AvroCodec<ClickEvent> EVENTS = AvroCodec.of(ClickEvent.class);
    private static final AvroCodec<DeadLetter> DEAD_LETTERS = AvroCodec.of(DeadLetter.class);

    /** The malformed lines planted in the file, each with the reason it must be rejected for. */
    private static final List<byte[]> MALFORMED =
            List.of(
                    utf8("1433221332117,257597,view"), // WRONG_FIELD_COUNT
                    utf8("1433221332117,5,view,7,,extra"), // WRONG_FIELD_COUNT
                    utf8("1433221332117,,view,7,"), // MISSING_FIELD
                    utf8("yesterday,5,view,7,"), // BAD_TIMESTAMP
                    utf8("1433221332117,5,click,7,"), // UNKNOWN_EVENT_TYPE
                    utf8("timestamp,visitorid,event,itemid,transactionid"), // BAD_HEADER
                    new byte[] {'1', ',', (byte) 0xC3, (byte) 0x28, ',', 'v'}); // UNDECODABLE

    @TempDir static Path dir;
    private static Path file;
    private static List<String> validLines;

    @BeforeAll
    static void writeFile() throws Exception {
        Random random = new Random(11);
        validLines = new ArrayList<>();
        String[] types = {"view", "view", "view", "addtocart", "transaction"};
        for (int i = 0; i < VALID_LINES; i++) {
            long time = BASE_TIME + random.nextInt(50_000) * 10L; // unsorted, with ties
            int visitor = 1 + random.nextInt(60);
            String type = types[random.nextInt(types.length)];
            String transaction = type.equals("transaction") ? Integer.toString(i) : "";
            validLines.add(
                    time
                            + ","
                            + visitor
                            + ","
                            + type
                            + ","
                            + random.nextInt(500)
                            + ","
                            + transaction);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8("timestamp,visitorid,event,itemid,transactionid\n"));
        int nextBad = 0;
        for (int i = 0; i < validLines.size(); i++) {
            out.writeBytes(utf8(validLines.get(i) + "\n"));
            if (i % 400 == 399 && nextBad < MALFORMED.size()) {
                out.writeBytes(MALFORMED.get(nextBad++));
                out.write('\n');
            }
            if (i == 1_000) {
                out.write('\n'); // a blank line: skipped, not rejected
            }
        }
        assertThat(nextBad).isEqualTo(MALFORMED.size());
        file = Files.write(dir.resolve("events.csv"), out.toByteArray());
        TopicRecords.create(KAFKA.bootstrapServers(), Topics.EVENTS, 3);
        TopicRecords.create(KAFKA.bootstrapServers(), Topics.DEAD_LETTER, 1);
    }

    @Test
    @DisplayName(
            "every valid line reaches perch.events once, as Avro keyed by user in event-time order;"
                    + " malformed lines are counted and dead-lettered")
    void replaysEveryValidLine() {
        CliRun run =
                CliRun.of(
                        "replay",
                        "--format",
                        "retailrocket",
                        "--events",
                        file.toString(),
                        "--bootstrap",
                        KAFKA.bootstrapServers());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains(
                        "replayed 3,000 events (rejected 7: 2 WRONG_FIELD_COUNT, 1 MISSING_FIELD,"
                                + " 1 BAD_TIMESTAMP, 1 UNKNOWN_EVENT_TYPE, 1 BAD_HEADER,"
                                + " 1 UNDECODABLE) in ")
                .containsPattern("= [0-9,]+ events/s")
                .contains("sent 7 dead letters to perch.dead-letter");

        List<ConsumerRecord<byte[], byte[]>> records =
                TopicRecords.readAll(
                        KAFKA.bootstrapServers(), Topics.EVENTS, Duration.ofMinutes(1));
        List<ClickEvent> events = new ArrayList<>();
        Map<Integer, Map<String, Long>> lastTimeByPartitionAndUser = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            assertThat(Arrays.copyOf(record.value(), 2))
                    .as("Avro single-object marker")
                    .containsExactly((byte) 0xC3, (byte) 0x01);
            ClickEvent event = EVENTS.decode(record.value());
            assertThat(new String(record.key(), StandardCharsets.UTF_8))
                    .isEqualTo(event.getUserId());
            assertThat(event.getReceivedTime()).isNotNull();
            long time = event.getEventTime().toEpochMilli();
            Long previous =
                    lastTimeByPartitionAndUser
                            .computeIfAbsent(record.partition(), p -> new HashMap<>())
                            .put(event.getUserId(), time);
            assertThat(previous == null || previous <= time)
                    .as("event-time order of user %s", event.getUserId())
                    .isTrue();
            events.add(event);
        }

        assertThat(events).hasSize(VALID_LINES);
        assertThat(events.stream().map(ClickEvent::getEventId).collect(Collectors.toSet()))
                .hasSize(VALID_LINES);
        assertThat(events.stream().map(ReplayRetailRocketITCase::asLine).sorted().toList())
                .isEqualTo(
                        validLines.stream()
                                .map(ReplayRetailRocketITCase::withoutTransaction)
                                .sorted()
                                .toList());

        List<DeadLetter> letters =
                TopicRecords.readAll(
                                KAFKA.bootstrapServers(), Topics.DEAD_LETTER, Duration.ofMinutes(1))
                        .stream()
                        .map(r -> DEAD_LETTERS.decode(r.value()))
                        .filter(l -> l.getDetail().startsWith("events.csv:"))
                        .toList();
        assertThat(letters).hasSize(MALFORMED.size());
        assertThat(letters).allSatisfy(l -> assertThat(l.getStage()).isEqualTo("replay"));
        Set<String> planted = MALFORMED.stream().map(Arrays::toString).collect(Collectors.toSet());
        assertThat(letters.stream().map(l -> Arrays.toString(bytes(l.getOriginalBytes()))))
                .containsExactlyInAnyOrderElementsOf(planted);
        assertThat(letters.stream().map(DeadLetter::getReason).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(
                        "WRONG_FIELD_COUNT",
                        "MISSING_FIELD",
                        "BAD_TIMESTAMP",
                        "UNKNOWN_EVENT_TYPE",
                        "BAD_HEADER",
                        "UNDECODABLE");
    }

    @Test
    @DisplayName(
            "replaying the same file twice gives the same event ids; --limit takes the earliest")
    void deterministicIdsAndLimit() throws Exception {
        String bootstrap = KAFKA.bootstrapServers();
        TopicRecords.create(bootstrap, "it.rr.first", 2);
        TopicRecords.create(bootstrap, "it.rr.second", 2);
        String[] common = {
            "replay",
            "-f",
            "retailrocket",
            "-e",
            file.toString(),
            "-b",
            bootstrap,
            "--no-dead-letters",
            "--no-progress"
        };

        CliRun first = CliRun.of(concat(common, "--topic", "it.rr.first"));
        CliRun second =
                CliRun.of(
                        concat(
                                common,
                                "--topic",
                                "it.rr.second",
                                "--limit",
                                "100",
                                "--rate",
                                "2000"));

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("replayed 100 events");
        Map<String, Long> firstIds = idsWithTimes(bootstrap, "it.rr.first");
        Map<String, Long> secondIds = idsWithTimes(bootstrap, "it.rr.second");
        assertThat(firstIds).hasSize(VALID_LINES).containsAllEntriesOf(secondIds);
        assertThat(secondIds).hasSize(100);
        long latestOfLimited =
                secondIds.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        long earlierLeftOut =
                firstIds.entrySet().stream()
                        .filter(e -> !secondIds.containsKey(e.getKey()))
                        .mapToLong(Map.Entry::getValue)
                        .min()
                        .orElseThrow();
        assertThat(latestOfLimited).isLessThanOrEqualTo(earlierLeftOut);
    }

    private static Map<String, Long> idsWithTimes(String bootstrap, String topic) {
        Map<String, Long> ids = new HashMap<>();
        for (var r : TopicRecords.readAll(bootstrap, topic, Duration.ofMinutes(1))) {
            ClickEvent e = EVENTS.decode(r.value());
            ids.put(e.getEventId(), e.getEventTime().toEpochMilli());
        }
        return ids;
    }

    private static String asLine(ClickEvent e) {
        String type =
                switch (e.getType()) {
                    case VIEW -> "view";
                    case ADD_TO_CART -> "addtocart";
                    case PURCHASE -> "transaction";
                    default -> throw new AssertionError("unexpected " + e.getType());
                };
        return e.getEventTime().toEpochMilli()
                + ","
                + e.getUserId()
                + ","
                + type
                + ","
                + e.getItemId();
    }

    private static String withoutTransaction(String line) {
        return line.substring(0, line.lastIndexOf(','));
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
