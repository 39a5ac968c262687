package dev.perch.events.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Every schema stays FULL compatible with all its released versions")
class SchemaEvolutionTest {

    static List<Class<? extends SpecificRecord>> recordTypes() {
        return SchemaHistory.RECORD_TYPES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordTypes")
    @DisplayName("the current schema reads every old version and every old version reads it")
    void currentSchemaIsFullCompatibleWithHistory(Class<? extends SpecificRecord> type) {
        Schema current = SchemaHistory.currentSchema(type);
        List<SchemaHistory.Version> history = SchemaHistory.versions(type);

        assertThat(history).as("released versions of %s", current.getName()).isNotEmpty();
        assertThat(SchemaEvolutionChecker.check(current, history))
                .as(
                        "%s changed in a way old producers or consumers cannot follow. Only add"
                                + " fields with a default, or remove fields that have one (see"
                                + " docs/events.md, Evolution rules)",
                        current.getName())
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordTypes")
    @DisplayName("the current schema is recorded as the latest released version")
    void currentSchemaIsTheLatestHistoryVersion(Class<? extends SpecificRecord> type) {
        Schema current = SchemaHistory.currentSchema(type);
        List<SchemaHistory.Version> history = SchemaHistory.versions(type);
        SchemaHistory.Version latest = history.get(history.size() - 1);

        assertThat(SchemaNormalization.parsingFingerprint64(latest.schema()))
                .as(
                        "%s differs from its latest released version %s. When you change a"
                                + " schema, record it: copy the new schema (self-contained, with"
                                + " every named type inlined) to"
                                + " src/main/resources/%s%s/v%d.avsc",
                        current.getName(),
                        latest.fileName(),
                        SchemaHistory.RESOURCE_ROOT,
                        current.getName(),
                        latest.number() + 1)
                .isEqualTo(SchemaNormalization.parsingFingerprint64(current));
    }

    @Test
    @DisplayName("every top-level schema file has a history, and nothing else does")
    void everySchemaFileIsTracked() throws IOException {
        List<String> schemaFiles;
        try (Stream<Path> files = Files.list(Path.of("src/main/avro"))) {
            schemaFiles =
                    files.map(p -> p.getFileName().toString().replace(".avsc", ""))
                            .sorted()
                            .toList();
        }
        List<String> tracked =
                SchemaHistory.RECORD_TYPES.stream()
                        .map(t -> SchemaHistory.currentSchema(t).getName())
                        .sorted()
                        .toList();

        assertThat(tracked).isEqualTo(schemaFiles);
    }
}
