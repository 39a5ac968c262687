package dev.perch.streamjobs;

import dev.perch.core.EnrichedEvent;
import java.time.Duration;
import java.util.Collection;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Sliding event-time windows assigned by the event's own time, not the record timestamp: events
 * that waited in {@link EnrichWithCatalog} for their item come out of a timer or of the catalog
 * input, whose records carry no event time (or the catalog record's).
 */
public final class SlidingEventTimeOfEvent extends SlidingEventTimeWindows {
    private static final long serialVersionUID = 1L;

    public SlidingEventTimeOfEvent(Duration size, Duration slide) {
        super(size.toMillis(), slide.toMillis(), 0);
    }

    @Override
    public Collection<TimeWindow> assignWindows(
            Object element, long timestamp, WindowAssignerContext context) {
        long eventTime =
                element instanceof EnrichedEvent e
                        ? e.event().getEventTime().toEpochMilli()
                        : timestamp;
        return super.assignWindows(element, eventTime, context);
    }
}
