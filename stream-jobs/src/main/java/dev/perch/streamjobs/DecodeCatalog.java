package dev.perch.streamjobs;

import dev.perch.events.Item;
import dev.perch.events.serde.AvroCodec;
import dev.perch.events.serde.RecordDecodeException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns raw records of perch.items into {@link CatalogEntry}s: a value is an item, a null value (a
 * tombstone) removes the item named by the key. Undecodable records become dead letters.
 */
public final class DecodeCatalog extends ProcessFunction<KafkaRecord, CatalogEntry> {
    private static final long serialVersionUID = 1L;

    private final String stage;
    private transient AvroCodec<Item> codec;
    private transient RejectCounters rejected;

    /** The user-state job's catalog decoder. */
    public DecodeCatalog() {
        this(DeadLetters.STAGE);
    }

    /** A catalog decoder whose dead letters name {@code stage}. */
    public DecodeCatalog(String stage) {
        this.stage = stage;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = AvroCodec.of(Item.class);
        rejected = new RejectCounters(JobMetrics.group(getRuntimeContext()).addGroup("catalog"));
    }

    @Override
    public void processElement(KafkaRecord record, Context ctx, Collector<CatalogEntry> out) {
        if (record.value() == null) {
            if (record.key() != null) {
                out.collect(
                        new CatalogEntry(new String(record.key(), StandardCharsets.UTF_8), null));
            }
            return;
        }
        try {
            Item item = codec.decode(record.value());
            out.collect(new CatalogEntry(item.getItemId(), ItemFeatures.of(item)));
        } catch (RecordDecodeException e) {
            RejectReason reason = RejectReason.ofDecodeFailure(e.reason());
            rejected.inc(reason);
            ctx.output(
                    DeadLetters.TAG,
                    DeadLetters.of(
                            stage,
                            record,
                            reason,
                            e.getMessage(),
                            ctx.timerService().currentProcessingTime()));
        }
    }
}
