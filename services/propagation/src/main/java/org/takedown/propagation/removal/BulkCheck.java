package org.takedown.propagation.removal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The lean text path of the check: splits the body's bytes into stripped, non-empty lines without a regex or a
 * String per line (ASCII lines stay offsets into the body; only other lines are decoded), and writes the answer's
 * JSON straight into bytes. Same lines and same JSON as {@code body.split("\r?\n")}, {@code String.strip} and
 * Jackson gave before.
 */
final class BulkCheck {

    static final String PDQ_LINE_PREFIX = "pdq:";

    /** The URL lines of a body (offsets for ASCII, text for other lines) and its {@code pdq:} lines. */
    static final class Lines {
        final byte[] body;
        int count;
        int[] start = new int[64];
        int[] end = new int[64];
        /** Decoded and stripped, for lines that are not plain ASCII; null for ASCII lines. */
        String[] text = new String[64];
        final List<String> pdq = new ArrayList<>();
        /**
         * Only for {@link #everyLine}: each line exactly as sent (offsets, or text when not plain ASCII), to echo it back;
         * {@code start}/{@code end}/{@code text} then hold the stripped line that is looked up.
         */
        int[] rawStart;
        int[] rawEnd;
        String[] rawText;

        Lines(byte[] body) {
            this.body = body;
        }

        int size() {
            return count;
        }

        boolean ascii(int i) {
            return text[i] == null;
        }

        /** Line {@code i} as a String. */
        String line(int i) {
            return text[i] != null ? text[i] : new String(body, start[i], end[i] - start[i], StandardCharsets.ISO_8859_1);
        }

        List<String> all() {
            List<String> lines = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                lines.add(line(i));
            }
            return lines;
        }

        private void add(int s, int e, String decoded) {
            if (count == start.length) {
                int n = count * 2;
                start = Arrays.copyOf(start, n);
                end = Arrays.copyOf(end, n);
                text = Arrays.copyOf(text, n);
            }
            start[count] = s;
            end[count] = e;
            text[count] = decoded;
            count++;
        }

        private void addRaw(int s, int e, String decoded) {
            if (count == rawStart.length) {
                int n = count * 2;
                rawStart = Arrays.copyOf(rawStart, n);
                rawEnd = Arrays.copyOf(rawEnd, n);
                rawText = Arrays.copyOf(rawText, n);
            }
            rawStart[count] = s;
            rawEnd[count] = e;
            rawText[count] = decoded;
        }
    }

    private BulkCheck() {
    }

    static Lines split(byte[] body) {
        Lines lines = new Lines(body == null ? new byte[0] : body);
        byte[] b = lines.body;
        int p = 0;
        while (p < b.length) {
            int e = p;
            boolean ascii = true;
            while (e < b.length && b[e] != '\n') {
                ascii &= b[e] >= 0;
                e++;
            }
            int next = e + 1;
            if (ascii) {
                int s = p;
                while (s < e && whitespace(b[s])) {
                    s++;
                }
                while (e > s && whitespace(b[e - 1])) {
                    e--;
                }
                if (s < e) {
                    if (pdq(b, s, e)) {
                        lines.pdq.add(new String(b, s + 4, e - s - 4, StandardCharsets.ISO_8859_1).strip());
                    } else {
                        lines.add(s, e, null);
                    }
                }
            } else {
                String line = new String(b, p, e - p, StandardCharsets.UTF_8).strip();
                if (!line.isEmpty()) {
                    if (line.regionMatches(true, 0, PDQ_LINE_PREFIX, 0, PDQ_LINE_PREFIX.length())) {
                        lines.pdq.add(line.substring(PDQ_LINE_PREFIX.length()).strip());
                    } else {
                        lines.add(0, 0, line);
                    }
                }
            }
            p = next;
        }
        return lines;
    }

    /**
     * How many lines {@link #everyLine} makes of this body: the line breaks plus one, none for an empty body. Counted
     * before splitting, so an oversized body is refused without building anything.
     */
    static int lineCount(byte[] body) {
        if (body == null || body.length == 0) {
            return 0;
        }
        int lines = 1;
        for (byte b : body) {
            lines += b == '\n' ? 1 : 0;
        }
        return lines;
    }

    /**
     * Every line of the body in order, blank ones included, as Python's {@code body.split("\n")} gives them (a
     * trailing line break makes a last, empty line); an empty body has none. For callers that answer by position
     * and echo each line exactly as sent (the Spawning-compatible check): {@code pdq:} lines are not special here,
     * and a line that is not valid UTF-8 is read as ISO-8859-1 (python-requests sends a text body in that charset).
     * The stripped line is what the check looks up, exactly as in {@link #split}.
     */
    static Lines everyLine(byte[] body) {
        Lines lines = new Lines(body == null ? new byte[0] : body);
        byte[] b = lines.body;
        if (b.length == 0) {
            return lines;
        }
        lines.rawStart = new int[64];
        lines.rawEnd = new int[64];
        lines.rawText = new String[64];
        int p = 0;
        while (true) {
            int e = p;
            boolean ascii = true;
            while (e < b.length && b[e] != '\n') {
                ascii &= b[e] >= 0;
                e++;
            }
            if (ascii) {
                int s = p;
                int t = e;
                while (s < t && whitespace(b[s])) {
                    s++;
                }
                while (t > s && whitespace(b[t - 1])) {
                    t--;
                }
                lines.addRaw(p, e, null);
                lines.add(s, t, null);
            } else {
                String raw = decode(b, p, e);
                lines.addRaw(0, 0, raw);
                lines.add(0, 0, raw.strip());
            }
            if (e == b.length) {
                return lines;
            }
            p = e + 1;
        }
    }

    private static String decode(byte[] b, int s, int e) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, s, e - s)).toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(b, s, e - s, StandardCharsets.ISO_8859_1);
        }
    }

    /** What {@link Character#isWhitespace} says of an ASCII character (so also what {@link String#strip} strips). */
    private static boolean whitespace(byte c) {
        return c == ' ' || c >= 0x09 && c <= 0x0D || c >= 0x1C && c <= 0x1F;
    }

    private static boolean pdq(byte[] b, int s, int e) {
        return e - s >= 4 && (b[s] | 0x20) == 'p' && (b[s + 1] | 0x20) == 'd' && (b[s + 2] | 0x20) == 'q' && b[s + 3] == ':';
    }

    /** {@code {"checked":…,"removed":…,"urls":[{"url":…,"removed":…},…]}} plus {@code "pdq":[…]} when hashes were checked. */
    static byte[] write(Lines lines, boolean[] removed, List<RemovalResource.CheckedPdq> pdq) {
        int count = 0;
        for (int i = 0; i < lines.size(); i++) {
            count += removed[i] ? 1 : 0;
        }
        if (pdq != null) {
            for (RemovalResource.CheckedPdq p : pdq) {
                count += p.removed() ? 1 : 0;
            }
        }
        int checked = lines.size() + (pdq == null ? 0 : pdq.size());
        Out out = new Out(lines.body.length + lines.size() * 24 + 64);
        out.ascii("{\"checked\":").ascii(Integer.toString(checked)).ascii(",\"removed\":").ascii(Integer.toString(count))
                .ascii(",\"urls\":[");
        for (int i = 0; i < lines.size(); i++) {
            out.ascii(i == 0 ? "{\"url\":\"" : ",{\"url\":\"");
            if (lines.ascii(i)) {
                out.escapedAscii(lines.body, lines.start[i], lines.end[i]);
            } else {
                byte[] utf8 = lines.text[i].getBytes(StandardCharsets.UTF_8);
                out.escapedAscii(utf8, 0, utf8.length); // bytes >= 0x80 are copied as they are: UTF-8 stays UTF-8
            }
            out.ascii(removed[i] ? "\",\"removed\":true}" : "\",\"removed\":false}");
        }
        out.ascii("]");
        if (pdq != null) {
            out.ascii(",\"pdq\":[");
            for (int i = 0; i < pdq.size(); i++) {
                RemovalResource.CheckedPdq p = pdq.get(i);
                out.ascii(i == 0 ? "{\"pdq\":\"" : ",{\"pdq\":\"").ascii(p.pdq()).ascii("\",\"removed\":")
                        .ascii(Boolean.toString(p.removed()));
                if (p.distance() != null) {
                    out.ascii(",\"distance\":").ascii(Integer.toString(p.distance()));
                }
                out.ascii("}");
            }
            out.ascii("]");
        }
        out.ascii("}");
        return out.bytes();
    }

    /**
     * The Spawning API's answer, {@code {"urls":[{"url":…,"optOut":…},…]}}: one entry per line of {@link #everyLine},
     * in order, each line echoed exactly as it came.
     */
    static byte[] writeOptOuts(Lines lines, boolean[] removed) {
        Out out = new Out(lines.body.length + lines.size() * 30 + 16);
        out.ascii("{\"urls\":[");
        for (int i = 0; i < lines.size(); i++) {
            out.ascii(i == 0 ? "{\"url\":\"" : ",{\"url\":\"");
            if (lines.rawText[i] == null) {
                out.escapedAscii(lines.body, lines.rawStart[i], lines.rawEnd[i]);
            } else {
                byte[] utf8 = lines.rawText[i].getBytes(StandardCharsets.UTF_8);
                out.escapedAscii(utf8, 0, utf8.length);
            }
            out.ascii(removed[i] ? "\",\"optOut\":true}" : "\",\"optOut\":false}");
        }
        out.ascii("]}");
        return out.bytes();
    }

    /** A growing byte buffer. */
    private static final class Out {
        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        private byte[] buf;
        private int size;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        Out ascii(String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                buf[size++] = (byte) s.charAt(i);
            }
            return this;
        }

        /** JSON string content: quote, backslash and control characters escaped, everything else copied. */
        Out escapedAscii(byte[] b, int s, int e) {
            ensure(e - s);
            for (int i = s; i < e; i++) {
                byte c = b[i];
                if (c == '"' || c == '\\') {
                    ensure(e - i + 1);
                    buf[size++] = '\\';
                    buf[size++] = c;
                } else if (c >= 0 && c < 0x20) {
                    ensure(e - i + 5);
                    buf[size++] = '\\';
                    buf[size++] = 'u';
                    buf[size++] = '0';
                    buf[size++] = '0';
                    buf[size++] = HEX[c >> 4];
                    buf[size++] = HEX[c & 0xF];
                } else {
                    buf[size++] = c;
                }
            }
            return this;
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, size);
        }
    }
}
