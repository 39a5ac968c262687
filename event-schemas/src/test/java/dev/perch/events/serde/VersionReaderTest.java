package dev.perch.events.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ReasonCode;
import dev.perch.events.Recommendations;
import dev.perch.events.RecommendedItem;
import dev.perch.events.UserState;
import dev.perch.events.schema.SchemaHistory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One long field read out of single-object encoded bytes, for any released writer schema. */
class VersionReaderTest {
    private static final Instant T = Instant.parse("2026-12-02T02:00:00Z");

    @Test
    @DisplayName("reads a user state's version without the rest of the record")
    void userStateVersion() {
        UserState state =
                UserState.newBuilder()
                        .setUserId("u1")
                        .setVersion(1_234_567_890_123L)
                        .setVector(List.of(0.1f, 0.2f, 0.3f))
                        .setFirstSeen(T)
                        .setLastSeen(T)
                        .setUpdatedAt(T)
                        .build();
        byte[] bytes = AvroCodec.of(UserState.class).encode(state);
        assertThat(VersionReader.of(UserState.class, "version").version(bytes))
                .isEqualTo(1_234_567_890_123L);
    }

    @Test
    @DisplayName("reads a list's state version past its items")
    void recommendationsVersion() {
        VersionReader reader = VersionReader.of(Recommendations.class, "userStateVersion");
        AvroCodec<Recommendations> codec = AvroCodec.of(Recommendations.class);
        for (long version : new long[] {7L, 42L << 20}) {
            Recommendations list =
                    Recommendations.newBuilder()
                            .setUserId("u1")
                            .setItems(
                                    List.of(
                                            new RecommendedItem("i1", 0.9, ReasonCode.PERSONAL),
                                            new RecommendedItem("i2", 0.5, ReasonCode.TRENDING)))
                            .setModelVersion("heuristic")
                            .setUserStateVersion(version)
                            .setGeneratedAt(T)
                            .build();
            assertThat(reader.version(codec.encode(list))).isEqualTo(version);
        }
    }

    @Test
    @DisplayName("bytes that are no known record give -1 instead of stopping the probe")
    void poisonGivesMinusOne() {
        VersionReader reader = VersionReader.of(UserState.class, "version");
        assertThat(reader.version(null)).isEqualTo(-1);
        assertThat(reader.version(new byte[0])).isEqualTo(-1);
        assertThat(reader.version("not avro".getBytes())).isEqualTo(-1);
        assertThat(reader.version(new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9}))
                .isEqualTo(-1);
    }

    @Test
    @DisplayName("reads the version of a state written with the first released schema (v1)")
    void olderWriterSchema() throws Exception {
        Schema v1 = SchemaHistory.versions(UserState.class).get(0).schema();
        GenericRecord old = new GenericData.Record(v1);
        for (Schema.Field field : v1.getFields()) {
            old.put(field.name(), valueOf(field.schema()));
        }
        old.put("version", 987_654_321L);
        byte[] bytes = AvroCodecTest.encodeGeneric(v1, old);

        assertThat(VersionReader.of(UserState.class, "version").version(bytes))
                .isEqualTo(987_654_321L);
    }

    /** Some value of a field's type (the first branch of a union). */
    private static Object valueOf(Schema schema) {
        return switch (schema.getType()) {
            case UNION -> valueOf(schema.getTypes().get(0));
            case NULL -> null;
            case STRING -> "s";
            case LONG -> 1L;
            case INT -> 1;
            case DOUBLE -> 1.0;
            case FLOAT -> 1.0f;
            case BOOLEAN -> true;
            case ARRAY -> List.of();
            case MAP -> Map.of();
            case ENUM -> new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(0));
            default -> throw new IllegalArgumentException("no value for " + schema);
        };
    }
}
