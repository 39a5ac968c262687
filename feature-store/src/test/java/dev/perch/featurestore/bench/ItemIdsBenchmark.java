package dev.perch.featurestore.bench;

import com.github.benmanes.caffeine.cache.Interner;
import dev.perch.events.ItemIds;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The time to make a decoded item id canonical ({@link ItemIds#canonical}), what the feature store
 * does for every id of a neighbour or trending list it decodes: the JDK's string table ({@link
 * String#intern}) against Caffeine's weak interner and a catalog table's key, over a catalog of
 * {@code items} ids already canonical (YooChoose-like nine-digit ids), each looked up as a fresh
 * string made from its bytes, as a decoder makes it ({@code decodeOnly}: that alone). Run: see
 * feature-store/README.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ItemIdsBenchmark {
    private static final int LOOKUPS = 1_024;

    @Param({"26000", "1000000"})
    public int items;

    private final Interner<String> weak = Interner.newWeakInterner();
    private final ConcurrentHashMap<String, String> table = new ConcurrentHashMap<>();
    private String[] canonical;
    private byte[][] decoded;

    @Setup(Level.Trial)
    public void ids() {
        SplittableRandom random = new SplittableRandom(11);
        canonical = new String[items];
        for (int i = 0; i < items; i++) {
            canonical[i] = Integer.toString(200_000_000 + i * 7).intern();
            weak.intern(canonical[i]);
            table.put(canonical[i], canonical[i]);
        }
        decoded = new byte[LOOKUPS][];
        for (int i = 0; i < LOOKUPS; i++) {
            decoded[i] = canonical[random.nextInt(items)].getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A fresh string of each id, as Avro's decoder makes it (no cached hash): the floor. */
    @Benchmark
    @OperationsPerInvocation(LOOKUPS)
    public int decodeOnly() {
        int same = 0;
        for (byte[] id : decoded) {
            same += new String(id, StandardCharsets.UTF_8).length();
        }
        return same;
    }

    @Benchmark
    @OperationsPerInvocation(LOOKUPS)
    public int stringTable() {
        int same = 0;
        for (byte[] id : decoded) {
            same += new String(id, StandardCharsets.UTF_8).intern().length();
        }
        return same;
    }

    @Benchmark
    @OperationsPerInvocation(LOOKUPS)
    public int weakInterner() {
        int same = 0;
        for (byte[] id : decoded) {
            same += weak.intern(new String(id, StandardCharsets.UTF_8)).length();
        }
        return same;
    }

    /**
     * The key of a catalog table holding every id (the feature store's facts table keeps its key in
     * each row's facts): one map look-up.
     */
    @Benchmark
    @OperationsPerInvocation(LOOKUPS)
    public int tableKey() {
        int same = 0;
        for (byte[] id : decoded) {
            same += table.get(new String(id, StandardCharsets.UTF_8)).length();
        }
        return same;
    }
}
