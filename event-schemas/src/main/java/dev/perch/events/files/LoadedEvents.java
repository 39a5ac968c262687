package dev.perch.events.files;

import dev.perch.events.ClickEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The valid lines of a file, held compactly until they are sorted and produced: the line's UTF-8
 * bytes in large shared chunks plus primitive arrays of event time and line number (about 28 bytes
 * per event on top of the line itself). Lines are parsed again when produced.
 */
public final class LoadedEvents {
    private static final int CHUNK_SIZE = 4 << 20;

    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] chunk = new byte[0];
    private int chunkUsed;
    private long[] times = new long[1024];
    private long[] lineNumbers = new long[1024];
    private long[] locations = new long[1024];
    private int[] lengths = new int[1024];
    private int size;
    private long lineBytes;

    /** Keeps one valid line. */
    public void add(long eventTimeMillis, long lineNumber, byte[] bytes, int length) {
        if (size == times.length) {
            int grown = size + (size >> 1);
            times = Arrays.copyOf(times, grown);
            lineNumbers = Arrays.copyOf(lineNumbers, grown);
            locations = Arrays.copyOf(locations, grown);
            lengths = Arrays.copyOf(lengths, grown);
        }
        if (chunkUsed + length > chunk.length) {
            chunk = new byte[Math.max(CHUNK_SIZE, length)];
            chunks.add(chunk);
            chunkUsed = 0;
        }
        System.arraycopy(bytes, 0, chunk, chunkUsed, length);
        times[size] = eventTimeMillis;
        lineNumbers[size] = lineNumber;
        locations[size] = ((long) (chunks.size() - 1) << 32) | chunkUsed;
        lengths[size] = length;
        chunkUsed += length;
        lineBytes += length;
        size++;
    }

    /** How many lines are held. */
    public int size() {
        return size;
    }

    /** The event time of line {@code i} (in the order added), epoch milliseconds. */
    public long eventTime(int i) {
        check(i);
        return times[i];
    }

    /** The 1-based line number in the file of line {@code i}. */
    public long lineNumber(int i) {
        check(i);
        return lineNumbers[i];
    }

    /** The text of line {@code i}. */
    public String line(int i) {
        check(i);
        byte[] in = chunks.get((int) (locations[i] >>> 32));
        return new String(in, (int) locations[i], lengths[i], StandardCharsets.UTF_8);
    }

    /**
     * The event of line {@code i}, parsed again by {@code parser}: the parser that accepted it
     * while loading (a parser that read the file's header knows its columns).
     *
     * @throws IllegalStateException when the line does not parse into an event the second time
     */
    public ClickEvent event(int i, LineParser parser) {
        LineResult result = parser.parse(lineNumber(i), line(i));
        if (result instanceof LineResult.Accepted accepted) {
            return accepted.event();
        }
        throw new IllegalStateException(
                "line " + lineNumber(i) + " parsed differently the second time: " + result);
    }

    /** Whether the lines were added in event-time order already. */
    public boolean inEventTimeOrder() {
        return EventTimeSorter.isSorted(times, size);
    }

    /** The indices of the lines in event-time order, ties in file order. */
    public int[] eventTimeOrder() {
        return EventTimeSorter.stableOrder(times, size);
    }

    /** Bytes held for the lines themselves. */
    public long lineBytes() {
        return lineBytes;
    }

    private void check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("line index " + i + " of " + size);
        }
    }
}
