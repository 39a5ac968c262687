package dev.perch.events.ops;

import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a child process of {@code bin/perch local} (or of a test) exit when the process that
 * started it is gone, even after a {@code kill -9} of that parent, so no orphan keeps holding the
 * ports. The parent opts in by passing {@code -Dperch.parent-pid=<its pid>}; without the property
 * nothing happens (a process started by hand or by Kubernetes is never tied to its parent).
 */
public final class ParentWatch {

    /** The system property naming the parent's pid. */
    public static final String PROPERTY = "perch.parent-pid";

    /** How long the shutdown hooks may take before the JVM halts anyway. */
    static final Duration HALT_AFTER = Duration.ofSeconds(20);

    private static final Logger LOG = LoggerFactory.getLogger(ParentWatch.class);

    private ParentWatch() {}

    /** The JVM option a parent passes to a child it starts. */
    public static String jvmOption() {
        return "-D" + PROPERTY + "=" + ProcessHandle.current().pid();
    }

    /**
     * When {@value #PROPERTY} names a pid, exits this JVM (running its shutdown hooks, halting
     * after {@link #HALT_AFTER}) as soon as that process ends; returns at once either way.
     */
    public static void exitWithParent(String processName) {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            LOG.warn("Ignoring {}={}: not a pid", PROPERTY, value);
            return;
        }
        Optional<ProcessHandle> parent = ProcessHandle.of(pid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            exit(processName, pid);
            return;
        }
        parent.get().onExit().thenRun(() -> exit(processName, pid));
        LOG.info("{} exits when its parent (pid {}) does", processName, pid);
    }

    private static void exit(String processName, long pid) {
        LOG.warn("The parent of {} (pid {}) is gone; stopping", processName, pid);
        Thread halt =
                new Thread(
                        () -> {
                            try {
                                Thread.sleep(HALT_AFTER.toMillis());
                            } catch (InterruptedException e) {
                                return;
                            }
                            Runtime.getRuntime().halt(3);
                        },
                        "perch-parent-watch-halt");
        halt.setDaemon(true);
        halt.start();
        Thread exit = new Thread(() -> System.exit(3), "perch-parent-watch-exit");
        exit.start();
    }
}
