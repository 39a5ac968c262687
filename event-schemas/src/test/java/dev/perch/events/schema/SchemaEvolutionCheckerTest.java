package dev.perch.events.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEvent;
import dev.perch.events.schema.SchemaEvolutionChecker.Direction;
import dev.perch.events.schema.SchemaEvolutionChecker.Problem;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SchemaEvolutionChecker accepts only FULL compatible changes")
class SchemaEvolutionCheckerTest {

    private static final Schema BASE =
            SchemaBuilder.record("Thing")
                    .namespace("test")
                    .fields()
                    .requiredString("id")
                    .requiredLong("count")
                    .optionalString("note")
                    .endRecord();

    @Test
    void givenFieldWithoutDefaultRemoved_thenOldReadersCannotReadNewRecords() {
        Schema withoutCount =
                SchemaBuilder.record("Thing")
                        .namespace("test")
                        .fields()
                        .requiredString("id")
                        .optionalString("note")
                        .endRecord();

        List<Problem> problems = SchemaEvolutionChecker.check(withoutCount, BASE, "v1");

        assertThat(problems)
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.direction()).isEqualTo(Direction.FORWARD);
                            assertThat(p.against()).isEqualTo("v1");
                            assertThat(p.message()).contains("count");
                        });
    }

    @Test
    void givenFieldWithDefaultRemoved_thenAccepted() {
        Schema withoutNote =
                SchemaBuilder.record("Thing")
                        .namespace("test")
                        .fields()
                        .requiredString("id")
                        .requiredLong("count")
                        .endRecord();

        assertThat(SchemaEvolutionChecker.check(withoutNote, BASE, "v1")).isEmpty();
    }

    @Test
    void givenFieldWithDefaultAdded_thenAccepted() {
        Schema withRegion =
                SchemaBuilder.record("Thing")
                        .namespace("test")
                        .fields()
                        .requiredString("id")
                        .requiredLong("count")
                        .optionalString("note")
                        .name("region")
                        .type()
                        .stringType()
                        .stringDefault("eu")
                        .endRecord();

        assertThat(SchemaEvolutionChecker.check(withRegion, BASE, "v1")).isEmpty();
    }

    @Test
    void givenFieldWithoutDefaultAdded_thenNewReadersCannotReadOldRecords() {
        Schema withRegion =
                SchemaBuilder.record("Thing")
                        .namespace("test")
                        .fields()
                        .requiredString("id")
                        .requiredLong("count")
                        .optionalString("note")
                        .requiredString("region")
                        .endRecord();

        assertThat(SchemaEvolutionChecker.check(withRegion, BASE, "v1"))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.direction()).isEqualTo(Direction.BACKWARD);
                            assertThat(p.message()).contains("region");
                        });
    }

    @Test
    void givenFieldTypeNarrowed_thenRejected() {
        Schema countAsInt =
                SchemaBuilder.record("Thing")
                        .namespace("test")
                        .fields()
                        .requiredString("id")
                        .requiredInt("count")
                        .optionalString("note")
                        .endRecord();

        assertThat(SchemaEvolutionChecker.check(countAsInt, BASE, "v1"))
                .extracting(Problem::direction)
                .containsExactly(Direction.BACKWARD);
    }

    @Test
    @DisplayName("dropping ClickEvent.userId (no default) is caught against the released v1")
    void givenRealSchemaWithRequiredFieldDropped_thenCaughtAgainstHistory() {
        Schema current = ClickEvent.getClassSchema();
        List<Schema.Field> kept =
                current.getFields().stream()
                        .filter(f -> !f.name().equals("userId"))
                        .map(f -> new Schema.Field(f, f.schema()))
                        .toList();
        Schema withoutUserId =
                Schema.createRecord(
                        current.getName(), current.getDoc(), current.getNamespace(), false, kept);

        assertThat(
                        SchemaEvolutionChecker.check(
                                withoutUserId, SchemaHistory.versions(ClickEvent.class)))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.direction()).isEqualTo(Direction.FORWARD);
                            assertThat(p.against()).isEqualTo("ClickEvent/v1.avsc");
                            assertThat(p.message()).contains("userId");
                        });
    }

    @Test
    void givenSeveralVersions_thenEachIsChecked() {
        Schema withoutCount =
                SchemaBuilder.record("Thing")
                        .namespace("test")
                        .fields()
                        .requiredString("id")
                        .optionalString("note")
                        .endRecord();
        List<SchemaHistory.Version> history =
                List.of(
                        new SchemaHistory.Version("Thing", 1, BASE),
                        new SchemaHistory.Version("Thing", 2, withoutCount));

        assertThat(SchemaEvolutionChecker.check(withoutCount, history))
                .extracting(Problem::against)
                .containsExactly("Thing/v1.avsc");
    }
}
