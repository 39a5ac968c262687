package dev.perch.kafka;

import org.junit.jupiter.api.Assumptions;

/**
 * For end-to-end tests that need a tool from outside Maven (Chromium, node): on a developer's
 * machine a missing tool skips the test with the reason; in CI ({@code CI=true}, set by {@code
 * .ci/run} and by hosted CI services) it fails it, so a green build always ran every end-to-end
 * test.
 */
public final class RequiredInCi {

    private RequiredInCi() {}

    /** Whether this run is CI ({@code CI=true} in the environment or {@code -Dci=true}). */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI")) || Boolean.getBoolean("ci");
    }

    /** Skips the test when {@code available} is false, or fails it in CI. */
    public static void assume(boolean available, String what) {
        if (!available && inCi()) {
            throw new AssertionError("CI must run this test, but " + what);
        }
        Assumptions.assumeTrue(available, "skipped: " + what);
    }
}
