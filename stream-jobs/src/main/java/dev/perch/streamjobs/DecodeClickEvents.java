package dev.perch.streamjobs;

import dev.perch.events.ClickEvent;
import dev.perch.events.ClickEventRules;
import dev.perch.events.ClickEventRules.FieldError;
import dev.perch.events.serde.AvroCodec;
import dev.perch.events.serde.RecordDecodeException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns raw Kafka records of perch.events into valid {@link ClickEvent}s. Undecodable, invalid and
 * far-future records go to the {@link DeadLetters#TAG} side output with their original bytes; a
 * forget request (a keyed tombstone) goes to {@link ForgetRequests#TAG}.
 */
public final class DecodeClickEvents extends ProcessFunction<KafkaRecord, ClickEvent> {
    private static final long serialVersionUID = 1L;

    private final long maxFutureSkewMillis;
    private final String stage;
    private transient AvroCodec<ClickEvent> codec;
    private transient Counter eventsIn;
    private transient RejectCounters rejected;

    /** The user-state job's decoder. */
    public DecodeClickEvents(Duration maxFutureSkew) {
        this(maxFutureSkew, DeadLetters.STAGE);
    }

    /** A decoder whose dead letters name {@code stage}. */
    public DecodeClickEvents(Duration maxFutureSkew, String stage) {
        this.maxFutureSkewMillis = maxFutureSkew.toMillis();
        this.stage = stage;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = AvroCodec.of(ClickEvent.class);
        eventsIn = JobMetrics.group(getRuntimeContext()).counter("eventsIn");
        rejected = new RejectCounters(JobMetrics.group(getRuntimeContext()));
    }

    @Override
    public void processElement(KafkaRecord record, Context ctx, Collector<ClickEvent> out) {
        if (ForgetRequests.isForget(record)) {
            ctx.output(ForgetRequests.TAG, ForgetRequests.requestOf(record));
            return;
        }
        eventsIn.inc();
        long now = ctx.timerService().currentProcessingTime();
        ClickEvent event;
        try {
            event = codec.decode(record.value());
        } catch (RecordDecodeException e) {
            reject(ctx, record, RejectReason.ofDecodeFailure(e.reason()), e.getMessage(), now);
            return;
        }
        List<FieldError> errors = ClickEventRules.validate(event);
        if (!errors.isEmpty()) {
            boolean noUser = errors.stream().anyMatch(f -> f.field().equals("userId"));
            String detail =
                    errors.stream()
                            .map(f -> f.field() + " " + f.reason())
                            .collect(Collectors.joining("; "));
            reject(
                    ctx,
                    record,
                    noUser ? RejectReason.MISSING_USER_ID : RejectReason.INVALID,
                    detail,
                    now);
            return;
        }
        long eventTime = event.getEventTime().toEpochMilli();
        if (eventTime > now + maxFutureSkewMillis) {
            reject(
                    ctx,
                    record,
                    RejectReason.EVENT_IN_FUTURE,
                    "eventTime " + event.getEventTime() + " is more than the allowed skew ahead",
                    now);
            return;
        }
        out.collect(event);
    }

    private void reject(
            Context ctx, KafkaRecord record, RejectReason reason, String detail, long now) {
        rejected.inc(reason);
        ctx.output(DeadLetters.TAG, DeadLetters.of(stage, record, reason, detail, now));
    }
}
