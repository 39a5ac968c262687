package dev.perch.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** One filled-in record of every top-level type, built in code, for the tests. */
public final class TestRecords {
    public static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    public static final Instant T1 = T0.plusMillis(1_500);

    private TestRecords() {}

    public static ClickEvent click() {
        return ClickEvent.newBuilder()
                .setEventId("5f0c7a2e-8a3b-4c1d-9e2f-0123456789ab")
                .setUserId("u-42")
                .setSessionId("s-1")
                .setType(EventType.ADD_TO_CART)
                .setItemId("sku-1")
                .setValue(2.0)
                .setEventTime(T0)
                .setReceivedTime(T1)
                .setContext(
                        EventContext.newBuilder()
                                .setPage("/p/sku-1")
                                .setReferrer("https://shop.example/")
                                .setDevice("mobile")
                                .setLocale("en-GB")
                                .build())
                .build();
    }

    public static ClickEvent search() {
        return ClickEvent.newBuilder()
                .setEventId("0e9d2c1b-7a6f-4e5d-8c3b-a1b2c3d4e5f6")
                .setUserId("u-42")
                .setType(EventType.SEARCH)
                .setQuery("running shoes")
                .setEventTime(T0)
                .build();
    }

    public static Item item() {
        return Item.newBuilder()
                .setItemId("sku-1")
                .setTitle("Trail runner")
                .setCategoryPath(List.of("Shoes", "Running"))
                .setBrand("Acme")
                .setPrice(89.9)
                .setAvailable(true)
                .setAttributes(Map.of("colour", "red"))
                .setEmbedding(List.of(0.1f, -0.2f, 0.3f))
                .setUpdatedAt(T0)
                .build();
    }

    public static UserState userState() {
        RecentItem recent =
                RecentItem.newBuilder()
                        .setItemId("sku-1")
                        .setType(EventType.VIEW)
                        .setEventTime(T0)
                        .build();
        return UserState.newBuilder()
                .setUserId("u-42")
                .setVersion(7)
                .setVector(List.of(0.6f, 0.8f))
                .setVectorWeight(1.5)
                .setRecentItems(List.of(recent))
                .setPurchasedItems(List.of())
                .setCategoryAffinity(Map.of("Shoes", 0.9f))
                .setEventCounts(Map.of("VIEW", 3L))
                .setFirstSeen(T0)
                .setLastSeen(T1)
                .setLastEventId("5f0c7a2e-8a3b-4c1d-9e2f-0123456789ab")
                .setLastEventReceivedTime(T1)
                .setEmbeddingVersion("emb-1")
                .setUpdatedAt(T1)
                .build();
    }

    public static ItemNeighbors itemNeighbors() {
        return ItemNeighbors.newBuilder()
                .setItemId("sku-1")
                .setNeighbors(List.of(scored("sku-2", 3.0), scored("sku-3", 1.0)))
                .setVersion(2)
                .setUpdatedAt(T0)
                .build();
    }

    public static TrendingItems trending() {
        return TrendingItems.newBuilder()
                .setScope("*")
                .setItems(List.of(scored("sku-9", 12.5)))
                .setWindowStart(T0)
                .setWindowEnd(T1)
                .build();
    }

    public static Recommendations recommendations() {
        return Recommendations.newBuilder()
                .setUserId("u-42")
                .setItems(
                        List.of(
                                RecommendedItem.newBuilder()
                                        .setItemId("sku-2")
                                        .setScore(0.93)
                                        .setReason(ReasonCode.SIMILAR_TO_VIEWED)
                                        .build()))
                .setModelVersion("m-3")
                .setUserStateVersion(7)
                .setGeneratedAt(T1)
                .setCauseEventId("5f0c7a2e-8a3b-4c1d-9e2f-0123456789ab")
                .setCauseEventTime(T0)
                .setCauseReceivedTime(T1)
                .build();
    }

    public static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setOriginalBytes(ByteBuffer.wrap("{not json".getBytes(StandardCharsets.UTF_8)))
                .setOriginalKey(ByteBuffer.wrap("u-42".getBytes(StandardCharsets.UTF_8)))
                .setSourceTopic(Topics.EVENTS)
                .setSourcePartition(3)
                .setSourceOffset(1234L)
                .setStage("collector")
                .setReason("UNDECODABLE")
                .setDetail("$: is not valid JSON")
                .setTime(T1)
                .build();
    }

    /** One sample of every top-level record type, in {@code SchemaHistory.RECORD_TYPES} order. */
    public static List<SpecificRecord> all() {
        return List.of(
                click(),
                item(),
                userState(),
                itemNeighbors(),
                trending(),
                recommendations(),
                deadLetter());
    }

    private static ScoredItem scored(String itemId, double score) {
        return ScoredItem.newBuilder().setItemId(itemId).setScore(score).build();
    }
}
