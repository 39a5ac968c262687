package dev.perch.modelserver;

import dev.perch.events.UserState;
import dev.perch.events.serde.PerchSerdes;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A user state read from perch.user-state together with the bytes it was read from, so that the
 * model server stores those bytes ({@code latest-user-states}) instead of encoding the state again.
 *
 * @param state the decoded state
 * @param bytes the record's value as read (single-object encoding, any released schema version)
 */
public record IncomingState(UserState state, byte[] bytes) {
    /**
     * The source's value deserializer: a tombstone stays null; undecodable bytes throw as {@link
     * PerchSerdes#deserializer} does (the dead-letter handler's input).
     */
    public static Deserializer<IncomingState> deserializer() {
        Deserializer<UserState> states = PerchSerdes.deserializer(UserState.class);
        return (topic, data) ->
                data == null ? null : new IncomingState(states.deserialize(topic, data), data);
    }
}
