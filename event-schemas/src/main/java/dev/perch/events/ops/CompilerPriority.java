package dev.perch.events.ops;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options that put a Perch process's JIT compiler threads at the operating system's lowest
 * priority (nice 19 on Linux) and leave every other thread at the default: on a busy machine the
 * compiler then gets the cores the event path leaves idle instead of taking them from it.
 *
 * <p>Why (issue 16, docs/benchmarks.md): on the 2-core benchmark machine most of the seconds whose
 * click-to-list p99 went over 200 ms at 1,000 events/s came with a burst of a JIT compiler thread
 * (0.2-0.4 cores for a second or two, still minutes after the start), which the scheduler shared
 * equally with the stream and scoring threads. A compilation that waits a few seconds for an idle
 * core costs nothing but a little longer in the slower tier.
 *
 * <p>How: {@code -XX:ThreadPriorityPolicy=1} lets HotSpot set thread priorities on Linux and {@code
 * -XX:CompilerThreadPriority=19} is the compiler threads' native priority (their nice value). With
 * that policy HotSpot would also map Java priorities 1-4 and 6-10 to nice 4..1 and -1..-5 (its GC
 * and VM threads run at Java priority 9 or 10); raising a priority needs root, so that part would
 * apply for root only: the {@code JavaPriorityN_To_OSPriority=0} options keep every other thread at
 * nice 0 whoever runs it. A process without the permission to raise priorities prints HotSpot's
 * warning about {@code ThreadPriorityPolicy=1} at start; lowering needs no permission.
 */
public final class CompilerPriority {
    /** The compiler threads' nice value: the lowest priority Linux has. */
    public static final int COMPILER_NICE = 19;

    private CompilerPriority() {}

    /** The options, for a child JVM's command line (HotSpot; other platforms ignore the nice). */
    public static List<String> jvmOptions() {
        List<String> options = new ArrayList<>();
        options.add("-XX:ThreadPriorityPolicy=1");
        options.add("-XX:CompilerThreadPriority=" + COMPILER_NICE);
        for (int javaPriority = Thread.MIN_PRIORITY;
                javaPriority <= Thread.MAX_PRIORITY;
                javaPriority++) {
            if (javaPriority != Thread.NORM_PRIORITY) {
                options.add("-XX:JavaPriority" + javaPriority + "_To_OSPriority=0");
            }
        }
        return List.copyOf(options);
    }
}
