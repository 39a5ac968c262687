package dev.perch.streamjobs;

import dev.perch.core.EnrichedEvent;
import dev.perch.events.ClickEvent;
import dev.perch.events.DeadLetter;
import dev.perch.events.EventType;
import dev.perch.events.Item;
import dev.perch.events.serde.AvroCodec;
import dev.perch.streamjobs.userstate.UserStateJobConfig;
import dev.perch.streamjobs.userstate.UserStateJobOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;

/** Named instants, events, items and raw records for the stream-jobs tests. */
public final class Fixtures {
    public static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    public static final Instant WALL_CLOCK = Instant.parse("2026-03-01T12:00:00Z");
    public static final AvroCodec<ClickEvent> EVENTS = AvroCodec.of(ClickEvent.class);
    static final AvroCodec<Item> ITEMS = AvroCodec.of(Item.class);

    private static long sequence;

    private Fixtures() {}

    public static ClickEvent event(String user, EventType type, String item, Instant time) {
        return ClickEvent.newBuilder()
                .setEventId(new UUID(7, ++sequence).toString())
                .setUserId(user)
                .setType(type)
                .setItemId(item)
                .setQuery(type == EventType.SEARCH ? "red shoes" : null)
                .setEventTime(time)
                .setReceivedTime(time.plusMillis(3))
                .build();
    }

    public static ClickEvent sameIdAs(ClickEvent original) {
        return ClickEvent.newBuilder(original).build();
    }

    public static Item item(String id, String category, float... embedding) {
        List<Float> values = new java.util.ArrayList<>();
        for (float v : embedding) {
            values.add(v);
        }
        return Item.newBuilder()
                .setItemId(id)
                .setTitle("Item " + id)
                .setCategoryPath(List.of(category))
                .setEmbedding(values)
                .setUpdatedAt(T0)
                .build();
    }

    public static EnrichedEvent enriched(ClickEvent event, float... embedding) {
        return new EnrichedEvent(event, embedding, "Shoes");
    }

    static KafkaRecord raw(byte[] value) {
        return new KafkaRecord(
                "perch.events",
                0,
                42,
                T0.toEpochMilli(),
                "u1".getBytes(StandardCharsets.UTF_8),
                value);
    }

    static KafkaRecord raw(ClickEvent event) {
        return raw(EVENTS.encode(event));
    }

    static KafkaRecord rawItem(Item item) {
        return new KafkaRecord(
                "perch.items",
                0,
                1,
                T0.toEpochMilli(),
                item.getItemId().getBytes(StandardCharsets.UTF_8),
                ITEMS.encode(item));
    }

    public static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    static String reason(DeadLetter letter) {
        return letter.getReason();
    }

    /** A job configuration with small limits, for tests. */
    public static UserStateJobConfig config(int maxPerMinute, Duration dedupWindow) {
        Configuration c = new Configuration();
        c.set(UserStateJobOptions.MAX_EVENTS_PER_USER_PER_MINUTE, maxPerMinute);
        c.set(UserStateJobOptions.DEDUP_WINDOW, dedupWindow);
        c.set(UserStateJobOptions.HALF_LIFE, Duration.ofHours(1));
        return UserStateJobConfig.from(c);
    }
}
