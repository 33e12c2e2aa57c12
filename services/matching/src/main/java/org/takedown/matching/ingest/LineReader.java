package org.takedown.matching.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream at '\n' and tells how many bytes each line took (with its terminator),
 * so the checkpoint can record an exact byte offset. A line over {@link ReleaseIngester#MAX_LINE_BYTES} is
 * read to its end but not kept.
 */
final class LineReader {
    private final InputStream in;
    private final byte[] chunk = new byte[1 << 16];
    private int position;
    private int limit;
    private byte[] line = new byte[1024];
    private int length;
    private long consumed;
    private boolean truncated;

    LineReader(InputStream in) {
        this.in = in;
    }

    /** The next line without its terminator ("\n" or "\r\n"), or null at the end. */
    byte[] next() throws IOException {
        length = 0;
        consumed = 0;
        truncated = false;
        while (true) {
            if (position == limit) {
                limit = in.read(chunk);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return consumed == 0 ? null : line();
                }
            }
            int newline = position;
            while (newline < limit && chunk[newline] != '\n') {
                newline++;
            }
            append(position, newline - position);
            boolean found = newline < limit;
            consumed += newline - position + (found ? 1 : 0);
            position = found ? newline + 1 : newline;
            if (found) {
                return line();
            }
        }
    }

    private void append(int from, int n) {
        int room = ReleaseIngester.MAX_LINE_BYTES - length;
        if (n > room) {
            truncated = true;
            n = room;
        }
        if (length + n > line.length) {
            line = Arrays.copyOf(line, Math.min(ReleaseIngester.MAX_LINE_BYTES, Math.max(length + n, 2 * line.length)));
        }
        System.arraycopy(chunk, from, line, length, n);
        length += n;
    }

    private byte[] line() {
        int n = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        return Arrays.copyOf(line, n);
    }

    long consumed() {
        return consumed;
    }

    boolean truncated() {
        return truncated;
    }
}
