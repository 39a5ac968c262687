package dev.perch.cli.replay;

/**
 * What producing the events achieved: how many were sent, acknowledged and failed, the first
 * failure, and how long producing took (until the last acknowledgement).
 */
public record ReplayResult(
        long sent, long acknowledged, long failed, String firstFailure, long elapsedNanos) {

    /** Whether every sent event was acknowledged. */
    public boolean complete() {
        return failed == 0 && acknowledged == sent;
    }

    /** Acknowledged events per second of producing. */
    public double eventsPerSecond() {
        return elapsedNanos <= 0 ? 0 : acknowledged * 1e9 / elapsedNanos;
    }
}
