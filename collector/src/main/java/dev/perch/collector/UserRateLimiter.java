package dev.perch.collector;

import dev.perch.core.UserEventRate;
import dev.perch.events.ClickEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * perch-core's {@link UserEventRate} at the door: a request whose events would take one of its
 * users past the per-user limit is refused whole (429, nothing stored), so that an event the
 * collector answers "accepted" is not dead-lettered later as RATE_LIMITED by the user-state job,
 * which runs the same rule on the same events. Windows of users idle for a while are dropped once
 * many exist, so memory stays bounded.
 *
 * <p>One collector counts what passes through it: with several collectors behind a load balancer,
 * route by user (or keep the limit as it is and let the job's backstop catch the rest).
 */
final class UserRateLimiter {

    private static final int PRUNE_ABOVE = 100_000;
    private static final long IDLE_MILLIS = 120_000;

    private final UserEventRate rate;
    private final Map<String, UserEventRate.Window> windows = new HashMap<>();

    UserRateLimiter(UserEventRate rate) {
        this.rate = rate;
    }

    /**
     * The verdict on one request's events.
     *
     * @param admitted the windows this request set, to undo it; null when refused
     * @param previous the windows they replaced (null values: none), to undo it
     * @param retryAfterSeconds when refused, the seconds until the user's next minute
     * @param reason when refused, why
     */
    record Verdict(
            Map<String, UserEventRate.Window> admitted,
            Map<String, UserEventRate.Window> previous,
            long retryAfterSeconds,
            String reason) {
        boolean allowed() {
            return admitted != null;
        }
    }

    /** Counts every event of the request in its user's window, or none of them. */
    synchronized Verdict tryAdmit(List<ClickEvent> events, long nowMillis) {
        Map<String, UserEventRate.Window> next = new HashMap<>();
        for (ClickEvent event : events) {
            String user = event.getUserId();
            UserEventRate.Window current =
                    next.containsKey(user) ? next.get(user) : windows.get(user);
            UserEventRate.Window admitted =
                    rate.admit(current, event.getEventTime().toEpochMilli());
            if (admitted == null) {
                return new Verdict(
                        null,
                        null,
                        rate.retryAfterSeconds(current, nowMillis),
                        "user "
                                + user
                                + " would send more than "
                                + rate.maxPerMinute()
                                + " events in one minute of event time; nothing was stored");
            }
            next.put(user, admitted);
        }
        if (windows.size() > PRUNE_ABOVE) {
            windows.values().removeIf(w -> w.start() < nowMillis - IDLE_MILLIS);
        }
        Map<String, UserEventRate.Window> previous = new HashMap<>();
        next.keySet().forEach(user -> previous.put(user, windows.get(user)));
        windows.putAll(next);
        return new Verdict(next, previous, 0, "allowed");
    }

    /** Takes back an admitted request that was refused later (nothing was sent). */
    synchronized void undo(Verdict verdict) {
        verdict.admitted()
                .forEach(
                        (user, window) -> {
                            if (window.equals(windows.get(user))) {
                                UserEventRate.Window before = verdict.previous().get(user);
                                if (before == null) {
                                    windows.remove(user);
                                } else {
                                    windows.put(user, before);
                                }
                            }
                        });
    }
}
