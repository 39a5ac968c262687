package dev.perch.events.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEvent;

/** Helpers for parser specifications: parse and expect an event or a rejection. */
final class Lines {
    private Lines() {}

    static ClickEvent accepted(LineResult result) {
        assertThat(result).isInstanceOf(LineResult.Accepted.class);
        return ((LineResult.Accepted) result).event();
    }

    static LineResult.Rejected rejected(LineResult result, RejectReason reason) {
        assertThat(result).isInstanceOf(LineResult.Rejected.class);
        LineResult.Rejected rejected = (LineResult.Rejected) result;
        assertThat(rejected.reason()).isEqualTo(reason);
        return rejected;
    }
}
