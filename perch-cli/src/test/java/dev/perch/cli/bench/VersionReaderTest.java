package dev.perch.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ReasonCode;
import dev.perch.events.Recommendations;
import dev.perch.events.RecommendedItem;
import dev.perch.events.UserState;
import dev.perch.events.serde.AvroCodec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

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
}
