package dev.perch.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.eval.data.Interaction;
import dev.perch.eval.protocol.LeaveOneOut;
import dev.perch.events.EventType;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ValidationTest {
    private static Interaction rate(String user, String item, long t) {
        return new Interaction(user, user, item, EventType.RATE, t);
    }

    @Test
    @DisplayName(
            "leave-one-out validation never sees a test target: each user's last item is gone and"
                    + " the second-to-last becomes the target")
    void leaveOneOutValidationTargetsTheSecondToLast() {
        List<Interaction> events =
                List.of(
                        rate("1", "a", 1),
                        rate("2", "a", 1),
                        rate("1", "b", 2),
                        rate("2", "c", 2),
                        rate("1", "c", 3),
                        rate("2", "d", 3));
        LeaveOneOut test = new LeaveOneOut(events);

        LeaveOneOut validation = new LeaveOneOut(Validation.leaveOneOutTrainingPart(events));

        assertThat(validation.targets()).containsEntry("1", "b").containsEntry("2", "c");
        assertThat(validation.training()).extracting(Interaction::item).containsExactly("a", "a");
        for (Interaction e : validation.training()) {
            assertThat(test.targets().get(e.user())).isNotEqualTo(e.item());
        }
    }
}
