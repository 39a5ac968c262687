package dev.perch.events.files;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a stream line by line as raw bytes (LF or CRLF terminated), so that a rejected line can be
 * kept byte for byte and bytes that are not UTF-8 are a rejected line rather than a fatal error.
 * Not thread-safe; the caller closes the stream.
 */
final class RawLineReader {
    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private byte[] line = new byte[256];
    private int lineLength;

    RawLineReader(InputStream in) {
        this.in = in;
    }

    /** Reads the next line into {@link #bytes()}; false at the end of the stream. */
    boolean next() throws IOException {
        lineLength = 0;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (lineLength > 0 && line[lineLength - 1] == '\r') {
                        lineLength--;
                    }
                    return any;
                }
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            append(start, position - start);
            if (position < limit) {
                position++; // the '\n'
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                return true;
            }
        }
    }

    /** The bytes of the current line, valid up to {@link #length()} until the next call. */
    byte[] bytes() {
        return line;
    }

    /** The length of the current line, without its terminator. */
    int length() {
        return lineLength;
    }

    private void append(int from, int count) {
        if (lineLength + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + count));
        }
        System.arraycopy(buffer, from, line, lineLength, count);
        lineLength += count;
    }
}
