package dev.perch.core.itemstats;

import dev.perch.events.EventType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One user's last visits (at most {@code lookback}): each new visit pairs, in both directions, with
 * the previous visits of other items within {@code maxGap}, weighted by both event types and
 * divided by the distance in the stream. Bounded whatever the user does.
 */
public final class PairWindow implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One remembered visit. */
    public record Visit(String itemId, double weight, long eventTime) implements Serializable {}

    private final CoVisitationSettings settings;
    private final ArrayList<Visit> visits; // newest last

    public PairWindow(CoVisitationSettings settings) {
        this(settings, List.of());
    }

    /** A window holding {@code visits} (oldest first), for state restored by an engine. */
    public PairWindow(CoVisitationSettings settings, List<Visit> visits) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.visits = new ArrayList<>(visits);
    }

    /** The remembered visits, oldest first. */
    public List<Visit> visits() {
        return List.copyOf(visits);
    }

    /** Records a visit and returns the pairs it forms (empty for types that do not count). */
    public List<CoVisit> add(String itemId, EventType type, long eventTime) {
        double weight = VisitWeights.of(type);
        if (itemId == null || weight <= 0) {
            return List.of();
        }
        long maxGap = settings.maxGap().toMillis();
        visits.removeIf(v -> Math.abs(eventTime - v.eventTime()) > maxGap);
        List<CoVisit> pairs = new ArrayList<>();
        int distance = 0;
        List<String> paired = new ArrayList<>();
        for (int i = visits.size() - 1; i >= 0; i--) {
            Visit previous = visits.get(i);
            distance++;
            if (previous.itemId().equals(itemId) || paired.contains(previous.itemId())) {
                continue;
            }
            paired.add(previous.itemId());
            double pairWeight = Math.sqrt(weight * previous.weight()) / distance;
            pairs.add(new CoVisit(previous.itemId(), itemId, pairWeight, eventTime));
            pairs.add(new CoVisit(itemId, previous.itemId(), pairWeight, eventTime));
        }
        visits.removeIf(v -> v.itemId().equals(itemId));
        visits.add(new Visit(itemId, weight, eventTime));
        while (visits.size() > settings.lookback()) {
            visits.remove(0);
        }
        return pairs;
    }
}
