package dev.perch.streamjobs.itemstats;

import dev.perch.core.itemstats.CoVisit;
import dev.perch.core.itemstats.TransitionSettings;
import dev.perch.core.itemstats.TransitionWindow;
import dev.perch.events.ClickEvent;
import dev.perch.streamjobs.ItemSignal;
import dev.perch.streamjobs.RecentSteps;
import java.time.Duration;
import java.util.List;

/**
 * Keyed by user id: runs perch-core's {@link TransitionWindow} over the user's visits and emits the
 * directional transitions each visit closes ("this item followed that one within k steps"). State
 * per user: at most {@code steps} interactions, dropped after {@code inactiveUserTtl} without
 * events or at once by the user's forget request ({@link UserVisitWindow}).
 *
 * <p>Where the live path differs from the evaluator's {@code TransitionIndex}: visits are taken in
 * the order of their Kafka partition (a user's events share one partition, so this is the order the
 * collector received them), the evaluator takes them in event-time order. The two agree whenever a
 * user's events arrive in event-time order; {@code ItemStatisticsJobITCase} asserts equal follower
 * lists on such a stream.
 */
public final class PairTransitions extends UserVisitWindow<RecentSteps, ItemSignal> {
    private static final long serialVersionUID = 1L;

    private final TransitionSettings settings;

    public PairTransitions(TransitionSettings settings, Duration inactiveUserTtl) {
        super("recent-steps", RecentSteps.class, "transitions", inactiveUserTtl);
        this.settings = settings;
    }

    @Override
    Visit<RecentSteps, ItemSignal> visit(RecentSteps stored, ClickEvent event) {
        TransitionWindow window =
                new TransitionWindow(settings, stored == null ? List.of() : stored.steps());
        List<CoVisit> closed = window.add(event.getItemId(), event.getEventTime().toEpochMilli());
        return new Visit<>(
                RecentSteps.of(window), closed.stream().map(ItemSignal::transition).toList());
    }
}
