package dev.perch.events.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.EventType;
import dev.perch.events.Topics;
import dev.perch.events.json.ClickEventJson;
import dev.perch.events.json.ClickEventJson.ParsedEvent;
import dev.perch.events.schema.SchemaHistory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/events.md true: the field tables and fingerprints are generated from the schemas, and
 * every JSON example must be accepted by {@link ClickEventJson}. Run with {@code
 * -Dperch.docs.update=true} to rewrite the generated parts after a schema change.
 */
@DisplayName("docs/events.md matches the schemas")
class EventsDocTest {
    private static final Path DOC = Path.of("..", "docs", "events.md");
    private static final boolean UPDATE = Boolean.getBoolean("perch.docs.update");

    private static String doc;

    @BeforeAll
    static void readDoc() throws IOException {
        assertThat(DOC).as("docs/events.md next to the module").exists();
        doc = Files.readString(DOC, StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("the field reference is the one generated from the schemas")
    void fieldReferenceIsGenerated() throws IOException {
        checkGenerated("fields", FieldReference.fields(SchemaHistory.RECORD_TYPES));
    }

    @Test
    @DisplayName("the fingerprint table lists every released version")
    void fingerprintsAreGenerated() throws IOException {
        checkGenerated("fingerprints", FieldReference.fingerprints(SchemaHistory.RECORD_TYPES));
    }

    @Test
    @DisplayName("there is a valid JSON example of every event type")
    void jsonExamplesAreValid() {
        String examples = between("examples");
        Matcher blocks = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(examples);
        List<EventType> covered = new ArrayList<>();
        while (blocks.find()) {
            ParsedEvent parsed = ClickEventJson.parse(blocks.group(1));
            assertThat(parsed.errors()).as("example:%n%s", blocks.group(1)).isEmpty();
            covered.add(parsed.event().getType());
        }
        assertThat(covered).containsExactlyInAnyOrder(EventType.values());
    }

    @Test
    @DisplayName("every topic is listed")
    void everyTopicIsListed() {
        Topics.ALL.forEach(topic -> assertThat(doc).contains("`" + topic + "`"));
    }

    @Test
    @DisplayName("every event type is documented in its JSON spelling")
    void everyJsonTypeNameIsListed() {
        Arrays.stream(EventType.values())
                .forEach(t -> assertThat(doc).contains("`" + ClickEventJson.typeName(t) + "`"));
    }

    private void checkGenerated(String name, String generated) throws IOException {
        if (UPDATE) {
            doc = replaceBetween(name, generated);
            Files.writeString(DOC, doc, StandardCharsets.UTF_8);
        }
        assertThat(between(name))
                .as(
                        "docs/events.md is out of date with the schemas; run ./mvnw -pl"
                                + " event-schemas test -Dtest=EventsDocTest"
                                + " -Dperch.docs.update=true and review the diff")
                .isEqualTo(generated);
    }

    private static String between(String name) {
        int start = doc.indexOf(begin(name));
        int end = doc.indexOf(end(name));
        assertThat(start).as("marker %s in docs/events.md", begin(name)).isNotNegative();
        assertThat(end).as("marker %s in docs/events.md", end(name)).isGreaterThan(start);
        return doc.substring(start + begin(name).length(), end);
    }

    private static String replaceBetween(String name, String content) {
        between(name);
        int start = doc.indexOf(begin(name)) + begin(name).length();
        return doc.substring(0, start) + content + doc.substring(doc.indexOf(end(name)));
    }

    private static String begin(String name) {
        return "<!-- " + name + ":begin -->";
    }

    private static String end(String name) {
        return "<!-- " + name + ":end -->";
    }
}
