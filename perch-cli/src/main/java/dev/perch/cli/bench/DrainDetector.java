package dev.perch.cli.bench;

import java.time.Duration;

/**
 * Decides when the pipeline has finished the work of a phase, so that the next phase does not start
 * on a backlog: drained when every event sent has been covered by an output (nothing outstanding),
 * or when the consumers have no lag and the output topics have not moved for a quiet period (a
 * backlog whose events are not matched one by one, or events that never get an output); given up at
 * a deadline, which the report then states.
 */
public final class DrainDetector {
    /** What the pipeline is doing. */
    public enum Verdict {
        /** Still working on the phase. */
        WAITING,
        /** Everything of the phase went through. */
        DRAINED,
        /** The deadline passed before it drained. */
        TIMED_OUT
    }

    private final long quietNanos;
    private final long deadlineNanos;
    private long lastOutputs = -1;
    private long lastChangeNanos;

    /**
     * @param quiet how long the outputs must stand still (with no lag) to count as drained
     * @param startNanos when waiting began
     * @param timeout how long to wait at most
     */
    public DrainDetector(Duration quiet, long startNanos, Duration timeout) {
        this.quietNanos = quiet.toNanos();
        this.deadlineNanos = startNanos + timeout.toNanos();
        this.lastChangeNanos = startNanos;
    }

    /**
     * One observation.
     *
     * @param nowNanos when it was made
     * @param outstanding events sent but not yet covered by the last stage's output; -1 when the
     *     phase cannot match events (a backlog with the file's own times)
     * @param outputs the total of the output topics' end offsets, to see whether they still move
     * @param lag the consumers' lag on their input topics; -1 when unknown
     */
    public Verdict observe(long nowNanos, long outstanding, long outputs, long lag) {
        if (outputs != lastOutputs) {
            lastOutputs = outputs;
            lastChangeNanos = nowNanos;
        }
        if (outstanding == 0) {
            return Verdict.DRAINED;
        }
        // events that never get an output (a rejected event) must not hold the next phase back
        // for ever: outputs standing still with no lag mean nothing more is coming
        boolean quiet = nowNanos - lastChangeNanos >= quietNanos;
        if (quiet && lag <= 0) {
            return Verdict.DRAINED;
        }
        return nowNanos >= deadlineNanos ? Verdict.TIMED_OUT : Verdict.WAITING;
    }
}
