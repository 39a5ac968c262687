package dev.perch.streamjobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.EventIdWindow;
import dev.perch.core.UserEventRate;
import dev.perch.core.UserProfile;
import dev.perch.events.UserState;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.DoubleSerializer;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The user-state job's "user-profile" state is a {@link UserProfile}, a record that gained the rate
 * window's two fields and the event ids: a savepoint written before holds profiles of the record's
 * earlier layout (the state and the vector's norm only). This test writes a profile and the
 * serializer snapshot in that layout, as such a savepoint stores them, and restores them with this
 * build's serializer the way Flink does: the schema is compatible after migration, and the profile
 * comes back whole, without a rate window and ids.
 */
class UserProfileEvolutionTest {
    private static final SerializerConfigImpl CONFIG = new SerializerConfigImpl();

    @Test
    @DisplayName(
            "a profile saved before the rate window and the event ids joined UserProfile restores"
                    + " whole, without them")
    void profileOfTheEarlierLayoutRestores() throws Exception {
        UserState state =
                UserState.newBuilder()
                        .setUserId("u1")
                        .setVersion(42)
                        .setVector(List.of(0.6f, 0.8f))
                        .setVectorWeight(2.5)
                        .setFirstSeen(Instant.parse("2026-03-01T10:00:00Z"))
                        .setLastSeen(Instant.parse("2026-03-01T10:05:00Z"))
                        .setUpdatedAt(Instant.parse("2026-03-01T12:00:00Z"))
                        .build();
        UserProfile saved = new UserProfile(state, 3.0);

        // the earlier layout: the same class with its fields then, in Flink's (alphabetical) order
        PojoSerializer<UserProfile> earlier =
                new PojoSerializer<>(
                        UserProfile.class,
                        new TypeSerializer<?>[] {
                            TypeInformation.of(UserState.class).createSerializer(CONFIG),
                            DoubleSerializer.INSTANCE
                        },
                        new Field[] {
                            UserProfile.class.getDeclaredField("state"),
                            UserProfile.class.getDeclaredField("vectorNorm")
                        },
                        CONFIG);
        DataOutputSerializer value = new DataOutputSerializer(256);
        earlier.serialize(saved, value);
        DataOutputSerializer snapshot = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(snapshot, earlier.snapshotConfiguration());

        TypeSerializerSnapshot<UserProfile> restored =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(snapshot.getCopyOfBuffer()),
                        getClass().getClassLoader());
        TypeSerializer<UserProfile> current =
                TypeInformation.of(UserProfile.class).createSerializer(CONFIG);
        TypeSerializerSchemaCompatibility<UserProfile> compatibility =
                current.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertThat(compatibility.isCompatibleAfterMigration())
                .as("Flink migrates the state instead of refusing the savepoint")
                .isTrue();

        UserProfile read =
                restored.restoreSerializer()
                        .deserialize(new DataInputDeserializer(value.getCopyOfBuffer()));
        assertThat(read.state()).isEqualTo(state);
        assertThat(read.vectorNorm()).isEqualTo(3.0);
        assertThat(read.rateWindow()).as("no window: the next event opens one").isNull();
        assertThat(read.eventIds()).as("no ids: the job's map state holds them").isNull();

        // migrated: written again in this build's layout, with the window the job sets
        UserProfile next =
                read.withRateWindow(new UserEventRate.Window(60_000L, 4))
                        .withEventIds(EventIdWindow.EMPTY.add("e1", 60_500L));
        DataOutputSerializer rewritten = new DataOutputSerializer(256);
        current.serialize(next, rewritten);
        assertThat(current.deserialize(new DataInputDeserializer(rewritten.getCopyOfBuffer())))
                .isEqualTo(next);
    }
}
