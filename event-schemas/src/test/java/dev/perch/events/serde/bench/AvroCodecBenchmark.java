package dev.perch.events.serde.bench;

import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import dev.perch.events.RecentItem;
import dev.perch.events.UserState;
import dev.perch.events.serde.AvroCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The time to encode and decode the records every event passes through, with {@link AvroCodec} and
 * with Avro's own message classes ({@link BinaryMessageEncoder}, {@link BinaryMessageDecoder}: what
 * AvroCodec used before issue 16's profile at 5,000 events/s, and still the reference for its
 * bytes): a user state shaped like the bench's (YooChoose ids, a 32-dimensional vector, {@code
 * items} recent and sequence items: 4 is a typical session, 50 a long-lived user) and a click. Run:
 * see event-schemas/README.md ("Benchmarks").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AvroCodecBenchmark {
    @Param({"4", "50"})
    public int items;

    private final AvroCodec<UserState> states = AvroCodec.of(UserState.class);
    private final AvroCodec<ClickEvent> clicks = AvroCodec.of(ClickEvent.class);
    private final BinaryMessageEncoder<UserState> avroStates =
            new BinaryMessageEncoder<>(SpecificData.get(), UserState.getClassSchema());
    private final BinaryMessageDecoder<UserState> avroStateReader =
            new BinaryMessageDecoder<>(SpecificData.get(), UserState.getClassSchema());
    private final BinaryMessageEncoder<ClickEvent> avroClicks =
            new BinaryMessageEncoder<>(SpecificData.get(), ClickEvent.getClassSchema());
    private final BinaryMessageDecoder<ClickEvent> avroClickReader =
            new BinaryMessageDecoder<>(SpecificData.get(), ClickEvent.getClassSchema());

    private UserState state;
    private byte[] stateBytes;
    private ClickEvent click;
    private byte[] clickBytes;

    @Setup(Level.Trial)
    public void records() {
        SplittableRandom random = new SplittableRandom(7);
        Instant t0 = Instant.parse("2014-04-01T10:00:00Z");
        List<RecentItem> recent = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            recent.add(
                    RecentItem.newBuilder()
                            .setItemId(Integer.toString(214_500_000 + random.nextInt(100_000)))
                            .setType(EventType.VIEW)
                            .setEventTime(t0.minusSeconds(30L * i))
                            .build());
        }
        List<Float> vector = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            vector.add((float) random.nextGaussian());
        }
        Map<String, Float> categories = new LinkedHashMap<>();
        categories.put("S", 0.8f);
        categories.put("3", 0.2f);
        state =
                UserState.newBuilder()
                        .setUserId("11265009")
                        .setVersion(t0.toEpochMilli() << 20)
                        .setVector(vector)
                        .setVectorWeight(2.5)
                        .setRecentItems(recent)
                        .setSequence(recent)
                        .setPurchasedItems(List.of())
                        .setCategoryAffinity(categories)
                        .setEventCounts(Map.of("VIEW", (long) items))
                        .setFirstSeen(t0.minusSeconds(30L * items))
                        .setLastSeen(t0)
                        .setLastEventId(UUID.randomUUID().toString())
                        .setLastEventReceivedTime(t0)
                        .setEmbeddingVersion("v20140401T011459Z-8d2eae67")
                        .setUpdatedAt(t0)
                        .build();
        stateBytes = states.encode(state);
        click =
                ClickEvent.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setUserId("11265009")
                        .setType(EventType.VIEW)
                        .setItemId("214536502")
                        .setEventTime(t0)
                        .setReceivedTime(t0)
                        .build();
        clickBytes = clicks.encode(click);
    }

    @Benchmark
    public byte[] encodeStateCodec() {
        return states.encode(state);
    }

    @Benchmark
    public byte[] encodeStateAvroMessage() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        avroStates.encode(state, out);
        return out.toByteArray();
    }

    @Benchmark
    public UserState decodeStateCodec() {
        return states.decode(stateBytes);
    }

    @Benchmark
    public UserState decodeStateAvroMessage() throws IOException {
        return avroStateReader.decode(new ByteArrayInputStream(stateBytes), null);
    }

    @Benchmark
    public byte[] encodeClickCodec() {
        return clicks.encode(click);
    }

    @Benchmark
    public byte[] encodeClickAvroMessage() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        avroClicks.encode(click, out);
        return out.toByteArray();
    }

    @Benchmark
    public ClickEvent decodeClickCodec() {
        return clicks.decode(clickBytes);
    }

    @Benchmark
    public ClickEvent decodeClickAvroMessage() throws IOException {
        return avroClickReader.decode(new ByteArrayInputStream(clickBytes), null);
    }
}
