package dev.perch.events.ops;

/**
 * The state of a process or of one of its checks, best first: {@code UP} works, {@code DEGRADED}
 * serves with a reduced quality (e.g. rebalancing), {@code DOWN} cannot do its job (HTTP 503).
 */
public enum HealthStatus {
    UP,
    DEGRADED,
    DOWN;

    /** The worse of the two. */
    public HealthStatus worst(HealthStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
