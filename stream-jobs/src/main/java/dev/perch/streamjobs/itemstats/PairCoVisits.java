package dev.perch.streamjobs.itemstats;

import dev.perch.core.itemstats.CoVisit;
import dev.perch.core.itemstats.CoVisitationSettings;
import dev.perch.core.itemstats.PairWindow;
import dev.perch.events.ClickEvent;
import dev.perch.streamjobs.RecentVisits;
import java.time.Duration;
import java.util.List;

/**
 * Keyed by user id: runs perch-core's {@link PairWindow} over the user's visits (in the order of
 * their Kafka partition) and emits the {@link CoVisit}s each visit forms. State per user: at most
 * {@code lookback} visits, dropped after {@code inactiveUserTtl} without events or at once by the
 * user's forget request ({@link UserVisitWindow}).
 */
public final class PairCoVisits extends UserVisitWindow<RecentVisits, CoVisit> {
    private static final long serialVersionUID = 1L;

    private final CoVisitationSettings settings;

    public PairCoVisits(CoVisitationSettings settings, Duration inactiveUserTtl) {
        super("recent-visits", RecentVisits.class, "coVisits", inactiveUserTtl);
        this.settings = settings;
    }

    @Override
    Visit<RecentVisits, CoVisit> visit(RecentVisits stored, ClickEvent event) {
        PairWindow window = new PairWindow(settings, stored == null ? List.of() : stored.visits());
        List<CoVisit> pairs =
                window.add(event.getItemId(), event.getType(), event.getEventTime().toEpochMilli());
        return new Visit<>(RecentVisits.of(window), pairs);
    }
}
