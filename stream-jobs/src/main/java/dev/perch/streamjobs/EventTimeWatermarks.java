package dev.perch.streamjobs;

import dev.perch.events.ClickEvent;
import dev.perch.events.serde.AvroCodec;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event-time watermarks of perch.events, generated inside the Kafka source per partition (split):
 * bounded out-of-orderness, idle partitions stop holding event time back, and records without a
 * usable event time (undecodable, or further ahead of the wall clock than the allowed skew) never
 * move a watermark; they still flow on to the decoder, which turns them into dead letters.
 */
public final class EventTimeWatermarks {
    /** The timestamp of a record whose event time cannot be read. */
    public static final long NO_EVENT_TIME = Long.MIN_VALUE;

    private EventTimeWatermarks() {}

    /** The strategy for the events source: per-split, bounded, with idleness. */
    public static WatermarkStrategy<KafkaRecord> strategy(EventInput.Settings settings) {
        long outOfOrderness = settings.maxOutOfOrderness().toMillis();
        long futureSkew = settings.maxFutureSkew().toMillis();
        return WatermarkStrategy.<KafkaRecord>forGenerator(
                        ctx -> new BoundedIgnoringUnusable(outOfOrderness, futureSkew))
                .withTimestampAssigner(ctx -> new EventTimeOfRecord())
                .withIdleness(settings.sourceIdleness());
    }

    /** Reads the event time out of the record's Avro value; NO_EVENT_TIME when it cannot. */
    static final class EventTimeOfRecord implements TimestampAssigner<KafkaRecord> {
        private final AvroCodec<ClickEvent> codec = AvroCodec.of(ClickEvent.class);

        @Override
        public long extractTimestamp(KafkaRecord record, long kafkaTimestamp) {
            if (record.value() == null || record.value().length == 0) {
                return NO_EVENT_TIME;
            }
            try {
                ClickEvent event = codec.decode(record.value());
                return event.getEventTime() == null
                        ? NO_EVENT_TIME
                        : event.getEventTime().toEpochMilli();
            } catch (RuntimeException e) { // RecordDecodeException and broken values alike
                return NO_EVENT_TIME;
            }
        }
    }

    /** Bounded out-of-orderness over the usable timestamps of one split. */
    static final class BoundedIgnoringUnusable implements WatermarkGenerator<KafkaRecord> {
        private final long outOfOrderness;
        private final long futureSkew;
        private long maxTimestamp;

        BoundedIgnoringUnusable(long outOfOrderness, long futureSkew) {
            this.outOfOrderness = outOfOrderness;
            this.futureSkew = futureSkew;
            this.maxTimestamp = Long.MIN_VALUE + outOfOrderness + 1;
        }

        @Override
        public void onEvent(KafkaRecord record, long timestamp, WatermarkOutput output) {
            if (timestamp == NO_EVENT_TIME || timestamp > System.currentTimeMillis() + futureSkew) {
                return;
            }
            maxTimestamp = Math.max(maxTimestamp, timestamp);
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.emitWatermark(new Watermark(maxTimestamp - outOfOrderness - 1));
        }
    }
}
