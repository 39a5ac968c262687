package dev.perch.streamjobs.userstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.perch.core.StateVersions;
import dev.perch.events.UserState;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;

/** Compares user states up to float rounding and the fields that depend on processing time. */
final class StateAssertions {
    private StateAssertions() {}

    static void assertSameStates(Map<String, UserState> actual, Map<String, UserState> expected) {
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        SoftAssertions softly = new SoftAssertions();
        expected.forEach((user, e) -> compare(softly, actual.get(user), e));
        softly.assertAll();
    }

    private static void compare(SoftAssertions softly, UserState a, UserState e) {
        String user = e.getUserId();
        // versions carry the latest event time in their upper bits; the low bits count updates
        // in arrival order, which Flink (items wait for the catalog, searches do not) and the
        // shared rule replayed in event-time order need not share (see StateVersions)
        softly.assertThat(StateVersions.eventTimeOf(a.getVersion()))
                .as("event time of the version of %s", user)
                .isEqualTo(StateVersions.eventTimeOf(e.getVersion()));
        softly.assertThat(a.getVector()).as("vector size of %s", user).hasSameSizeAs(e.getVector());
        for (int i = 0; i < Math.min(a.getVector().size(), e.getVector().size()); i++) {
            softly.assertThat(a.getVector().get(i))
                    .as("vector[%d] of %s", i, user)
                    .isCloseTo(e.getVector().get(i), within(1e-4f));
        }
        softly.assertThat(a.getVectorWeight())
                .as("vectorWeight of %s", user)
                .isCloseTo(e.getVectorWeight(), within(1e-6 * Math.max(1, e.getVectorWeight())));
        softly.assertThat(a.getRecentItems())
                .as("recent of %s", user)
                .isEqualTo(e.getRecentItems());
        softly.assertThat(a.getPurchasedItems())
                .as("purchased of %s", user)
                .isEqualTo(e.getPurchasedItems());
        softly.assertThat(a.getEventCounts())
                .as("counts of %s", user)
                .isEqualTo(e.getEventCounts());
        softly.assertThat(a.getFirstSeen()).as("firstSeen of %s", user).isEqualTo(e.getFirstSeen());
        softly.assertThat(a.getLastSeen()).as("lastSeen of %s", user).isEqualTo(e.getLastSeen());
        softly.assertThat(a.getCategoryAffinity().keySet())
                .as("categories of %s", user)
                .isEqualTo(e.getCategoryAffinity().keySet());
        e.getCategoryAffinity()
                .forEach(
                        (k, v) ->
                                softly.assertThat(a.getCategoryAffinity().get(k))
                                        .as("affinity %s of %s", k, user)
                                        .isCloseTo(v, within(1e-3f * Math.max(1f, Math.abs(v)))));
    }
}
