package dev.perch.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.UserState;
import dev.perch.events.serde.AvroCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the readers of latest-user-states make of its values. */
class LatestUserStatesTest {
    @Test
    @DisplayName("a stored state's bytes read as the state")
    void givenAStateBytes_thenTheState() {
        UserState state = TestingShop.state("u1", 7);
        assertThat(LatestUserStates.decode(AvroCodec.of(UserState.class).encode(state)))
                .contains(state);
    }

    @Test
    @DisplayName(
            "bytes that are no state (a garbage record a restore copied from perch.user-state, dead"
                    + " lettered when it was read) and a missing value read as no state")
    void givenGarbageOrNothing_thenNoState() {
        assertThat(LatestUserStates.decode("not a state".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(LatestUserStates.decode(new byte[0])).isEmpty();
        assertThat(LatestUserStates.decode(null)).isEmpty();
    }
}
