package dev.perch.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.files.RejectReason;
import dev.perch.events.files.RejectTally;
import dev.perch.events.files.RejectedLine;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReplaySummaryTest {

    private static RejectedLine reject(long line, RejectReason reason) {
        return new RejectedLine(
                line, reason, "detail " + line, "raw".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("the headline gives the count, the rejects by reason, the time and the rate")
    void headline() {
        RejectTally rejects = new RejectTally(5);
        for (int i = 0; i < 8; i++) {
            rejects.add(reject(i, RejectReason.WRONG_FIELD_COUNT));
        }
        for (int i = 0; i < 4; i++) {
            rejects.add(reject(i, RejectReason.BAD_TIMESTAMP));
        }
        ReplayResult result = new ReplayResult(2_756_101, 2_756_101, 0, null, 41_200_000_000L);

        assertThat(ReplaySummary.headline(result, rejects))
                .isEqualTo(
                        "replayed 2,756,101 events (rejected 12: 8 WRONG_FIELD_COUNT,"
                                + " 4 BAD_TIMESTAMP) in 41.2 s = 66,896 events/s");
    }

    @Test
    @DisplayName("without rejects the headline says rejected 0")
    void clean() {
        ReplayResult result = new ReplayResult(10, 10, 0, null, 1_000_000_000L);

        assertThat(ReplaySummary.headline(result, new RejectTally(1)))
                .isEqualTo("replayed 10 events (rejected 0) in 1.0 s = 10 events/s");
        assertThat(result.complete()).isTrue();
    }

    @Test
    @DisplayName("examples show line number, reason, detail and text, then how many more there are")
    void examples() {
        RejectTally rejects = new RejectTally(2);
        rejects.add(reject(17, RejectReason.WRONG_FIELD_COUNT));
        rejects.add(reject(18, RejectReason.BAD_NUMBER));
        rejects.add(reject(19, RejectReason.BAD_NUMBER));

        assertThat(ReplaySummary.examples(rejects))
                .containsExactly(
                        "  line 17 WRONG_FIELD_COUNT: detail 17 | raw",
                        "  line 18 BAD_NUMBER: detail 18 | raw",
                        "  ... and 1 more (all of them on the dead-letter topic)");
    }

    @Test
    @DisplayName("an unacknowledged event makes the result incomplete")
    void incomplete() {
        assertThat(new ReplayResult(10, 9, 1, "boom", 1).complete()).isFalse();
    }
}
