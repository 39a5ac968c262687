package dev.perch.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.DeadLetter;
import dev.perch.events.files.RejectReason;
import dev.perch.events.files.RejectedLine;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeadLetterPublisherTest {
    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    @Test
    @DisplayName("a rejected line becomes a replay dead letter with its reason, place and bytes")
    void deadLetter() {
        byte[] raw = {'a', ',', (byte) 0xFF};
        RejectedLine line = new RejectedLine(12, RejectReason.UNDECODABLE, "not valid UTF-8", raw);

        DeadLetter letter = DeadLetterPublisher.toDeadLetter(line, "events.csv", CLOCK);

        assertThat(letter.getStage()).isEqualTo("replay");
        assertThat(letter.getReason()).isEqualTo("UNDECODABLE");
        assertThat(letter.getDetail()).isEqualTo("events.csv:12: not valid UTF-8");
        assertThat(bytes(letter.getOriginalBytes())).isEqualTo(raw);
        assertThat(letter.getOriginalKey()).isNull();
        assertThat(letter.getTime()).isEqualTo(CLOCK.instant());
    }

    @Test
    @DisplayName("a huge line is cut to the limit and the detail says so")
    void hugeLine() {
        byte[] raw = new byte[DeadLetterPublisher.MAX_ORIGINAL_BYTES + 10];
        RejectedLine line = new RejectedLine(1, RejectReason.WRONG_FIELD_COUNT, "x", raw);

        DeadLetter letter = DeadLetterPublisher.toDeadLetter(line, "f", CLOCK);

        assertThat(letter.getOriginalBytes().remaining())
                .isEqualTo(DeadLetterPublisher.MAX_ORIGINAL_BYTES);
        assertThat(letter.getDetail()).contains("cut to");
    }
}
